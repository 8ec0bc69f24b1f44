package metrics

import (
	"fmt"
	"math"
)

// SoftmaxCrossEntropy is F.cross_entropy(z, y) with mean reduction, for
// logits z [batch × classes] and labels y [batch] in 0..classes−1:
//
//	p[b]  = softmax(z[b])
//	loss  = −(1/batch) Σ_b log p[b, y_b]
//	dz[b] = (p[b] − onehot(y_b)) / batch
//
// It overwrites dLogits [batch × classes] with ∂loss/∂z (it is not a Layer,
// so there is nothing to add into) and returns the loss. Each row is shifted
// by its maximum before exponentiating and summed in float64, so large logits
// neither overflow nor lose the small probabilities. It panics on a short
// buffer or a label out of range: both are bugs in the caller.
func SoftmaxCrossEntropy(dLogits, logits []float32, labels []int, batch, classes int) float32 {
	if batch < 1 || classes < 1 {
		panic(fmt.Sprintf("metrics: SoftmaxCrossEntropy batch %d, classes %d: want both ≥ 1", batch, classes))
	}
	if n := batch * classes; len(logits) < n || len(dLogits) < n || len(labels) < batch {
		panic(fmt.Sprintf("metrics: SoftmaxCrossEntropy with %d logits, %d gradients, %d labels: want %d, %d, %d",
			len(logits), len(dLogits), len(labels), n, n, batch))
	}
	var loss float64
	scale := 1 / float64(batch)
	for b := range batch {
		z, dz, y := logits[b*classes:(b+1)*classes], dLogits[b*classes:(b+1)*classes], labels[b]
		if y < 0 || y >= classes {
			panic(fmt.Sprintf("metrics: SoftmaxCrossEntropy label %d of row %d: want 0..%d", y, b, classes-1))
		}
		zMax := float64(z[argmax(z)])
		var sum float64
		for _, v := range z {
			sum += math.Exp(float64(v) - zMax)
		}
		logSum := math.Log(sum)
		loss -= float64(z[y]) - zMax - logSum
		for k, v := range z {
			dz[k] = float32(math.Exp(float64(v)-zMax-logSum) * scale)
		}
		dz[y] -= float32(scale)
	}
	return float32(loss * scale)
}

// topProbability returns the largest softmax probability of one row of logits,
// 1 / Σ_k exp(z_k − max z).
func topProbability(z []float32) float64 {
	zMax := float64(z[argmax(z)])
	var sum float64
	for _, v := range z {
		sum += math.Exp(float64(v) - zMax)
	}
	return 1 / sum
}
