package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"mirror/engine/train"
)

func TestParseArgs(t *testing.T) {
	opts, quiet, err := parseArgs([]string{"-data", "mazes", "-algo", "wgan", "-preset", "post", "-steps", "50",
		"-seed", "3", "-out", "dir", "-critic", "5", "-fresh-batch", "-quiet"})
	if err != nil {
		t.Fatal(err)
	}
	want := train.Config{Data: "mazes", Algo: "wgan", Preset: "post", Seed: 3, Critic: 5, FreshBatch: true}
	if opts.Config != want || opts.Steps != 50 || opts.Out != "dir" || !quiet {
		t.Errorf("parsed %+v (quiet %v), want config %+v, 50 steps into dir, quiet", opts, quiet, want)
	}
	if !slices.Equal(opts.Set, []string{"algo", "critic", "data", "fresh-batch", "preset", "seed"}) {
		t.Errorf("explicit settings %v", opts.Set)
	}
}

// Bad flags exit with code 2 and the property table's message.
func TestBadFlags(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-batch", "1", "-out", "x"}, `invalid value "1" for flag -batch: batch 1: want 2..4096`},
		{[]string{"-algo", "vae", "-out", "x"}, `algo "vae": want one of gan, gan-noise, wgan, wgan-noise`},
		{[]string{"-lr-g", "fast", "-out", "x"}, `lr-g "fast": want a number in 1e-07..1`},
		{[]string{"-maze-size", "30", "-hidden", "9999", "-out", "x"}, "hidden 9999: want 1..4096"},
		{[]string{"-algo", "gan"}, "no output directory: want -out DIR"},
		{[]string{"-out", "x", "more"}, `unexpected argument "more"`},
		{[]string{"-stepz", "3"}, "flag provided but not defined: -stepz"},
	} {
		var out, errs bytes.Buffer
		if code := run(context.Background(), tc.args, &out, &errs); code != exitUsage {
			t.Errorf("%q: exit %d, want %d", tc.args, code, exitUsage)
		}
		if !strings.Contains(errs.String(), tc.want) {
			t.Errorf("%q: stderr %q, want %q", tc.args, errs.String(), tc.want)
		}
	}
}

func TestHelpListsEveryField(t *testing.T) {
	var out, errs bytes.Buffer
	if code := run(context.Background(), []string{"-h"}, &out, &errs); code != exitOK {
		t.Fatalf("-h: exit %d", code)
	}
	for _, f := range train.Fields {
		if !strings.Contains(out.String(), "-"+f.Name+" ") && !strings.Contains(out.String(), "-"+f.Name+"\n") {
			t.Errorf("-h does not list -%s", f.Name)
		}
	}
}

// The command as a user types it, on a tiny network for a few steps.
func TestRunCommand(t *testing.T) {
	out := filepath.Join(t.TempDir(), "run")
	args := []string{"-data", "mnist", "-algo", "wgan", "-steps", "4", "-every", "2", "-seed", "1", "-out", out,
		"-hidden", "8", "-noise", "3", "-batch", "4", "-critic", "2", "-samples", "20"}
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), args, &stdout, &stderr); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if !strings.Contains(stdout.String(), "wgan on mnist: 4 steps") || !strings.Contains(stdout.String(), "digits_covered") {
		t.Errorf("stdout:\n%s", stdout.String())
	}
	if !strings.Contains(stderr.String(), "(4/4)") {
		t.Errorf("progress bar did not reach 4/4:\n%q", stderr.String())
	}
	for _, name := range []string{"samples.png", "metrics.csv", "losses.png", "checkpoint.mirror", "samples.idx", "metrics.json"} {
		if _, err := os.Stat(filepath.Join(out, name)); err != nil {
			t.Error(err)
		}
	}
}
