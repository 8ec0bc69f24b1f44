package nn

import "math"

// Adam is torch.optim.Adam (no weight decay, no AMSGrad). With t the step
// count after increment and g the gradient, per value:
//
//	m ← m + (1 − β1)·(g − m)               (PyTorch's lerp form of β1·m + (1−β1)·g)
//	v ← β2·v + (1 − β2)·g²
//	p ← p − (lr / (1 − β1ᵗ)) · m / (√v / √(1 − β2ᵗ) + eps)
//
// The bias corrections 1 − βᵗ are computed in float64, as PyTorch does in
// Python; the per-value arithmetic is float32. Hyperparameters are float64
// like PyTorch's Python floats and may be changed between steps.
type Adam struct {
	LR, Beta1, Beta2, Eps float64
	T                     int       // steps taken (PyTorch's state "step")
	M                     []float32 // first moment, exp_avg [len(params)]
	V                     []float32 // second moment, exp_avg_sq [len(params)]
}

// NewAdam returns Adam for n parameters with PyTorch's defaults
// betas (0.9, 0.999) and eps 1e-8 (PyTorch's default lr is 1e-3).
func NewAdam(n int, lr float64) *Adam {
	checkSize("NewAdam", n)
	return &Adam{LR: lr, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8, M: make([]float32, n), V: make([]float32, n)}
}

func (o *Adam) SetLR(lr float64) { o.LR = lr }

// Step applies one update to params from grads.
func (o *Adam) Step(params, grads []float32) {
	checkStep("Adam", params, grads, len(o.M))
	o.T++
	bc1 := 1 - math.Pow(o.Beta1, float64(o.T))
	bc2 := 1 - math.Pow(o.Beta2, float64(o.T))
	stepSize := float32(o.LR / bc1)
	bc2Sqrt := float32(math.Sqrt(bc2))
	c := adamConstants{w1: float32(1 - o.Beta1), b2: float32(o.Beta2), w2: float32(1 - o.Beta2),
		bc2Sqrt: bc2Sqrt, eps: float32(o.Eps), stepSize: stepSize}
	m, v, grads := o.M[:len(params)], o.V[:len(params)], grads[:len(params)]
	done := adamVector(params, grads, m, v, &c) // a SIMD prefix where the build has one
	adamReference(params[done:], grads[done:], m[done:], v[done:], &c)
}

// adamConstants are the per-step scalars of the Adam update, in the order
// the assembly reads them.
type adamConstants struct {
	w1, b2, w2, bc2Sqrt, eps, stepSize float32
}

// adamReference is the plain update loop. The SIMD versions do the same
// operations in the same order without fused multiply-add, so they give
// the same bits (tested).
func adamReference(params, grads, m, v []float32, c *adamConstants) {
	m, v, params = m[:len(grads)], v[:len(grads)], params[:len(grads)]
	for i, g := range grads {
		m[i] += c.w1 * (g - m[i])
		v[i] = c.b2*v[i] + c.w2*g*g
		denom := sqrt32(v[i])/c.bc2Sqrt + c.eps
		params[i] -= c.stepSize * m[i] / denom
	}
}
