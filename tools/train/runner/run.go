// Package runner trains one Mirror run from the command line and writes
// what it shows into a directory: sample grids, the metrics history as CSV
// and a plot, a checkpoint, the final samples as IDX and the final metrics
// as JSON. tools/train is a flag-parsing shell over Run; tools/reproduce runs
// the four algorithms side by side with it.
//
// It leaves out: the progress display (the caller's, through OnStep) and
// flag parsing (see configflag).
package runner

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"time"

	"mirror/engine/data"
	"mirror/engine/rng"
	"mirror/engine/train"
)

// Files written into Options.Out.
const (
	SamplesPNG    = "samples.png"       // 8×8 grid of the fixed-noise samples, updated every snapshot
	SnapshotDir   = "snapshots"         // samples-<step>.png, one per snapshot
	RealPNG       = "real.png"          // 8×8 grid of training images, for comparison
	MetricsCSV    = "metrics.csv"       // Log rows
	LossesPNG     = "losses.png"        // Log plotted
	CheckpointBin = "checkpoint.mirror" // train.Save
	SamplesIDX    = "samples.idx"       // the final FinalSamples fixed-noise samples, IDX3 unsigned bytes
	MetricsJSON   = "metrics.json"      // Result
)

// Options are a run's settings besides the training configuration's.
type Options struct {
	Config train.Config // the training settings; with Resume, see Set
	// Set names the fields of Config given explicitly. A resumed run takes
	// its configuration from the checkpoint and applies these on top, which
	// works for the live settings only (train.Field.Live).
	Set          []string
	Steps        int64  // train until this many generator steps are done, resumed ones included
	Every        int64  // write a snapshot every Every steps; 0: only at the end
	LogEvery     int64  // one metrics.csv row per LogEvery steps (≥ 1)
	Out          string // the output directory, created if missing
	Resume       string // a checkpoint to continue from; "" starts afresh
	FinalSamples int    // images in samples.idx (≥ 1)
	// OnStep, if set, is called after every step, for progress displays.
	OnStep func(Progress)
}

// Progress is what OnStep is told after each step.
type Progress struct {
	Stats       train.Stats // the step's figures; Stats.Step is the steps done
	Total       int64       // Options.Steps
	StepsPerSec float64     // over this session's steps
}

// Result is the summary written as metrics.json.
type Result struct {
	Data         string             `json:"data"`
	Algo         string             `json:"algo"`
	Config       string             `json:"config"` // every setting, as the playground's URL query
	Steps        int64              `json:"steps"`
	WallSeconds  float64            `json:"wall_seconds"`  // the whole run's, resumed sessions included
	StepsPerSec  float64            `json:"steps_per_sec"` // this session's steps over its time in Step
	GFLOPPerStep float64            `json:"gflop_per_step"`
	Last         map[string]float64 `json:"last"`    // the figures of the last step, by metrics.csv column
	Metrics      map[string]float64 `json:"metrics"` // sample metrics of the final samples, by metrics.csv column
	MetricNames  []string           `json:"-"`       // Metrics' names in column order
	Stopped      string             `json:"stopped,omitempty"`
}

// Run trains until opts.Steps, ctx is cancelled or training fails, writing
// snapshots on the way and every output at the end. It returns the summary
// and, when training stopped early, why: a non-finite loss (the trainer's
// message) or ctx's error. The outputs are written in every case.
func Run(ctx context.Context, opts Options) (Result, error) {
	if err := opts.check(); err != nil {
		return Result{}, err
	}
	if err := os.MkdirAll(filepath.Join(opts.Out, SnapshotDir), 0o755); err != nil {
		return Result{}, err
	}
	t, err := start(opts)
	if err != nil {
		return Result{}, err
	}
	eval, err := evaluatorFor(t.Config())
	if err != nil {
		return Result{}, err
	}
	r := &run{opts: opts, t: t, cfg: t.Config(), eval: eval}
	r.log.EvalNames = r.eval.names()
	if opts.Resume != "" {
		r.resumeLog()
	} else if err := r.writeReal(); err != nil {
		return Result{}, err
	}
	return r.loop(ctx)
}

func (o Options) check() error {
	switch {
	case o.Steps < 0:
		return fmt.Errorf("steps %d: want ≥ 0", o.Steps)
	case o.Every < 0:
		return fmt.Errorf("every %d: want ≥ 0 (0: only at the end)", o.Every)
	case o.LogEvery < 1:
		return fmt.Errorf("log-every %d: want ≥ 1", o.LogEvery)
	case o.FinalSamples < 1 || o.FinalSamples > 1_000_000:
		return fmt.Errorf("final samples %d: want 1..1000000", o.FinalSamples)
	case o.Out == "":
		return errors.New("no output directory: want -out DIR")
	}
	return nil
}

