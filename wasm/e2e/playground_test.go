//go:build !js

package e2e

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

func TestPageLoadsTrainsAndDraws(t *testing.T) {
	srv := serveSite(t, site)
	p := open(t, srv.URL+"/?seed=3")
	s := p.status()
	if s.Kernel == "" || s.Dataset != "mnist" || s.Algo != "gan" || s.Seed != "3" {
		t.Fatalf("status after load: %+v", s)
	}
	before := p.shot("start")
	first := p.samples()
	if first.N != 64 || first.Width == 0 || len(first.Pixels) != first.N*first.Width*first.Height {
		t.Fatalf("samples(): n %d, %d×%d, %d pixels", first.N, first.Width, first.Height, len(first.Pixels))
	}
	s = p.waitFor("training to advance 5 steps", func(s Status) bool { return s.Step >= 5 })
	p.waitFor("a few frames more", func(x Status) bool { return x.Frames > s.Frames+10 })
	after := p.shot("trained")
	if bytes.Equal(first.Pixels, p.samples().Pixels) {
		t.Error("samples() did not change while training")
	}
	if f := changedFraction(before, after); f < 0.01 {
		t.Errorf("only %.4f of the screen's pixels changed while training", f)
	}
	if errs := p.consoleErrors(); len(errs) > 0 {
		t.Errorf("console errors:\n%s", strings.Join(errs, "\n"))
	}
}

func TestURLStateIsAppliedAndWritten(t *testing.T) {
	srv := serveSite(t, site)
	p := open(t, srv.URL+"/?algo=wgan&hidden=64&lr-d=0.0001&seed=42&speed=2")
	s := p.status()
	if s.Algo != "wgan" || s.Config["hidden"] != "64" || s.Config["lr-d"] != "0.0001" || s.Seed != "42" {
		t.Fatalf("the link's settings were not applied: %+v", s)
	}
	if msg := eval[string](p, `window.mirror.set({"lr-g": "0.0002", "critic": 3})`); msg != "" {
		t.Fatalf("set: %q", msg)
	}
	p.waitFor("the URL to follow", func(Status) bool {
		q := eval[string](p, `location.search`)
		return strings.Contains(q, "lr-g=0.0002") && strings.Contains(q, "critic=3") && strings.Contains(q, "seed=42")
	})
	if got := p.status(); got.Step == 0 && !got.Running {
		t.Fatalf("live settings should keep training: %+v", got)
	}
	if msg := eval[string](p, `window.mirror.set({hidden: "nope"})`); !strings.Contains(msg, "hidden") {
		t.Fatalf("set with a bad value: %q, want a message naming hidden", msg)
	}
	// The controls are the same calls, through the glue.
	eval[any](p, `(() => { const el = document.getElementById("set-algo"); el.value = "gan-noise"; el.dispatchEvent(new Event("change")); return 0 })()`)
	if s := p.status(); s.Algo != "gan-noise" || !strings.Contains(s.Message, "new networks") {
		t.Fatalf("choosing gan-noise in the form: %+v", s)
	}
	eval[any](p, `(() => { const el = document.getElementById("set-batch"); el.value = "1"; el.dispatchEvent(new Event("change")); return 0 })()`)
	shown := eval[string](p, `(() => { const m = document.getElementById("message"); return m.hidden ? "" : m.textContent })()`)
	if !strings.Contains(shown, "batch") {
		t.Fatalf("typing batch 1 shows %q, want a message naming batch", shown)
	}
	p.shot("wgan")
}

func TestBadParameterIsNamedAndTrainingGoesOn(t *testing.T) {
	srv := serveSite(t, site)
	p := open(t, srv.URL+"/?hidden=banana&algo=gan-noise&seed=5")
	s := p.status()
	if !strings.Contains(s.Message, "hidden") || s.Algo != "gan-noise" {
		t.Fatalf("status: %+v", s)
	}
	shown := eval[string](p, `(() => { const m = document.getElementById("message"); return m.hidden ? "" : m.textContent })()`)
	if !strings.Contains(shown, "hidden") {
		t.Fatalf("the visible message %q does not name the parameter", shown)
	}
	p.waitFor("training despite the bad parameter", func(s Status) bool { return s.Step >= 3 })
	p.shot("message")
}

