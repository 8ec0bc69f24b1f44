package nn

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"mirror/engine/fmath"
	"mirror/engine/rng"
)

// The SIMD Adam (where the build has one) must give exactly the bits of
// adamReference, on sizes around its 8-wide blocks, with guards after the
// slices to catch stray writes.
func TestAdamVectorMatchesReference(t *testing.T) {
	r := rng.New(9)
	c := adamConstants{w1: 0.1, b2: 0.999, w2: 0.001, bc2Sqrt: 0.0316, eps: 1e-8, stepSize: 2e-3}
	for _, n := range []int{0, 1, 7, 8, 9, 15, 16, 17, 63, 64, 65, 1001} {
		mk := func() []float32 {
			x := make([]float32, n+4)
			r.FillUniform(x[:n], -1, 1)
			for i := n; i < n+4; i++ {
				x[i] = 12345
			}
			return x
		}
		p, g, m, v := mk(), mk(), mk(), mk()
		for i := range v[:n] {
			v[i] = float32(math.Abs(float64(v[i]))) // a second moment is ≥ 0
		}
		pr, mr, vr := append([]float32(nil), p...), append([]float32(nil), m...), append([]float32(nil), v...)
		done := adamVector(p[:n], g[:n], m[:n], v[:n], &c)
		if want := n &^ 7; simdName != "" && done != want || simdName == "" && done != 0 {
			t.Fatalf("n=%d: %q vector part %d, want %d", n, simdName, done, want)
		}
		adamReference(p[done:n], g[done:n], m[done:n], v[done:n], &c)
		adamReference(pr[:n], g[:n], mr[:n], vr[:n], &c)
		for i := 0; i < n+4; i++ {
			for _, pair := range [][2][]float32{{p, pr}, {m, mr}, {v, vr}} {
				if math.Float32bits(pair[0][i]) != math.Float32bits(pair[1][i]) {
					t.Fatalf("n=%d (vector part %d): value %d = %g, reference %g", n, done, i, pair[0][i], pair[1][i])
				}
			}
		}
	}
}

// SumSquares matches a float64 sum on sizes around its 16-wide blocks, to
// 1e-12 relative (only the order of the float64 additions differs).
func TestSumSquares(t *testing.T) {
	r := rng.New(4)
	for _, n := range []int{0, 1, 15, 16, 17, 31, 32, 33, 1000, 100003} {
		x := make([]float32, n)
		r.FillUniform(x, -3, 3)
		var want float64
		for _, v := range x {
			want += float64(v) * float64(v)
		}
		if got := SumSquares(x); math.Abs(got-want) > 1e-12*math.Max(want, 1) {
			t.Fatalf("n=%d: SumSquares %.17g, want %.17g", n, got, want)
		}
	}
	inf := []float32{1, 2, float32(math.Inf(1)), 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}
	if !math.IsInf(SumSquares(inf), 1) {
		t.Fatal("SumSquares hides an infinite value")
	}
}

func TestRMSpropVectorMatchesReference(t *testing.T) {
	r := rng.New(10)
	c := rmspropConstants{a: 0.99, w: 0.01, lr: 5e-5, eps: 1e-8}
	for _, n := range []int{0, 1, 7, 8, 9, 16, 17, 1001} {
		p, g, sq := make([]float32, n+3), make([]float32, n+3), make([]float32, n+3)
		r.FillUniform(p[:n], -1, 1)
		r.FillUniform(g[:n], -1, 1)
		r.FillUniform(sq[:n], 0, 1)
		for i := n; i < n+3; i++ {
			p[i], sq[i] = 777, 777
		}
		pr, sqr := append([]float32(nil), p...), append([]float32(nil), sq...)
		done := rmspropVector(p[:n], g[:n], sq[:n], &c)
		if want := n &^ 7; simdName != "" && done != want || simdName == "" && done != 0 {
			t.Fatalf("n=%d: vector part %d", n, done)
		}
		rmspropReference(p[done:n], g[done:n], sq[done:n], &c)
		rmspropReference(pr[:n], g[:n], sqr[:n], &c)
		for i := range p {
			if math.Float32bits(p[i]) != math.Float32bits(pr[i]) || math.Float32bits(sq[i]) != math.Float32bits(sqr[i]) {
				t.Fatalf("n=%d value %d: p %g sq %g, reference %g %g", n, i, p[i], sq[i], pr[i], sqr[i])
			}
		}
	}
}

