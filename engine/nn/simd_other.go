//go:build (!amd64 && !(js && wasm)) || purego

package nn

// simdName names the SIMD optimizer kernels this build runs ("" for none).
const simdName = ""

// adamVector has no SIMD version in this build: adamReference does it all.
func adamVector(params, grads, m, v []float32, c *adamConstants) int { return 0 }

// sumSquaresVector has no SIMD version in this build.
func sumSquaresVector(x []float32) (float64, int) { return 0, 0 }

func rmspropVector(params, grads, sq []float32, c *rmspropConstants) int { return 0 }

func clipVector(params []float32, c float32) (int, int) { return 0, 0 }
