//go:build !js

// Package e2e tests the playground in a real headless Chromium, driven from
// Go with chromedp: the built site (tools/dist) is served from httptest on
// 127.0.0.1 with the same handler as `make run`, and the tests talk to the
// page through window.mirror. Screenshots are kept in build/artifacts/.
//
// Chromium is required: without it the tests fail and say how to install it
// (.ci/run installs it). Set CHROMIUM to use another binary, and MIRROR_SITE
// to test an already built site instead of building one.
package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"mirror/tools/serve/static"
)

var (
	root      string          // module root
	site      string          // the built site
	artifacts string          // screenshots and measurements
	browser   context.Context // one headless Chromium for every test
	setupErr  error
)

func TestMain(m *testing.M) {
	code := func() int {
		out, err := exec.Command("go", "env", "GOMOD").Output()
		if err != nil {
			setupErr = fmt.Errorf("go env GOMOD: %v", err)
			return m.Run()
		}
		root = filepath.Dir(strings.TrimSpace(string(out)))
		artifacts = filepath.Join(root, "build", "artifacts")
		os.MkdirAll(artifacts, 0o755)
		if site = os.Getenv("MIRROR_SITE"); site == "" {
			site = filepath.Join(root, "build", "site")
			cmd := exec.Command("go", "run", "./tools/dist", "-out", site)
			cmd.Dir = root
			if out, err := cmd.CombinedOutput(); err != nil {
				setupErr = fmt.Errorf("building the site: %v\n%s", err, out)
				return m.Run()
			}
		}
		bin, err := findChromium()
		if err != nil {
			setupErr = err
			return m.Run()
		}
		userDir, _ := os.MkdirTemp("", "mirror-chromium")
		defer os.RemoveAll(userDir)
		opts := append(chromedp.DefaultExecAllocatorOptions[:],
			chromedp.ExecPath(bin),
			chromedp.UserDataDir(userDir),
			chromedp.NoSandbox,
			chromedp.Flag("headless", "new"),
			chromedp.Flag("use-angle", "swiftshader"),
			chromedp.Flag("enable-unsafe-swiftshader", true),
			chromedp.Flag("disable-background-networking", true),
			chromedp.Flag("disable-component-update", true),
			chromedp.Flag("disable-sync", true),
			chromedp.Flag("disable-quic", true),
			chromedp.Flag("mute-audio", true),
			chromedp.Flag("hide-scrollbars", true),
			chromedp.WindowSize(1280, 800),
		)
		alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
		defer cancelAlloc()
		ctx, cancel := chromedp.NewContext(alloc)
		defer cancel()
		if err := chromedp.Do(ctx); err != nil {
			setupErr = fmt.Errorf("starting Chromium (%s): %v", bin, err)
			return m.Run()
		}
		browser = ctx
		return m.Run()
	}()
	os.Exit(code)
}

// findChromium returns the browser binary or says how to get one.
func findChromium() (string, error) {
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p, nil
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "/usr/lib/chromium/chromium"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("Chromium not found: the browser tests need it; install it with `apt-get install -y chromium` (.ci/run does) or set CHROMIUM to a Chrome binary")
}

func needBrowser(t *testing.T) {
	t.Helper()
	if setupErr != nil {
		t.Fatal(setupErr)
	}
}

// Status mirrors window.mirror.status().
type Status struct {
	Ready          bool              `json:"ready"`
	Running        bool              `json:"running"`
	Step           int64             `json:"step"`
	StepsPerSec    float64           `json:"stepsPerSec"`
	FPS            float64           `json:"fps"`
	Dataset        string            `json:"dataset"`
	Algo           string            `json:"algo"`
	Preset         string            `json:"preset"`
	Seed           string            `json:"seed"`
	Error          string            `json:"error"`
	Message        string            `json:"message"`
	Config         map[string]string `json:"config"`
	Query          string            `json:"query"`
	Kernel         string            `json:"kernel"`
	Frames         int64             `json:"frames"`
	SamplesVersion int64             `json:"samplesVersion"`
	FirstSamplesMs float64           `json:"firstSamplesMs"`
	StepMs         float64           `json:"stepMs"`
}

// page is one tab on the playground.
type page struct {
	t       *testing.T
	ctx     context.Context
	mu      sync.Mutex
	console []chromedp.ConsoleMessage
	close   func() // closes the tab (tests that open several close the earlier ones)
}

// serveSite serves the site on a fresh 127.0.0.1 port.
func serveSite(t *testing.T, dir string) *httptest.Server {
	srv := httptest.NewServer(static.Handler(dir))
	t.Cleanup(srv.Close)
	return srv
}

