//go:build js && wasm && !purego

package nn

import (
	"math"
	"unsafe"
)

// WebAssembly SIMD128 versions of the optimizer and activation loops, of
// BatchNorm1d's loops over the batch and of Linear's bias gradient. Go
// emits no SIMD for WebAssembly, so they are functions of the kernel module
// gemm-simd128.wasm that tools/wasmkernel encodes, loaded with engine/gemm's
// kernels by static/gemm.js and called through its trampoline (see
// engine/gemm/simd_wasm.go). Each does its reference's operations in the
// same order, without fused multiply-add, on a prefix of a multiple of 8
// values (the loops over rows: on every row, for widths a multiple of 4);
// without the module (available() reports no SIMD128) they do nothing and
// the plain loops run.

//go:wasmimport mirror_gemm available
func wasmAvailable() int32

// haveSIMD128 is set when gemm-simd128.wasm is loaded (its bit of
// available, as in engine/gemm).
var haveSIMD128 = wasmAvailable()&1 != 0

// simdName names the SIMD optimizer kernels this build runs ("" for none).
var simdName = map[bool]string{true: "wasm-simd128", false: ""}[haveSIMD128]

// The module's functions take six i32 (the trampoline has one function
// type): unused ones are passed as 0. Pointers are addresses in this
// instance's memory; results come back through memory.
//
// Constants and results pass through these package variables: a pointer
// to a local would make the local escape to the heap (the compiler cannot
// see what an import does with it), and a training step allocates nothing.
// WebAssembly runs one goroutine at a time, and nothing between filling a
// variable, the call and reading it back can switch goroutines.
var (
	adamArgs      adamConstants
	rmspropArgs   rmspropConstants
	clipArgs      [2]uint32 // the bound's bits in, the count out
	sumSquaresOut float64
	batchNormArgs [8]uint32 // the arrays' addresses (see tools/wasmkernel/batchnorm.go)
)

//go:wasmimport mirror_gemm simd128_adam
func wasmAdam(params, grads, m, v *float32, n int32, c *float32)

//go:wasmimport mirror_gemm simd128_rmsprop
func wasmRMSprop(params, grads, sq *float32, n int32, c *float32, _ int32)

//go:wasmimport mirror_gemm simd128_clip
func wasmClip(params *float32, n int32, c *uint32, _, _, _ int32)

//go:wasmimport mirror_gemm simd128_sumsquares
func wasmSumSquares(x *float32, n int32, out *float64, _, _, _ int32)

//go:wasmimport mirror_gemm simd128_relu
func wasmReLU(out, in *float32, n int32, _, _, _ int32)

//go:wasmimport mirror_gemm simd128_relu_backward
func wasmReLUBackward(dIn, dOut, out *float32, n int32, _, _ int32)

//go:wasmimport mirror_gemm simd128_sigmoid
func wasmSigmoid(out, in *float32, n int32, _, _, _ int32)

//go:wasmimport mirror_gemm simd128_leakyrelu
func wasmLeakyReLU(out, in *float32, n int32, slope uint32, _, _ int32)

//go:wasmimport mirror_gemm simd128_leakyrelu_backward
func wasmLeakyReLUBackward(dIn, dOut, in *float32, n int32, slope uint32, _ int32)

// vectorLen is the prefix of n values the module's loops take: a multiple
// of 8, and 0 without the module.
func vectorLen(n int) int {
	if !haveSIMD128 {
		return 0
	}
	return n &^ 7
}

func adamVector(params, grads, m, v []float32, c *adamConstants) int {
	n := vectorLen(len(grads))
	if n == 0 {
		return 0
	}
	_, _, _ = params[n-1], m[n-1], v[n-1]
	adamArgs = *c
	wasmAdam(&params[0], &grads[0], &m[0], &v[0], int32(n), &adamArgs.w1)
	return n
}

func rmspropVector(params, grads, sq []float32, c *rmspropConstants) int {
	n := vectorLen(len(grads))
	if n == 0 {
		return 0
	}
	_, _ = params[n-1], sq[n-1]
	rmspropArgs = *c
	wasmRMSprop(&params[0], &grads[0], &sq[0], int32(n), &rmspropArgs.a, 0)
	return n
}

