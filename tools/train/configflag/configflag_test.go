package configflag

import (
	"flag"
	"io"
	"strings"
	"testing"

	"mirror/engine/train"
)

func newFlags(cfg *train.Config, skip ...string) *flag.FlagSet {
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	Register(fs, cfg, skip...)
	return fs
}

func TestEveryFieldIsAFlag(t *testing.T) {
	var cfg train.Config
	fs := newFlags(&cfg)
	for _, f := range train.Fields {
		fl := fs.Lookup(f.Name)
		if fl == nil {
			t.Errorf("no flag -%s", f.Name)
			continue
		}
		if !strings.HasPrefix(fl.Usage, f.Help) {
			t.Errorf("-%s usage %q, want the field's help %q first", f.Name, fl.Usage, f.Help)
		}
	}
	if got := newFlags(&cfg, "data", "seed").Lookup("data"); got != nil {
		t.Errorf("skipped field data has a flag")
	}
}

func TestFlagsSetConfig(t *testing.T) {
	var cfg train.Config
	args := []string{"-algo", "wgan-noise", "-hidden", "64", "-lr-d", "1e-4", "-fresh-batch", "-seed", "18446744073709551615"}
	if err := newFlags(&cfg).Parse(args); err != nil {
		t.Fatal(err)
	}
	want := train.Config{Algo: "wgan-noise", Hidden: 64, LRD: 1e-4, FreshBatch: true, Seed: 1<<64 - 1}
	if cfg != want {
		t.Errorf("parsed %q into %+v, want %+v", args, cfg, want)
	}
}

// A bad value fails parsing with the property table's own message.
func TestBadValueGivesFieldMessage(t *testing.T) {
	for _, tc := range []struct{ flag, value string }{
		{"batch", "1"},
		{"batch", "many"},
		{"algo", "vae"},
		{"lr-g", "NaN"},
		{"maze-size", "17"},
		{"fresh-batch", "maybe"},
	} {
		var cfg train.Config
		f, _ := train.FieldByName(tc.flag)
		want := f.Set(&train.Config{}, tc.value)
		if want == nil {
			t.Fatalf("field %s accepts %q; the test needs a bad value", tc.flag, tc.value)
		}
		err := newFlags(&cfg).Parse([]string{"-" + tc.flag + "=" + tc.value})
		if err == nil || !strings.Contains(err.Error(), want.Error()) {
			t.Errorf("-%s=%s: error %v, want it to contain %q", tc.flag, tc.value, err, want)
		}
		if cfg != (train.Config{}) {
			t.Errorf("-%s=%s: a bad value changed the config to %+v", tc.flag, tc.value, cfg)
		}
	}
}
