//go:build amd64 && !purego

package nn

import "golang.org/x/sys/cpu"

var haveAVX = cpu.X86.HasAVX

// simdName names the SIMD optimizer kernels this build runs ("" for none).
var simdName = map[bool]string{true: "avx", false: ""}[haveAVX]

// adamAVX updates the first n values (n a multiple of 8), 8 at a time with
// 256-bit AVX: the operations of adamReference in its order, no FMA.
//
//go:noescape
func adamAVX(params, grads, m, v *float32, n int, c *adamConstants)

// adamVector runs the AVX update over the longest multiple-of-8 prefix and
// returns its length; the caller finishes the tail with adamReference.
func adamVector(params, grads, m, v []float32, c *adamConstants) int {
	n := len(grads) &^ 7
	if !haveAVX || n == 0 {
		return 0
	}
	_, _, _ = params[n-1], m[n-1], v[n-1]
	adamAVX(&params[0], &grads[0], &m[0], &v[0], n, c)
	return n
}

// sumSquaresAVX returns Σ x[i]² over the first n values (n a multiple of 16),
// converted to float64 four at a time into four vector sums.
//
//go:noescape
func sumSquaresAVX(x *float32, n int) float64

func sumSquaresVector(x []float32) (float64, int) {
	n := len(x) &^ 15
	if !haveAVX || n == 0 {
		return 0, 0
	}
	return sumSquaresAVX(&x[0], n), n
}

// rmspropAVX updates the first n values (n a multiple of 8) as
// rmspropReference does, 8 at a time, no FMA.
//
//go:noescape
func rmspropAVX(params, grads, sq *float32, n int, c *rmspropConstants)

func rmspropVector(params, grads, sq []float32, c *rmspropConstants) int {
	n := len(grads) &^ 7
	if !haveAVX || n == 0 {
		return 0
	}
	_, _ = params[n-1], sq[n-1]
	rmspropAVX(&params[0], &grads[0], &sq[0], n, c)
	return n
}

// clipAVX clamps the first n values (n a multiple of 8) to [−c, c] and
// returns how many were at or beyond a bound.
//
//go:noescape
func clipAVX(params *float32, n int, c float32) int

func clipVector(params []float32, c float32) (int, int) {
	n := len(params) &^ 7
	if !haveAVX || !cpu.X86.HasPOPCNT || n == 0 {
		return 0, 0
	}
	return clipAVX(&params[0], n, c), n
}
