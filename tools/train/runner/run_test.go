package runner

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mirror/engine/data"
	"mirror/engine/train"
)

// tiny is a configuration that trains in milliseconds.
var tiny = train.Config{Data: "mnist", Algo: "gan-noise", Hidden: 16, Noise: 4, Batch: 8, Seed: 7}

func tinyOptions(out string) Options {
	return Options{Config: tiny, Steps: 6, Every: 3, LogEvery: 2, Out: out, FinalSamples: 70}
}

// A few steps of a run write every output; resuming continues the history.
func TestRunWritesOutputs(t *testing.T) {
	out := t.TempDir()
	var calls int
	opts := tinyOptions(out)
	opts.OnStep = func(p Progress) { calls++ }
	res, err := Run(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	if res.Steps != 6 || calls != 6 || res.StepsPerSec <= 0 || res.GFLOPPerStep <= 0 {
		t.Errorf("result %+v after %d OnStep calls: want 6 steps and positive speeds", res, calls)
	}
	for _, name := range []string{SamplesPNG, RealPNG, LossesPNG, CheckpointBin, SamplesIDX, MetricsJSON, MetricsCSV,
		filepath.Join(SnapshotDir, "samples-0000003.png"), filepath.Join(SnapshotDir, "samples-0000006.png")} {
		if fi, err := os.Stat(filepath.Join(out, name)); err != nil || fi.Size() == 0 {
			t.Errorf("%s: %v", name, err)
		}
	}

	f, err := os.Open(filepath.Join(out, SamplesIDX))
	if err != nil {
		t.Fatal(err)
	}
	dims, _, err := data.ReadIDX(f)
	f.Close()
	if err != nil || len(dims) != 3 || dims[0] != 70 || dims[1] != 28 || dims[2] != 28 {
		t.Errorf("samples.idx dims %v (%v), want [70 28 28]", dims, err)
	}

	var js map[string]any
	raw, _ := os.ReadFile(filepath.Join(out, MetricsJSON))
	if err := json.Unmarshal(raw, &js); err != nil {
		t.Fatalf("metrics.json: %v\n%s", err, raw)
	}
	m, _ := js["metrics"].(map[string]any)
	if cov, ok := m["digits_covered"].(float64); !ok || cov < 1 || cov > 10 {
		t.Errorf("metrics.json digits_covered = %v, want 1..10", m["digits_covered"])
	}
	if js["algo"] != "gan-noise" || js["steps"] != 6.0 {
		t.Errorf("metrics.json algo %v steps %v, want gan-noise and 6", js["algo"], js["steps"])
	}

	csv := readLines(t, filepath.Join(out, MetricsCSV))
	if len(csv) != 1+4 { // steps 2, 3 (snapshot), 4, 6
		t.Fatalf("metrics.csv has %d lines, want a header and 4 rows:\n%s", len(csv), strings.Join(csv, "\n"))
	}
	if !strings.HasPrefix(csv[2], "3,") || strings.HasSuffix(csv[2], ",") || !strings.HasSuffix(csv[1], ",") {
		t.Errorf("want sample metrics at the snapshot rows only:\n%s", strings.Join(csv, "\n"))
	}

	// Resume to step 9 with a live setting changed.
	opts = tinyOptions(out)
	opts.Steps, opts.Resume = 9, filepath.Join(out, CheckpointBin)
	opts.Config.LRD, opts.Set = 1e-3, []string{"lr-d"}
	res, err = Run(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	if res.Steps != 9 || !strings.Contains(res.Config, "lr-d=0.001") {
		t.Errorf("resumed to %d steps with config %s, want 9 and lr-d=0.001", res.Steps, res.Config)
	}
	csv = readLines(t, filepath.Join(out, MetricsCSV))
	if len(csv) != 1+6 || !strings.HasPrefix(csv[5], "8,") || !strings.HasPrefix(csv[6], "9,") {
		t.Errorf("resumed metrics.csv, want the 4 old rows then steps 8 and 9:\n%s", strings.Join(csv, "\n"))
	}

	// A setting that needs new networks cannot change on resume.
	opts.Steps, opts.Config.Hidden, opts.Set = 12, 32, []string{"hidden"}
	if _, err := Run(context.Background(), opts); err == nil || !strings.Contains(err.Error(), "-hidden 32: the checkpoint was trained with 16") {
		t.Errorf("resume with another hidden width: error %v", err)
	}
}

// A run whose loss turns non-finite stops with the trainer's message and
// still writes its outputs.
func TestRunStopsOnNaN(t *testing.T) {
	dir := t.TempDir()
	tr, err := train.New(tiny)
	if err != nil {
		t.Fatal(err)
	}
	tr.Discriminator().Params[0] = float32(math.Inf(1))
	var buf bytes.Buffer
	if err := tr.Save(&buf); err != nil {
		t.Fatal(err)
	}
	poisoned := filepath.Join(dir, "poisoned.mirror")
	if err := os.WriteFile(poisoned, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	opts := tinyOptions(filepath.Join(dir, "out"))
	opts.Resume = poisoned
	res, err := Run(context.Background(), opts)
	if err == nil || !strings.Contains(err.Error(), "training stopped at step 1") {
		t.Fatalf("error %v, want the trainer's stop at step 1", err)
	}
	if res.Stopped != err.Error() {
		t.Errorf("result says stopped %q, want %q", res.Stopped, err)
	}
	raw, err := os.ReadFile(filepath.Join(opts.Out, MetricsJSON))
	if err != nil || !bytes.Contains(raw, []byte(`"stopped": "training stopped at step 1`)) {
		t.Errorf("metrics.json (%v):\n%s", err, raw)
	}
	if _, err := os.Stat(filepath.Join(opts.Out, SamplesIDX)); err != nil {
		t.Error(err)
	}
}

func TestRunInterrupted(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	opts := tinyOptions(t.TempDir())
	opts.OnStep = func(p Progress) {
		if p.Stats.Step == 2 {
			cancel()
		}
	}
	res, err := Run(ctx, opts)
	if err == nil || !strings.Contains(err.Error(), "interrupted at step 2") || res.Steps != 2 {
		t.Errorf("Run cancelled after step 2: %d steps, error %v", res.Steps, err)
	}
}

func TestOptionsCheck(t *testing.T) {
	for _, tc := range []struct {
		change func(*Options)
		want   string
	}{
		{func(o *Options) { o.Steps = -1 }, "steps -1: want ≥ 0"},
		{func(o *Options) { o.LogEvery = 0 }, "log-every 0: want ≥ 1"},
		{func(o *Options) { o.FinalSamples = 0 }, "final samples 0"},
		{func(o *Options) { o.Out = "" }, "no output directory"},
		{func(o *Options) { o.Config.Batch = 1 }, "batch 1: want 2..4096"},
	} {
		opts := tinyOptions(t.TempDir())
		tc.change(&opts)
		if _, err := Run(context.Background(), opts); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("error %v, want %q", err, tc.want)
		}
	}
}

func readLines(t *testing.T, path string) []string {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimSuffix(string(raw), "\n"), "\n")
}

func TestRunMazes(t *testing.T) {
	opts := tinyOptions(t.TempDir())
	opts.Config.Data, opts.Config.MazeSize, opts.Config.MazePool = "mazes", 16, 32
	opts.Steps, opts.Every = 2, 0
	res, err := Run(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	if v, ok := res.Metrics["maze_valid"]; !ok || v < 0 || v > 1 {
		t.Errorf("metrics %v: want maze_valid in 0..1", res.Metrics)
	}
	f, err := os.Open(filepath.Join(opts.Out, SamplesIDX))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if dims, _, err := data.ReadIDX(f); err != nil || dims[1] != 16 || dims[2] != 16 {
		t.Errorf("samples.idx dims %v (%v), want 16×16 images", dims, err)
	}
}
