package runner

import (
	"bytes"
	"math"
	"testing"

	"mirror/engine/data"
)

func TestLevelRounds(t *testing.T) {
	for _, tc := range []struct {
		x    float32
		want uint8
	}{
		{0, 0}, {1, 255}, {0.5, 128}, // 127.5 rounds half away from zero
		{1.0 / 255, 1}, {0.4 / 255, 0}, {0.6 / 255, 1}, {254.4 / 255, 254},
		{-0.2, 0}, {1.3, 255}, {float32(math.NaN()), 0},
	} {
		if got := Level(tc.x); got != tc.want {
			t.Errorf("Level(%v) = %d, want %d", tc.x, got, tc.want)
		}
	}
}

func TestWriteIDX(t *testing.T) {
	const n, side = 2, 2
	images := []float32{0, 0.5, 1, 0.2, 0.004, 0.996, 0.1, 0.8}
	var buf bytes.Buffer
	if err := WriteIDX(&buf, images, n, side); err != nil {
		t.Fatal(err)
	}
	want := []byte{
		0, 0, 0x08, 3, // unsigned bytes, 3 dimensions
		0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 2, // n, rows, cols, big-endian
		0, 128, 255, 51, 1, 254, 26, 204, // round(255·x)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Fatalf("IDX bytes\n got % x\nwant % x", buf.Bytes(), want)
	}
	dims, values, err := data.ReadIDX(&buf)
	if err != nil || len(dims) != 3 || dims[0] != n || len(values) != n*side*side {
		t.Errorf("ReadIDX gives dims %v, %d values, %v", dims, len(values), err)
	}
}

func TestGrid(t *testing.T) {
	// Two 2×2 images side by side at scale 1: a grey gap of 1 around each.
	images := []float32{0, 1, 1, 0, 1, 1, 1, 1}
	g := Grid(images, 2, 2, 2, 1)
	if b := g.Bounds(); b.Dx() != 7 || b.Dy() != 4 {
		t.Fatalf("grid is %v, want 7×4", b)
	}
	want := [][]uint8{
		{128, 128, 128, 128, 128, 128, 128},
		{128, 0, 255, 128, 255, 255, 128},
		{128, 255, 0, 128, 255, 255, 128},
		{128, 128, 128, 128, 128, 128, 128},
	}
	for y, row := range want {
		for x, v := range row {
			if got := g.GrayAt(x, y).Y; got != v {
				t.Errorf("pixel (%d,%d) = %d, want %d", x, y, got, v)
			}
		}
	}
}