func TestPauseStepReset(t *testing.T) {
	srv := serveSite(t, site)
	p := open(t, srv.URL+"/?autoplay=false&seed=11")
	s := p.status()
	if s.Running || s.Step != 0 {
		t.Fatalf("autoplay=false: %+v", s)
	}
	initial := p.samples()
	if msg := eval[string](p, `window.mirror.step(3)`); msg != "" {
		t.Fatalf("step(3): %q", msg)
	}
	if s := p.status(); s.Step != 3 || s.Running {
		t.Fatalf("after step(3): %+v", s)
	}
	eval[any](p, `window.mirror.play(), 0`)
	p.waitFor("play", func(s Status) bool { return s.Step > 3 })
	eval[any](p, `window.mirror.pause(), 0`)
	paused := p.status().Step
	time.Sleep(600 * time.Millisecond)
	if s := p.status(); s.Step != paused || s.Running {
		t.Fatalf("paused at %d, now %+v", paused, s)
	}
	eval[string](p, `window.mirror.reset()`)
	s = p.status()
	if s.Step != 0 || s.Seed != "11" {
		t.Fatalf("after reset: %+v", s)
	}
	if !bytes.Equal(initial.Pixels, p.samples().Pixels) {
		t.Fatal("reset with the same seed should draw the same initial samples")
	}
	if err := chromedp.Do(p.ctx, chromedp.KeyEvent(" ")); err != nil { // space plays
		t.Fatal(err)
	}
	p.waitFor("space to play", func(s Status) bool { return s.Running })
	chromedp.Do(p.ctx, chromedp.KeyEvent(" "))
	p.waitFor("space to pause", func(s Status) bool { return !s.Running })
	eval[string](p, `window.mirror.newSeed()`)
	if s := p.status(); s.Seed == "11" || s.Step != 0 {
		t.Fatalf("new seed: %+v", s)
	}
}

func TestCheckpointRoundTripAndCorruptImport(t *testing.T) {
	srv := serveSite(t, site)
	p := open(t, srv.URL+"/?autoplay=false&seed=4")
	eval[string](p, `window.mirror.step(2)`)
	if got := eval[string](p, `window.mirror.loadCheckpoint(new Uint8Array([1,2,3,4]))`); got == "" {
		t.Fatal("a corrupt checkpoint loaded without a message")
	}
	if s := p.status(); s.Step != 2 || s.Error != "" {
		t.Fatalf("a corrupt checkpoint must leave the session alone: %+v", s)
	}
	if got := eval[string](p, `(() => { const c = window.mirror.exportCheckpoint(); window.mirror.step(1); return window.mirror.loadCheckpoint(c) })()`); got != "" {
		t.Fatalf("loading our own checkpoint: %q", got)
	}
	if s := p.status(); s.Step != 2 {
		t.Fatalf("after loading the checkpoint of step 2: %+v", s)
	}
	csv := eval[string](p, `window.mirror.exportCSV()`)
	if !strings.HasPrefix(csv, "step,loss_d,") {
		t.Fatalf("CSV: %.80q", csv)
	}
	if n := eval[int](p, `window.mirror.exportPNG().length`); n < 100 {
		t.Fatalf("PNG of %d bytes", n)
	}
}

