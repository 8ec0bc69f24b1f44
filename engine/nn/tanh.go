package nn

import "mirror/engine/fmath"

// Tanh is PyTorch's nn.Tanh:
//
//	y = tanh(x),   dx = dy·(1 − y²).
type Tanh struct{ elementwise }

// NewTanh returns a Tanh over width features.
func NewTanh(width int) *Tanh { return &Tanh{newElementwise("Tanh", width)} }

func (l *Tanh) String() string { return "Tanh()" }

// Forward: out [batch × width] = tanh(in).
func (l *Tanh) Forward(out, in []float32, batch int, _ bool) {
	n := batch * l.width
	out, in = out[:n], in[:n]
	for i, x := range in {
		out[i] = fmath.Tanh(x)
	}
}

// Backward: dIn = dOut·(1 − out²).
func (l *Tanh) Backward(dIn, dOut, _, out []float32, batch int, _ bool) {
	if dIn == nil {
		return
	}
	n := batch * l.width
	dIn, dOut, out = dIn[:n], dOut[:n], out[:n]
	for i, y := range out {
		dIn[i] = dOut[i] * (1 - y*y)
	}
}
