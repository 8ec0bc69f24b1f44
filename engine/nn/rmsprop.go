package nn

// RMSprop is torch.optim.RMSprop without momentum, centering or weight
// decay, which is what the post's WGAN uses. Per value:
//
//	sq ← α·sq + (1 − α)·g²
//	p  ← p − lr·g / (√sq + eps)
//
// Hyperparameters are float64 like PyTorch's and may be changed between steps.
type RMSprop struct {
	LR, Alpha, Eps float64
	T              int       // steps taken
	SquareAvg      []float32 // square_avg [len(params)]
}

// NewRMSprop returns RMSprop for n parameters with PyTorch's defaults
// alpha 0.99 and eps 1e-8 (PyTorch's default lr is 1e-2).
func NewRMSprop(n int, lr float64) *RMSprop {
	checkSize("NewRMSprop", n)
	return &RMSprop{LR: lr, Alpha: 0.99, Eps: 1e-8, SquareAvg: make([]float32, n)}
}

func (o *RMSprop) SetLR(lr float64) { o.LR = lr }

// Step applies one update to params from grads.
func (o *RMSprop) Step(params, grads []float32) {
	checkStep("RMSprop", params, grads, len(o.SquareAvg))
	o.T++
	c := rmspropConstants{a: float32(o.Alpha), w: float32(1 - o.Alpha), lr: float32(o.LR), eps: float32(o.Eps)}
	sq, grads := o.SquareAvg[:len(params)], grads[:len(params)]
	done := rmspropVector(params, grads, sq, &c) // a SIMD prefix where the build has one
	rmspropReference(params[done:], grads[done:], sq[done:], &c)
}

// rmspropConstants are the per-step scalars of the update, in the order the
// assembly reads them.
type rmspropConstants struct{ a, w, lr, eps float32 }

// rmspropReference is the plain update loop; the SIMD version does the same
// operations in the same order, without FMA, and gives the same bits (tested).
func rmspropReference(params, grads, sq []float32, c *rmspropConstants) {
	sq, params = sq[:len(grads)], params[:len(grads)]
	for i, g := range grads {
		sq[i] = c.a*sq[i] + c.w*g*g
		params[i] -= c.lr * g / (sqrt32(sq[i]) + c.eps)
	}
}
