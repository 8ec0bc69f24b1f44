// Package maze generates the maze images Mirror's GANs learn to draw, checks
// whether an image is a maze, and serves mazes as a training dataset.
//
// A maze of side s (even) is an s×s image of a (s/2)×(s/2) grid of cells: cell
// (i, j) is the pixel (2i, 2j); the pixel right of it, (2i, 2j+1), is the
// passage to cell (i, j+1) and the pixel below it, (2i+1, 2j), the passage to
// cell (i+1, j). Pixels at odd (row, col) and the last row and column are
// always walls. Pixel 0 is wall and 1 is open. A perfect maze opens every cell
// and the passages of a spanning tree, so exactly one path joins any two cells;
// the start (0, 0) and the exit (s−2, s−2) are implied, not marked. This is the
// family of the post's mazes (28×28, 14×14 cells, carved by depth-first
// search), without its exit marker of −1, which a Sigmoid generator cannot draw.
//
// Generators: DFS (recursive backtracker: long winding corridors, few dead
// ends), Kruskal and Prim (random minimum spanning trees: many short dead
// ends, Prim's radiating from its start), and Wilson (loop-erased random
// walks: a uniform spanning tree, between the two). Each is seeded and
// deterministic, and reuses its scratch, so generating allocates nothing.
//
// It leaves out: mazes with loops (braid mazes), non-square grids, and solving
// beyond the shortest path length the validator reports.
package maze

import (
	"fmt"
	"strings"

	"mirror/engine/rng"
)

// Algorithm selects a maze generator.
type Algorithm int

// The generators; the zero value is the post's.
const (
	DFS     Algorithm = iota // randomised depth-first search (recursive backtracker) from cell (0, 0)
	Kruskal                  // Kruskal's algorithm on randomly ordered passages
	Prim                     // randomised Prim's algorithm from a random cell
	Wilson                   // Wilson's algorithm: loop-erased random walks, a uniform spanning tree
)

var algorithmNames = [...]string{DFS: "dfs", Kruskal: "kruskal", Prim: "prim", Wilson: "wilson"}

// Algorithms lists every generator.
func Algorithms() []Algorithm { return []Algorithm{DFS, Kruskal, Prim, Wilson} }

// String returns the algorithm's name as ParseAlgorithm accepts it.
func (a Algorithm) String() string {
	if a < 0 || int(a) >= len(algorithmNames) {
		return fmt.Sprintf("Algorithm(%d)", int(a))
	}
	return algorithmNames[a]
}

// ParseAlgorithm returns the algorithm named name ("dfs", "kruskal", "prim", "wilson").
func ParseAlgorithm(name string) (Algorithm, error) {
	for a, n := range algorithmNames {
		if n == name {
			return Algorithm(a), nil
		}
	}
	return 0, fmt.Errorf("maze algorithm %q: want one of %s", name, strings.Join(algorithmNames[:], ", "))
}

// Sizes of a maze image.
const (
	DefaultSide = 28  // the post's mazes: 14×14 cells
	MinSide     = 4   // 2×2 cells
	MaxSide     = 256 // 128×128 cells
)

// CheckSide reports whether side is a valid maze side: even, MinSide..MaxSide.
func CheckSide(side int) error {
	if side < MinSide || side > MaxSide || side%2 != 0 {
		return fmt.Errorf("maze side %d: want an even number from %d to %d", side, MinSide, MaxSide)
	}
	return nil
}

// Generator carves mazes of one algorithm and side. Its scratch is sized at
// construction, so Generate never allocates. One Generator per goroutine.
type Generator struct {
	algo  Algorithm
	side  int
	cells int // cells per row, side/2

	// passage[2k] opens cell k to its right neighbour, passage[2k+1] to the one below.
	passage []bool // [2 × cells²]

	next   []int32 // [4 × cells²] next[4k+dir]: the cell in direction dir from cell k, −1 off the grid
	inTree []bool  // [cells²] cells already in the tree
	stack  []int32 // [cells²] DFS: the path from cell (0, 0) to the current cell
	edges  []int   // [2 × cells²] passage ids: Kruskal's shuffled list, Prim's frontier
	parent []int32 // [cells²] Kruskal's union-find forest
	walk   []int8  // [cells²] Wilson's last direction left from each cell
}

// NewGenerator returns a generator of algo's mazes of the given side.
func NewGenerator(algo Algorithm, side int) (*Generator, error) {
	if err := CheckSide(side); err != nil {
		return nil, err
	}
	if algo < 0 || int(algo) >= len(algorithmNames) {
		return nil, fmt.Errorf("maze algorithm %d: want 0..%d", int(algo), len(algorithmNames)-1)
	}
	c := side / 2
	n := c * c
	g := &Generator{
		algo: algo, side: side, cells: c,
		next:    make([]int32, 4*n),
		passage: make([]bool, 2*n),
		inTree:  make([]bool, n),
		stack:   make([]int32, 0, n),
		edges:   make([]int, 0, 2*n),
		parent:  make([]int32, n),
		walk:    make([]int8, n),
	}
	for k := range n {
		i, j := k/c, k%c
		for dir, ok := range [4]bool{up: i > 0, right: j < c-1, down: i < c-1, left: j > 0} {
			g.next[4*k+dir] = -1
			if ok {
				g.next[4*k+dir] = int32(k + [4]int{up: -c, right: 1, down: c, left: -1}[dir])
			}
		}
	}
	return g, nil
}

// Side returns the side of the generated images.
func (g *Generator) Side() int { return g.side }

// Algorithm returns the generator's algorithm.
func (g *Generator) Algorithm() Algorithm { return g.algo }

