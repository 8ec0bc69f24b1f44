package main

import (
	"image/png"
	"io"
	"os"
	"path/filepath"
	"testing"

	"mirror/engine/data"
	"mirror/engine/data/maze"
)

func TestWritesValidMazes(t *testing.T) {
	dir := t.TempDir()
	idx, pic := filepath.Join(dir, "m.idx"), filepath.Join(dir, "m.png")
	if err := run([]string{"-n", "5", "-seed", "3", "-algo", "wilson", "-size", "16", "-png", pic, "-idx", idx}, io.Discard); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(idx)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	dims, pixels, err := data.ReadIDX(f)
	if err != nil {
		t.Fatal(err)
	}
	if len(dims) != 3 || dims[0] != 5 || dims[1] != 16 || dims[2] != 16 {
		t.Fatalf("IDX dimensions %v: want [5 16 16]", dims)
	}
	images := make([]float32, len(pixels))
	for i, p := range pixels {
		if p != 0 && p != 255 {
			t.Fatalf("IDX pixel %d is %d: want 0 or 255", i, p)
		}
		images[i] = float32(p) / 255
	}
	if s, _ := maze.Summarize(images, 16); s.Valid != 1 || s.Distinct != 5 {
		t.Fatalf("IDX mazes: summary %+v: want 5 distinct valid mazes", s)
	}
	g, err := os.Open(pic)
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	if _, err := png.Decode(g); err != nil {
		t.Fatalf("PNG: %v", err)
	}
	if err := run([]string{"-algo", "eller", "-idx", idx}, io.Discard); err == nil {
		t.Fatal("-algo eller accepted")
	}
}
