package nn

import (
	"fmt"
	"math"

	"mirror/engine/gemm"
	"mirror/engine/rng"
)

// Linear is PyTorch's nn.Linear, an affine map applied to each row:
//
//	Y = X·Wᵀ + b          X [batch × in], W [out × in], b [out], Y [batch × out]
//
// and its gradients
//
//	dX  = dY·W            [batch × in]
//	dW += dYᵀ·X           [out × in]
//	db += Σ_batch dY      [out]
//
// Its parameters are stored weight then bias, as in PyTorch's state_dict.
type Linear struct {
	in, out int
	weight  []float32 // [out × in]
	bias    []float32 // [out]
	dWeight []float32 // [out × in]
	dBias   []float32 // [out]
}

// NewLinear returns a Linear layer mapping in features to out features.
// It panics unless both are at least 1.
func NewLinear(in, out int) *Linear {
	if in < 1 || out < 1 {
		panic(fmt.Sprintf("nn: Linear(%d, %d): want both sizes ≥ 1", in, out))
	}
	return &Linear{in: in, out: out}
}

func (l *Linear) String() string {
	return fmt.Sprintf("Linear(in_features=%d, out_features=%d, bias=True)", l.in, l.out)
}
func (l *Linear) In() int         { return l.in }
func (l *Linear) Out() int        { return l.out }
func (l *Linear) NumParams() int  { return l.out*l.in + l.out }
func (l *Linear) NumBuffers() int { return 0 }
func (l *Linear) Reserve(int)     {}

func (l *Linear) Tensors() []TensorSpec {
	return []TensorSpec{
		{Name: "weight", Shape: []int{l.out, l.in}},
		{Name: "bias", Shape: []int{l.out}},
	}
}

func (l *Linear) Bind(params, grads, _ []float32) {
	nw := l.out * l.in
	l.weight, l.bias = params[:nw:nw], params[nw:nw+l.out:nw+l.out]
	l.dWeight, l.dBias = grads[:nw:nw], grads[nw:nw+l.out:nw+l.out]
}

// Init draws weight and bias from U(−1/√in, 1/√in), weight first. This is
// PyTorch's default: kaiming_uniform_(a=√5) has bound
// gain·√(3/in) = √(2/(1+5))·√(3/in) = 1/√in, and the bias uses 1/√fan_in.
func (l *Linear) Init(r *rng.RNG) {
	bound := float32(1 / math.Sqrt(float64(l.in)))
	r.FillUniform(l.weight, -bound, bound)
	r.FillUniform(l.bias, -bound, bound)
}

// Forward: out [batch × out] = in [batch × in] · Wᵀ + b.
func (l *Linear) Forward(out, in []float32, batch int, _ bool) {
	for b := 0; b < batch; b++ {
		copy(out[b*l.out:(b+1)*l.out], l.bias)
	}
	gemm.Gemm(false, true, batch, l.out, l.in, in, l.in, l.weight, l.in, true, out, l.out)
}

// Backward: dIn = dOut·W, and when paramGrads, dW += dOutᵀ·in, db += Σ_batch dOut.
func (l *Linear) Backward(dIn, dOut, in, _ []float32, batch int, paramGrads bool) {
	if dIn != nil {
		gemm.Gemm(false, false, batch, l.in, l.out, dOut, l.out, l.weight, l.in, false, dIn, l.in)
	}
	if !paramGrads {
		return
	}
	gemm.Gemm(true, false, l.out, l.in, batch, dOut, l.out, in, l.in, true, l.dWeight, l.in)
	if addRowsVector(l.dBias, dOut, batch, l.out) { // SIMD where the build has it
		return
	}
	for b := 0; b < batch; b++ {
		row := dOut[b*l.out : (b+1)*l.out]
		for o, g := range row {
			l.dBias[o] += g
		}
	}
}

// linearForwardNaive is the plain-loop reference for Linear.Forward:
// out[b,o] = bias[o] + Σ_i in[b,i]·weight[o,i].
func linearForwardNaive(out, in, weight, bias []float32, batch, nIn, nOut int) {
	for b := 0; b < batch; b++ {
		for o := 0; o < nOut; o++ {
			sum := bias[o]
			for i := 0; i < nIn; i++ {
				sum += in[b*nIn+i] * weight[o*nIn+i]
			}
			out[b*nOut+o] = sum
		}
	}
}

// linearBackwardNaive is the plain-loop reference for Linear.Backward:
// dIn[b,i] = Σ_o dOut[b,o]·weight[o,i], dWeight[o,i] += Σ_b dOut[b,o]·in[b,i],
// dBias[o] += Σ_b dOut[b,o].
func linearBackwardNaive(dIn, dWeight, dBias, dOut, in, weight []float32, batch, nIn, nOut int) {
	for b := 0; b < batch; b++ {
		for i := 0; i < nIn; i++ {
			var sum float32
			for o := 0; o < nOut; o++ {
				sum += dOut[b*nOut+o] * weight[o*nIn+i]
			}
			dIn[b*nIn+i] = sum
		}
	}
	for o := 0; o < nOut; o++ {
		for i := 0; i < nIn; i++ {
			var sum float32
			for b := 0; b < batch; b++ {
				sum += dOut[b*nOut+o] * in[b*nIn+i]
			}
			dWeight[o*nIn+i] += sum
		}
		var sum float32
		for b := 0; b < batch; b++ {
			sum += dOut[b*nOut+o]
		}
		dBias[o] += sum
	}
}
