package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/schollz/progressbar/v3"

	"mirror/engine/train"
	"mirror/tools/train/configflag"
	"mirror/tools/train/runner"
)

// Exit codes.
const (
	exitOK      = 0
	exitFailed  = 1   // training stopped (a non-finite loss) or an output could not be written
	exitUsage   = 2   // bad flags
	exitStopped = 130 // interrupted (Ctrl-C), as a shell reports SIGINT
)

const usageSummary = `usage: train -data mnist|mazes -algo gan|gan-noise|wgan|wgan-noise -preset quick|post -steps N -seed S -out DIR [flags]
       train -resume DIR/checkpoint.mirror -steps N -out DIR [live settings such as -lr-d]`

// run is the command without the process: it parses args, trains and
// returns the exit code, writing the progress bar and messages to stderr.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	opts, quiet, err := parseArgs(args)
	if errors.Is(err, flag.ErrHelp) {
		printUsage(stdout)
		return exitOK
	}
	if err != nil {
		fmt.Fprintf(stderr, "train: %v\n%s\nRun train -h for every flag.\n", err, usageSummary)
		return exitUsage
	}
	if !quiet {
		bar := newBar(opts.Steps, stderr)
		opts.OnStep = bar.update
		defer bar.finish()
	}
	res, err := runner.Run(ctx, opts)
	if err != nil {
		fmt.Fprintf(stderr, "\ntrain: %v\n", err)
		if res.Steps > 0 {
			fmt.Fprintf(stderr, "train: wrote what there was at step %d into %s\n", res.Steps, opts.Out)
		}
		if ctx.Err() != nil {
			return exitStopped
		}
		return exitFailed
	}
	fmt.Fprintf(stdout, "\n%s on %s: %d steps, %.1f steps/s, %.0f s; wrote %s\n",
		res.Algo, res.Data, res.Steps, res.StepsPerSec, res.WallSeconds, opts.Out)
	for _, name := range res.MetricNames {
		fmt.Fprintf(stdout, "  %-20s %.4g\n", name, res.Metrics[name])
	}
	return exitOK
}

// newFlagSet defines the tool's flags into opts: one per row of
// train.Fields, then the run's own.
func newFlagSet(opts *runner.Options, quiet *bool) *flag.FlagSet {
	fs := flag.NewFlagSet("train", flag.ContinueOnError)
	fs.SetOutput(io.Discard) // run prints errors; -h prints printUsage
	configflag.Register(fs, &opts.Config)
	fs.Int64Var(&opts.Steps, "steps", 1000, "train until this many generator steps are done (a resumed run continues to it)")
	fs.Int64Var(&opts.Every, "every", 500, "write samples, metrics, plot and checkpoint every this many steps (0: only at the end)")
	fs.Int64Var(&opts.LogEvery, "log-every", 10, "one metrics.csv row, averaged, per this many steps")
	fs.StringVar(&opts.Out, "out", "", "output directory (created if missing)")
	fs.StringVar(&opts.Resume, "resume", "", "continue from this checkpoint (its settings are kept; live ones may be overridden)")
	fs.IntVar(&opts.FinalSamples, "samples", 1000, "fixed-noise samples written to samples.idx and measured at each snapshot")
	fs.BoolVar(quiet, "quiet", false, "no progress bar")
	return fs
}

// parseArgs turns the command line into runner options.
func parseArgs(args []string) (opts runner.Options, quiet bool, err error) {
	fs := newFlagSet(&opts, &quiet)
	if err := fs.Parse(args); err != nil {
		return opts, quiet, err
	}
	if fs.NArg() > 0 {
		return opts, quiet, fmt.Errorf("unexpected argument %q: every setting is a -flag", fs.Arg(0))
	}
	fs.Visit(func(f *flag.Flag) {
		if _, ok := train.FieldByName(f.Name); ok {
			opts.Set = append(opts.Set, f.Name)
		}
	})
	if opts.Out == "" {
		return opts, quiet, errors.New("no output directory: want -out DIR")
	}
	if opts.Resume == "" {
		// Check the whole configuration now, for a message before any work.
		if err := opts.Config.Resolved().Validate(); err != nil {
			return opts, quiet, err
		}
	}
	return opts, quiet, nil
}

func printUsage(w io.Writer) {
	var opts runner.Options
	var quiet bool
	fs := newFlagSet(&opts, &quiet)
	fs.SetOutput(w)
	fmt.Fprintln(w, usageSummary)
	fmt.Fprintln(w, "\nflags:")
	fs.PrintDefaults()
}

// bar is the progress bar: steps, steps/s and the latest losses.
type bar struct {
	pb        *progressbar.ProgressBar
	described time.Time
}

func newBar(total int64, w io.Writer) *bar {
	return &bar{pb: progressbar.NewOptions64(total,
		progressbar.OptionSetWriter(w),
		progressbar.OptionSetWidth(30),
		progressbar.OptionShowCount(),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionThrottle(200*time.Millisecond),
		progressbar.OptionSetRenderBlankState(true),
	)}
}

func (b *bar) update(p runner.Progress) {
	if now := time.Now(); now.Sub(b.described) >= 200*time.Millisecond || p.Stats.Step == p.Total {
		b.described = now
		b.pb.Describe(describe(p))
	}
	_ = b.pb.Set64(p.Stats.Step)
}

func (b *bar) finish() { _ = b.pb.Exit() }

// describe is the progress bar's text: speed and the step's figures.
func describe(p runner.Progress) string {
	s := p.Stats
	if s.Wasserstein != 0 || s.ClipFraction != 0 {
		return fmt.Sprintf("%5.1f steps/s  D %+.4f  G %+.4f  W %.4f", p.StepsPerSec, s.LossD, s.LossG, s.Wasserstein)
	}
	return fmt.Sprintf("%5.1f steps/s  D %.3f  G %.3f  D(x) %.2f  D(G(z)) %.2f", p.StepsPerSec, s.LossD, s.LossG, s.DReal, s.DFake)
}
