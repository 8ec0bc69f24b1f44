package nn

import "fmt"

// ClipWeights clamps every value of params to [−c, c], as the post's WGAN
// does after each critic step (p.data.clamp_(−c, c) on every parameter,
// biases included), and returns the fraction of values left at a bound,
// a sign of how hard the clip bites. It panics unless c > 0.
func ClipWeights(params []float32, c float32) float32 {
	if !(c > 0) {
		panic(fmt.Sprintf("nn: ClipWeights bound %g: want > 0", c))
	}
	if len(params) == 0 {
		return 0
	}
	atBound, done := clipVector(params, c) // a SIMD prefix where the build has one
	atBound += clipReference(params[done:], c)
	return float32(atBound) / float32(len(params))
}

// clipReference clamps params to [−c, c] and counts the values at a bound
// (NaN stays NaN and is not counted). The SIMD version gives the same
// values and count (tested).
func clipReference(params []float32, c float32) int {
	atBound := 0
	for i, p := range params {
		if p >= c {
			params[i], atBound = c, atBound+1
		} else if p <= -c {
			params[i], atBound = -c, atBound+1
		}
	}
	return atBound
}
