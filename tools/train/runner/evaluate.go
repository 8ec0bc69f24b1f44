package runner

import (
	"fmt"
	"math"

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
		return mazeEvaluator{}, nil
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

type mazeEvaluator struct{}

func (mazeEvaluator) names() []string {
	return []string{"maze_valid", "maze_connected", "maze_wall_error_rate", "maze_path_found", "maze_distinct"}
}

func (mazeEvaluator) measure(samples []float32, n, side int) []float64 {
	s, err := maze.Summarize(samples[:n*side*side], side)
	if err != nil { // the side comes from the maze dataset itself
		return []float64{math.NaN(), math.NaN(), math.NaN(), math.NaN(), math.NaN()}
	}
	return []float64{s.Valid, s.Connected, s.WallErrorRate, s.PathFound, float64(s.Distinct)}
}
