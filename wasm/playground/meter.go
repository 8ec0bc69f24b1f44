package playground

import (
	"fmt"
	"math"

	"mirror/engine/metrics"
	"mirror/engine/train"
)

// NewMetricsMeter returns the page's mode-collapse meter, built on
// engine/metrics: for digits, the share of the samples the bundled classifier
// assigns to each digit (a collapsed generator shows one bar); for mazes, the
// validator's verdicts. Its models load on first use.
func NewMetricsMeter() Meter {
	var digits *metrics.Digits
	var digitsErr error
	mazes := map[int]*metrics.Mazes{}
	labels := []string{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}
	return func(cfg train.Config, samples []float32, n, side int) (string, []float64, []string) {
		switch {
		case cfg.Data == "mnist" && side*side == metrics.Pixels:
			if digits == nil && digitsErr == nil {
				digits, digitsErr = metrics.LoadDigits()
			}
			if digitsErr != nil {
				return "mode collapse: " + digitsErr.Error(), nil, nil
			}
			st := digits.Measure(samples, n)
			top := 0.25 // bars are scaled to the largest share, but never beyond 4x
			for _, v := range st.Histogram {
				top = math.Max(top, v)
			}
			values := make([]float64, len(st.Histogram))
			for i, v := range st.Histogram {
				values[i] = v / top
			}
			return fmt.Sprintf("digits drawn: %d of 10 | entropy %.2f | Frechet %.0f", st.Covered, st.Entropy, st.Frechet), values, labels
		case cfg.Data == "mazes":
			m := mazes[side]
			if m == nil {
				var err error
				if m, err = metrics.NewMazes(side); err != nil {
					return "mazes: " + err.Error(), nil, nil
				}
				mazes[side] = m
			}
			st := m.Measure(samples, n)
			return fmt.Sprintf("mazes: %.0f%% valid | %d distinct", 100*st.Valid, st.Distinct),
				[]float64{st.Valid, st.Connected, st.PathFound, 1 - st.WallErrorRate},
				[]string{"valid", "connected", "path", "walls"}
		}
		return "", nil, nil
	}
}