func clipVector(params []float32, c float32) (int, int) {
	n := vectorLen(len(params))
	if n == 0 {
		return 0, 0
	}
	clipArgs = [2]uint32{math.Float32bits(c)}
	wasmClip(&params[0], int32(n), &clipArgs[0], 0, 0, 0)
	return int(clipArgs[1]), n
}

func sumSquaresVector(x []float32) (float64, int) {
	n := vectorLen(len(x))
	if n == 0 {
		return 0, 0
	}
	wasmSumSquares(&x[0], int32(n), &sumSquaresOut, 0, 0, 0)
	return sumSquaresOut, n
}

// reluVector sets out = max(in, 0) over a prefix of in and returns its length.
func reluVector(out, in []float32) int {
	n := vectorLen(len(in))
	if n == 0 {
		return 0
	}
	_ = out[n-1]
	wasmReLU(&out[0], &in[0], int32(n), 0, 0, 0)
	return n
}

// reluBackwardVector is ReLU.Backward's loop over a prefix of out.
func reluBackwardVector(dIn, dOut, out []float32) int {
	n := vectorLen(len(out))
	if n == 0 {
		return 0
	}
	_, _ = dIn[n-1], dOut[n-1]
	wasmReLUBackward(&dIn[0], &dOut[0], &out[0], int32(n), 0, 0)
	return n
}

// leakyReLUVector is LeakyReLU.Forward's loop over a prefix of in.
func leakyReLUVector(out, in []float32, slope float32) int {
	n := vectorLen(len(in))
	if n == 0 {
		return 0
	}
	_ = out[n-1]
	wasmLeakyReLU(&out[0], &in[0], int32(n), math.Float32bits(slope), 0, 0)
	return n
}

// leakyReLUBackwardVector is LeakyReLU.Backward's loop over a prefix of in.
func leakyReLUBackwardVector(dIn, dOut, in []float32, slope float32) int {
	n := vectorLen(len(in))
	if n == 0 {
		return 0
	}
	_, _ = dIn[n-1], dOut[n-1]
	wasmLeakyReLUBackward(&dIn[0], &dOut[0], &in[0], int32(n), math.Float32bits(slope), 0)
	return n
}

// sigmoidVector sets out = fmath.Sigmoid(in) over a prefix of in, with the
// same bits, and returns its length.
func sigmoidVector(out, in []float32) int {
	n := vectorLen(len(in))
	if n == 0 {
		return 0
	}
	_ = out[n-1]
	wasmSigmoid(&out[0], &in[0], int32(n), 0, 0, 0)
	return n
}

// The BatchNorm1d loops take (args, features, batch) with args the
// addresses of their arrays, in batchNormArgs.

//go:wasmimport mirror_gemm simd128_add_rows
func wasmAddRows(args *uint32, width, batch int32, _, _, _ int32)

//go:wasmimport mirror_gemm simd128_bn_sum
func wasmBatchNormSum(args *uint32, features, batch int32, _, _, _ int32)

//go:wasmimport mirror_gemm simd128_bn_squares
func wasmBatchNormSquares(args *uint32, features, batch int32, _, _, _ int32)

//go:wasmimport mirror_gemm simd128_bn_apply
func wasmBatchNormApply(args *uint32, features, batch int32, _, _, _ int32)

//go:wasmimport mirror_gemm simd128_bn_backward_sums
func wasmBatchNormBackwardSums(args *uint32, features, batch int32, _, _, _ int32)

//go:wasmimport mirror_gemm simd128_bn_backward_input
func wasmBatchNormBackwardInput(args *uint32, features, batch int32, _, _, _ int32)