// parentPage embeds the playground from another origin and records the
// status messages it posts.
const parentPage = `<!doctype html><html><body style="margin:0;background:#fff">
<h1 style="font:16px sans-serif">A blog post</h1>
<iframe id="mirror" src="%s" width="640" height="400" style="border:0"></iframe>
<div style="height:3000px"></div>
<script>
window.statuses = [];
window.addEventListener("message", (e) => {
  if (e.data && e.data.mirror === "status") window.statuses.push(e.data.status);
});
window.last = () => window.statuses.length ? window.statuses[window.statuses.length - 1] : null;
window.send = (what) => document.getElementById("mirror").contentWindow.postMessage({mirror: what}, "*");
</script></body></html>`

func TestEmbedInCrossOriginIframe(t *testing.T) {
	needBrowser(t)
	playground := serveSite(t, site)
	blog := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, parentPage, playground.URL+"/embed.html?autoplay=false&controls=all&seed=8")
	}))
	t.Cleanup(blog.Close)
	if blog.URL == playground.URL {
		t.Fatal("the two servers should be different origins")
	}
	p := openPlain(t, blog.URL)
	last := func() *Status {
		v, err := runEval[*Status](p, `window.last()`)
		if err != nil {
			return nil
		}
		return v
	}
	waitParent := func(what string, cond func(*Status) bool) *Status {
		deadline := time.Now().Add(90 * time.Second)
		for time.Now().Before(deadline) {
			if s := last(); s != nil {
				if s.Error != "" {
					p.shot("error")
					t.Fatalf("waiting for %s: the embed reports %s", what, s.Error)
				}
				if cond(s) {
					return s
				}
			}
			time.Sleep(100 * time.Millisecond)
		}
		p.shot("timeout")
		t.Fatalf("timed out waiting for %s; last status %+v", what, last())
		return nil
	}
	s := waitParent("the embed's first status", func(s *Status) bool { return s.Ready })
	if s.Running || s.Seed != "8" {
		t.Fatalf("embed with autoplay=false, seed=8: %+v", s)
	}
	eval[any](p, `window.send("play"), 0`)
	waitParent("play from the parent", func(s *Status) bool { return s.Running && s.Step > 0 })
	eval[any](p, `window.scrollTo(0, 2500), 0`)
	waitParent("a pause while scrolled out of view", func(s *Status) bool { return !s.Running })
	eval[any](p, `window.scrollTo(0, 0), 0`)
	waitParent("training again in view", func(s *Status) bool { return s.Running })
	eval[any](p, `window.send("pause"), 0`)
	waitParent("pause from the parent", func(s *Status) bool { return !s.Running })
	n := eval[int](p, `window.statuses.length`)
	time.Sleep(2500 * time.Millisecond)
	if m := eval[int](p, `window.statuses.length`); m < n+1 {
		t.Errorf("the embed should post its status about once a second: %d messages in 2.5 s", m-n)
	}
	p.shot("iframe")
	if errs := p.consoleErrors(); len(errs) > 0 {
		t.Errorf("console errors:\n%s", strings.Join(errs, "\n"))
	}
}

func TestMazesAndLiveReset(t *testing.T) {
	srv := serveSite(t, site)
	p := open(t, srv.URL+"/?data=mazes&maze=kruskal&maze-size=16&algo=wgan-noise&critic=2&seed=6")
	p.waitFor("maze training", func(s Status) bool { return s.Step >= 2 })
	if sm := p.samples(); sm.Width != 16 || sm.Height != 16 {
		t.Fatalf("maze samples %d×%d, want 16×16", sm.Width, sm.Height)
	}
	if msg := eval[string](p, `window.mirror.set({"maze-size": 24})`); msg != "" {
		t.Fatalf("set maze-size: %q", msg)
	}
	s := p.status()
	if !strings.Contains(s.Message, "new networks") || s.Config["maze-size"] != "24" {
		t.Fatalf("a setting that needs new networks should reset and say so: %+v", s)
	}
	p.waitFor("training the new networks", func(s Status) bool { return s.Step >= 1 })
	p.shot("mazes")
	if errs := p.consoleErrors(); len(errs) > 0 {
		t.Errorf("console errors:\n%s", strings.Join(errs, "\n"))
	}
}
