//go:build !amd64 || purego

package nn

// adamSIMD names the SIMD Adam this build runs ("" for none).
const adamSIMD = ""

// adamVector has no SIMD version in this build: adamReference does it all.
func adamVector(params, grads, m, v []float32, c *adamConstants) int { return 0 }

// sumSquaresVector has no SIMD version in this build.
func sumSquaresVector(x []float32) (float64, int) { return 0, 0 }