// batchNormVector reports whether the module takes a BatchNorm1d loop over
// batch rows of features: with it loaded and features a multiple of 4. It
// panics, as the plain loops would, if a slice is too short.
func batchNormVector(features, batch int, rows [][]float32, perFeature [][]float64) bool {
	if !haveSIMD128 || features%4 != 0 || batch < 1 {
		return false
	}
	for _, r := range rows {
		_ = r[batch*features-1]
	}
	for _, f := range perFeature {
		_ = f[features-1]
	}
	return true
}

// address is the address of s[0] in this instance's memory. The caller
// keeps s alive across the call, and Go's heap does not move.
func address[T float32 | float64](s []T) uint32 {
	return uint32(uintptr(unsafe.Pointer(unsafe.SliceData(s))))
}

// batchNormSumVector adds each feature's values over the batch into sum
// (float64, in row order), if the module takes it.
func batchNormSumVector(sum []float64, in []float32, batch, features int) bool {
	if !batchNormVector(features, batch, [][]float32{in}, [][]float64{sum}) {
		return false
	}
	batchNormArgs = [8]uint32{address(in), address(sum)}
	wasmBatchNormSum(&batchNormArgs[0], int32(features), int32(batch), 0, 0, 0)
	return true
}

// batchNormSquaresVector adds (float64(x) − mean)² over the batch into sum.
func batchNormSquaresVector(sum, mean []float64, in []float32, batch, features int) bool {
	if !batchNormVector(features, batch, [][]float32{in}, [][]float64{sum, mean}) {
		return false
	}
	batchNormArgs = [8]uint32{address(in), address(mean), address(sum)}
	wasmBatchNormSquares(&batchNormArgs[0], int32(features), int32(batch), 0, 0, 0)
	return true
}

// batchNormApplyVector sets out = in·float32(alpha) + float32(shift).
func batchNormApplyVector(out, in []float32, alpha, shift []float64, batch, features int) bool {
	if !batchNormVector(features, batch, [][]float32{out, in}, [][]float64{alpha, shift}) {
		return false
	}
	batchNormArgs = [8]uint32{address(out), address(in), address(alpha), address(shift)}
	wasmBatchNormApply(&batchNormArgs[0], int32(features), int32(batch), 0, 0, 0)
	return true
}

// batchNormBackwardSumsVector adds Σ dy into sumDy and Σ dy·x̂ into sumDyXhat.
func batchNormBackwardSumsVector(sumDy, sumDyXhat []float64, dOut, in []float32, mean, invStd []float64, batch, features int) bool {
	if !batchNormVector(features, batch, [][]float32{dOut, in}, [][]float64{sumDy, sumDyXhat, mean, invStd}) {
		return false
	}
	batchNormArgs = [8]uint32{address(dOut), address(in), address(mean), address(invStd), address(sumDy), address(sumDyXhat)}
	wasmBatchNormBackwardSums(&batchNormArgs[0], int32(features), int32(batch), 0, 0, 0)
	return true
}

// batchNormBackwardInputVector sets the training-mode dx from the means of
// dy and dy·x̂.
func batchNormBackwardInputVector(dIn, dOut, in, weight []float32, mean, invStd, meanDy, meanDyXhat []float64, batch, features int) bool {
	if !batchNormVector(features, batch, [][]float32{dIn, dOut, in}, [][]float64{mean, invStd, meanDy, meanDyXhat}) {
		return false
	}
	_ = weight[features-1]
	batchNormArgs = [8]uint32{address(dIn), address(dOut), address(in), address(weight),
		address(mean), address(invStd), address(meanDy), address(meanDyXhat)}
	wasmBatchNormBackwardInput(&batchNormArgs[0], int32(features), int32(batch), 0, 0, 0)
	return true
}

// addRowsVector adds each of batch rows of width values into sum, in
// float32 and row order as Linear.Backward's bias gradient does, if the
// module takes it (width a multiple of 4).
func addRowsVector(sum, rows []float32, batch, width int) bool {
	if !batchNormVector(width, batch, [][]float32{rows}, nil) {
		return false
	}
	_ = sum[width-1]
	batchNormArgs = [8]uint32{address(rows), address(sum)}
	wasmAddRows(&batchNormArgs[0], int32(width), int32(batch), 0, 0, 0)
	return true
}
