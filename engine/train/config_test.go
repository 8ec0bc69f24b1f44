package train

import (
	"net/url"
	"strings"
	"testing"
)

func TestZeroConfigResolvesToValidDefaults(t *testing.T) {
	c := Config{}.Resolved()
	if err := c.Validate(); err != nil {
		t.Fatalf("zero config resolved to an invalid one: %v", err)
	}
	if c.Data != "mnist" || c.Algo != "gan" || c.Preset != "quick" || c.Hidden != 256 || c.Batch != 64 || c.LRG != 2e-4 || c.Beta1 != 0.5 {
		t.Fatalf("zero config resolved to %+v", c)
	}
	for _, algo := range []string{"gan", "gan-noise", "wgan", "wgan-noise"} {
		for _, preset := range []string{"quick", "post"} {
			c := Config{Algo: algo, Preset: preset}.Resolved()
			if err := c.Validate(); err != nil {
				t.Errorf("%s/%s: %v", algo, preset, err)
			}
		}
	}
	w := Config{Algo: "wgan-noise", Preset: "post"}.Resolved()
	if w.LRD != 5e-5 || w.Clip != 0.01 || w.Critic != 10 || w.NoiseStd != 0.01 || w.Hidden != 512 || w.Batch != 128 {
		t.Fatalf("wgan-noise/post resolved to %+v", w)
	}
}

func TestQueryRoundTrip(t *testing.T) {
	c := Config{Algo: "wgan", Preset: "post", Hidden: 300, LRD: 1e-4, Sigmoid: true, Seed: 18446744073709551615, Data: "mazes", MazeAlgo: "wilson"}
	s := c.Encode()
	if !strings.HasPrefix(s, "data=mazes&maze=wilson&algo=wgan&preset=post&hidden=300") {
		t.Fatalf("Encode = %q: want table order", s)
	}
	q, err := url.ParseQuery(s)
	if err != nil {
		t.Fatal(err)
	}
	got, errs := FromQuery(q)
	if len(errs) != 0 {
		t.Fatalf("FromQuery(%q) errors: %v", s, errs)
	}
	if got != c {
		t.Fatalf("round trip: got %+v, want %+v", got, c)
	}
	if q := (Config{}).Encode(); q != "seed=0" {
		t.Fatalf("zero config encodes as %q, want only the seed", q)
	}
}

func TestFromQueryNamesBadParameters(t *testing.T) {
	q, _ := url.ParseQuery("hidden=abc&batch=1&algo=vae&lr-g=0.001&maze-size=29&bogus=1&controls=min&seed=-3&lr-d=NaN")
	c, errs := FromQuery(q, "controls")
	var msgs []string
	for _, e := range errs {
		msgs = append(msgs, e.Error())
	}
	joined := strings.Join(msgs, "\n")
	for _, want := range []string{
		`unknown parameter "bogus"`,
		`hidden "abc": want a whole number in 1..4096`,
		`batch 1: want 2..4096`,
		`algo "vae": want one of gan, gan-noise, wgan, wgan-noise`,
		`maze-size 29: want an even number in 16..64`,
		`seed "-3"`,
		`lr-d "NaN"`,
	} {
		if !strings.Contains(joined, want) {
			t.Errorf("errors lack %q; got:\n%s", want, joined)
		}
	}
	if len(errs) != 7 {
		t.Errorf("got %d errors, want 7:\n%s", len(errs), joined)
	}
	// Good values survive, bad ones stay at their defaults.
	if c.LRG != 0.001 || c.Hidden != 0 || c.Batch != 0 || c.Algo != "" || c.MazeSize != 0 {
		t.Fatalf("after bad parameters config is %+v", c)
	}
	if err := c.Resolved().Validate(); err != nil {
		t.Fatalf("config with bad parameters dropped should be valid: %v", err)
	}
}

func TestSetLeavesConfigUntouchedOnError(t *testing.T) {
	c := Config{Hidden: 64}
	f, ok := FieldByName("hidden")
	if !ok {
		t.Fatal("no hidden field")
	}
	if err := f.Set(&c, "5000"); err == nil {
		t.Fatal("hidden 5000 accepted")
	}
	if c.Hidden != 64 {
		t.Fatalf("failed Set changed hidden to %d", c.Hidden)
	}
	if err := f.Set(&c, "0"); err != nil || c.Hidden != 0 {
		t.Fatalf("hidden 0 (default) rejected: %v", err)
	}
}

func TestEveryFieldRoundTripsThroughStrings(t *testing.T) {
	c := Config{Data: "mazes", MazeAlgo: "kruskal", MazeSize: 32, MazePool: 10, MazeFresh: true, Algo: "gan-noise",
		Preset: "post", Hidden: 7, Noise: 3, Batch: 5, GDepth: 2, DDepth: 4, Slope: 0.1, LRG: 1e-3, LRD: 2e-3,
		Beta1: 0.5, Beta2: 0.9, NoiseStd: 0.2, Anneal: 100, Clip: 0.05, Critic: 5, FreshBatch: true, Sigmoid: true,
		GLoss: "saturating", Smooth: 0.1, Seed: 99}
	var d Config
	for _, f := range Fields {
		if f.IsZero(&c) {
			t.Errorf("field %s is zero in the test config: extend the test", f.Name)
		}
		if err := f.Set(&d, f.Get(&c)); err != nil {
			t.Errorf("field %s: %v", f.Name, err)
		}
	}
	if d != c {
		t.Fatalf("string round trip: got %+v, want %+v", d, c)
	}
}