// start builds the trainer, or loads it and applies the explicit settings.
func start(opts Options) (*train.Trainer, error) {
	if opts.Resume == "" {
		return train.New(opts.Config)
	}
	f, err := os.Open(opts.Resume)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	t, err := train.Load(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", opts.Resume, err)
	}
	cfg := t.Config()
	for _, name := range opts.Set {
		field, _ := train.FieldByName(name)
		if err := field.Set(&cfg, field.Get(&opts.Config)); err != nil {
			return nil, err
		}
	}
	cfg = cfg.Resolved()
	for _, name := range opts.Set {
		field, _ := train.FieldByName(name)
		if old := t.Config(); !field.Live && field.Get(&cfg) != field.Get(&old) {
			return nil, fmt.Errorf("-%s %s: the checkpoint was trained with %s, and only live settings can change on resume",
				name, field.Get(&cfg), field.Get(&old))
		}
	}
	if _, err := t.Apply(cfg); err != nil {
		return nil, err
	}
	return t, nil
}

// run is the state of one Run.
type run struct {
	opts Options
	t    *train.Trainer
	cfg  train.Config
	eval evaluator
	log  Log

	acc         accumulator
	last        train.Stats
	baseSeconds float64 // wall time of earlier sessions
	began       time.Time
	stepTime    time.Duration // this session's time inside Step
	steps       int64         // this session's steps
}

func (r *run) loop(ctx context.Context) (Result, error) {
	r.began = time.Now()
	var stopped error
	for r.t.Steps() < r.opts.Steps {
		if err := ctx.Err(); err != nil {
			stopped = fmt.Errorf("interrupted at step %d: %w", r.t.Steps(), err)
			break
		}
		t0 := time.Now()
		st, err := r.t.Step()
		r.stepTime += time.Since(t0)
		if err != nil {
			stopped = err
			break
		}
		r.steps++
		r.last = st
		r.acc.add(st)
		if r.opts.OnStep != nil {
			r.opts.OnStep(Progress{Stats: st, Total: r.opts.Steps, StepsPerSec: r.stepsPerSec()})
		}
		snapshot := r.opts.Every > 0 && st.Step%r.opts.Every == 0 && st.Step < r.opts.Steps
		if st.Step%r.opts.LogEvery == 0 || snapshot {
			r.addRow()
		}
		if snapshot {
			if err := r.snapshot(); err != nil {
				return Result{}, err
			}
		}
	}
	if r.acc.n > 0 {
		r.addRow()
	}
	if err := r.snapshot(); err != nil {
		return Result{}, err
	}
	res, err := r.final(stopped)
	if err != nil {
		return res, err
	}
	return res, stopped
}

func (r *run) stepsPerSec() float64 {
	if r.stepTime <= 0 {
		return 0
	}
	return float64(r.steps) / r.stepTime.Seconds()
}

func (r *run) addRow() {
	eval := make([]float64, len(r.log.EvalNames))
	for i := range eval {
		eval[i] = math.NaN()
	}
	r.log.Rows = append(r.log.Rows, Row{
		Step:    r.t.Steps(),
		Seconds: r.baseSeconds + time.Since(r.began).Seconds(),
		Stats:   r.acc.mean(),
		Eval:    eval,
	})
}

// snapshot measures the fixed-noise samples into the last row and writes the
// sample grids, the history, its plot and the checkpoint.
func (r *run) snapshot() error {
	side := r.t.Side()
	grid := make([]float32, train.SampleCount*side*side)
	r.t.Samples(grid)
	img := Grid(grid, train.SampleCount, side, 8, 2)
	name := fmt.Sprintf("samples-%07d.png", r.t.Steps())
	if err := r.write(filepath.Join(SnapshotDir, name), func(w io.Writer) error { return WritePNG(w, img) }); err != nil {
		return err
	}
	if err := r.write(SamplesPNG, func(w io.Writer) error { return WritePNG(w, img) }); err != nil {
		return err
	}
	if n := len(r.log.Rows); n > 0 && r.log.Rows[n-1].Step == r.t.Steps() && len(r.log.EvalNames) > 0 {
		samples := FixedSamples(r.t, r.opts.FinalSamples)
		copy(r.log.Rows[n-1].Eval, r.eval.measure(samples, r.opts.FinalSamples, side))
	}
	if err := r.write(MetricsCSV, r.log.WriteCSV); err != nil {
		return err
	}
	title := r.cfg.Algo + " on " + r.cfg.Data
	if err := r.write(LossesPNG, func(w io.Writer) error { return r.log.PlotPNG(w, title, r.cfg.IsWasserstein()) }); err != nil {
		return err
	}
	return r.write(CheckpointBin, r.t.Save)
}

