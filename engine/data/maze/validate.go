package maze

import (
	"fmt"
)

// Report is the validator's verdict on one image, with partial scores that
// say how close to a maze it is (the quality metric of a GAN trained on mazes).
type Report struct {
	Valid  bool   // a perfect maze of this family
	Reason string // the first rule broken, "" when valid

	Cells      int     // cells in the grid, (side/2)²
	OpenCells  int     // cells whose pixel is open; all of them in a maze
	WallErrors int     // open pixels that must be walls (odd row and column, last row, last column)
	Passages   int     // open passages between two open cells; Cells − 1 in a maze
	Components int     // connected regions of open cells through passages; 1 in a maze
	Connected  float64 // fraction of all cells reachable from the start cell (0, 0); 1 in a maze
	Loops      int     // independent loops, Passages − OpenCells + Components; 0 in a maze
	PathLength int     // pixel steps from start (0, 0) to exit (side−2, side−2) through passages; −1 without a path
}

// Validator checks images of one side, reusing its scratch: Check does not allocate.
type Validator struct {
	side, cells int
	open        []bool  // [cells²] cell pixel open
	passage     []bool  // [2 × cells²] passage to the right (2k) and below (2k+1), both cells open
	region      []int32 // [cells²] region number, −1 before it is found
	dist        []int32 // [cells²] cell steps from the start, −1 if unreached
	queue       []int32 // [cells²] breadth-first search queue
}

// NewValidator returns a validator for images of the given side.
func NewValidator(side int) (*Validator, error) {
	if err := CheckSide(side); err != nil {
		return nil, err
	}
	c := side / 2
	n := c * c
	return &Validator{
		side: side, cells: c,
		open: make([]bool, n), passage: make([]bool, 2*n),
		region: make([]int32, n), dist: make([]int32, n), queue: make([]int32, 0, n),
	}, nil
}

// Validate checks one image of the given side (see Validator.Check).
func Validate(img []float32, side int) Report {
	v, err := NewValidator(side)
	if err != nil {
		return Report{Reason: err.Error(), PathLength: -1}
	}
	return v.Check(img)
}

// Check thresholds img [side²] at 0.5 (open above) and reports whether it is a
// perfect maze: every cell open, every lattice wall in place, and the open
// passages a spanning tree of the cells, connected and without loops.
func (v *Validator) Check(img []float32) Report {
	s, c := v.side, v.cells
	rep := Report{Cells: c * c, PathLength: -1}
	if len(img) != s*s {
		rep.Reason = fmt.Sprintf("image has %d pixels: want %d×%d = %d", len(img), s, s, s*s)
		return rep
	}
	for y := 0; y < s; y++ {
		for x := 0; x < s; x++ {
			if img[y*s+x] > 0.5 && (y%2 == 1 && x%2 == 1 || y == s-1 || x == s-1) {
				rep.WallErrors++
			}
		}
	}
	for k := range v.open {
		v.open[k] = img[2*(k/c)*s+2*(k%c)] > 0.5
		if v.open[k] {
			rep.OpenCells++
		}
	}
	for k := range v.open {
		i, j := k/c, k%c
		p := 2*i*s + 2*j
		v.passage[2*k] = j < c-1 && img[p+1] > 0.5 && v.open[k] && v.open[k+1]
		v.passage[2*k+1] = i < c-1 && img[p+s] > 0.5 && v.open[k] && v.open[k+c]
		if v.passage[2*k] {
			rep.Passages++
		}
		if v.passage[2*k+1] {
			rep.Passages++
		}
	}

	for k := range v.region {
		v.region[k], v.dist[k] = -1, -1
	}
	for k := range v.open {
		if v.open[k] && v.region[k] < 0 {
			reached := v.search(k, int32(rep.Components))
			if k == 0 {
				rep.Connected = float64(reached) / float64(rep.Cells)
			}
			rep.Components++
		}
	}
	if exit := c*c - 1; v.region[exit] == 0 && v.open[0] {
		rep.PathLength = 2 * int(v.dist[exit])
	}
	rep.Loops = rep.Passages - rep.OpenCells + rep.Components

	switch {
	case rep.OpenCells < rep.Cells:
		rep.Reason = fmt.Sprintf("%d of %d cells are walls: want every cell (even row and column) open", rep.Cells-rep.OpenCells, rep.Cells)
	case rep.WallErrors > 0:
		rep.Reason = fmt.Sprintf("%d lattice pixels are open: want walls at odd (row, column) and in the last row and column", rep.WallErrors)
	case rep.Components > 1:
		rep.Reason = fmt.Sprintf("the cells form %d separate regions: want 1, all connected", rep.Components)
	case rep.Loops > 0:
		rep.Reason = fmt.Sprintf("the passages make %d loops: want none (a spanning tree)", rep.Loops)
	default:
		rep.Valid = true
	}
	return rep
}

// search labels the region of cell k breadth first and returns its size; the
// distances it records are from k, which matters only for the start's region.
func (v *Validator) search(k int, region int32) int {
	c := v.cells
	queue := append(v.queue[:0], int32(k))
	v.region[k], v.dist[k] = region, 0
	for head := 0; head < len(queue); head++ {
		a := int(queue[head])
		visit := func(b int) {
			if v.region[b] < 0 {
				v.region[b], v.dist[b] = region, v.dist[a]+1
				queue = append(queue, int32(b))
			}
		}
		if v.passage[2*a] {
			visit(a + 1)
		}
		if v.passage[2*a+1] {
			visit(a + c)
		}
		if a%c > 0 && v.passage[2*(a-1)] {
			visit(a - 1)
		}
		if a >= c && v.passage[2*(a-c)+1] {
			visit(a - c)
		}
	}
	v.queue = queue[:0]
	return len(queue)
}

// Summary condenses the reports of a batch of images.
type Summary struct {
	Mazes         int     // images checked
	Valid         float64 // fraction that are perfect mazes
	Connected     float64 // mean Connected
	WallErrorRate float64 // open pixels among those that must be walls, over all images
	PathFound     float64 // fraction with a path from start to exit
	Distinct      int     // distinct perfect mazes among them (mode collapse shows as few)
}

// Summarize checks images [n × side²] and condenses their reports.
func Summarize(images []float32, side int) (Summary, error) {
	v, err := NewValidator(side)
	if err != nil {
		return Summary{}, err
	}
	area := side * side
	if len(images)%area != 0 {
		return Summary{}, fmt.Errorf("maze summary: %d values is not a whole number of %d×%d images", len(images), side, side)
	}
	c := side / 2
	mustWall := c*c + 2*c // odd (row, col) pixels, and the even ones of the last row and column
	var sum Summary
	seen := make(map[string]bool)
	key := make([]byte, area)
	for off := 0; off < len(images); off += area {
		img := images[off : off+area]
		rep := v.Check(img)
		sum.Mazes++
		sum.Connected += rep.Connected
		sum.WallErrorRate += float64(rep.WallErrors)
		if rep.PathLength >= 0 {
			sum.PathFound++
		}
		if rep.Valid {
			sum.Valid++
			for i, x := range img {
				key[i] = 0
				if x > 0.5 {
					key[i] = 1
				}
			}
			seen[string(key)] = true
		}
	}
	if sum.Mazes > 0 {
		n := float64(sum.Mazes)
		sum.Valid /= n
		sum.Connected /= n
		sum.PathFound /= n
		sum.WallErrorRate /= n * float64(mustWall)
	}
	sum.Distinct = len(seen)
	return sum, nil
}
