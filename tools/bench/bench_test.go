package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// A tiny run of the command as make bench-wasm runs it, checking the JSON line.
func TestJSONFields(t *testing.T) {
	var out, errs bytes.Buffer
	args := []string{"-algo", "wgan", "-hidden", "16", "-noise", "4", "-batch", "8", "-critic", "2",
		"-seconds", "0.05", "-warmup", "0", "-side", "8", "-json"}
	if code := run(args, &out, &errs); code != 0 {
		t.Fatalf("run(%q) = %d, stderr %s", args, code, errs.String())
	}
	if n := strings.Count(out.String(), "\n"); n != 1 {
		t.Fatalf("got %d lines, want 1:\n%s", n, out.String())
	}
	var got map[string]any
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatalf("%v in %s", err, out.String())
	}
	for _, key := range []string{"hidden", "noise", "batch", "steps", "seconds", "steps_per_sec", "gflop_per_step", "gflop_per_sec"} {
		if v, ok := got[key].(float64); !ok || !(v > 0) {
			t.Errorf("%s = %v, want a positive number", key, got[key])
		}
	}
	if v, ok := got["allocs_per_step"].(float64); !ok || v < 0 {
		t.Errorf("allocs_per_step = %v, want a number ≥ 0", got["allocs_per_step"])
	}
	for key, want := range map[string]any{"algo": "wgan", "hidden": 16.0, "noise": 4.0, "batch": 8.0, "critic": 2.0} {
		if got[key] != want {
			t.Errorf("%s = %v, want %v", key, got[key], want)
		}
	}
	for _, key := range []string{"kernel", "goos", "goarch"} {
		if s, _ := got[key].(string); s == "" {
			t.Errorf("%s = %v, want a name", key, got[key])
		}
	}
	if strings.Contains(got["config"].(string), "data=") {
		t.Errorf("config %q names the data, which the benchmark does not use", got["config"])
	}
}

func TestSummary(t *testing.T) {
	var out, errs bytes.Buffer
	args := []string{"-algo", "gan", "-hidden", "8", "-noise", "2", "-batch", "4", "-seconds", "0.01", "-warmup", "0", "-side", "4"}
	if code := run(args, &out, &errs); code != 0 {
		t.Fatalf("run(%q) = %d, stderr %s", args, code, errs.String())
	}
	for _, want := range []string{"gan: hidden 8, noise 2, batch 4", "steps/s", "GFLOP/s", "allocs/step"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("summary lacks %q:\n%s", want, out.String())
		}
	}
}

func TestBadFlags(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-algo", "vae"}, "algo \"vae\": want one of gan, gan-noise, wgan, wgan-noise"},
		{[]string{"-batch", "1"}, "batch 1: want 2..4096"},
		{[]string{"-seconds", "0"}, "seconds 0: want more than 0"},
		{[]string{"-data", "mnist"}, "flag provided but not defined: -data"},
		{[]string{"extra"}, "unexpected argument \"extra\""},
	} {
		var out, errs bytes.Buffer
		if code := run(tc.args, &out, &errs); code != 2 {
			t.Errorf("run(%q) = %d, want 2", tc.args, code)
		}
		if !strings.Contains(errs.String(), tc.want) {
			t.Errorf("run(%q) says %q, want it to contain %q", tc.args, errs.String(), tc.want)
		}
	}
}
