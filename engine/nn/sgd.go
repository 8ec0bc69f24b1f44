package nn

// SGD is torch.optim.SGD with optional momentum μ (no dampening, Nesterov
// or weight decay). Per value:
//
//	μ = 0:  p ← p − lr·g
//	μ ≠ 0:  buf ← g on the first such step, then buf ← μ·buf + g;  p ← p − lr·buf
//
// Hyperparameters are float64 like PyTorch's and may be changed between steps.
type SGD struct {
	LR, Momentum float64
	T            int       // steps taken
	Buf          []float32 // momentum_buffer [len(params)]
	HasBuf       bool      // whether Buf holds a buffer (PyTorch: momentum_buffer is not None)
}

// NewSGD returns SGD for n parameters.
func NewSGD(n int, lr, momentum float64) *SGD {
	checkSize("NewSGD", n)
	return &SGD{LR: lr, Momentum: momentum, Buf: make([]float32, n)}
}

func (o *SGD) SetLR(lr float64) { o.LR = lr }

// Step applies one update to params from grads.
func (o *SGD) Step(params, grads []float32) {
	checkStep("SGD", params, grads, len(o.Buf))
	o.T++
	lr := float32(o.LR)
	grads = grads[:len(params)]
	if o.Momentum == 0 {
		for i, g := range grads {
			params[i] -= lr * g
		}
		return
	}
	buf, mu := o.Buf[:len(params)], float32(o.Momentum)
	if !o.HasBuf {
		copy(buf, grads)
		o.HasBuf = true
	} else {
		for i, g := range grads {
			buf[i] = mu*buf[i] + g
		}
	}
	for i, b := range buf {
		params[i] -= lr * b
	}
}
