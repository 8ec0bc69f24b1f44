package runner

import (
	"fmt"

	"mirror/engine/data/maze"
	"mirror/engine/metrics"
	"mirror/engine/train"
)

// evaluator measures a set of generated samples; which metrics depends on
// the data: the digit meter for MNIST, the validator's summary for mazes.
type evaluator interface {
	names() []string
	measure(samples []float32, n, side int) []float64 // [len(names())]
}

// evaluatorFor returns the sample metrics of cfg's data.
func evaluatorFor(cfg train.Config) (evaluator, error) {
	switch cfg.Data {
	case "mnist":
		d, err := metrics.LoadDigits() // one meter per run: Measure reuses its buffers
		if err != nil {
			return nil, fmt.Errorf("digit meter: %w", err)
		}
		return digitEvaluator{d}, nil
	case "mazes":
		return newMazeEvaluator(cfg)
	}
	return nil, fmt.Errorf("data %q: no sample metrics", cfg.Data)
}

type digitEvaluator struct{ d *metrics.Digits }

// digitShare is the column prefix of the classifier's histogram.
const digitShare = "share_"

func (digitEvaluator) names() []string {
	names := []string{"digits_covered", "digit_entropy", "digit_confidence", "frechet"}
	for k := range metrics.Classes {
		names = append(names, fmt.Sprintf("%s%d", digitShare, k))
	}
	return names
}

func (e digitEvaluator) measure(samples []float32, n, _ int) []float64 {
	st := e.d.Measure(samples, n)
	return append([]float64{float64(st.Covered), st.Entropy, st.Confidence, st.Frechet}, st.Histogram[:]...)
}

// mazeEvaluator is the maze meter; with a fixed pool it also counts the
// valid mazes that are not copies of a training maze (maze_novel; −1 for
// fresh mazes, where every maze is new).
type mazeEvaluator struct{ m *metrics.Mazes }

func newMazeEvaluator(cfg train.Config) (evaluator, error) {
	cfg = cfg.Resolved()
	m, err := metrics.NewMazes(cfg.MazeSize)
	if err != nil {
		return nil, err
	}
	if !cfg.MazeFresh {
		algo, err := maze.ParseAlgorithm(cfg.MazeAlgo)
		if err != nil {
			return nil, err
		}
		pool, err := maze.NewPool(maze.Config{Algorithm: algo, Side: cfg.MazeSize, Pool: cfg.MazePool, Seed: cfg.Seed})
		if err != nil {
			return nil, err
		}
		m.SetTraining(pool.Float32(), pool.Len())
	}
	return mazeEvaluator{m}, nil
}

func (mazeEvaluator) names() []string {
	return []string{"maze_valid", "maze_connected", "maze_wall_error_rate", "maze_path_found", "maze_distinct", "maze_novel"}
}

func (e mazeEvaluator) measure(samples []float32, n, side int) []float64 {
	s := e.m.Measure(samples, n)
	return []float64{s.Valid, s.Connected, s.WallErrorRate, s.PathFound, float64(s.Distinct), float64(s.Novel)}
}
