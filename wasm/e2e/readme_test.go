//go:build !js

package e2e

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"testing"
)

// TestReadmeScreenshot makes docs/screenshot.png from a real headless run:
// the page loads the checkpoint named by MIRROR_README_CHECKPOINT (trained
// natively by tools/train, so that digits show), trains a few steps and is
// captured. It runs only when that variable is set.
func TestReadmeScreenshot(t *testing.T) {
	ckpt := os.Getenv("MIRROR_README_CHECKPOINT")
	if ckpt == "" {
		t.Skip("set MIRROR_README_CHECKPOINT to a checkpoint to make docs/screenshot.png")
	}
	b, err := os.ReadFile(ckpt)
	if err != nil {
		t.Fatal(err)
	}
	srv := serveSite(t, site)
	p := open(t, srv.URL+"/?autoplay=false")
	js := `(() => { const b = Uint8Array.from(atob("` + base64.StdEncoding.EncodeToString(b) + `"), c => c.charCodeAt(0)); return window.mirror.loadCheckpoint(b) })()`
	if msg := eval[string](p, js); msg != "" {
		t.Fatalf("loading %s: %s", ckpt, msg)
	}
	eval[any](p, `window.mirror.play(), 0`)
	start := p.status().Step
	p.waitFor("a few steps", func(s Status) bool { return s.Step >= start+8 && s.StepsPerSec > 0 })
	p.shot("readme")
	src := filepath.Join(artifacts, "TestReadmeScreenshot-readme.png")
	png, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Join(root, "docs"), 0o755)
	if err := os.WriteFile(filepath.Join(root, "docs", "screenshot.png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}
