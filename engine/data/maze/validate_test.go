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

// TestValidateAgainstReference damages mazes at random (passage pixels
// flipped, cells closed) and compares the validator's scores with plain
// references: a breadth-first search over open pixels for the path length,
// and union-find over the cells for regions and loops.
func TestValidateAgainstReference(t *testing.T) {
	const side = 16
	c := side / 2
	v, _ := NewValidator(side)
	r := rng.New(77)
	for _, algo := range Algorithms() {
		g, _ := NewGenerator(algo, side)
		img := make([]float32, side*side)
		for trial := range 500 {
			g.Generate(img, r)
			for range trial % 6 {
				y, x := 2*r.Intn(c), 2*r.Intn(c) // a cell; flip it or a passage beside it
				switch r.Intn(3) {
				case 0:
					img[y*side+x] = 0
				case 1:
					if x+1 < side-1 {
						img[y*side+x+1] = 1 - img[y*side+x+1]
					}
				case 2:
					if y+1 < side-1 {
						img[(y+1)*side+x] = 1 - img[(y+1)*side+x]
					}
				}
			}
			rep := v.Check(img)
			if want := pixelPath(img, side); rep.PathLength != want {
				t.Fatalf("%v trial %d: path length %d, pixel search %d\n%s", algo, trial, rep.PathLength, want, render(img, side))
			}
			regions, loops := unionFind(img, side)
			if rep.Components != regions || rep.Loops != loops {
				t.Fatalf("%v trial %d: %d regions %d loops, union-find %d and %d\n%s", algo, trial, rep.Components, rep.Loops, regions, loops, render(img, side))
			}
		}
	}
}

// pixelPath is the reference path length: breadth-first search over open pixels.
func pixelPath(img []float32, side int) int {
	dist := slices.Repeat([]int{-1}, side*side)
	if img[0] <= 0.5 {
		return -1
	}
	dist[0] = 0
	queue := []int{0}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		y, x := p/side, p%side
		for _, d := range [][2]int{{0, 1}, {1, 0}, {0, -1}, {-1, 0}} {
			ny, nx := y+d[0], x+d[1]
			if q := ny*side + nx; ny >= 0 && nx >= 0 && ny < side && nx < side && img[q] > 0.5 && dist[q] < 0 {
				dist[q] = dist[p] + 1
				queue = append(queue, q)
			}
		}
	}
	return dist[(side-2)*side+side-2]
}

// unionFind is the reference count of regions of open cells and of loops:
// a passage joining two cells already joined closes a loop.
func unionFind(img []float32, side int) (regions, loops int) {
	c := side / 2
	parent := make([]int, c*c)
	for k := range parent {
		parent[k] = k
	}
	var root func(int) int
	root = func(k int) int {
		if parent[k] != k {
			parent[k] = root(parent[k])
		}
		return parent[k]
	}
	open := func(i, j int) bool { return img[2*i*side+2*j] > 0.5 }
	for i := range c {
		for j := range c {
			if open(i, j) {
				regions++
			}
		}
	}
	join := func(a, b int) {
		if ra, rb := root(a), root(b); ra == rb {
			loops++
		} else {
			parent[ra] = rb
			regions--
		}
	}
	for i := range c {
		for j := range c {
			if !open(i, j) {
				continue
			}
			if j+1 < c && open(i, j+1) && img[2*i*side+2*j+1] > 0.5 {
				join(i*c+j, i*c+j+1)
			}
			if i+1 < c && open(i+1, j) && img[(2*i+1)*side+2*j] > 0.5 {
				join(i*c+j, (i+1)*c+j)
			}
		}
	}
	return regions, loops
}
