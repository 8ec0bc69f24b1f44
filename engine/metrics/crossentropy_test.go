package metrics

import (
	"math"
	"testing"

	"mirror/engine/rng"
)

// crossEntropy64 is the loss in float64 straight from its definition,
// −(1/batch) Σ_b log(exp(z[b,y_b]) / Σ_k exp(z[b,k])), the reference for
// the value and, by central differences, for the gradient.
func crossEntropy64(logits []float64, labels []int, batch, classes int) float64 {
	var loss float64
	for b := range batch {
		z := logits[b*classes : (b+1)*classes]
		var sum float64
		for _, v := range z {
			sum += math.Exp(v)
		}
		loss -= math.Log(math.Exp(z[labels[b]]) / sum)
	}
	return loss / float64(batch)
}

func TestSoftmaxCrossEntropyGradient(t *testing.T) {
	const batch, classes, h = 5, 7, 1e-6
	r := rng.New(1)
	logits := make([]float32, batch*classes)
	r.FillNormal(logits, 0, 3)
	labels := []int{0, 6, 3, 3, 1}
	dLogits := make([]float32, batch*classes)
	loss := SoftmaxCrossEntropy(dLogits, logits, labels, batch, classes)

	z := make([]float64, len(logits))
	for i, v := range logits {
		z[i] = float64(v)
	}
	if want := crossEntropy64(z, labels, batch, classes); math.Abs(float64(loss)-want) > 1e-6*max(1, want) {
		t.Errorf("loss %v: want %v", loss, want)
	}
	for i := range z {
		zi := z[i]
		z[i] = zi + h
		up := crossEntropy64(z, labels, batch, classes)
		z[i] = zi - h
		down := crossEntropy64(z, labels, batch, classes)
		z[i] = zi
		if want := (up - down) / (2 * h); math.Abs(float64(dLogits[i])-want) > 1e-6 {
			t.Errorf("∂loss/∂z[%d] = %v: want %v (central difference)", i, dLogits[i], want)
		}
	}
}

func TestSoftmaxCrossEntropyLargeLogits(t *testing.T) {
	// exp(1000) overflows; the shifted form must not.
	logits := []float32{1000, 0, -1000}
	dLogits := make([]float32, 3)
	loss := SoftmaxCrossEntropy(dLogits, logits, []int{1}, 1, 3)
	if loss != 1000 {
		t.Errorf("loss %v: want 1000", loss)
	}
	if want := []float32{1, -1, 0}; dLogits[0] != want[0] || dLogits[1] != want[1] || dLogits[2] != want[2] {
		t.Errorf("dLogits %v: want %v", dLogits, want)
	}
}
