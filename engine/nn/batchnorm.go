package nn

import (
	"fmt"
	"math"

	"mirror/engine/rng"
)

// BatchNorm1d is PyTorch's nn.BatchNorm1d(features) with affine weight γ and
// bias β, eps 1e-5 and momentum 0.1. Per feature f, over the n = batch rows:
//
//	training:  μ = Σx/n,  σ² = Σ(x − μ)²/n (biased),  x̂ = (x − μ)/√(σ² + eps)
//	           running_mean ← 0.9·running_mean + 0.1·μ
//	           running_var  ← 0.9·running_var  + 0.1·σ²·n/(n − 1) (unbiased)
//	eval:      x̂ = (x − running_mean)/√(running_var + eps)
//	both:      y = γ·x̂ + β
//
// Backward, with s = 1/√(σ² + eps) and sums over the batch:
//
//	dβ += Σ dy,   dγ += Σ dy·x̂
//	training:  dx = γ·s/n · (n·dy − Σdy − x̂·Σ(dy·x̂))
//	eval:      dx = γ·s·dy
//
// The training-mode dx is the closed form of differentiating through μ and
// σ² as well as x: the two subtracted terms remove the components of dy
// along the all-ones direction and along x̂, which normalisation makes
// invisible to the output.
//
// Forward in training mode panics on a batch of 1 (the unbiased variance
// needs n ≥ 2; PyTorch raises an error there too).
type BatchNorm1d struct {
	features int
	weight   []float32 // γ [features]
	bias     []float32 // β [features]
	dWeight  []float32 // [features]
	dBias    []float32 // [features]

	runningMean []float32 // [features] buffer
	runningVar  []float32 // [features] buffer

	// Left by Forward for Backward.
	train  bool
	mean   []float64 // μ used by the last Forward [features]
	invStd []float64 // s used by the last Forward [features]
	// Scratch: Forward's per-feature scale and shift, Backward's sums.
	alpha, shift     []float64 // [features]
	sumDy, sumDyXhat []float64 // [features]
}

const (
	batchNormEps      = 1e-5
	batchNormMomentum = 0.1
)

// NewBatchNorm1d returns a BatchNorm1d over features features.
// It panics unless features ≥ 1.
func NewBatchNorm1d(features int) *BatchNorm1d {
	if features < 1 {
		panic(fmt.Sprintf("nn: BatchNorm1d(%d): want features ≥ 1", features))
	}
	return &BatchNorm1d{
		features:  features,
		mean:      make([]float64, features),
		invStd:    make([]float64, features),
		alpha:     make([]float64, features),
		shift:     make([]float64, features),
		sumDy:     make([]float64, features),
		sumDyXhat: make([]float64, features),
	}
}

func (l *BatchNorm1d) String() string {
	return fmt.Sprintf("BatchNorm1d(%d, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)", l.features)
}
func (l *BatchNorm1d) In() int         { return l.features }
func (l *BatchNorm1d) Out() int        { return l.features }
func (l *BatchNorm1d) NumParams() int  { return 2 * l.features }
func (l *BatchNorm1d) NumBuffers() int { return 2 * l.features }
func (l *BatchNorm1d) Reserve(int)     {}

func (l *BatchNorm1d) Tensors() []TensorSpec {
	f := []int{l.features}
	return []TensorSpec{
		{Name: "weight", Shape: f},
		{Name: "bias", Shape: f},
		{Name: "running_mean", Shape: f, Buffer: true},
		{Name: "running_var", Shape: f, Buffer: true},
	}
}

func (l *BatchNorm1d) Bind(params, grads, buffers []float32) {
	f := l.features
	l.weight, l.bias = params[:f:f], params[f:2*f:2*f]
	l.dWeight, l.dBias = grads[:f:f], grads[f:2*f:2*f]
	l.runningMean, l.runningVar = buffers[:f:f], buffers[f:2*f:2*f]
}

// Init sets γ = 1, β = 0, running_mean = 0, running_var = 1, as PyTorch does;
// it draws nothing from r.
func (l *BatchNorm1d) Init(*rng.RNG) {
	for f := range l.features {
		l.weight[f], l.bias[f] = 1, 0
		l.runningMean[f], l.runningVar[f] = 0, 1
	}
}

