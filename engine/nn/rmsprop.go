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
	a, w, lr, eps := float32(o.Alpha), float32(1-o.Alpha), float32(o.LR), float32(o.Eps)
	sq, grads := o.SquareAvg[:len(params)], grads[:len(params)]
	for i, g := range grads {
		sq[i] = a*sq[i] + w*g*g
		params[i] -= lr * g / (sqrt32(sq[i]) + eps)
	}
}
