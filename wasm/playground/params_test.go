package playground

import (
	"net/url"
	"strings"
	"testing"
)

func TestQueryRoundTrip(t *testing.T) {
	q, _ := url.ParseQuery("algo=wgan&hidden=64&seed=7&speed=3&autoplay=false")
	cfg, page, errs := ParseQuery(q)
	if len(errs) != 0 {
		t.Fatalf("errors: %v", errs)
	}
	if cfg.Algo != "wgan" || cfg.Hidden != 64 || cfg.Seed != 7 || page["speed"] != "3" || page["autoplay"] != "false" {
		t.Fatalf("parsed %+v %v", cfg, page)
	}
	if got, want := EncodeQuery(cfg, page), "algo=wgan&hidden=64&seed=7&speed=3&autoplay=false"; got != want {
		t.Fatalf("EncodeQuery = %q, want %q", got, want)
	}
}

func TestQueryBadValuesAreNamed(t *testing.T) {
	q, _ := url.ParseQuery("hidden=lots&speed=fast&algo=gan-noise&bogus=1")
	cfg, page, errs := ParseQuery(q)
	var msgs []string
	for _, e := range errs {
		msgs = append(msgs, e.Error())
	}
	all := strings.Join(msgs, "\n")
	for _, want := range []string{"hidden", "speed", "bogus"} {
		if !strings.Contains(all, want) {
			t.Errorf("errors %q do not name %s", all, want)
		}
	}
	if cfg.Algo != "gan-noise" || cfg.Hidden != 0 || page["speed"] != "" {
		t.Fatalf("good values should stay, bad ones default: %+v %v", cfg, page)
	}
}