func TestClipVectorMatchesReference(t *testing.T) {
	r := rng.New(11)
	const c = 0.01
	special := []float32{c, -c, 0, float32(math.Copysign(0, -1)), float32(math.NaN()), float32(math.Inf(1)), float32(math.Inf(-1)), math.Nextafter32(c, 0), math.Nextafter32(c, 1)}
	for _, n := range []int{0, 1, 7, 8, 9, 16, 17, 1001} {
		p := make([]float32, n+3)
		r.FillUniform(p[:n], -0.02, 0.02)
		for i := 0; i < n; i += 3 {
			p[i] = special[(i/3)%len(special)]
		}
		for i := n; i < n+3; i++ {
			p[i] = 777
		}
		pr := append([]float32(nil), p...)
		count, done := clipVector(p[:n], c)
		if want := n &^ 7; simdName != "" && done != want || simdName == "" && done != 0 {
			t.Fatalf("n=%d: vector part %d", n, done)
		}
		count += clipReference(p[done:n], c)
		want := clipReference(pr[:n], c)
		if count != want {
			t.Fatalf("n=%d: %d at the bound, reference %d", n, count, want)
		}
		for i := range p {
			if math.Float32bits(p[i]) != math.Float32bits(pr[i]) {
				t.Fatalf("n=%d value %d: %g (bits %#x), reference %g (bits %#x)", n, i, p[i], math.Float32bits(p[i]), pr[i], math.Float32bits(pr[i]))
			}
		}
	}
}

// The SIMD activation loops (where the build has them) give the bits of the
// layers' plain loops, special values included, and write nothing past n.
func TestActivationVectorsMatchPlainLoops(t *testing.T) {
	r := rng.New(12)
	special := []float32{0, float32(math.Copysign(0, -1)), float32(math.Inf(1)), float32(math.Inf(-1)), 1e-40, -1e-40, math.MaxFloat32, -math.MaxFloat32}
	const slope = 0.2
	wasmSIMD := strings.HasPrefix(simdName, "wasm")
	factor := [2]float32{1, slope}
	for _, n := range []int{0, 1, 7, 8, 9, 16, 17, 1001} {
		mk := func() []float32 {
			x := make([]float32, n+3)
			r.FillUniform(x[:n], -1, 1)
			for i := 0; i < n; i += 5 {
				x[i] = special[(i/5)%len(special)]
			}
			for i := n; i < n+3; i++ {
				x[i] = 777
			}
			return x
		}
		in, dOut := mk(), mk()
		relu := append([]float32(nil), in...)
		for i, x := range relu[:n] {
			relu[i] = max(x, 0)
		}
		type loop struct {
			name      string
			vector    func(dst []float32) int
			reference func(i int) float32
		}
		for _, l := range []loop{
			{"relu", func(dst []float32) int { return reluVector(dst[:n], in[:n]) },
				func(i int) float32 { return max(in[i], 0) }},
			{"relu backward", func(dst []float32) int { return reluBackwardVector(dst[:n], dOut[:n], relu[:n]) },
				func(i int) float32 {
					return math.Float32frombits(math.Float32bits(dOut[i]) & uint32(-int32(math.Float32bits(relu[i]))>>31))
				}},
			{"leakyrelu", func(dst []float32) int { return leakyReLUVector(dst[:n], in[:n], slope) },
				func(i int) float32 { return in[i] * factor[notPositive(in[i])] }},
			{"leakyrelu backward", func(dst []float32) int { return leakyReLUBackwardVector(dst[:n], dOut[:n], in[:n], slope) },
				func(i int) float32 { return dOut[i] * factor[notPositive(in[i])] }},
		} {
			got := make([]float32, n+3)
			for i := range got {
				got[i] = 555
			}
			done := l.vector(got)
			// Only the WebAssembly build has SIMD activations.
			if want := n &^ 7; wasmSIMD && done != want || !wasmSIMD && done != 0 {
				t.Fatalf("%s n=%d: vector part %d", l.name, n, done)
			}
			for i := 0; i < n+3; i++ {
				want := float32(555)
				if i < done {
					want = l.reference(i)
				}
				if math.Float32bits(got[i]) != math.Float32bits(want) {
					t.Fatalf("%s n=%d value %d: %g (bits %#x), want %g (bits %#x)", l.name, n, i, got[i], math.Float32bits(got[i]), want, math.Float32bits(want))
				}
			}
		}
	}
}

