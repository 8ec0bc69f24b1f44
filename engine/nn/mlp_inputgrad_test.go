package nn

import (
	"testing"

	"mirror/engine/rng"
)

// spy wraps a layer and records whether Backward was asked for dIn.
type spy struct {
	Layer
	calls, dInAsked int
}

func (s *spy) Backward(dIn, dOut, in, out []float32, batch int, paramGrads bool) {
	s.calls++
	if dIn != nil {
		s.dInAsked++
	}
	s.Layer.Backward(dIn, dOut, in, out, batch, paramGrads)
}

// The discriminator step needs no gradient with respect to the images: the
// first Linear (behind a Flatten) must not compute one, and the Flatten must
// not run at all.
func TestBackwardStopsAtFirstParameterLayer(t *testing.T) {
	flat, first, act, second := &spy{Layer: NewFlatten(6)}, &spy{Layer: NewLinear(6, 5)}, &spy{Layer: NewReLU(5)}, &spy{Layer: NewLinear(5, 1)}
	m := NewMLP(flat, first, act, second)
	m.Reserve(3)
	m.Init(rng.New(1))
	x := make([]float32, 3*6)
	rng.New(2).FillUniform(x, -1, 1)
	m.Forward(x, 3, true)
	if d := m.Backward([]float32{1, 1, 1}, 3, true, false); d != nil {
		t.Fatal("Backward without inputGrad returned a gradient")
	}
	if flat.calls != 0 || first.dInAsked != 0 || first.calls != 1 || act.dInAsked != 1 || second.dInAsked != 1 {
		t.Fatalf("without inputGrad: flatten ran %d times, first Linear asked for dIn %d times (ran %d), ReLU %d, last Linear %d",
			flat.calls, first.dInAsked, first.calls, act.dInAsked, second.dInAsked)
	}
	m.Forward(x, 3, true)
	if d := m.Backward([]float32{1, 1, 1}, 3, false, true); len(d) != 3*6 || flat.calls != 1 || first.dInAsked != 1 {
		t.Fatalf("with inputGrad: got %d values, flatten ran %d times, first Linear asked %d times", len(d), flat.calls, first.dInAsked)
	}
}
