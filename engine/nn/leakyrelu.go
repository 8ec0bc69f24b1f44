package nn

import (
	"fmt"
	"math"
)

// LeakyReLU is PyTorch's nn.LeakyReLU(negative_slope):
//
//	y = x if x > 0 else slope·x,   dx = dy if x > 0 else slope·dy.
//
// The post uses slope 0.2 in the discriminator "to help with mode collapse".
type LeakyReLU struct {
	elementwise
	slope float32
}

// NewLeakyReLU returns a LeakyReLU over width features with the given negative slope.
func NewLeakyReLU(width int, slope float32) *LeakyReLU {
	return &LeakyReLU{newElementwise("LeakyReLU", width), slope}
}

func (l *LeakyReLU) String() string { return fmt.Sprintf("LeakyReLU(negative_slope=%g)", l.slope) }

// Forward: out [batch × width] = in where in > 0, slope·in elsewhere.
func (l *LeakyReLU) Forward(out, in []float32, batch int, _ bool) {
	n := batch * l.width
	out, in = out[:n], in[:n]
	factor := [2]float32{1, l.slope}
	done := leakyReLUVector(out, in, l.slope) // a SIMD prefix where the build has one
	for i, x := range in[done:] {
		out[done+i] = x * factor[notPositive(x)]
	}
}

// Backward: dIn = dOut where in > 0, slope·dOut elsewhere.
func (l *LeakyReLU) Backward(dIn, dOut, in, _ []float32, batch int, _ bool) {
	if dIn == nil {
		return
	}
	n := batch * l.width
	dIn, dOut, in = dIn[:n], dOut[:n], in[:n]
	factor := [2]float32{1, l.slope}
	done := leakyReLUBackwardVector(dIn, dOut, in, l.slope) // a SIMD prefix where the build has one
	for i, x := range in[done:] {
		dIn[done+i] = dOut[done+i] * factor[notPositive(x)]
	}
}

// notPositive is 0 for x > 0 and 1 for x ≤ 0 (−0 included), without a branch:
// the sign of the input is random, which a branch would mispredict half the
// time. With u the bits of x, u − 1 has its top bit set only for +0, and u
// itself only for negatives and −0. (A NaN counts by its sign bit.)
func notPositive(x float32) uint32 {
	u := math.Float32bits(x)
	return ((u - 1) | u) >> 31
}
