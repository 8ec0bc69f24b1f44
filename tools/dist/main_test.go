package main

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
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
