package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"

	"mirror/engine/train"
	"mirror/tools/train/configflag"
	"mirror/tools/train/runner"
)

// Algorithms are the post's four variants, in its order.
var Algorithms = []string{"gan", "gan-noise", "wgan", "wgan-noise"}

// Files written into the output directory besides one directory per algorithm.
const (
	ComparisonPNG = "comparison.png"
	ComparisonMD  = "comparison.md"
)

const usage = "usage: reproduce -data mnist|mazes -preset quick|post -steps N -seed S -out DIR [-parallel P] [flags]"

// settings are the command's options besides the per-run ones.
type settings struct {
	run      runner.Options // Config.Algo is set per variant
	parallel int
	quiet    bool
}

func newFlagSet(s *settings) *flag.FlagSet {
	fs := flag.NewFlagSet("reproduce", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	configflag.Register(fs, &s.run.Config, "algo")
	fs.Int64Var(&s.run.Steps, "steps", 1000, "generator steps of each variant")
	fs.Int64Var(&s.run.Every, "every", 500, "snapshot every this many steps (0: only at the end)")
	fs.Int64Var(&s.run.LogEvery, "log-every", 10, "one metrics.csv row, averaged, per this many steps")
	fs.StringVar(&s.run.Out, "out", "", "output directory: one directory per algorithm, the figure and the table")
	fs.IntVar(&s.run.FinalSamples, "samples", 1000, "fixed-noise samples measured and written to samples.idx")
	fs.IntVar(&s.parallel, "parallel", runtime.NumCPU(), "variants trained at the same time")
	fs.BoolVar(&s.quiet, "quiet", false, "no progress bar")
	return fs
}

func parseArgs(args []string) (settings, error) {
	var s settings
	fs := newFlagSet(&s)
	if err := fs.Parse(args); err != nil {
		return s, err
	}
	switch {
	case fs.NArg() > 0:
		return s, fmt.Errorf("unexpected argument %q: every setting is a -flag", fs.Arg(0))
	case s.run.Out == "":
		return s, errors.New("no output directory: want -out DIR")
	case s.parallel < 1 || s.parallel > len(Algorithms):
		return s, fmt.Errorf("parallel %d: want 1..%d", s.parallel, len(Algorithms))
	}
	for _, algo := range Algorithms {
		cfg := s.run.Config
		cfg.Algo = algo
		if err := cfg.Resolved().Validate(); err != nil {
			return s, err
		}
	}
	return s, nil
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	s, err := parseArgs(args)
	if errors.Is(err, flag.ErrHelp) {
		var h settings
		fs := newFlagSet(&h)
		fs.SetOutput(stdout)
		fmt.Fprintln(stdout, usage)
		fs.PrintDefaults()
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "reproduce: %v\n%s\nRun reproduce -h for every flag.\n", err, usage)
		return 2
	}
	var onStep func(algo string, p runner.Progress)
	if !s.quiet {
		bar := newBar(s.run.Steps, stderr)
		defer bar.finish()
		onStep = bar.update
	}
	outcomes := trainAll(ctx, s, onStep)
	code := 0
	for _, o := range outcomes {
		if o.Err != nil {
			fmt.Fprintf(stderr, "\nreproduce: %s: %v\n", o.Algo, o.Err)
			code = 1
		}
	}
	if err := writeComparison(s.run.Out, s.run.Config, outcomes); err != nil {
		fmt.Fprintf(stderr, "reproduce: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "\nwrote %s and %s\n\n", filepath.Join(s.run.Out, ComparisonPNG), filepath.Join(s.run.Out, ComparisonMD))
	fmt.Fprint(stdout, Table(outcomes))
	if ctx.Err() != nil {
		return 130
	}
	return code
}

// Outcome is one variant's run.
type Outcome struct {
	Algo   string
	Dir    string
	Result runner.Result
	Err    error // why it stopped early or failed, nil when it finished
}

// trainAll trains the four variants, parallel at a time, and returns their
// outcomes in Algorithms order.
func trainAll(ctx context.Context, s settings, onStep func(string, runner.Progress)) []Outcome {
	outcomes := make([]Outcome, len(Algorithms))
	slots := make(chan struct{}, s.parallel)
	var wg sync.WaitGroup
	for i, algo := range Algorithms {
		opts := s.run
		opts.Config.Algo = algo
		opts.Out = filepath.Join(s.run.Out, algo)
		if onStep != nil {
			opts.OnStep = func(p runner.Progress) { onStep(algo, p) }
		}
		slots <- struct{}{} // start the variants in the post's order
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-slots }()
			res, err := runner.Run(ctx, opts)
			outcomes[i] = Outcome{Algo: algo, Dir: opts.Out, Result: res, Err: err}
		}()
	}
	wg.Wait()
	return outcomes
}

// bar is one progress bar over the four variants' steps, described by each
// variant's latest step.
type bar struct {
	mu        sync.Mutex
	pb        *progressbar.ProgressBar
	done      map[string]int64
	speed     map[string]float64
	described time.Time
}

func newBar(steps int64, w io.Writer) *bar {
	return &bar{
		pb: progressbar.NewOptions64(steps*int64(len(Algorithms)),
			progressbar.OptionSetWriter(w),
			progressbar.OptionSetWidth(25),
			progressbar.OptionShowCount(),
			progressbar.OptionThrottle(200*time.Millisecond),
			progressbar.OptionSetRenderBlankState(true)),
		done:  map[string]int64{},
		speed: map[string]float64{},
	}
}

func (b *bar) update(algo string, p runner.Progress) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.done[algo], b.speed[algo] = p.Stats.Step, p.StepsPerSec
	var total int64
	for _, n := range b.done {
		total += n
	}
	if now := time.Now(); now.Sub(b.described) >= 250*time.Millisecond {
		b.described = now
		var text string
		for _, a := range Algorithms {
			if n, ok := b.done[a]; ok {
				text += fmt.Sprintf("%s %d (%.0f/s)  ", a, n, b.speed[a])
			}
		}
		b.pb.Describe(text)
	}
	_ = b.pb.Set64(total)
}

func (b *bar) finish() {
	b.mu.Lock()
	defer b.mu.Unlock()
	_ = b.pb.Exit()
}

// writeComparison writes the figure and the table of the outcomes.
func writeComparison(dir string, cfg train.Config, outcomes []Outcome) error {
	img, err := Figure(outcomes)
	if err != nil {
		return err
	}
	f, err := os.Create(filepath.Join(dir, ComparisonPNG))
	if err != nil {
		return err
	}
	if err := runner.WritePNG(f, img); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, ComparisonMD), []byte(Markdown(cfg, outcomes)), 0o644)
}
