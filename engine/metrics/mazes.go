package metrics

import (
	"fmt"

	"mirror/engine/data/maze"
)

// MazeStats is what the Mazes meter reports on a batch of generated mazes,
// each image thresholded at 0.5 (open above) as the validator does.
type MazeStats struct {
	Mazes         int     // images checked
	Valid         float64 // share that are perfect mazes (maze.Report.Valid)
	Connected     float64 // mean share of cells reachable from the start cell (maze.Report.Connected)
	WallErrorRate float64 // open pixels among the pixels that must be walls, over all images: 0 … 1
	PathFound     float64 // share with a path from the start cell to the exit
	Distinct      int     // distinct valid mazes; mode collapse shows as Distinct ≪ Valid·Mazes
	Novel         int     // distinct valid mazes not in the training pool (see SetTraining); −1 without one
}

// Mazes is the maze meter: the maze validator's verdicts condensed over a
// batch. Valid mazes are told apart by a 64-bit FNV-1a hash of their
// thresholded pixels (a false match needs a hash collision, about one in
// 10¹⁵ for a batch of 1,000). It reuses its validator and hash set, so
// Measure allocates nothing once the set has grown to the batch size. It is
// not safe for concurrent use.
type Mazes struct {
	side      int
	validator *maze.Validator
	mustWall  int                 // pixels of an image that must be walls
	seen      map[uint64]struct{} // hashes of the valid mazes of the current batch
	training  map[uint64]struct{} // hashes of the training pool's mazes, or nil
}

// SetTraining gives the meter the training pool images [n × side²], so that
// Measure can tell generated mazes that copy a training maze from new ones:
// a GAN on a small pool can reach valid mazes by memorising a few of them.
func (m *Mazes) SetTraining(images []float32, n int) {
	area := m.side * m.side
	if n < 0 || len(images) < n*area {
		panic(fmt.Sprintf("metrics: Mazes.SetTraining of %d values as %d images of %d×%d", len(images), n, m.side, m.side))
	}
	m.training = make(map[uint64]struct{}, n)
	for i := range n {
		m.training[thresholdHash(images[i*area:(i+1)*area])] = struct{}{}
	}
}

// NewMazes returns the meter for mazes of the given side (even, maze.MinSide..maze.MaxSide).
func NewMazes(side int) (*Mazes, error) {
	v, err := maze.NewValidator(side)
	if err != nil {
		return nil, fmt.Errorf("metrics: %w", err)
	}
	// The validator's lattice rule: walls at odd (row, column) and all along
	// the last row and column.
	mustWall := 0
	for y := range side {
		for x := range side {
			if y%2 == 1 && x%2 == 1 || y == side-1 || x == side-1 {
				mustWall++
			}
		}
	}
	return &Mazes{side: side, validator: v, mustWall: mustWall, seen: make(map[uint64]struct{})}, nil
}

// Side returns the side of the images the meter checks.
func (m *Mazes) Side() int { return m.side }

// Measure checks the n ≥ 1 images [n × side²]. It panics on n < 1 or a short
// buffer: both are bugs in the caller.
func (m *Mazes) Measure(images []float32, n int) MazeStats {
	area := m.side * m.side
	if n < 1 || len(images) < n*area {
		panic(fmt.Sprintf("metrics: Mazes.Measure of %d values as %d images of %d×%d: want n ≥ 1 and n × %d values",
			len(images), n, m.side, m.side, area))
	}
	st := MazeStats{Mazes: n}
	clear(m.seen)
	var wallErrors int
	for i := range n {
		img := images[i*area : (i+1)*area]
		rep := m.validator.Check(img)
		st.Connected += rep.Connected
		wallErrors += rep.WallErrors
		if rep.PathLength >= 0 {
			st.PathFound++
		}
		if rep.Valid {
			st.Valid++
			m.seen[thresholdHash(img)] = struct{}{}
		}
	}
	st.Valid /= float64(n)
	st.Connected /= float64(n)
	st.PathFound /= float64(n)
	st.WallErrorRate = float64(wallErrors) / float64(n*m.mustWall)
	st.Distinct = len(m.seen)
	st.Novel = -1
	if m.training != nil {
		st.Novel = 0
		for h := range m.seen {
			if _, copied := m.training[h]; !copied {
				st.Novel++
			}
		}
	}
	return st
}

// thresholdHash is the 64-bit FNV-1a hash of img thresholded at 0.5, one
// byte (0 or 1) per pixel.
func thresholdHash(img []float32) uint64 {
	const offset, prime = 14695981039346656037, 1099511628211
	h := uint64(offset)
	for _, x := range img {
		var bit uint64
		if x > 0.5 {
			bit = 1
		}
		h = (h ^ bit) * prime
	}
	return h
}
