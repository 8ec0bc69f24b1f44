package metrics

import (
	"fmt"
	"math"
	"testing"

	"mirror/engine/data/maze"
	"mirror/engine/rng"
)

// generateMazes returns n mazes of the post's family [n × side²].
func generateMazes(t testing.TB, algo maze.Algorithm, side, n int, seed uint64) []float32 {
	t.Helper()
	g, err := maze.NewGenerator(algo, side)
	if err != nil {
		t.Fatal(err)
	}
	r := rng.New(seed)
	x := make([]float32, n*side*side)
	for i := range n {
		g.Generate(x[i*side*side:], r)
	}
	return x
}

func newMazes(t testing.TB, side int) *Mazes {
	t.Helper()
	m, err := NewMazes(side)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestMazesOnRealMazes(t *testing.T) {
	const side, n = 28, 100
	m := newMazes(t, side)
	for _, algo := range maze.Algorithms() {
		st := m.Measure(generateMazes(t, algo, side, n, 1), n)
		if want := (MazeStats{Mazes: n, Valid: 1, Connected: 1, WallErrorRate: 0, PathFound: 1, Distinct: n, Novel: -1}); st != want {
			t.Errorf("%d %v mazes: %+v: want %+v", n, algo, st, want)
		}
	}
}

// Copies of one maze are valid but one distinct maze: mode collapse.
func TestMazesCopiesAreOneDistinct(t *testing.T) {
	const side, n = 28, 50
	one := generateMazes(t, maze.DFS, side, 1, 2)
	x := make([]float32, n*side*side)
	for i := range n {
		copy(x[i*side*side:], one)
	}
	if st := newMazes(t, side).Measure(x, n); st.Valid != 1 || st.Distinct != 1 {
		t.Errorf("%d copies of one maze: %+v: want all valid and 1 distinct", n, st)
	}
}

// Grey noise just above the threshold opens everything: no maze, every
// lattice pixel a wall error, every cell connected through loops.
func TestMazesOnOpenPage(t *testing.T) {
	const side, n = 28, 10
	x := make([]float32, n*side*side)
	for i := range x {
		x[i] = 0.6
	}
	st := newMazes(t, side).Measure(x, n)
	if st.Valid != 0 || st.Distinct != 0 || st.WallErrorRate != 1 || st.Connected != 1 {
		t.Errorf("open pages: %+v: want none valid, none distinct, wall error rate 1, connected 1", st)
	}
}

// One open lattice pixel in one of four mazes: a quarter invalid, and one wall
// error among 4 × 224 pixels that must be walls (196 at odd row and column,
// and the 14 even ones of each of the last row and the last column).
func TestMazesWallError(t *testing.T) {
	const side, n = 28, 4
	x := generateMazes(t, maze.Kruskal, side, n, 3)
	x[side*side+1*side+1] = 1 // image 1, pixel (1, 1)
	st := newMazes(t, side).Measure(x, n)
	if st.Valid != 0.75 || st.Distinct != 3 || st.WallErrorRate != 1.0/(4*224) {
		t.Errorf("%+v: want valid 0.75, 3 distinct, wall error rate 1/896", st)
	}
}

func TestMazesAgreesWithSummarize(t *testing.T) {
	const side, n = 16, 200
	x := generateMazes(t, maze.Wilson, side, n, 4)
	r := rng.New(5)
	for i := range x {
		if r.Intn(400) == 0 {
			x[i] = 1 - x[i] // break a few mazes
		}
	}
	got := newMazes(t, side).Measure(x, n)
	want, err := maze.Summarize(x, side)
	if err != nil {
		t.Fatal(err)
	}
	if got.Valid != want.Valid || got.Connected != want.Connected || got.PathFound != want.PathFound || got.Distinct != want.Distinct ||
		math.Abs(got.WallErrorRate-want.WallErrorRate) > 1e-15 {
		t.Errorf("Measure %+v: want maze.Summarize's %+v ", got, want)
	}
	if got.Valid == 1 || got.Valid == 0 {
		t.Errorf("valid share %v: the test wants a mix of valid and broken mazes", got.Valid)
	}
}

func TestMazesMeasureDoesNotAllocate(t *testing.T) {
	const side, n = 28, 256
	m := newMazes(t, side)
	x := generateMazes(t, maze.Prim, side, n, 6)
	m.Measure(x, n)
	if allocs := testing.AllocsPerRun(5, func() { m.Measure(x, n) }); allocs != 0 {
		t.Errorf("Measure of %d mazes allocates %v times: want 0", n, allocs)
	}
}

func TestNewMazesRejectsOddSide(t *testing.T) {
	if _, err := NewMazes(27); err == nil {
		t.Error("NewMazes(27): want an error (maze sides are even)")
	}
}

func BenchmarkMazesMeasure(b *testing.B) {
	const side = 28
	m := newMazes(b, side)
	for _, n := range []int{64, 1000} {
		x := generateMazes(b, maze.DFS, side, n, 7)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				m.Measure(x, n)
			}
		})
	}
}

// Four mazes, one of them drawn twice: all valid, three distinct.
func ExampleMazes() {
	const side = 28
	gen, err := maze.NewGenerator(maze.DFS, side)
	if err != nil {
		panic(err)
	}
	r := rng.New(1)
	images := make([]float32, 4*side*side) // [4 × side²]
	for i := range 3 {
		gen.Generate(images[i*side*side:], r)
	}
	copy(images[3*side*side:], images[:side*side])

	meter, err := NewMazes(side)
	if err != nil {
		panic(err)
	}
	st := meter.Measure(images, 4)
	fmt.Printf("valid %.2f, connected %.2f, wall errors %.2f, %d distinct\n", st.Valid, st.Connected, st.WallErrorRate, st.Distinct)
	// Output: valid 1.00, connected 1.00, wall errors 0.00, 3 distinct
}

// With the training pool known, copies of pool mazes are told from new ones.
func TestMazesCountsNovelMazes(t *testing.T) {
	const side = 16
	pool := generateMazes(t, maze.DFS, side, 10, 3)
	fresh := generateMazes(t, maze.DFS, side, 4, 4)
	area := side * side
	// Samples: pool mazes 0, 1, 1 and two fresh ones.
	x := append(append(append([]float32{}, pool[:2*area]...), pool[area:2*area]...), fresh[:2*area]...)
	m := newMazes(t, side)
	if st := m.Measure(x, 5); st.Novel != -1 || st.Distinct != 4 {
		t.Fatalf("without a training pool: %+v, want Novel −1 and 4 distinct", st)
	}
	m.SetTraining(pool, 10)
	if st := m.Measure(x, 5); st.Novel != 2 || st.Distinct != 4 || st.Valid != 1 {
		t.Fatalf("with the pool: %+v, want 4 distinct of which 2 novel", st)
	}
}