// The SIMD sigmoid (where the build has one) gives fmath.Sigmoid's bits
// over the whole float32 range that matters: around 0, near Exp's cut-off
// at −103.97 and its subnormal results, at the ties of its rounding of k
// (t = x·log2e ± 0.5 near a whole number), and special values.
func TestSigmoidVectorMatchesFmath(t *testing.T) {
	r := rng.New(13)
	wasmSIMD := strings.HasPrefix(simdName, "wasm")
	var xs []float32
	for range 20000 {
		xs = append(xs, float32(r.Float64()*240-120), float32(r.Float64()*16-8), float32(r.Float64()*10-108))
	}
	for k := -151; k <= 151; k++ { // x·log2e near k + 0.5
		x := float32((float64(k) + 0.5) / math.Log2E)
		for i, y := 0, x; i < 4; i, y = i+1, math.Nextafter32(y, 0) {
			xs = append(xs, y, math.Nextafter32(x, float32(math.Inf(1-2*(i%2)))))
		}
	}
	xs = append(xs, 0, float32(math.Copysign(0, -1)), 1e-30, -1e-30, 1e-40, -1e-40, -103.97207, -103.97208, 103.97208,
		float32(math.Inf(1)), float32(math.Inf(-1)), math.MaxFloat32, -math.MaxFloat32, math.SmallestNonzeroFloat32)
	n := len(xs)
	got := make([]float32, n+3)
	for i := range got {
		got[i] = 555
	}
	done := sigmoidVector(got[:n], xs)
	if want := n &^ 7; wasmSIMD && done != want || !wasmSIMD && done != 0 {
		t.Fatalf("n=%d: vector part %d", n, done)
	}
	for i := 0; i < n+3; i++ {
		want := float32(555)
		if i < done {
			want = fmath.Sigmoid(xs[i])
		}
		if math.Float32bits(got[i]) != math.Float32bits(want) {
			t.Fatalf("sigmoid(%g) (value %d) = %g (bits %#x), want %g (bits %#x)", xs[i%n], i, got[i], math.Float32bits(got[i]), want, math.Float32bits(want))
		}
	}
	nan := []float32{float32(math.NaN()), 1, 2, 3, 4, 5, 6, 7}
	if sigmoidVector(nan, nan); nan[0] == nan[0] {
		t.Fatalf("sigmoid(NaN) = %g", nan[0])
	}
}

