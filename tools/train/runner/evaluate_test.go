package runner

import (
	"testing"

	"mirror/engine/data/maze"
	"mirror/engine/rng"
	"mirror/engine/train"
)

// Generated mazes score as valid and distinct; blank images do not.
func TestMazeEvaluator(t *testing.T) {
	const n, side = 6, 16
	g, err := maze.NewGenerator(maze.DFS, side)
	if err != nil {
		t.Fatal(err)
	}
	images := make([]float32, 2*n*side*side) // n mazes, then n blank images
	r := rng.New(1)
	for i := range n {
		g.Generate(images[i*side*side:(i+1)*side*side], r)
	}
	e, err := evaluatorFor(train.Config{Data: "mazes", MazeSize: side})
	if err != nil {
		t.Fatal(err)
	}
	names := e.names()
	got := func(values []float64, name string) float64 {
		for i, nm := range names {
			if nm == name {
				return values[i]
			}
		}
		t.Fatalf("no metric %s in %v", name, names)
		return 0
	}
	mazes := e.measure(images, n, side)
	if v, d := got(mazes, "maze_valid"), got(mazes, "maze_distinct"); v != 1 || d != n {
		t.Errorf("%d generated mazes: valid %v, distinct %v; want 1 and %d", n, v, d, n)
	}
	if nv := got(mazes, "maze_novel"); nv != float64(n) {
		t.Errorf("%d mazes from another stream than the pool: novel %v, want %d", n, nv, n)
	}
	pool, err := maze.NewPool(maze.Config{Side: side, Pool: n, Seed: 0})
	if err != nil {
		t.Fatal(err)
	}
	copies := e.measure(pool.Float32(), n, side)
	if v, nv := got(copies, "maze_valid"), got(copies, "maze_novel"); v != 1 || nv != 0 {
		t.Errorf("the first %d pool mazes: valid %v, novel %v; want 1 and 0 (copies)", n, v, nv)
	}
	half := e.measure(images, 2*n, side)
	if v := got(half, "maze_valid"); v != 0.5 {
		t.Errorf("mazes and blanks: valid %v, want 0.5", v)
	}
	if len(mazes) != len(names) {
		t.Errorf("%d values for %d names", len(mazes), len(names))
	}
}
