package main

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"
)

func TestCompressAllWritesTwinsThatDecode(t *testing.T) {
	dir := t.TempDir()
	body := strings.Repeat("mirror mirror on the wall ", 200)
	os.WriteFile(filepath.Join(dir, "mirror.js"), []byte(body), 0o644)
	os.WriteFile(filepath.Join(dir, "screenshot.png"), []byte("not worth compressing"), 0o644)
	if err := compressAll(dir); err != nil {
		t.Fatal(err)
	}
	gz, err := os.ReadFile(filepath.Join(dir, "mirror.js.gz"))
	if err != nil {
		t.Fatal(err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := io.ReadAll(zr); string(got) != body {
		t.Fatal("the .gz twin does not decode to the file")
	}
	br, err := os.ReadFile(filepath.Join(dir, "mirror.js.br"))
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := io.ReadAll(brotli.NewReader(bytes.NewReader(br))); string(got) != body {
		t.Fatal("the .br twin does not decode to the file")
	}
	if len(br) >= len(body)/4 {
		t.Fatalf("brotli made %d bytes of %d", len(br), len(body))
	}
	if _, err := os.Stat(filepath.Join(dir, "screenshot.png.br")); err == nil {
		t.Fatal("images are already compressed and get no twin")
	}
}

// The first page load must stay within about 4 MB. gonum (mat, BLAS, LAPACK)
// once made 0.5 MB of the 4.29 MB brotli'd mirror.wasm for one 64 × 64
// eigendecomposition; engine/metrics has its own eigensolver now, and tests
// may still use gonum, but the browser program must not link it.
func TestWasmLeavesOutGonum(t *testing.T) {
	cmd := exec.Command("go", "list", "-deps", "mirror/wasm")
	cmd.Env = append(cmd.Environ(), "GOOS=js", "GOARCH=wasm")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go list -deps mirror/wasm: %v\n%s", err, out)
	}
	deps := strings.Fields(string(out))
	if len(deps) < 20 {
		t.Fatalf("go list found only %d packages; the check would prove nothing", len(deps))
	}
	for _, dep := range deps {
		if strings.HasPrefix(dep, "gonum.org/") {
			t.Errorf("mirror.wasm links %s: want no gonum in the browser program (it adds about 0.5 MB to the download)", dep)
		}
	}
}