// Generate carves a maze with randomness from r and draws it into dst [side²]:
// 0 wall, 1 open.
func (g *Generator) Generate(dst []float32, r *rng.RNG) {
	g.carve(r)
	draw(g, dst, 1)
}

// GenerateLevels is Generate drawing walls as 0 and open pixels as open (255 for IDX files).
func (g *Generator) GenerateLevels(dst []uint8, open uint8, r *rng.RNG) {
	g.carve(r)
	draw(g, dst, open)
}

// draw clears dst [side²] to walls and opens the cells and carved passages.
func draw[T float32 | uint8](g *Generator, dst []T, open T) {
	c, s := g.cells, g.side
	dst = dst[:s*s]
	clear(dst)
	for i := 0; i < c; i++ {
		row := dst[2*i*s : 2*i*s+2*s]
		for j := 0; j < c; j++ {
			k := i*c + j
			row[2*j] = open
			if g.passage[2*k] {
				row[2*j+1] = open
			}
			if g.passage[2*k+1] {
				row[s+2*j] = open
			}
		}
	}
}

func (g *Generator) carve(r *rng.RNG) {
	clear(g.passage)
	clear(g.inTree)
	switch g.algo {
	case DFS:
		g.dfs(r)
	case Kruskal:
		g.kruskal(r)
	case Prim:
		g.prim(r)
	case Wilson:
		g.wilson(r)
	}
}

// Directions from a cell, and the cell each leads to.
const (
	up = iota
	right
	down
	left
)

// neighbour returns the cell in direction dir from cell k, or −1 off the grid.
func (g *Generator) neighbour(k, dir int) int { return int(g.next[4*k+dir]) }

// passageID returns the id of the passage between adjacent cells a and b.
func (g *Generator) passageID(a, b int) int {
	if a > b {
		a, b = b, a
	}
	if b == a+1 {
		return 2 * a
	}
	return 2*a + 1
}

// ends returns the two cells a passage joins.
func (g *Generator) ends(id int) (a, b int) {
	a = id / 2
	if id%2 == 0 {
		return a, a + 1
	}
	return a, a + g.cells
}

// dfs is the recursive backtracker, with an explicit stack: from the cell on
// top, step to a random unvisited neighbour, or backtrack when there is none.
func (g *Generator) dfs(r *rng.RNG) {
	stack := append(g.stack[:0], 0)
	g.inTree[0] = true
	var options [4]int
	for len(stack) > 0 {
		k := int(stack[len(stack)-1])
		n := 0
		for dir := up; dir <= left; dir++ {
			if nb := g.neighbour(k, dir); nb >= 0 && !g.inTree[nb] {
				options[n] = nb
				n++
			}
		}
		if n == 0 {
			stack = stack[:len(stack)-1]
			continue
		}
		nb := options[r.Intn(n)]
		g.passage[g.passageID(k, nb)] = true
		g.inTree[nb] = true
		stack = append(stack, int32(nb))
	}
	g.stack = stack[:0]
}

// kruskal opens passages in random order unless they would join two cells
// already connected (union-find with path halving).
func (g *Generator) kruskal(r *rng.RNG) {
	c := g.cells
	edges := g.edges[:0]
	for k := 0; k < c*c; k++ {
		if k%c < c-1 {
			edges = append(edges, 2*k)
		}
		if k < c*(c-1) {
			edges = append(edges, 2*k+1)
		}
		g.parent[k] = int32(k)
	}
	r.Shuffle(edges)
	left := c*c - 1
	for _, id := range edges {
		a, b := g.ends(id)
		ra, rb := g.root(a), g.root(b)
		if ra == rb {
			continue
		}
		g.parent[ra] = int32(rb)
		g.passage[id] = true
		if left--; left == 0 {
			break
		}
	}
	g.edges = edges[:0]
}

func (g *Generator) root(k int) int {
	for int(g.parent[k]) != k {
		g.parent[k] = g.parent[g.parent[k]]
		k = int(g.parent[k])
	}
	return k
}

// prim grows the tree from a random cell, each step opening a random passage
// from the frontier (passages from the tree to cells outside it).
func (g *Generator) prim(r *rng.RNG) {
	frontier := g.edges[:0]
	add := func(k int) {
		g.inTree[k] = true
		for dir := up; dir <= left; dir++ {
			if nb := g.neighbour(k, dir); nb >= 0 && !g.inTree[nb] {
				frontier = append(frontier, g.passageID(k, nb))
			}
		}
	}
	add(r.Intn(g.cells * g.cells))
	for len(frontier) > 0 {
		i := r.Intn(len(frontier))
		id := frontier[i]
		frontier[i] = frontier[len(frontier)-1]
		frontier = frontier[:len(frontier)-1]
		a, b := g.ends(id)
		if g.inTree[a] && g.inTree[b] {
			continue
		}
		g.passage[id] = true
		if g.inTree[a] {
			add(b)
		} else {
			add(a)
		}
	}
	g.edges = frontier[:0]
}

// wilson adds cells to the tree by random walks that stop on reaching it; the
// walk keeps only the last direction left from each cell, which erases its
// loops, and the loop-erased path joins the tree. The result is a uniformly
// random spanning tree.
func (g *Generator) wilson(r *rng.RNG) {
	n := g.cells * g.cells
	g.inTree[r.Intn(n)] = true
	for start := 0; start < n; start++ {
		for k := start; !g.inTree[k]; {
			dir := r.Intn(4)
			nb := g.neighbour(k, dir)
			if nb < 0 {
				continue
			}
			g.walk[k] = int8(dir)
			k = nb
		}
		for k := start; !g.inTree[k]; {
			nb := g.neighbour(k, int(g.walk[k]))
			g.passage[g.passageID(k, nb)] = true
			g.inTree[k] = true
			k = nb
		}
	}
}
