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

// The activations' loops have no SIMD version in this build.
func reluVector(out, in []float32) int                                   { return 0 }
func reluBackwardVector(dIn, dOut, out []float32) int                    { return 0 }
func leakyReLUVector(out, in []float32, slope float32) int               { return 0 }
func leakyReLUBackwardVector(dIn, dOut, in []float32, slope float32) int { return 0 }
func sigmoidVector(out, in []float32) int                                { return 0 }

// The BatchNorm1d loops have no SIMD version in this build.
func batchNormSumVector(sum []float64, in []float32, batch, features int) bool { return false }
func batchNormSquaresVector(sum, mean []float64, in []float32, batch, features int) bool {
	return false
}
func batchNormApplyVector(out, in []float32, alpha, shift []float64, batch, features int) bool {
	return false
}
func batchNormBackwardSumsVector(sumDy, sumDyXhat []float64, dOut, in []float32, mean, invStd []float64, batch, features int) bool {
	return false
}
func batchNormBackwardInputVector(dIn, dOut, in, weight []float32, mean, invStd, meanDy, meanDyXhat []float64, batch, features int) bool {
	return false
}
func addRowsVector(sum, rows []float32, batch, width int) bool { return false }
