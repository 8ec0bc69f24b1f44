//go:build !js

package e2e

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestNoWebGLIsReported runs the page in a browser without WebGL: the page
// must say so (status().error and the visible error) instead of hanging.
func TestNoWebGLIsReported(t *testing.T) {
	needBrowser(t)
	bin, _ := findChromium()
	dir := t.TempDir()
	alloc, cancel := chromedp.NewExecAllocator(context.Background(), append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(bin), chromedp.UserDataDir(dir), chromedp.NoSandbox,
		chromedp.Flag("headless", "new"), chromedp.Flag("disable-webgl", true), chromedp.Flag("disable-webgl2", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
	)...)
	defer cancel()
	ctx, cancelCtx := chromedp.NewContext(alloc)
	defer cancelCtx()
	ctx, cancelT := context.WithTimeout(ctx, 2*time.Minute)
	defer cancelT()
	srv := serveSite(t, site)
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/?seed=1")); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		s, err := chromedp.Run(ctx, chromedp.Evaluate[*Status](`window.mirror ? window.mirror.status() : null`))
		if err == nil && s != nil && s.Error != "" {
			shown, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("error").hidden ? "" : document.getElementById("error").textContent`))
			if !strings.Contains(shown, s.Error) && shown == "" {
				t.Fatalf("status().error %q is not shown on the page", s.Error)
			}
			t.Logf("without WebGL the page says: %s", s.Error)
			if buf, err := chromedp.Run(ctx, chromedp.CaptureScreenshot()); err == nil {
				os.WriteFile(artifacts+"/TestNoWebGLIsReported.png", buf, 0o644)
			}
			return
		}
		if err == nil && s != nil && s.Ready {
			t.Fatalf("the page drew without WebGL? %+v", s)
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatal("no error reported within 60 s without WebGL")
}
