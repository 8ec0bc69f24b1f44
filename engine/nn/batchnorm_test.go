package nn

import (
	"math"
	"testing"

	"mirror/engine/rng"
)

// One feature, batch [1 2 3 6], by hand: μ = 3, biased σ² = 14/4 = 3.5,
// unbiased 14/3; y = (x − 3)/√(3.5 + 1e-5); running_mean = 0.1·3 = 0.3,
// running_var = 0.9·1 + 0.1·14/3 = 1.3666….
func TestBatchNormByHand(t *testing.T) {
	bn := NewBatchNorm1d(1)
	m := NewMLP(bn)
	m.Init(nil)
	y := m.Forward([]float32{1, 2, 3, 6}, 4, true)
	for i, x := range []float64{1, 2, 3, 6} {
		want := (x - 3) / math.Sqrt(3.5+1e-5)
		if math.Abs(float64(y[i])-want) > 1e-6 {
			t.Errorf("y[%d] = %g, want %g", i, y[i], want)
		}
	}
	if rm, rv := bn.runningMean[0], bn.runningVar[0]; math.Abs(float64(rm)-0.3) > 1e-7 || math.Abs(float64(rv)-(0.9+0.1*14.0/3)) > 1e-6 {
		t.Errorf("running stats (%g, %g), want (0.3, %g)", rm, rv, 0.9+0.1*14.0/3)
	}
}

// In training mode, before the affine step, every feature of the output has
// batch mean 0 and biased variance σ²/(σ² + eps) ≈ 1; the running statistics
// follow the momentum-0.1 averages of the batch mean and the UNBIASED
// variance; eval mode normalises with the running statistics and leaves them
// alone.
func TestBatchNormStatistics(t *testing.T) {
	const batch, features, steps = 8, 5, 3
	bn := NewBatchNorm1d(features)
	m := NewMLP(bn)
	r := rng.New(30)
	m.Init(r) // γ = 1, β = 0
	wantMean := make([]float64, features)
	wantVar := make([]float64, features)
	for f := range wantVar {
		wantVar[f] = 1
	}
	var x []float32
	for range steps {
		x = randomSlice(r, batch*features, 2, 3) // far from the default statistics
		y := m.Forward(x, batch, true)
		for f := range features {
			var mean, ss, ymean, yss float64
			for b := range batch {
				mean += float64(x[b*features+f])
				ymean += float64(y[b*features+f])
			}
			mean /= batch
			ymean /= batch
			for b := range batch {
				d := float64(x[b*features+f]) - mean
				ss += d * d
				e := float64(y[b*features+f]) - ymean
				yss += e * e
			}
			if math.Abs(ymean) > 1e-6 || math.Abs(yss/batch-1) > 1e-4 {
				t.Errorf("feature %d: output mean %g, biased variance %g; want 0 and 1", f, ymean, yss/batch)
			}
			wantMean[f] = 0.9*wantMean[f] + 0.1*mean
			wantVar[f] = 0.9*wantVar[f] + 0.1*ss/(batch-1)
		}
	}
	for f := range features {
		if math.Abs(float64(bn.runningMean[f])-wantMean[f]) > 1e-6*math.Max(1, wantMean[f]) ||
			math.Abs(float64(bn.runningVar[f])-wantVar[f]) > 1e-6*math.Max(1, wantVar[f]) {
			t.Errorf("feature %d: running (%g, %g), hand computation (%g, %g)",
				f, bn.runningMean[f], bn.runningVar[f], wantMean[f], wantVar[f])
		}
	}

	r.FillUniform(bn.weight, 0.5, 1.5)
	r.FillUniform(bn.bias, -1, 1)
	before := append([]float32(nil), m.Buffers...)
	y := m.Forward(x, batch, false)
	for i, v := range m.Buffers {
		if v != before[i] {
			t.Fatalf("eval Forward changed buffer %d", i)
		}
	}
	for b := range batch {
		for f := range features {
			i := b*features + f
			want := float64(bn.weight[f])*(float64(x[i])-float64(bn.runningMean[f]))/
				math.Sqrt(float64(bn.runningVar[f])+1e-5) + float64(bn.bias[f])
			if math.Abs(float64(y[i])-want) > 1e-5*math.Max(1, math.Abs(want)) {
				t.Errorf("eval y[%d] = %g, want %g from the running statistics", i, y[i], want)
			}
		}
	}
}

// Init resets the buffers to PyTorch's (0, 1) and the affine to (1, 0).
func TestBatchNormInit(t *testing.T) {
	bn := NewBatchNorm1d(3)
	m := NewMLP(bn)
	randomize(m, rng.New(31))
	m.Init(rng.New(31))
	for f := range 3 {
		if bn.weight[f] != 1 || bn.bias[f] != 0 || bn.runningMean[f] != 0 || bn.runningVar[f] != 1 {
			t.Fatalf("feature %d after Init: γ %g β %g mean %g var %g", f, bn.weight[f], bn.bias[f], bn.runningMean[f], bn.runningVar[f])
		}
	}
}
