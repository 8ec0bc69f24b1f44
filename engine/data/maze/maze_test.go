package maze

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"mirror/engine/rng"
)

var sides = []int{4, 6, 16, 28, 32, 64}

func generate(t testing.TB, algo Algorithm, side int, seed uint64) []float32 {
	t.Helper()
	g, err := NewGenerator(algo, side)
	if err != nil {
		t.Fatal(err)
	}
	img := make([]float32, side*side)
	g.Generate(img, rng.New(seed))
	return img
}

func TestGeneratedMazesAreValid(t *testing.T) {
	for _, algo := range Algorithms() {
		for _, side := range sides {
			g, err := NewGenerator(algo, side)
			if err != nil {
				t.Fatal(err)
			}
			v, _ := NewValidator(side)
			img := make([]float32, side*side)
			levels := make([]uint8, side*side)
			r := rng.New(uint64(side))
			n := 20000 / side
			for k := 0; k < n; k++ {
				st := r.State()
				g.Generate(img, r)
				rep := v.Check(img)
				if !rep.Valid {
					t.Fatalf("%v side %d maze %d: %s\n%s", algo, side, k, rep.Reason, render(img, side))
				}
				c := side / 2
				if rep.Passages != c*c-1 || rep.Connected != 1 || rep.PathLength < 4*(c-1) || rep.PathLength%2 != 0 {
					t.Fatalf("%v side %d maze %d: report %+v: want %d passages, all connected, a path of even length ≥ %d", algo, side, k, rep, c*c-1, 4*(c-1))
				}
				r.SetState(st)
				g.GenerateLevels(levels, 255, r)
				for p := range img {
					if float32(levels[p])/255 != img[p] {
						t.Fatalf("%v side %d: GenerateLevels differs from Generate at pixel %d", algo, side, p)
					}
				}
			}
		}
	}
}

func TestGeneratorsAreSeeded(t *testing.T) {
	for _, algo := range Algorithms() {
		a, b, c := generate(t, algo, 28, 1), generate(t, algo, 28, 1), generate(t, algo, 28, 2)
		if !slices.Equal(a, b) {
			t.Errorf("%v: seed 1 gives two different mazes", algo)
		}
		if slices.Equal(a, c) {
			t.Errorf("%v: seeds 1 and 2 give the same maze", algo)
		}
	}
}

// TestTextures checks that the generators are not the same algorithm in
// disguise: the backtracker makes long corridors (few dead ends, long
// solutions), the spanning-tree algorithms many short dead ends.
func TestTextures(t *testing.T) {
	const side, n = 28, 300
	deadEnds := map[Algorithm]float64{}
	for _, algo := range Algorithms() {
		g, _ := NewGenerator(algo, side)
		img := make([]float32, side*side)
		r := rng.New(11)
		var ends, path float64
		for range n {
			g.Generate(img, r)
			ends += float64(countDeadEnds(img, side))
			path += float64(Validate(img, side).PathLength)
		}
		deadEnds[algo] = ends / n / 196
		t.Logf("%-8v dead ends %.3f of cells, mean path %.1f pixels", algo, ends/n/196, path/n)
	}
	if deadEnds[DFS] > 0.15 {
		t.Errorf("dfs: %.3f of cells are dead ends: want the backtracker's few (about 0.1)", deadEnds[DFS])
	}
	for _, algo := range []Algorithm{Kruskal, Prim, Wilson} {
		if deadEnds[algo] < 0.25 {
			t.Errorf("%v: %.3f of cells are dead ends: want many (about 0.3)", algo, deadEnds[algo])
		}
	}
	if deadEnds[Prim] < deadEnds[Kruskal]+0.01 {
		t.Errorf("prim %.3f dead ends vs kruskal %.3f: want Prim's bushier texture", deadEnds[Prim], deadEnds[Kruskal])
	}
}

