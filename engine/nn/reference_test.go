package nn

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/diff/fd"

	"mirror/engine/rng"
)

// This file is the ground truth of the gradient checks: a float64
// re-implementation of every layer's forward pass, written from PyTorch's
// definitions independently of the float32 code, and a checker that compares
// the float32 Backward with central finite differences of that float64
// forward (gonum's diff/fd).
//
// Tolerances, and why:
//   - forward:  |y32 − y64| ≤ 1e-5·max(1, |y64|). The float32 forward rounds
//     at unit roundoff 6e-8 per operation over sums of at most a few dozen
//     terms, so its error is ~1e-6 relative.
//   - backward: |g32 − g_fd| ≤ 1e-5·max(1, max|g_fd|) per tensor. The central
//     difference with step 1e-6 in float64 has truncation error ~h²·f''' ≈ 1e-12
//     and rounding error ~1e-16/h ≈ 1e-10, so g_fd is exact to far below the
//     float32 rounding of g32 (observed ≤ 2e-7 relative, so the margin is 50×);
//     a wrong term, sign, transpose or scale gives an error of order 1.

// forward64 is layer l's forward pass in float64. params and buffers are l's
// share of the network's arrays (as float64), out is [batch × Out()].
func forward64(l Layer, out, in, params, buffers []float64, batch int, train bool) {
	nIn, nOut := l.In(), l.Out()
	switch l := l.(type) {
	case *Linear:
		weight, bias := params[:nOut*nIn], params[nOut*nIn:]
		for b := range batch {
			for o := range nOut {
				sum := bias[o]
				for i := range nIn {
					sum += in[b*nIn+i] * weight[o*nIn+i]
				}
				out[b*nOut+o] = sum
			}
		}
	case *BatchNorm1d:
		F := nOut
		gamma, beta := params[:F], params[F:]
		for f := range F {
			var mean, variance float64
			if train {
				for b := range batch {
					mean += in[b*F+f]
				}
				mean /= float64(batch)
				for b := range batch {
					variance += (in[b*F+f] - mean) * (in[b*F+f] - mean)
				}
				variance /= float64(batch) // biased, for normalising
			} else {
				mean, variance = buffers[f], buffers[F+f]
			}
			for b := range batch {
				out[b*F+f] = gamma[f]*(in[b*F+f]-mean)/math.Sqrt(variance+1e-5) + beta[f]
			}
		}
	default:
		for i, x := range in[:batch*nIn] {
			switch l := l.(type) {
			case *ReLU:
				out[i] = math.Max(x, 0)
			case *LeakyReLU:
				if x > 0 {
					out[i] = x
				} else {
					out[i] = float64(l.slope) * x
				}
			case *Sigmoid:
				out[i] = 1 / (1 + math.Exp(-x))
			case *Tanh:
				out[i] = math.Tanh(x)
			case *Flatten:
				out[i] = x
			default:
				panic(fmt.Sprintf("forward64: no reference for %T", l))
			}
		}
	}
}

// mlpForward64 runs m's layers in float64 with the given parameters.
func mlpForward64(m *MLP, x, params, buffers []float64, batch int, train bool) []float64 {
	in := x
	for i, l := range m.Layers {
		out := make([]float64, batch*l.Out())
		forward64(l, out, in, params[m.paramOff[i]:m.paramOff[i+1]], buffers[m.bufOff[i]:m.bufOff[i+1]], batch, train)
		in = out
	}
	return in
}

func to64(s []float32) []float64 {
	d := make([]float64, len(s))
	for i, v := range s {
		d[i] = float64(v)
	}
	return d
}

func randomSlice(r *rng.RNG, n int, mean, std float32) []float32 {
	s := make([]float32, n)
	r.FillNormal(s, mean, std)
	return s
}

// randomize gives every parameter and buffer of m a value away from its
// PyTorch default (γ ≠ 1, β ≠ 0, running statistics ≠ (0, 1)), so that a
// gradient check cannot pass by accident of a special value.
func randomize(m *MLP, r *rng.RNG) {
	m.Init(r)
	for _, t := range m.StateDict() {
		switch {
		case strings.HasSuffix(t.Name, "running_var"):
			r.FillUniform(t.Data, 0.5, 1.5)
		case strings.HasSuffix(t.Name, "running_mean"):
			r.FillUniform(t.Data, -0.5, 0.5)
		default:
			for i := range t.Data {
				t.Data[i] += 0.3 * (2*r.Float32() - 1)
			}
		}
	}
}

// checkGradients compares m's forward with mlpForward64 and m's Backward
// (input gradient and every parameter tensor) with central finite
// differences of the float64 loss L = Σ proj ⊙ forward64(x), on a random
// input of batch rows.
func checkGradients(t *testing.T, m *MLP, batch int, train bool, seed uint64) {
	t.Helper()
	const (
		forwardTol  = 1e-5
		backwardTol = 1e-5
	)
	r := rng.New(seed)
	randomize(m, r)
	x := randomSlice(r, batch*m.In(), 0.5, 1.5)
	proj := randomSlice(r, batch*m.Out(), 0, 1)
	params64, buffers64 := to64(m.Params), to64(m.Buffers) // before Forward updates running stats
	x64, proj64 := to64(x), to64(proj)

	out := m.Forward(x, batch, train)
	want := mlpForward64(m, x64, params64, buffers64, batch, train)
	for i := range want {
		if d := math.Abs(float64(out[i]) - want[i]); d > forwardTol*math.Max(1, math.Abs(want[i])) {
			t.Fatalf("forward[%d] = %g, float64 reference %g (|diff| %.2g)", i, out[i], want[i], d)
		}
	}

	m.ZeroGrad()
	dx := m.Backward(proj, batch, true, true)

	loss := func(x, params []float64) float64 {
		y := mlpForward64(m, x, params, buffers64, batch, train)
		var sum float64
		for i := range y {
			sum += proj64[i] * y[i]
		}
		return sum
	}
	settings := &fd.Settings{Formula: fd.Central, Step: 1e-6}
	numX := fd.Gradient(nil, func(x []float64) float64 { return loss(x, params64) }, x64, settings)
	compareGradient(t, "input", dx, numX, backwardTol)
	if len(params64) == 0 {
		return
	}
	numP := fd.Gradient(nil, func(p []float64) float64 { return loss(x64, p) }, params64, settings)
	off := 0
	for _, ten := range m.StateDict() {
		if ten.Grad == nil {
			continue
		}
		compareGradient(t, ten.Name, ten.Grad, numP[off:off+len(ten.Grad)], backwardTol)
		off += len(ten.Grad)
	}
}

// compareGradient fails unless |got − want| ≤ tol·max(1, max|want|) everywhere.
func compareGradient(t *testing.T, name string, got []float32, want []float64, tol float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s gradient has %d values, want %d", name, len(got), len(want))
	}
	scale := 1.0
	for _, w := range want {
		scale = math.Max(scale, math.Abs(w))
	}
	worst, at := 0.0, 0
	for i := range want {
		if d := math.Abs(float64(got[i]) - want[i]); d > worst {
			worst, at = d, i
		}
	}
	if worst > tol*scale {
		t.Errorf("%s gradient[%d] = %g, finite difference %g: error %.3g > %.0e·%.3g", name, at, got[at], want[at], worst, tol, scale)
	} else if testing.Verbose() {
		t.Logf("%-16s %4d values, max error %.2g (scale %.3g)", name, len(want), worst, scale)
	}
}
