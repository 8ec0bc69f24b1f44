package nn

import "math"

// ReLU is PyTorch's nn.ReLU:
//
//	y = max(x, 0),   dx = dy·[y > 0]
//
// (the derivative at 0 is taken as 0, as PyTorch does).
type ReLU struct{ elementwise }

// NewReLU returns a ReLU over width features.
func NewReLU(width int) *ReLU { return &ReLU{newElementwise("ReLU", width)} }

func (l *ReLU) String() string { return "ReLU()" }

// Forward: out [batch × width] = max(in, 0).
func (l *ReLU) Forward(out, in []float32, batch int, _ bool) {
	n := batch * l.width
	out, in = out[:n], in[:n]
	done := reluVector(out, in) // a SIMD prefix where the build has one
	for i, x := range in[done:] {
		out[done+i] = max(x, 0)
	}
}

// Backward: dIn = dOut where out > 0, else 0.
func (l *ReLU) Backward(dIn, dOut, _, out []float32, batch int, _ bool) {
	if dIn == nil {
		return
	}
	n := batch * l.width
	dIn, dOut, out = dIn[:n], dOut[:n], out[:n]
	// Branch-free: activations are positive about half the time at random,
	// which a branch would mispredict. out ≥ 0, so out > 0 ⇔ its bits ≠ 0,
	// and −bits >> 31 (arithmetic) is then all ones.
	done := reluBackwardVector(dIn, dOut, out) // a SIMD prefix where the build has one
	for i := done; i < n; i++ {
		y := out[i]
		mask := uint32(-int32(math.Float32bits(y)) >> 31)
		dIn[i] = math.Float32frombits(math.Float32bits(dOut[i]) & mask)
	}
}
