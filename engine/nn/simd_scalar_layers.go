//go:build !(js && wasm) || purego

package nn

// Only the WebAssembly build (simd_wasm.go) has SIMD versions of the layers'
// loops; everywhere else the plain Go loops beside each layer run them all.

// The activations' loops have no SIMD version in this build (natively Go
// vectorises nothing, but they are a small share of a native step).
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
