//go:build !js

package e2e

import (
	"testing"
	"time"

	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
)

// TestHiddenTabPauses opens another tab over the playground: training stops
// while its tab is hidden and goes on when it is shown again.
func TestHiddenTabPauses(t *testing.T) {
	srv := serveSite(t, site)
	p := open(t, srv.URL+"/?seed=1")
	p.waitFor("training", func(s Status) bool { return s.Running && s.Step > 0 })
	other, cancel := chromedp.NewContext(browser, chromedp.WithNewWindow(false))
	defer cancel()
	if err := chromedp.Do(other, chromedp.Navigate("about:blank")); err != nil {
		t.Fatal(err)
	}
	activate := func(id target.ID) {
		if _, err := chromedp.CallBrowser(other, target.ActivateTarget, target.ActivateTargetParams{TargetID: id}); err != nil {
			t.Fatal(err)
		}
	}
	activate(chromedp.FromContext(other).Target.TargetID)
	if v := eval[string](p, `document.visibilityState`); v != "hidden" {
		t.Fatalf("the playground's tab is %s behind another tab", v)
	}
	s := p.waitFor("a pause while hidden", func(s Status) bool { return !s.Running })
	time.Sleep(time.Second)
	if now := p.status(); now.Step > s.Step+1 { // a frame already under way may finish
		t.Fatalf("trained while hidden: step %d → %d", s.Step, now.Step)
	}
	activate(chromedp.FromContext(p.ctx).Target.TargetID)
	p.waitFor("training again when shown", func(x Status) bool { return x.Running && x.Step > s.Step+1 })
}
