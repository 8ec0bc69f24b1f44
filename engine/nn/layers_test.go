package nn

import (
	"math"
	"testing"

	"mirror/engine/rng"
)

// Each layer alone, as a one-layer MLP, against the float64 reference.
func TestLayerGradients(t *testing.T) {
	cases := []struct {
		name  string
		layer func() Layer
		train bool
	}{
		{"Linear", func() Layer { return NewLinear(7, 5) }, true},
		{"ReLU", func() Layer { return NewReLU(9) }, true},
		{"LeakyReLU", func() Layer { return NewLeakyReLU(9, 0.2) }, true},
		{"Sigmoid", func() Layer { return NewSigmoid(9) }, true},
		{"Tanh", func() Layer { return NewTanh(9) }, true},
		{"Flatten", func() Layer { return NewFlatten(9) }, true},
		{"BatchNorm1d/train", func() Layer { return NewBatchNorm1d(6) }, true},
		{"BatchNorm1d/eval", func() Layer { return NewBatchNorm1d(6) }, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			checkGradients(t, NewMLP(c.layer()), 5, c.train, 1)
		})
	}
}

// Backward adds into parameter gradients, leaves them alone without
// paramGrads, and skips dIn when it is nil.
func TestBackwardContract(t *testing.T) {
	for _, l := range []Layer{NewLinear(4, 3), NewBatchNorm1d(4)} {
		t.Run(fmtType(l), func(t *testing.T) {
			const batch = 3
			m := NewMLP(l)
			r := rng.New(2)
			randomize(m, r)
			x := randomSlice(r, batch*l.In(), 0, 1)
			dOut := randomSlice(r, batch*l.Out(), 0, 1)
			out := make([]float32, batch*l.Out())
			l.Forward(out, x, batch, true)

			l.Backward(nil, dOut, x, out, batch, true)
			once := append([]float32(nil), m.Grads...)
			dIn := make([]float32, batch*l.In())
			l.Backward(dIn, dOut, x, out, batch, true)
			for i := range once {
				if m.Grads[i] != 2*once[i] {
					t.Fatalf("after two Backwards grad[%d] = %g, want 2×%g", i, m.Grads[i], once[i])
				}
			}
			for i := range dIn {
				dIn[i] = 7
			}
			l.Backward(dIn, dOut, x, out, batch, false)
			for i := range once {
				if m.Grads[i] != 2*once[i] {
					t.Fatalf("Backward without paramGrads changed grad[%d]", i)
				}
			}
			for i := range dIn {
				if dIn[i] == 7 {
					t.Fatalf("Backward did not overwrite dIn[%d]", i)
				}
			}
		})
	}
}

func fmtType(l Layer) string {
	switch l.(type) {
	case *Linear:
		return "Linear"
	case *BatchNorm1d:
		return "BatchNorm1d"
	}
	return "layer"
}

// PyTorch's layout: weight [out × in] row-major, then bias. With
// W = [[1 2 3] [4 5 6]], b = [10 20] and x = [1 1 2]:
// y = [1+2+6+10, 4+5+12+20] = [19 41].
func TestLinearLayoutMatchesPyTorch(t *testing.T) {
	m := NewMLP(NewLinear(3, 2))
	copy(m.Params, []float32{1, 2, 3, 4, 5, 6, 10, 20})
	y := m.Forward([]float32{1, 1, 2}, 1, true)
	if y[0] != 19 || y[1] != 41 {
		t.Fatalf("y = %v, want [19 41]", y)
	}
	names := []string{}
	for _, ten := range m.StateDict() {
		names = append(names, ten.Name)
	}
	if len(names) != 2 || names[0] != "0.weight" || names[1] != "0.bias" {
		t.Fatalf("state_dict names %v, want [0.weight 0.bias]", names)
	}
}

