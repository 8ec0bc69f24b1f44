package nn

import (
	"math"
	"testing"
)

func TestNotPositive(t *testing.T) {
	cases := map[float32]uint32{
		1: 0, 1e-45: 0, float32(math.Inf(1)): 0, 3.5: 0,
		0: 1, float32(math.Copysign(0, -1)): 1, -1e-45: 1, -2: 1, float32(math.Inf(-1)): 1,
	}
	for x, want := range cases {
		if got := notPositive(x); got != want {
			t.Errorf("notPositive(%g, bits %#x) = %d, want %d", x, math.Float32bits(x), got, want)
		}
	}
}

// The branch-free LeakyReLU and ReLU give exactly the branchy definitions' bits.
func TestBranchFreeActivationsMatchDefinition(t *testing.T) {
	xs := []float32{-3, -1e-45, float32(math.Copysign(0, -1)), 0, 1e-45, 0.5, 7}
	leaky := NewLeakyReLU(len(xs), 0.2)
	out := make([]float32, len(xs))
	leaky.Forward(out, xs, 1, true)
	dOut := []float32{1, 2, 3, 4, 5, 6, 7}
	dIn := make([]float32, len(xs))
	leaky.Backward(dIn, dOut, xs, out, 1, false)
	for i, x := range xs {
		wantOut, wantD := x, dOut[i]
		if !(x > 0) {
			wantOut, wantD = 0.2*x, 0.2*dOut[i]
		}
		if math.Float32bits(out[i]) != math.Float32bits(wantOut) || dIn[i] != wantD {
			t.Errorf("LeakyReLU at %g: out %g d %g, want %g %g", x, out[i], dIn[i], wantOut, wantD)
		}
	}
	relu := NewReLU(len(xs))
	relu.Forward(out, xs, 1, true)
	relu.Backward(dIn, dOut, xs, out, 1, false)
	for i, x := range xs {
		want := float32(0)
		if x > 0 {
			want = dOut[i]
		}
		if dIn[i] != want {
			t.Errorf("ReLU backward at %g: %g, want %g", x, dIn[i], want)
		}
	}
}
