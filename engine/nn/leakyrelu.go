package nn

import "fmt"

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
	for i, x := range in {
		if x > 0 {
			out[i] = x
		} else {
			out[i] = l.slope * x
		}
	}
}

// Backward: dIn = dOut where in > 0, slope·dOut elsewhere.
func (l *LeakyReLU) Backward(dIn, dOut, in, _ []float32, batch int, _ bool) {
	if dIn == nil {
		return
	}
	n := batch * l.width
	dIn, dOut, in = dIn[:n], dOut[:n], in[:n]
	for i, x := range in {
		if x > 0 {
			dIn[i] = dOut[i]
		} else {
			dIn[i] = l.slope * dOut[i]
		}
	}
}
