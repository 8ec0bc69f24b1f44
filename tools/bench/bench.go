package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"runtime"
	"slices"
	"strings"
	"time"

	"mirror/engine/data"
	"mirror/engine/gemm"
	"mirror/engine/rng"
	"mirror/engine/train"
	"mirror/tools/train/configflag"
)

// Result is one measurement; with -json it is printed as one line.
type Result struct {
	Algo          string  `json:"algo"`
	Hidden        int     `json:"hidden"`
	Noise         int     `json:"noise"`
	Batch         int     `json:"batch"`
	Side          int     `json:"side"`
	Critic        int     `json:"critic"` // critic steps per step (WGANs; 1 for GANs)
	FreshBatch    bool    `json:"fresh_batch"`
	Config        string  `json:"config"` // every setting, as the playground's URL query
	WarmupSteps   int64   `json:"warmup_steps"`
	Steps         int64   `json:"steps"`   // timed steps
	Seconds       float64 `json:"seconds"` // their wall time
	StepsPerSec   float64 `json:"steps_per_sec"`
	GFLOPPerStep  float64 `json:"gflop_per_step"`
	GFLOPPerSec   float64 `json:"gflop_per_sec"`
	AllocsPerStep float64 `json:"allocs_per_step"` // heap allocations per timed step (runtime.MemStats.Mallocs)
	BytesPerStep  float64 `json:"bytes_per_step"`  // heap bytes allocated per timed step
	Kernel        string  `json:"kernel"`          // gemm.KernelName()
	GOOS          string  `json:"goos"`
	GOARCH        string  `json:"goarch"`
	GoVersion     string  `json:"go_version"`
}

// dataFields are the settings of the training data, which the benchmark
// replaces by random images: they are neither flags nor part of Result.Config.
var dataFields = []string{"data", "maze", "maze-size", "maze-pool", "maze-fresh"}

// settings are the flags besides the training configuration's.
type settings struct {
	seconds, warmup float64
	side            int
	json            bool
}

func run(args []string, stdout, stderr io.Writer) int {
	cfg, s, err := parseArgs(args)
	if errors.Is(err, flag.ErrHelp) {
		var c train.Config
		var s settings
		fs := newFlagSet(&c, &s)
		fs.SetOutput(stdout)
		fmt.Fprintln(stdout, usage)
		fs.PrintDefaults()
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "bench: %v\n%s\nRun bench -h for every flag.\n", err, usage)
		return 2
	}
	res, err := Measure(cfg, s.side, seconds(s.warmup), seconds(s.seconds))
	if err != nil {
		fmt.Fprintf(stderr, "bench: %v\n", err)
		return 1
	}
	if s.json {
		e := json.NewEncoder(stdout) // one line: Encode adds the newline
		e.SetEscapeHTML(false)
		if err := e.Encode(res); err != nil {
			fmt.Fprintf(stderr, "bench: %v\n", err)
			return 1
		}
		return 0
	}
	fmt.Fprint(stdout, Summary(res))
	return 0
}

const usage = "usage: bench -algo gan|gan-noise|wgan|wgan-noise -hidden H -noise Z -batch B -seconds S [-json] [flags]"

func newFlagSet(cfg *train.Config, s *settings) *flag.FlagSet {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	configflag.Register(fs, cfg, dataFields...)
	fs.Float64Var(&s.seconds, "seconds", 5, "time the steps for this many seconds")
	fs.Float64Var(&s.warmup, "warmup", 0.5, "untimed warm-up seconds first (at least 2 steps)")
	fs.IntVar(&s.side, "side", 28, "side of the random square images in pixels")
	fs.BoolVar(&s.json, "json", false, "print one JSON object on one line")
	return fs
}

func parseArgs(args []string) (train.Config, settings, error) {
	var cfg train.Config
	var s settings
	fs := newFlagSet(&cfg, &s)
	if err := fs.Parse(args); err != nil {
		return cfg, s, err
	}
	switch {
	case fs.NArg() > 0:
		return cfg, s, fmt.Errorf("unexpected argument %q: every setting is a -flag", fs.Arg(0))
	case !(s.seconds > 0 && s.seconds <= 3600):
		return cfg, s, fmt.Errorf("seconds %g: want more than 0, at most 3600", s.seconds)
	case !(s.warmup >= 0 && s.warmup <= 600):
		return cfg, s, fmt.Errorf("warmup %g: want 0..600 seconds", s.warmup)
	case s.side < 2 || s.side > 128:
		return cfg, s, fmt.Errorf("side %d: want 2..128", s.side)
	}
	return cfg, s, cfg.Resolved().Validate()
}

