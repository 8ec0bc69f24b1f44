package maze

import (
	"slices"
	"strings"
	"testing"

	"mirror/engine/rng"
)

// parse reads a maze drawn as text: '.' open, anything else wall.
func parse(rows ...string) ([]float32, int) {
	side := len(rows)
	img := make([]float32, side*side)
	for y, row := range rows {
		for x, ch := range row {
			if ch == '.' {
				img[y*side+x] = 1
			}
		}
	}
	return img, side
}

func TestValidateSmall(t *testing.T) {
	// 3×3 cells; the only path from start to exit winds through all of them.
	img, side := parse(
		".....#",
		"####.#",
		".....#",
		".#####",
		".....#",
		"######",
	)
	rep := Validate(img, side)
	if !rep.Valid || rep.PathLength != 16 || rep.Passages != 8 || rep.Components != 1 || rep.Loops != 0 {
		t.Fatalf("report %+v: want a valid maze with path length 16 (8 cell steps)", rep)
	}
}

func TestValidateRejects(t *testing.T) {
	cases := []struct {
		name   string
		rows   []string
		reason string
		check  func(Report) bool
	}{
		{"loop", []string{
			".....#",
			".###.#",
			".....#",
			".#####",
			".....#",
			"######",
		}, "loops", func(r Report) bool { return r.Loops == 1 && r.Passages == 9 && r.Connected == 1 }},
		{"lattice wall removed", []string{
			".....#",
			"###..#",
			".....#",
			".#####",
			".....#",
			"######",
		}, "lattice", func(r Report) bool { return r.WallErrors == 1 }},
		{"last column open", []string{
			"......",
			"####.#",
			".....#",
			".#####",
			".....#",
			"######",
		}, "lattice", func(r Report) bool { return r.WallErrors == 1 }},
		{"region cut off", []string{
			".....#",
			"####.#",
			".....#",
			"######",
			".....#",
			"######",
		}, "regions", func(r Report) bool {
			return r.Components == 2 && r.Connected == 6.0/9 && r.PathLength == -1 && r.Loops == 0
		}},
		{"cell closed", []string{
			".....#",
			"####.#",
			".....#",
			".#####",
			"..#..#",
			"######",
		}, "cells are walls", func(r Report) bool { return r.OpenCells == 8 && r.PathLength == -1 }},
		{"blank", []string{
			"######", "######", "######", "######", "######", "######",
		}, "9 of 9 cells", func(r Report) bool { return r.Connected == 0 && r.Components == 0 && r.PathLength == -1 }},
	}
	for _, c := range cases {
		img, side := parse(c.rows...)
		rep := Validate(img, side)
		if rep.Valid || !strings.Contains(rep.Reason, c.reason) || !c.check(rep) {
			t.Errorf("%s: report %+v: want invalid with a reason about %q", c.name, rep, c.reason)
		}
	}
	if rep := Validate(make([]float32, 10), 6); rep.Valid || !strings.Contains(rep.Reason, "want 6×6") {
		t.Errorf("short image: report %+v", rep)
	}
	if rep := Validate(make([]float32, 49), 7); rep.Valid || !strings.Contains(rep.Reason, "even") {
		t.Errorf("odd side: report %+v", rep)
	}
}

// TestValidateRejectsDamagedMazes damages generated mazes of every algorithm
// and size in the three ways a GAN might: an extra passage (a loop), an open
// lattice pixel, a passage closed (a region cut off).
func TestValidateRejectsDamagedMazes(t *testing.T) {
	for _, algo := range Algorithms() {
		for _, side := range sides {
			g, _ := NewGenerator(algo, side)
			v, _ := NewValidator(side)
			img := make([]float32, side*side)
			r := rng.New(uint64(side) + 100)
			for range 2000 / side {
				g.Generate(img, r)
				var closed, open, lattice []int // closed passages, open passages, lattice pixels
				for y := 0; y < side; y++ {
					for x := 0; x < side; x++ {
						p := y*side + x
						switch {
						case y%2 == 1 && x%2 == 1 || y == side-1 || x == side-1:
							lattice = append(lattice, p)
						case (y+x)%2 == 1 && img[p] == 1:
							open = append(open, p)
						case (y+x)%2 == 1:
							closed = append(closed, p)
						}
					}
				}
				for _, d := range []struct {
					name, reason string
					pixels       []int
					value        float32
				}{
					{"loop added", "loops", closed, 1},
					{"lattice wall removed", "lattice", lattice, 1},
					{"region cut off", "regions", open, 0},
				} {
					bad := slices.Clone(img)
					bad[d.pixels[r.Intn(len(d.pixels))]] = d.value
					if rep := v.Check(bad); rep.Valid || !strings.Contains(rep.Reason, d.reason) {
						t.Fatalf("%v side %d, %s: report %+v", algo, side, d.name, rep)
					}
				}
			}
		}
	}
}

func TestValidatorDoesNotAllocate(t *testing.T) {
	img := generate(t, DFS, 28, 1)
	v, _ := NewValidator(28)
	if allocs := testing.AllocsPerRun(50, func() { v.Check(img) }); allocs != 0 {
		t.Fatalf("Check allocates %v times: want 0", allocs)
	}
}

func TestSummarize(t *testing.T) {
	const side = 28
	var batch []float32
	a := generate(t, DFS, side, 1)
	b := generate(t, Wilson, side, 1)
	blank := make([]float32, side*side)
	batch = append(batch, a...)
	batch = append(batch, a...)
	batch = append(batch, b...)
	batch = append(batch, blank...)
	s, err := Summarize(batch, side)
	if err != nil {
		t.Fatal(err)
	}
	if s.Mazes != 4 || s.Valid != 0.75 || s.Distinct != 2 || s.Connected != 0.75 || s.PathFound != 0.75 || s.WallErrorRate != 0 {
		t.Fatalf("summary %+v: want 4 mazes, 3/4 valid, 2 distinct, no wall errors", s)
	}
	white := slices.Repeat([]float32{1}, side*side)
	if s, _ := Summarize(white, side); s.WallErrorRate != 1 || s.Valid != 0 {
		t.Fatalf("all-white image: summary %+v: want every lattice pixel an error", s)
	}
	if _, err := Summarize(batch[1:], side); err == nil {
		t.Fatal("a partial image summarised without error")
	}
}

func BenchmarkValidate(b *testing.B) {
	img := generate(b, DFS, 28, 1)
	v, _ := NewValidator(28)
	for b.Loop() {
		v.Check(img)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "mazes/s")
}
