package nn

import "mirror/engine/fmath"

// Sigmoid is PyTorch's nn.Sigmoid:
//
//	y = σ(x) = 1 / (1 + e⁻ˣ),   dx = dy·y·(1 − y).
//
// It ends the generator (pixels in (0, 1)) and, when asked for, the
// discriminator (probabilities for BCE).
type Sigmoid struct{ elementwise }

// NewSigmoid returns a Sigmoid over width features.
func NewSigmoid(width int) *Sigmoid { return &Sigmoid{newElementwise("Sigmoid", width)} }

func (l *Sigmoid) String() string { return "Sigmoid()" }

// Forward: out [batch × width] = σ(in).
func (l *Sigmoid) Forward(out, in []float32, batch int, _ bool) {
	n := batch * l.width
	out, in = out[:n], in[:n]
	done := sigmoidVector(out, in) // a SIMD prefix where the build has one
	for i, x := range in[done:] {
		out[done+i] = sigmoid(x)
	}
}

// Backward: dIn = dOut·out·(1 − out).
func (l *Sigmoid) Backward(dIn, dOut, _, out []float32, batch int, _ bool) {
	if dIn == nil {
		return
	}
	n := batch * l.width
	dIn, dOut, out = dIn[:n], dOut[:n], out[:n]
	for i, y := range out {
		dIn[i] = dOut[i] * y * (1 - y)
	}
}

// sigmoid is σ(x) evaluated without overflow, with the same bits natively
// and in WebAssembly (see mirror/engine/fmath).
func sigmoid(x float32) float32 { return fmath.Sigmoid(x) }
