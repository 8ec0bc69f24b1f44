package nn

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/diff/fd"

	"mirror/engine/rng"
)

// Values by hand: log 2 at z = 0; the stable form at |z| = 100 where the
// naive −log σ(z) would be log(0) = −Inf; PyTorch's clamp at −100 in BCE.
func TestLossValues(t *testing.T) {
	ln2 := float32(math.Ln2)
	sp := func(z float64) float64 { return math.Log1p(math.Exp(-math.Abs(z))) + math.Max(z, 0) } // softplus
	for _, c := range []struct {
		name      string
		got, want float32
	}{
		{"BCEWithLogits(0, 1)", BCEWithLogits(nil, []float32{0}, 1), ln2},
		{"BCEWithLogits(0, 0)", BCEWithLogits(nil, []float32{0}, 0), ln2},
		{"BCEWithLogits(100, 0)", BCEWithLogits(nil, []float32{100}, 0), 100},
		{"BCEWithLogits(-100, 1)", BCEWithLogits(nil, []float32{-100}, 1), 100},
		// −0.9·log σ(z) − 0.1·log(1 − σ(z)) = 0.9·softplus(−z) + 0.1·softplus(z), meaned over z = 2, −1.
		{"BCEWithLogits([2 −1], 0.9)", BCEWithLogits(nil, []float32{2, -1}, 0.9),
			float32((0.9*sp(-2) + 0.1*sp(2) + 0.9*sp(1) + 0.1*sp(-1)) / 2)},
		{"BCE(0.5, 1)", BCE(nil, []float32{0.5}, 1), ln2},
		{"BCE(0, 1)", BCE(nil, []float32{0}, 1), 100},
		{"BCE(1, 0)", BCE(nil, []float32{1}, 0), 100},
		{"BCE(1, 1)", BCE(nil, []float32{1}, 1), 0},
		{"BCE([0.8 0.3], 0.9)", BCE(nil, []float32{0.8, 0.3}, 0.9),
			float32(-(0.9*math.Log(0.8) + 0.1*math.Log(0.2) + 0.9*math.Log(0.3) + 0.1*math.Log(0.7)) / 2)},
		{"MeanOutput([1 2 6], −1)", MeanOutput(nil, []float32{1, 2, 6}, -1), -3},
		{"MSE([1 2], [0 4])", MSE(nil, []float32{1, 2}, []float32{0, 4}), 2.5},
	} {
		if math.Abs(float64(c.got-c.want)) > 1e-6*math.Max(1, math.Abs(float64(c.want))) {
			t.Errorf("%s = %g, want %g", c.name, c.got, c.want)
		}
	}
	d := make([]float32, 2)
	BCE(d, []float32{0, 1}, 0.5) // PyTorch: (p − y)/max(p(1−p), 1e-12)/n, finite at the ends
	if d[0] != -0.25e12 || d[1] != 0.25e12 {
		t.Errorf("BCE gradient at p = 0, 1 is %v, want [-2.5e11 2.5e11]", d)
	}
}

// Each loss's gradient against central differences of a float64 version of
// the same formula, within 1e-6·max(1, max|g|): each gradient is a few
// float32 operations, exact to ~1e-7.
func TestLossGradients(t *testing.T) {
	const n = 7
	r := rng.New(40)
	logits := randomSlice(r, n, 0, 3)
	probs := make([]float32, n)
	r.FillUniform(probs, 0.05, 0.95)
	target := randomSlice(r, n, 0, 1)
	settings := &fd.Settings{Formula: fd.Central, Step: 1e-6}
	mean := func(f func(x float64, i int) float64) func([]float64) float64 {
		return func(x []float64) float64 {
			var s float64
			for i, v := range x {
				s += f(v, i)
			}
			return s / float64(len(x))
		}
	}
	for _, c := range []struct {
		name   string
		loss   func(d []float32) float32
		x      []float32
		loss64 func([]float64) float64
	}{
		{"BCEWithLogits", func(d []float32) float32 { return BCEWithLogits(d, logits, 0.9) }, logits,
			mean(func(z float64, _ int) float64 {
				p := 1 / (1 + math.Exp(-z))
				return -0.9*math.Log(p) - 0.1*math.Log(1-p)
			})},
		{"BCE", func(d []float32) float32 { return BCE(d, probs, 0.9) }, probs,
			mean(func(p float64, _ int) float64 { return -0.9*math.Log(p) - 0.1*math.Log(1-p) })},
		{"MeanOutput", func(d []float32) float32 { return MeanOutput(d, logits, -1) }, logits,
			mean(func(y float64, _ int) float64 { return -y })},
		{"MSE", func(d []float32) float32 { return MSE(d, logits, target) }, logits,
			mean(func(y float64, i int) float64 { return (y - float64(target[i])) * (y - float64(target[i])) })},
	} {
		d := make([]float32, n)
		got := c.loss(d)
		x64 := to64(c.x)
		if want := c.loss64(x64); math.Abs(float64(got)-want) > 1e-6*math.Max(1, math.Abs(want)) {
			t.Errorf("%s = %g, float64 %g", c.name, got, want)
		}
		compareGradient(t, c.name, d, fd.Gradient(nil, c.loss64, x64, settings), 1e-6)
		if c.loss(nil) != got {
			t.Errorf("%s with a nil gradient returns a different loss", c.name)
		}
	}
}

func TestLossArguments(t *testing.T) {
	mustPanic(t, "BCEWithLogits target 1.5: want 0..1", func() { BCEWithLogits(nil, []float32{0}, 1.5) })
	mustPanic(t, "BCE gradient has 1 values: want 2 (one per input) or nil", func() { BCE(make([]float32, 1), []float32{0, 1}, 1) })
	mustPanic(t, "MeanOutput of no values", func() { MeanOutput(nil, nil, 1) })
	mustPanic(t, "MSE target has 1 values: want 2, as pred", func() { MSE(nil, []float32{0, 1}, []float32{0}) })
}
