package playground

import (
	"math"
	"testing"
)

func TestGridFill(t *testing.T) {
	g := NewGrid(3, 2, 2, 1) // 2 columns, 2 rows of 2×2 images, 1 pixel gaps
	if g.W != 5 || g.H != 5 {
		t.Fatalf("mosaic %d×%d, want 5×5", g.W, g.H)
	}
	images := []float32{0, 1, 0.5, 2, 1, 1, 1, 1, -1, float32(math.NaN()), 0, 0}
	gray := make([]byte, 12)
	g.Fill(images, gray)
	if want := []byte{0, 255, 128, 255, 255, 255, 255, 255, 0, 0, 0, 0}; string(gray) != string(want) {
		t.Fatalf("gray %v, want %v", gray, want)
	}
	at := func(x, y int) byte { return g.Pix[(y*g.W+x)*4] }
	if at(1, 0) != 255 || at(0, 1) != 128 || at(3, 0) != 255 || at(2, 0) != 24 {
		t.Fatalf("pixels misplaced: %v", g.Pix)
	}
}

func TestFitKeepsAspect(t *testing.T) {
	s, x, y := Fit(200, 100, Rect{10, 10, 100, 100})
	if s != 0.5 || x != 10 || y != 35 {
		t.Fatalf("Fit = %v %v %v, want 0.5 10 35", s, x, y)
	}
}

func TestScale(t *testing.T) {
	p := Scale("loss", Rect{0, 0, 100, 50}, []Series{{Name: "a", Values: []float64{0, 1, math.NaN(), 2}}})
	if p.Min >= 0 || p.Max <= 2 {
		t.Fatalf("range [%v, %v] should pad [0, 2]", p.Min, p.Max)
	}
	line := p.Lines[0]
	if len(line) != 3 {
		t.Fatalf("NaN should be skipped: %v", line)
	}
	if line[0].X != 0 || line[2].X != 100 || line[0].Y <= line[2].Y {
		t.Fatalf("first point should be bottom left, last top right: %v", line)
	}
	long := make([]float64, 10000)
	for i := range long {
		long[i] = float64(i)
	}
	if p := Scale("", Rect{0, 0, 100, 50}, []Series{{Values: long}}); len(p.Lines[0]) != 100 {
		t.Fatalf("10000 values in 100 columns: %d points", len(p.Lines[0]))
	}
	if p := Scale("", Rect{0, 0, 100, 50}, []Series{{Values: []float64{3, 3}}}); !(p.Min < 3 && p.Max > 3) {
		t.Fatalf("a flat series gets a range around it: [%v, %v]", p.Min, p.Max)
	}
}

func TestScaleBars(t *testing.T) {
	b := ScaleBars("classes", Rect{0, 0, 100, 114}, []float64{0, 1, 0.5, 2}, nil)
	if b.Bars[0].H != 0 || b.Bars[1].H != 100 || b.Bars[2].H != 50 || b.Bars[3].H != 100 {
		t.Fatalf("bar heights %v", b.Bars)
	}
}

func TestLayoutsFitTheCanvas(t *testing.T) {
	for _, tc := range []struct {
		compact bool
		aspect  float64
	}{{false, 0.1}, {false, 0.85}, {false, 3}, {true, 0.5}, {true, 0.7}} {
		compact := tc.compact
		l := NewLayout(compact, tc.aspect)
		if l.H < 300 {
			t.Errorf("layout %+v too flat", l)
		}
		for _, r := range append([]Rect{l.Images, l.Meter, l.Status}, l.Charts...) {
			if r.X < 0 || r.Y < 0 || r.X+r.W > float32(l.W) || r.Y+r.H > float32(l.H) {
				t.Errorf("compact %v: %v outside %d×%d", compact, r, l.W, l.H)
			}
		}
	}
}

func TestNarrowCanvasGetsTheCompactLayout(t *testing.T) {
	w, _ := newTestWorld(t, "")
	w.Resize(1200, 700)
	if w.Layout.Compact {
		t.Fatal("a wide canvas should get the full layout")
	}
	w.Resize(390, 300)
	if !w.Layout.Compact || len(w.Plots) != 1 {
		t.Fatalf("a narrow canvas should get the compact layout: %+v, %d plots", w.Layout, len(w.Plots))
	}
}
