package fmath_test

import (
	"math"
	"testing"

	"mirror/engine/fmath"
	"mirror/engine/rng"
)

// ulps returns the distance between got and the float64 value want rounded to float32, in units in the last place.
func ulps(got float32, want float64) float64 {
	w := float32(want)
	if got == w {
		return 0
	}
	return math.Abs(float64(got)-want) / math.Abs(float64(math.Nextafter32(w, float32(math.Inf(1)))-w))
}

func TestExpWithin2ULP(t *testing.T) {
	r := rng.New(1)
	xs := []float32{0, 1, -1, 0.5, -0.5, 88, 88.7, -87, -100, 1e-8, -1e-8, 20, 0.34657359, -0.34657359}
	for i := 0; i < 200000; i++ {
		xs = append(xs, float32(r.Float64()*190-100))
	}
	for _, x := range xs {
		want := math.Exp(float64(x))
		got := fmath.Exp(x)
		if want < 1.2e-38 { // subnormal results: absolute error only
			if math.Abs(float64(got)-want) > 1e-44 {
				t.Fatalf("fmath.Exp(%g) = %g, want %g", x, got, want)
			}
			continue
		}
		if u := ulps(got, want); u > 2 {
			t.Fatalf("fmath.Exp(%g) = %g, want %g (%.1f ulp, max 2)", x, got, want, u)
		}
	}
	if !math.IsInf(float64(fmath.Exp(89)), 1) || fmath.Exp(-104) != 0 || !math.IsNaN(float64(fmath.Exp(float32(math.NaN())))) {
		t.Fatalf("Exp edge cases: fmath.Exp(89)=%g fmath.Exp(-104)=%g", fmath.Exp(89), fmath.Exp(-104))
	}
}

func TestSigmoidAndTanh(t *testing.T) {
	r := rng.New(2)
	for i := 0; i < 200000; i++ {
		x := float32(r.Float64()*40 - 20)
		if i < 4 {
			x = []float32{0, 1e-7, -1e-7, 0.0625}[i]
		}
		ws := 1 / (1 + math.Exp(-float64(x)))
		if d := math.Abs(float64(fmath.Sigmoid(x)) - ws); d > 3e-7*math.Max(ws, 1e-30) && d > 1e-30 {
			t.Fatalf("fmath.Sigmoid(%g) = %g, want %g", x, fmath.Sigmoid(x), ws)
		}
		wt := math.Tanh(float64(x))
		if d := math.Abs(float64(fmath.Tanh(x)) - wt); d > 3e-7*math.Abs(wt) && d > 1e-30 {
			t.Fatalf("fmath.Tanh(%g) = %g, want %g (rel err %g)", x, fmath.Tanh(x), wt, d/math.Abs(wt))
		}
	}
}

func TestLogMatchesMath(t *testing.T) {
	r := rng.New(1)
	for i := 0; i < 100000; i++ {
		x := math.Exp(80 * (r.Float64() - 0.5))
		if i < 10 {
			x = []float64{1, 2, 0.5, math.Sqrt2, math.Sqrt2 / 2, 1e-300, 1e300, 0.999999, 1.000001, math.E}[i]
		}
		got, want := fmath.Log(x), math.Log(x)
		if math.Abs(got-want) > 4e-16*math.Max(1, math.Abs(want)) {
			t.Fatalf("fmath.Log(%g) = %.17g, want %.17g", x, got, want)
		}
	}
	if !math.IsInf(fmath.Log(0), -1) || !math.IsNaN(fmath.Log(-1)) || !math.IsInf(fmath.Log(math.Inf(1)), 1) {
		t.Fatal("Log edge cases")
	}
}

// TestGoldenBits pins the bits of Exp, Sigmoid, Tanh and Log on a fixed
// stream of inputs. The same test runs natively and compiled to WebAssembly
// (make test), so it proves both give the same bits.
func TestGoldenBits(t *testing.T) {
	r := rng.New(3)
	var h uint64 = 14695981039346656037
	mix := func(x uint64) {
		for i := 0; i < 8; i++ {
			h ^= x & 0xff
			h *= 1099511628211
			x >>= 8
		}
	}
	for i := 0; i < 20000; i++ {
		x := float32(r.Float64()*60 - 30)
		mix(uint64(math.Float32bits(fmath.Exp(x))))
		mix(uint64(math.Float32bits(fmath.Sigmoid(x))))
		mix(uint64(math.Float32bits(fmath.Tanh(x))))
		mix(math.Float64bits(fmath.Log(r.Float64() * 1e3)))
	}
	const want = 0xe4abfa44a3cf2fda
	if h != want {
		t.Fatalf("hash %#x, want %#x", h, uint64(want))
	}
}