// countDeadEnds counts cells with one open passage.
func countDeadEnds(img []float32, side int) int {
	n := 0
	for y := 0; y < side; y += 2 {
		for x := 0; x < side; x += 2 {
			exits := 0
			for _, d := range [][2]int{{0, 1}, {1, 0}, {0, -1}, {-1, 0}} {
				py, px := y+d[0], x+d[1]
				if py >= 0 && px >= 0 && py < side && px < side && img[py*side+px] > 0.5 {
					exits++
				}
			}
			if exits == 1 {
				n++
			}
		}
	}
	return n
}

// TestWilsonIsUniform draws 3×3-cell mazes: the grid has 192 spanning trees,
// and Wilson's algorithm must give each the same chance.
func TestWilsonIsUniform(t *testing.T) {
	const side, trees, perTree = 6, 192, 400
	g, _ := NewGenerator(Wilson, side)
	img := make([]float32, side*side)
	r := rng.New(5)
	count := map[string]int{}
	for range trees * perTree {
		g.Generate(img, r)
		count[fmt.Sprint(img)]++
	}
	if len(count) != trees {
		t.Fatalf("%d distinct mazes: want all %d spanning trees", len(count), trees)
	}
	for _, c := range count {
		if c < perTree*3/4 || c > perTree*5/4 { // ±25% is over 5 standard deviations (√400 = 20)
			t.Fatalf("a spanning tree came %d times: want %d ± 25%%", c, perTree)
		}
	}
}

func TestNewGeneratorRejects(t *testing.T) {
	for _, side := range []int{0, 2, 27, 258} {
		if _, err := NewGenerator(DFS, side); err == nil || !strings.Contains(err.Error(), "want an even number") {
			t.Errorf("side %d: error %v", side, err)
		}
	}
	if _, err := NewGenerator(Algorithm(9), 28); err == nil {
		t.Error("algorithm 9 accepted")
	}
	for _, a := range Algorithms() {
		if b, err := ParseAlgorithm(a.String()); err != nil || b != a {
			t.Errorf("ParseAlgorithm(%q) = %v, %v", a.String(), b, err)
		}
	}
	if _, err := ParseAlgorithm("eller"); err == nil {
		t.Error(`ParseAlgorithm("eller") accepted`)
	}
}

func TestGenerateDoesNotAllocate(t *testing.T) {
	for _, algo := range Algorithms() {
		g, _ := NewGenerator(algo, 28)
		img := make([]float32, 28*28)
		r := rng.New(1)
		if allocs := testing.AllocsPerRun(50, func() { g.Generate(img, r) }); allocs != 0 {
			t.Errorf("%v: Generate allocates %v times: want 0", algo, allocs)
		}
	}
}

// render draws an image as text, # for walls, for failure messages.
func render(img []float32, side int) string {
	var b strings.Builder
	for y := 0; y < side; y++ {
		for x := 0; x < side; x++ {
			if img[y*side+x] > 0.5 {
				b.WriteByte('.')
			} else {
				b.WriteByte('#')
			}
		}
		b.WriteByte('\n')
	}
	return b.String()
}

func BenchmarkGenerate(b *testing.B) {
	for _, side := range []int{28, 64} {
		for _, algo := range Algorithms() {
			b.Run(fmt.Sprintf("%v-%d", algo, side), func(b *testing.B) {
				g, _ := NewGenerator(algo, side)
				img := make([]float32, side*side)
				r := rng.New(1)
				for b.Loop() {
					g.Generate(img, r)
				}
				b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "mazes/s")
			})
		}
	}
}

func Example() {
	g, err := NewGenerator(DFS, 8) // 4×4 cells
	if err != nil {
		panic(err)
	}
	img := make([]float32, 8*8) // [side²], 0 wall, 1 open
	g.Generate(img, rng.New(1))
	rep := Validate(img, 8)
	fmt.Println(rep.Valid, rep.Passages, rep.Connected)
	// Output: true 15 1
}