// open loads url in a new tab and waits until samples are drawn (or the page reports an error).
func open(t *testing.T, url string) *page {
	t.Helper()
	needBrowser(t)
	ctx, cancel := chromedp.NewContext(browser)
	t.Cleanup(cancel)
	ctx, cancelT := context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(cancelT)
	p := &page{t: t, ctx: ctx, close: cancel}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 800)); err != nil {
		t.Fatalf("new tab: %v", err)
	}
	go func() {
		for m, err := range chromedp.Console(ctx) {
			if err != nil {
				return
			}
			p.mu.Lock()
			p.console = append(p.console, m)
			p.mu.Unlock()
		}
	}()
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		t.Fatalf("navigate %s: %v", url, err)
	}
	p.waitFor("samples drawn", func(s Status) bool { return s.Ready })
	return p
}

// eval runs a JS expression and decodes its JSON-able result into T.
func eval[T any](p *page, expr string) T {
	p.t.Helper()
	v, err := chromedp.Run(p.ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		p.t.Fatalf("%s: %v", expr, err)
	}
	return v
}

func (p *page) status() Status {
	p.t.Helper()
	return eval[Status](p, `window.mirror.status()`)
}

// waitFor polls the status until cond holds; an error on the page fails at once.
func (p *page) waitFor(what string, cond func(Status) bool) Status {
	p.t.Helper()
	deadline := time.Now().Add(90 * time.Second)
	var s Status
	for time.Now().Before(deadline) {
		v, err := chromedp.Run(p.ctx, chromedp.Evaluate[*Status](`window.mirror ? window.mirror.status() : null`))
		if err == nil && v != nil {
			s = *v
			if s.Error != "" {
				p.shot("error")
				p.t.Fatalf("waiting for %s: the page reports an error: %s\nconsole:\n%s", what, s.Error, p.consoleText())
			}
			if cond(s) {
				return s
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	p.shot("timeout")
	p.t.Fatalf("timed out waiting for %s; last status %+v\nconsole:\n%s", what, s, p.consoleText())
	return s
}

func (p *page) consoleText() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	var b strings.Builder
	for _, m := range p.console {
		fmt.Fprintln(&b, m.String())
	}
	return b.String()
}

// consoleErrors returns the console's errors and uncaught exceptions.
func (p *page) consoleErrors() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	var errs []string
	for _, m := range p.console {
		if m.Type == chromedp.ConsoleError || m.Type == chromedp.ConsoleException {
			errs = append(errs, m.String())
		}
	}
	return errs
}

// shot saves a screenshot as build/artifacts/<test>-<name>.png and returns it decoded.
func (p *page) shot(name string) image.Image {
	p.t.Helper()
	buf, err := chromedp.Run(p.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		p.t.Logf("screenshot %s: %v", name, err)
		return nil
	}
	file := filepath.Join(artifacts, strings.ReplaceAll(p.t.Name(), "/", "_")+"-"+name+".png")
	os.WriteFile(file, buf, 0o644)
	img, err := png.Decode(bytes.NewReader(buf))
	if err != nil {
		p.t.Logf("decoding screenshot %s: %v", name, err)
		return nil
	}
	return img
}

// samples returns window.mirror.samples() with its pixels.
type samples struct {
	N, Width, Height int
	Pixels           []byte
}

func (p *page) samples() samples {
	p.t.Helper()
	js := `(() => { const s = window.mirror.samples(); return JSON.stringify({n: s.n, width: s.width, height: s.height, pixels: Array.from(s.pixels)}); })()`
	raw := eval[string](p, js)
	var v struct {
		N, Width, Height int
		Pixels           []int
	}
	if err := json.Unmarshal([]byte(raw), &v); err != nil {
		p.t.Fatal(err)
	}
	s := samples{N: v.N, Width: v.Width, Height: v.Height, Pixels: make([]byte, len(v.Pixels))}
	for i, x := range v.Pixels {
		s.Pixels[i] = byte(x)
	}
	return s
}

// changedFraction is the fraction of pixels that differ between two screenshots.
func changedFraction(a, b image.Image) float64 {
	if a == nil || b == nil || a.Bounds() != b.Bounds() {
		return 0
	}
	r := a.Bounds()
	changed := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			r1, g1, b1, _ := a.At(x, y).RGBA()
			r2, g2, b2, _ := b.At(x, y).RGBA()
			if r1 != r2 || g1 != g2 || b1 != b2 {
				changed++
			}
		}
	}
	return float64(changed) / float64(r.Dx()*r.Dy())
}

// openPlain loads a page that is not the playground itself.
func openPlain(t *testing.T, url string) *page {
	t.Helper()
	needBrowser(t)
	ctx, cancel := chromedp.NewContext(browser)
	t.Cleanup(cancel)
	ctx, cancelT := context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(cancelT)
	p := &page{t: t, ctx: ctx}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1000, 600)); err != nil {
		t.Fatalf("new tab: %v", err)
	}
	go func() {
		for m, err := range chromedp.Console(ctx) {
			if err != nil {
				return
			}
			p.mu.Lock()
			p.console = append(p.console, m)
			p.mu.Unlock()
		}
	}()
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		t.Fatalf("navigate %s: %v", url, err)
	}
	return p
}

func runEval[T any](p *page, expr string) (T, error) {
	return chromedp.Run(p.ctx, chromedp.Evaluate[T](expr))
}
