package main

import (
	"bytes"
	"context"
	"errors"
	"image"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mirror/engine/train"
	"mirror/tools/train/runner"
)

func TestParseArgs(t *testing.T) {
	s, err := parseArgs([]string{"-data", "mazes", "-preset", "post", "-steps", "7", "-seed", "2", "-out", "d", "-parallel", "4", "-critic", "3"})
	if err != nil {
		t.Fatal(err)
	}
	if c := s.run.Config; c.Data != "mazes" || c.Preset != "post" || c.Seed != 2 || c.Critic != 3 || c.Algo != "" ||
		s.run.Steps != 7 || s.run.Out != "d" || s.parallel != 4 {
		t.Errorf("parsed %+v", s)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-algo", "gan", "-out", "d"}, "flag provided but not defined: -algo"},
		{[]string{"-parallel", "0", "-out", "d"}, "parallel 0: want 1..4"},
		{[]string{"-hidden", "0.5", "-out", "d"}, `hidden "0.5": want a whole number in 1..4096`},
		{[]string{"-steps", "3"}, "no output directory"},
	} {
		var out, errs bytes.Buffer
		if code := run(context.Background(), tc.args, &out, &errs); code != 2 || !strings.Contains(errs.String(), tc.want) {
			t.Errorf("%q: exit %d, stderr %q, want 2 and %q", tc.args, code, errs.String(), tc.want)
		}
	}
}

// exampleOutcomes are four finished runs, one stopped, with MNIST metrics.
func exampleOutcomes(dir string) []Outcome {
	var outs []Outcome
	for i, algo := range Algorithms {
		o := Outcome{Algo: algo, Dir: filepath.Join(dir, algo), Result: runner.Result{
			Steps: 100, StepsPerSec: 12.5,
			Last:    map[string]float64{"loss_d": 1.25, "loss_g": 0.5},
			Metrics: map[string]float64{"digits_covered": float64(10 - i), "frechet": 123.456, "share_1": 0.9, "share_7": 0.1},
		}}
		if algo == "wgan" {
			o.Result.Steps, o.Err = 42, errors.New("training stopped at step 43: critic loss is NaN")
		}
		outs = append(outs, o)
	}
	return outs
}

func TestMarkdown(t *testing.T) {
	md := Markdown(train.Config{Data: "mnist", Seed: 3}, exampleOutcomes(""))
	for _, want := range []string{
		"# GAN, WGAN and instance noise on mnist",
		"![samples of the four variants](comparison.png)",
		"| algorithm | steps | steps/s | loss D | loss G | digits covered | Fréchet distance | top digit | status |",
		"| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
		"| gan | 100 | 12.5 | 1.25 | 0.5 | 10 | 123 | 1 (90%) | done |",
		"| wgan | 42 | 12.5 | 1.25 | 0.5 | 8 | 123 | 1 (90%) | training stopped at step 43: critic loss is NaN |",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
}

func TestFigure(t *testing.T) {
	dir := t.TempDir()
	outs := exampleOutcomes(dir)
	for i, o := range outs {
		if err := os.MkdirAll(o.Dir, 0o755); err != nil {
			t.Fatal(err)
		}
		grid := runner.Grid(make([]float32, 4*16), 4, 4, 2, 2)
		write := func(name string) {
			f, err := os.Create(filepath.Join(o.Dir, name))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if err := runner.WritePNG(f, grid); err != nil {
				t.Fatal(err)
			}
		}
		write(runner.SamplesPNG)
		if i == 0 {
			write(runner.RealPNG)
		}
	}
	img, err := Figure(outs)
	if err != nil {
		t.Fatal(err)
	}
	// Five panels (real and four algorithms) of grids 2·(2·5)+2 = 22 wide,
	// each at least as wide as its label, with 12 pixels between and around.
	if w := img.Bounds().Dx(); w < 12+5*(22+12) {
		t.Errorf("figure is %d wide, too narrow for five panels", w)
	}
	if _, ok := img.(*image.Gray); !ok {
		t.Errorf("figure is a %T, want grayscale", img)
	}
	os.Remove(filepath.Join(outs[2].Dir, runner.SamplesPNG))
	if _, err := Figure(outs); err == nil || !strings.Contains(err.Error(), "wgan") {
		t.Errorf("a missing grid: error %v, want one naming wgan", err)
	}
}

// The whole command on tiny networks for a few steps.
func TestRunCommand(t *testing.T) {
	out := t.TempDir()
	args := []string{"-data", "mnist", "-steps", "3", "-every", "0", "-seed", "5", "-out", out,
		"-hidden", "8", "-noise", "2", "-batch", "4", "-critic", "2", "-samples", "16", "-parallel", "2", "-quiet"}
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), args, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d:\n%s", code, stderr.String())
	}
	for _, name := range []string{ComparisonPNG, ComparisonMD, "gan/samples.png", "wgan-noise/metrics.json"} {
		if _, err := os.Stat(filepath.Join(out, name)); err != nil {
			t.Error(err)
		}
	}
	md, _ := os.ReadFile(filepath.Join(out, ComparisonMD))
	for _, algo := range Algorithms {
		if !strings.Contains(string(md), "| "+algo+" | 3 |") {
			t.Errorf("comparison.md has no row for %s after 3 steps:\n%s", algo, md)
		}
	}
}
