package nn

import (
	"fmt"

	"github.com/chewxy/math32"

	"mirror/engine/fmath"
)

// The losses reduce by the mean over their n inputs, like PyTorch's default
// reduction='mean', and write the gradient of that mean into their first
// argument (skipped when it is nil), ready to be passed to MLP.Backward.
// Sums are accumulated in float64; the returned loss is rounded to float32.

// BCEWithLogits is F.binary_cross_entropy_with_logits(z, y) for logits z and
// one target y in [0, 1] (1 real, 0 fake, 0.9 for label smoothing):
//
//	loss = mean( max(z, 0) − z·y + log1p(e^−|z|) )   (= −y·log σ(z) − (1−y)·log(1 − σ(z)))
//	dz   = (σ(z) − y) / n
//
// The form on the left never overflows, so the GAN can drop the
// discriminator's final Sigmoid and train on logits.
func BCEWithLogits(dLogits, logits []float32, target float32) float32 {
	checkLoss("BCEWithLogits", dLogits, len(logits))
	checkTarget("BCEWithLogits", target)
	n := len(logits)
	var sum float64
	for i, z := range logits {
		sum += float64(max(z, 0)-z*target) + fmath.Log(1+float64(fmath.Exp(-math32.Abs(z))))
		if dLogits != nil {
			dLogits[i] = (sigmoid(z) - target) / float32(n)
		}
	}
	return float32(sum / float64(n))
}

// BCE is F.binary_cross_entropy(p, y) for probabilities p in [0, 1] and one
// target y in [0, 1], with PyTorch's clamp of each logarithm at −100 (so
// p = 0 or 1 gives a large finite loss, not +Inf):
//
//	loss = mean( −y·max(log p, −100) − (1−y)·max(log1p(−p), −100) )
//	dp   = (p − y) / max(p·(1 − p), 1e-12) / n
//
// The gradient is PyTorch's: the derivative of the unclamped loss with its
// denominator kept away from 0.
func BCE(dProb, prob []float32, target float32) float32 {
	checkLoss("BCE", dProb, len(prob))
	checkTarget("BCE", target)
	n := len(prob)
	var sum float64
	for i, p := range prob {
		logP := max(float32(fmath.Log(float64(p))), -100)
		log1mP := max(float32(fmath.Log(1-float64(p))), -100)
		sum += float64(-target*logP - (1-target)*log1mP)
		if dProb != nil {
			dProb[i] = (p - target) / max(p*(1-p), 1e-12) / float32(n)
		}
	}
	return float32(sum / float64(n))
}

// MeanOutput is the Wasserstein critic's term sign·mean(out):
//
//	loss = sign · Σout / n,   dout = sign / n
//
// The critic's loss mean(D(fake)) − mean(D(real)) is MeanOutput(…, fake, +1)
// plus MeanOutput(…, real, −1), the generator's is MeanOutput(…, D(fake), −1).
func MeanOutput(dOut, out []float32, sign float32) float32 {
	checkLoss("MeanOutput", dOut, len(out))
	n := len(out)
	var sum float64
	for _, y := range out {
		sum += float64(y)
	}
	if dOut != nil {
		g := sign / float32(n)
		for i := range dOut {
			dOut[i] = g
		}
	}
	return float32(float64(sign) * sum / float64(n))
}

// MSE is F.mse_loss(pred, target):
//
//	loss = mean( (pred − target)² ),   dpred = 2·(pred − target) / n
func MSE(dPred, pred, target []float32) float32 {
	checkLoss("MSE", dPred, len(pred))
	if len(target) != len(pred) {
		panic(fmt.Sprintf("nn: MSE target has %d values: want %d, as pred", len(target), len(pred)))
	}
	n := len(pred)
	var sum float64
	for i, p := range pred {
		d := p - target[i]
		sum += float64(d) * float64(d)
		if dPred != nil {
			dPred[i] = 2 * d / float32(n)
		}
	}
	return float32(sum / float64(n))
}

func checkLoss(name string, grad []float32, n int) {
	if n == 0 {
		panic(fmt.Sprintf("nn: %s of no values: want at least 1", name))
	}
	if grad != nil && len(grad) != n {
		panic(fmt.Sprintf("nn: %s gradient has %d values: want %d (one per input) or nil", name, len(grad), n))
	}
}

func checkTarget(name string, y float32) {
	if !(y >= 0 && y <= 1) {
		panic(fmt.Sprintf("nn: %s target %g: want 0..1", name, y))
	}
}
