package nn

import (
	"math"
	"testing"

	"mirror/engine/rng"
)

// The optimizers' float32 steps against PyTorch's documented update rules
// evaluated in float64 over several steps. Each float32 step rounds at unit
// roundoff 6e-8 on parameters of order 1, so after a few steps the two agree
// to 1e-6·max(1, |p|); a wrong formula is off by order lr.
const optimTol = 1e-6

type optimCase struct {
	params []float32
	grads  [][]float32 // one gradient per step
}

func newOptimCase(seed uint64, n, steps int) optimCase {
	r := rng.New(seed)
	c := optimCase{params: randomSlice(r, n, 0, 1)}
	for range steps {
		c.grads = append(c.grads, randomSlice(r, n, 0, 1))
	}
	return c
}

func checkOptimizer(t *testing.T, name string, got []float32, want []float64) {
	t.Helper()
	for i := range want {
		if d := math.Abs(float64(got[i]) - want[i]); d > optimTol*math.Max(1, math.Abs(want[i])) {
			t.Errorf("%s param %d = %.8g, float64 formula %.8g", name, i, got[i], want[i])
		}
	}
}

func TestAdam(t *testing.T) {
	const lr, b1, b2, eps = 0.01, 0.9, 0.999, 1e-8
	c := newOptimCase(50, 9, 6)
	p := to64(c.params)
	m := make([]float64, len(p))
	v := make([]float64, len(p))
	opt := NewAdam(len(p), lr)
	for step, g := range c.grads {
		tt := float64(step + 1)
		for i := range p {
			// torch.optim.Adam documentation, amsgrad=False, weight_decay=0.
			m[i] = b1*m[i] + (1-b1)*float64(g[i])
			v[i] = b2*v[i] + (1-b2)*float64(g[i])*float64(g[i])
			mHat := m[i] / (1 - math.Pow(b1, tt))
			vHat := v[i] / (1 - math.Pow(b2, tt))
			p[i] -= lr * mHat / (math.Sqrt(vHat) + eps)
		}
		opt.Step(c.params, g)
		checkOptimizer(t, "Adam", c.params, p)
	}
	if opt.T != len(c.grads) {
		t.Errorf("Adam.T = %d after %d steps", opt.T, len(c.grads))
	}
}

// Adam's first step moves every parameter by lr·g/(|g| + eps) ≈ lr against
// the gradient's sign, whatever the gradient's size.
func TestAdamFirstStep(t *testing.T) {
	params := []float32{0, 0, 0}
	NewAdam(3, 0.001).Step(params, []float32{1000, -0.5, 1e-3})
	for i, want := range []float64{-0.001, 0.001, -0.001 * 1e-3 / (1e-3 + 1e-8)} {
		if math.Abs(float64(params[i])-want) > 1e-9 {
			t.Errorf("param %d = %g, want %g", i, params[i], want)
		}
	}
}

func TestRMSprop(t *testing.T) {
	const lr, alpha, eps = 0.01, 0.99, 1e-8
	c := newOptimCase(51, 9, 6)
	p := to64(c.params)
	sq := make([]float64, len(p))
	opt := NewRMSprop(len(p), lr)
	for _, g := range c.grads {
		for i := range p {
			// torch.optim.RMSprop documentation, momentum=0, centered=False.
			sq[i] = alpha*sq[i] + (1-alpha)*float64(g[i])*float64(g[i])
			p[i] -= lr * float64(g[i]) / (math.Sqrt(sq[i]) + eps)
		}
		opt.Step(c.params, g)
		checkOptimizer(t, "RMSprop", c.params, p)
	}
	// By hand: from sq = 0 a gradient of 1 gives sq = 0.01 and a step of lr/(0.1 + eps).
	one := []float32{0}
	NewRMSprop(1, 1e-3).Step(one, []float32{1})
	if want := -1e-3 / (0.1 + 1e-8); math.Abs(float64(one[0])-want) > 1e-9 {
		t.Errorf("first RMSprop step = %g, want %g", one[0], want)
	}
}

func TestSGD(t *testing.T) {
	// By hand, lr 0.1, μ 0.9, gradient 1: buf = 1, 1.9, 2.71 and
	// p = −0.1, −0.29, −0.561 (the first step copies the gradient).
	p := []float32{0}
	opt := NewSGD(1, 0.1, 0.9)
	for i, want := range []float64{-0.1, -0.29, -0.561} {
		opt.Step(p, []float32{1})
		if math.Abs(float64(p[0])-want) > optimTol {
			t.Errorf("step %d: p = %g, want %g", i+1, p[0], want)
		}
	}
	c := newOptimCase(52, 9, 5)
	want := to64(c.params)
	buf := make([]float64, len(want))
	sgd := NewSGD(len(want), 0.05, 0.5)
	for step, g := range c.grads {
		for i := range want {
			if step == 0 {
				buf[i] = float64(g[i])
			} else {
				buf[i] = 0.5*buf[i] + float64(g[i])
			}
			want[i] -= 0.05 * buf[i]
		}
		sgd.Step(c.params, g)
		checkOptimizer(t, "SGD", c.params, want)
	}
	plain := []float32{1}
	NewSGD(1, 0.1, 0).Step(plain, []float32{2})
	if math.Abs(float64(plain[0])-0.8) > optimTol {
		t.Errorf("SGD without momentum: p = %g, want 0.8", plain[0])
	}
}

// A learning rate set between steps is used by the next step.
func TestSetLR(t *testing.T) {
	for _, opt := range []Optimizer{NewAdam(1, 0.1), NewRMSprop(1, 0.1), NewSGD(1, 0.1, 0)} {
		p := []float32{0}
		opt.SetLR(0)
		opt.Step(p, []float32{1})
		if p[0] != 0 {
			t.Errorf("%T moved with lr 0: %g", opt, p[0])
		}
	}
}

func TestClipWeights(t *testing.T) {
	p := []float32{-0.5, -0.01, 0, 0.005, 0.01, 0.3}
	frac := ClipWeights(p, 0.01)
	want := []float32{-0.01, -0.01, 0, 0.005, 0.01, 0.01}
	for i := range p {
		if p[i] != want[i] {
			t.Errorf("clipped %v, want %v", p, want)
			break
		}
	}
	if frac != 4.0/6 {
		t.Errorf("fraction at the bound %g, want 4/6", frac)
	}
	mustPanic(t, "ClipWeights bound 0: want > 0", func() { ClipWeights(p, 0) })
}

func TestOptimizerNoAllocations(t *testing.T) {
	const n = 1000
	params, grads := make([]float32, n), make([]float32, n)
	for _, opt := range []Optimizer{NewAdam(n, 1e-3), NewRMSprop(n, 1e-3), NewSGD(n, 1e-3, 0.9)} {
		if a := testing.AllocsPerRun(10, func() { opt.Step(params, grads) }); a != 0 {
			t.Errorf("%T.Step allocates %v times", opt, a)
		}
	}
	if a := testing.AllocsPerRun(10, func() { ClipWeights(params, 0.01) }); a != 0 {
		t.Errorf("ClipWeights allocates %v times", a)
	}
	mustPanic(t, "Adam.Step with 1000 params and 999 grads: want 1000 of each", func() {
		NewAdam(n, 1e-3).Step(params, grads[1:])
	})
}