// final writes samples.idx and metrics.json.
func (r *run) final(stopped error) (Result, error) {
	side := r.t.Side()
	samples := FixedSamples(r.t, r.opts.FinalSamples)
	if err := r.write(SamplesIDX, func(w io.Writer) error { return WriteIDX(w, samples, r.opts.FinalSamples, side) }); err != nil {
		return Result{}, err
	}
	res := Result{
		Data:         r.cfg.Data,
		Algo:         r.cfg.Algo,
		Config:       r.cfg.Encode(),
		Steps:        r.t.Steps(),
		WallSeconds:  r.baseSeconds + time.Since(r.began).Seconds(),
		StepsPerSec:  r.stepsPerSec(),
		GFLOPPerStep: float64(r.t.StepFLOPs()) / 1e9,
		Last:         map[string]float64{},
		Metrics:      map[string]float64{},
	}
	for _, c := range statColumns {
		res.Last[c.name] = finiteOrZero(*c.get(&r.last))
	}
	if n := len(r.log.Rows); n > 0 {
		for i, name := range r.log.EvalNames {
			if v := r.log.Rows[n-1].Eval[i]; !math.IsNaN(v) {
				res.Metrics[name] = finiteOrZero(v)
				res.MetricNames = append(res.MetricNames, name)
			}
		}
	}
	if stopped != nil {
		res.Stopped = stopped.Error()
	}
	err := r.write(MetricsJSON, func(w io.Writer) error {
		e := json.NewEncoder(w)
		e.SetIndent("", "  ")
		e.SetEscapeHTML(false)
		return e.Encode(res)
	})
	return res, err
}

// finiteOrZero replaces the non-finite numbers JSON cannot hold (the
// figures of a diverged step) by zero; Result.Stopped says what happened.
func finiteOrZero(x float64) float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return 0
	}
	return x
}

// resumeLog continues the history of metrics.csv in the output directory up
// to the checkpoint's step, if there is one that matches.
func (r *run) resumeLog() {
	f, err := os.Open(filepath.Join(r.opts.Out, MetricsCSV))
	if err != nil {
		return
	}
	defer f.Close()
	if err := r.log.ReadCSV(f, r.t.Steps()); err != nil {
		r.log.Rows = nil
		return
	}
	if n := len(r.log.Rows); n > 0 {
		r.baseSeconds = r.log.Rows[n-1].Seconds
	}
}

func (r *run) writeReal() error {
	side := r.t.Side()
	real := make([]float32, train.SampleCount*side*side)
	n := train.SampleCount
	r.t.Real(real, n)
	img := Grid(real, n, side, 8, 2)
	return r.write(RealPNG, func(w io.Writer) error { return WritePNG(w, img) })
}

// write writes a file of the output directory through a temporary file and
// a rename, so that an interrupted write never leaves half a checkpoint.
func (r *run) write(name string, fill func(io.Writer) error) error {
	path := filepath.Join(r.opts.Out, name)
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	if err := fill(f); err != nil {
		f.Close()
		os.Remove(tmp)
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return err
	}
	return os.Rename(tmp, path)
}

// FixedSamples draws n images [n × side²] from t's generator, in evaluation
// mode, for a fixed noise stream of the run's seed: the same n noise vectors
// at every call, so that snapshots and the final samples are comparable.
func FixedSamples(t *train.Trainer, n int) []float32 {
	cfg := t.Config()
	side := t.Side()
	gen := t.Generator()
	z := make([]float32, n*cfg.Noise)
	rng.New(data.Mix(cfg.Seed, fixedSamplesStream)).FillNormal(z, 0, 1)
	out := make([]float32, n*side*side)
	for i := 0; i < n; i += train.SampleCount {
		b := min(train.SampleCount, n-i)
		copy(out[i*side*side:], gen.Forward(z[i*cfg.Noise:(i+b)*cfg.Noise], b, false))
	}
	return out
}

// fixedSamplesStream picks FixedSamples' stream out of the seed's.
const fixedSamplesStream = 0x53414d504c4553 // "SAMPLES"