// The SIMD BatchNorm1d loops (where the build has them) give the bits of
// BatchNorm1d's plain loops, written out here, for widths that are a
// multiple of 4, and write nothing past their rows.
func TestBatchNormVectorsMatchPlainLoops(t *testing.T) {
	r := rng.New(14)
	wasmSIMD := strings.HasPrefix(simdName, "wasm")
	rows := func(n int, lo, hi float32) []float32 {
		x := make([]float32, n+3)
		r.FillUniform(x[:n], lo, hi)
		x[n], x[n+1], x[n+2] = 777, 777, 777
		return x
	}
	features := func(n int, lo, hi float64) []float64 {
		x := make([]float64, n+2)
		for i := range x[:n] {
			x[i] = lo + (hi-lo)*r.Float64()
		}
		x[n], x[n+1] = 777, 777
		return x
	}
	same32 := func(what string, got, want []float32) {
		t.Helper()
		for i := range want {
			if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
				t.Fatalf("%s: value %d = %g, plain loop %g", what, i, got[i], want[i])
			}
		}
	}
	same64 := func(what string, got, want []float64) {
		t.Helper()
		for i := range want {
			if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
				t.Fatalf("%s: value %d = %g, plain loop %g", what, i, got[i], want[i])
			}
		}
	}
	for _, F := range []int{4, 8, 12, 256} {
		for _, batch := range []int{1, 2, 3, 64} {
			name := fmt.Sprintf("F=%d batch=%d", F, batch)
			n := batch * F
			in, dOut, weight := rows(n, -3, 3), rows(n, -1, 1), rows(F, 0.5, 1.5)
			mean, invStd := features(F, -0.5, 0.5), features(F, 0.5, 2)
			sum, sumRef := features(F, -1, 1), []float64(nil)
			sumRef = append(sumRef, sum...)
			if done := batchNormSumVector(sum[:F], in[:n], batch, F); done != wasmSIMD {
				t.Fatalf("%s: sum vector %v, want %v", name, done, wasmSIMD)
			}
			if !wasmSIMD {
				continue
			}
			for b := range batch {
				for f, x := range in[b*F : (b+1)*F] {
					sumRef[f] += float64(x)
				}
			}
			same64(name+" sum", sum, sumRef)

			sum, sumRef = features(F, 0, 1), nil
			sumRef = append(sumRef, sum...)
			batchNormSquaresVector(sum[:F], mean[:F], in[:n], batch, F)
			for b := range batch {
				for f, x := range in[b*F : (b+1)*F] {
					d := float64(x) - mean[f]
					sumRef[f] += d * d
				}
			}
			same64(name+" squares", sum, sumRef)

			out, outRef := rows(n, 0, 0), rows(n, 0, 0)
			batchNormApplyVector(out[:n], in[:n], mean[:F], invStd[:F], batch, F)
			for b := range batch {
				row, x := outRef[b*F:(b+1)*F], in[b*F:(b+1)*F]
				for f := range row {
					row[f] = x[f]*float32(mean[f]) + float32(invStd[f])
				}
			}
			same32(name+" apply", out, outRef)

			sumDy, sumDyXhat := features(F, -1, 1), features(F, -1, 1)
			sumDyRef, sumDyXhatRef := append([]float64(nil), sumDy...), append([]float64(nil), sumDyXhat...)
			batchNormBackwardSumsVector(sumDy[:F], sumDyXhat[:F], dOut[:n], in[:n], mean[:F], invStd[:F], batch, F)
			for b := range batch {
				dy, x := dOut[b*F:(b+1)*F], in[b*F:(b+1)*F]
				for f := range dy {
					g := float64(dy[f])
					sumDyRef[f] += g
					sumDyXhatRef[f] += g * (float64(x[f]) - mean[f]) * invStd[f]
				}
			}
			same64(name+" backward Σdy", sumDy, sumDyRef)
			same64(name+" backward Σdy·x̂", sumDyXhat, sumDyXhatRef)

			dIn, dInRef := rows(n, 0, 0), rows(n, 0, 0)
			batchNormBackwardInputVector(dIn[:n], dOut[:n], in[:n], weight[:F], mean[:F], invStd[:F], sumDy[:F], sumDyXhat[:F], batch, F)
			for b := range batch {
				dx, dy, x := dInRef[b*F:(b+1)*F], dOut[b*F:(b+1)*F], in[b*F:(b+1)*F]
				for f := range dx {
					s := invStd[f]
					xhat := (float64(x[f]) - mean[f]) * s
					dx[f] = float32(float64(weight[f]) * s * (float64(dy[f]) - sumDy[f] - xhat*sumDyXhat[f]))
				}
			}
			same32(name+" backward dx", dIn, dInRef)
		}
	}
	for _, F := range []int{4, 8, 784} {
		for _, batch := range []int{1, 3, 64} {
			n := batch * F
			dOut, sum := rows(n, -1, 1), rows(F, -1, 1)
			want := append([]float32(nil), sum...)
			if done := addRowsVector(sum[:F], dOut[:n], batch, F); done != wasmSIMD {
				t.Fatalf("F=%d batch=%d: add rows vector %v, want %v", F, batch, done, wasmSIMD)
			}
			if !wasmSIMD {
				continue
			}
			for b := 0; b < batch; b++ {
				for o, g := range dOut[b*F : (b+1)*F] {
					want[o] += g
				}
			}
			same32(fmt.Sprintf("F=%d batch=%d add rows", F, batch), sum, want)
		}
	}
	if batchNormSumVector(make([]float64, 6), make([]float32, 12), 2, 6) {
		t.Fatal("a width of 6 (not a multiple of 4) took the vector loop")
	}
}