// The gemm-based Linear agrees with the plain loops beside it, on awkward sizes.
func TestLinearMatchesNaive(t *testing.T) {
	for _, size := range [][3]int{{1, 1, 1}, {3, 7, 5}, {17, 33, 9}, {64, 20, 1}} {
		batch, in, out := size[0], size[1], size[2]
		l := NewLinear(in, out)
		m := NewMLP(l)
		r := rng.New(3)
		m.Init(r)
		x := randomSlice(r, batch*in, 0, 1)
		dY := randomSlice(r, batch*out, 0, 1)
		y := make([]float32, batch*out)
		yRef := make([]float32, batch*out)
		l.Forward(y, x, batch, true)
		linearForwardNaive(yRef, x, l.weight, l.bias, batch, in, out)
		dX := make([]float32, batch*in)
		dXRef := make([]float32, batch*in)
		dW := make([]float32, out*in)
		dB := make([]float32, out)
		l.Backward(dX, dY, x, y, batch, true)
		linearBackwardNaive(dXRef, dW, dB, dY, x, l.weight, batch, in, out)
		const tol = 1e-5 // float32 sums of ≤ 64 terms in different orders
		for name, pair := range map[string][2][]float32{
			"y": {y, yRef}, "dX": {dX, dXRef}, "dW": {l.dWeight, dW}, "dB": {l.dBias, dB},
		} {
			for i := range pair[0] {
				if d := math.Abs(float64(pair[0][i] - pair[1][i])); d > tol*math.Max(1, math.Abs(float64(pair[1][i]))) {
					t.Fatalf("%v %s[%d] = %g, naive %g", size, name, i, pair[0][i], pair[1][i])
				}
			}
		}
	}
}

// PyTorch's default: weight and bias ~ U(−1/√in, 1/√in). For a uniform on
// [−a, a] the standard deviation is a/√3; with 784·512 draws its sample
// estimate is within 1% of that.
func TestLinearInit(t *testing.T) {
	const in, out = 784, 512
	l := NewLinear(in, out)
	m := NewMLP(l)
	m.Init(rng.New(4))
	bound := float64(float32(1 / math.Sqrt(in))) // the float32 bound Init uses
	var sum, sumSq float64
	for _, w := range l.weight {
		if math.Abs(float64(w)) > bound {
			t.Fatalf("weight %g outside ±%g", w, bound)
		}
		sum += float64(w)
		sumSq += float64(w) * float64(w)
	}
	n := float64(len(l.weight))
	mean, std := sum/n, math.Sqrt(sumSq/n-(sum/n)*(sum/n))
	if math.Abs(mean) > 0.01*bound || math.Abs(std/(bound/math.Sqrt(3))-1) > 0.01 {
		t.Errorf("weight mean %g, std %g: want ≈0 and %g", mean, std, bound/math.Sqrt(3))
	}
	for _, b := range l.bias {
		if math.Abs(float64(b)) > bound {
			t.Fatalf("bias %g outside ±%g", b, bound)
		}
	}

	again := NewMLP(NewLinear(in, out))
	again.Init(rng.New(4))
	for i := range m.Params {
		if m.Params[i] != again.Params[i] {
			t.Fatalf("same seed, different params at %d", i)
		}
	}
	other := NewMLP(NewLinear(in, out))
	other.Init(rng.New(5))
	if other.Params[0] == m.Params[0] && other.Params[1] == m.Params[1] {
		t.Errorf("different seeds gave the same first params")
	}
}

// Sigmoid stays finite and accurate at the extremes, where 1/(1+e⁻ˣ) would
// compute e¹⁰⁰ = +Inf in float32. (Results below the smallest normal float32,
// 1.2e-38, may flush to 0: math32.Exp does not return subnormals.)
func TestSigmoidExtremes(t *testing.T) {
	for _, c := range []struct{ x, want float64 }{
		{0, 0.5}, {3, 0.95257412682243}, {-3, 0.04742587317756678},
		{100, 1}, {-80, 1.8048513878454153e-35}, {-100, 3.720075976020836e-44},
	} {
		got := float64(sigmoid(float32(c.x)))
		if math.IsNaN(got) || math.Abs(got-c.want) > 1e-6*c.want+1.2e-38 {
			t.Errorf("sigmoid(%g) = %g, want %g", c.x, got, c.want)
		}
	}
}