// encode is Config.Encode without the data settings.
func encode(cfg train.Config) string {
	var parts []string
	for _, f := range train.Fields {
		if !slices.Contains(dataFields, f.Name) && (f.Name == "seed" || !f.IsZero(&cfg)) {
			parts = append(parts, f.Name+"="+url.QueryEscape(f.Get(&cfg)))
		}
	}
	return strings.Join(parts, "&")
}

func seconds(s float64) time.Duration { return time.Duration(s * float64(time.Second)) }

// Measure builds a trainer for cfg on random side×side images, runs
// untimed steps for warmup (at least 2: the first steps touch fresh memory
// and fill the optimizers' state), then times steps for duration (at least
// one) and counts the heap allocations they make.
func Measure(cfg train.Config, side int, warmup, duration time.Duration) (Result, error) {
	t, err := train.NewWithData(cfg, &randomImages{side: side, seed: cfg.Seed})
	if err != nil {
		return Result{}, err
	}
	cfg = t.Config()
	var res Result
	for start := time.Now(); res.WarmupSteps < 2 || time.Since(start) < warmup; res.WarmupSteps++ {
		if _, err := t.Step(); err != nil {
			return Result{}, err
		}
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	var elapsed time.Duration
	for res.Steps == 0 || elapsed < duration {
		if _, err := t.Step(); err != nil {
			return Result{}, err
		}
		res.Steps++
		elapsed = time.Since(start)
	}
	runtime.ReadMemStats(&after)

	critic := 1
	if cfg.IsWasserstein() {
		critic = cfg.Critic
	}
	steps := float64(res.Steps)
	res.Algo, res.Hidden, res.Noise, res.Batch, res.Side = cfg.Algo, cfg.Hidden, cfg.Noise, cfg.Batch, side
	res.Critic, res.FreshBatch, res.Config = critic, cfg.FreshBatch && cfg.IsWasserstein(), encode(cfg)
	res.Seconds = elapsed.Seconds()
	res.StepsPerSec = steps / res.Seconds
	res.GFLOPPerStep = float64(t.StepFLOPs()) / 1e9
	res.GFLOPPerSec = res.GFLOPPerStep * res.StepsPerSec
	res.AllocsPerStep = float64(after.Mallocs-before.Mallocs) / steps
	res.BytesPerStep = float64(after.TotalAlloc-before.TotalAlloc) / steps
	res.Kernel = gemm.KernelName()
	res.GOOS, res.GOARCH, res.GoVersion = runtime.GOOS, runtime.GOARCH, runtime.Version()
	return res, nil
}

// Summary is the readable report of a measurement.
func Summary(r Result) string {
	algo := r.Algo
	if r.Critic > 1 {
		algo += fmt.Sprintf(" (%d critic steps", r.Critic)
		if r.FreshBatch {
			algo += ", fresh batches"
		}
		algo += ")"
	}
	return fmt.Sprintf(`%s: hidden %d, noise %d, batch %d, %d×%d random images
  %s/%s, %s, GEMM kernel %s
  %d steps in %.2f s (after %d warm-up steps)
  %.2f steps/s   %.3f GFLOP/step   %.2f GFLOP/s   %.1f allocs/step (%.0f B/step)
`, algo, r.Hidden, r.Noise, r.Batch, r.Side, r.Side,
		r.GOOS, r.GOARCH, r.GoVersion, r.Kernel,
		r.Steps, r.Seconds, r.WarmupSteps,
		r.StepsPerSec, r.GFLOPPerStep, r.GFLOPPerSec, r.AllocsPerStep, r.BytesPerStep)
}

// randomImages is a Dataset of uniform [0,1] noise images: the benchmark
// times the networks, not a dataset. Batch index draws from its own stream,
// so batches are reproducible and filling one allocates nothing.
type randomImages struct {
	side int
	seed uint64
	r    rng.RNG
}

func (d *randomImages) Name() string { return "random" }
func (d *randomImages) Side() int    { return d.side }

func (d *randomImages) Batch(images []float32, labels []int, batch int, index int64) {
	data.CheckBatch("random", d.side, images, labels, batch, index)
	d.r.Seed(data.Mix(d.seed, uint64(index)))
	d.r.FillUniform(images[:batch*d.side*d.side], 0, 1)
	for i := range labels[:min(len(labels), batch)] {
		labels[i] = -1
	}
}