// Forward: out [batch × features] = γ·x̂ + β, with batch statistics (and a
// running-statistics update) when train, running statistics otherwise.
func (l *BatchNorm1d) Forward(out, in []float32, batch int, train bool) {
	F := l.features
	l.train = train
	if train {
		if batch < 2 {
			panic(fmt.Sprintf("nn: BatchNorm1d(%d) in training mode got batch %d: want batch ≥ 2 "+
				"(the variance of one value per feature is undefined; PyTorch raises here too)", F, batch))
		}
		n := float64(batch)
		clear(l.mean)
		if !batchNormSumVector(l.mean, in, batch, F) { // SIMD where the build has it
			for b := range batch {
				for f, x := range in[b*F : (b+1)*F] {
					l.mean[f] += float64(x)
				}
			}
		}
		for f := range l.mean {
			l.mean[f] /= n
		}
		variance := l.invStd // Σ(x − μ)² accumulates here before becoming s
		clear(variance)
		if !batchNormSquaresVector(variance, l.mean, in, batch, F) {
			for b := range batch {
				for f, x := range in[b*F : (b+1)*F] {
					d := float64(x) - l.mean[f]
					variance[f] += d * d
				}
			}
		}
		const m = batchNormMomentum
		for f := range F {
			biased := variance[f] / n
			unbiased := variance[f] / (n - 1)
			l.runningMean[f] = float32((1-m)*float64(l.runningMean[f]) + m*l.mean[f])
			l.runningVar[f] = float32((1-m)*float64(l.runningVar[f]) + m*unbiased)
			l.invStd[f] = 1 / math.Sqrt(biased+batchNormEps)
		}
	} else {
		for f := range F {
			l.mean[f] = float64(l.runningMean[f])
			l.invStd[f] = 1 / math.Sqrt(float64(l.runningVar[f])+batchNormEps)
		}
	}
	// y = x·α + β' with α = γ·s and β' = β − μ·α, per feature (PyTorch's form).
	alpha, shift := l.alpha, l.shift
	for f := range F {
		a := float64(l.weight[f]) * l.invStd[f]
		alpha[f] = a
		shift[f] = float64(l.bias[f]) - l.mean[f]*a
	}
	if batchNormApplyVector(out, in, alpha, shift, batch, F) {
		return
	}
	for b := range batch {
		row, x := out[b*F:(b+1)*F], in[b*F:(b+1)*F]
		for f := range row {
			row[f] = x[f]*float32(alpha[f]) + float32(shift[f])
		}
	}
}

// Backward: see the type's comment for the formulas. x̂ is recomputed from in
// and the μ, s that Forward kept.
func (l *BatchNorm1d) Backward(dIn, dOut, in, _ []float32, batch int, paramGrads bool) {
	F := l.features
	sumDy, sumDyXhat := l.sumDy, l.sumDyXhat
	clear(sumDy)
	clear(sumDyXhat)
	if !batchNormBackwardSumsVector(sumDy, sumDyXhat, dOut, in, l.mean, l.invStd, batch, F) {
		for b := range batch {
			dy, x := dOut[b*F:(b+1)*F], in[b*F:(b+1)*F]
			for f := range dy {
				g := float64(dy[f])
				sumDy[f] += g
				sumDyXhat[f] += g * (float64(x[f]) - l.mean[f]) * l.invStd[f]
			}
		}
	}
	if paramGrads {
		for f := range F {
			l.dWeight[f] += float32(sumDyXhat[f])
			l.dBias[f] += float32(sumDy[f])
		}
	}
	if dIn == nil {
		return
	}
	if !l.train {
		for b := range batch {
			dx, dy := dIn[b*F:(b+1)*F], dOut[b*F:(b+1)*F]
			for f := range dx {
				dx[f] = dy[f] * float32(float64(l.weight[f])*l.invStd[f])
			}
		}
		return
	}
	// dx = γ·s·(dy − Σdy/n − x̂·Σ(dy·x̂)/n); turn the sums into means first.
	n := float64(batch)
	for f := range F {
		sumDy[f] /= n
		sumDyXhat[f] /= n
	}
	if batchNormBackwardInputVector(dIn, dOut, in, l.weight, l.mean, l.invStd, sumDy, sumDyXhat, batch, F) {
		return
	}
	for b := range batch {
		dx, dy, x := dIn[b*F:(b+1)*F], dOut[b*F:(b+1)*F], in[b*F:(b+1)*F]
		for f := range dx {
			s := l.invStd[f]
			xhat := (float64(x[f]) - l.mean[f]) * s
			dx[f] = float32(float64(l.weight[f]) * s * (float64(dy[f]) - sumDy[f] - xhat*sumDyXhat[f]))
		}
	}
}
