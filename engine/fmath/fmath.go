// Package fmath holds the few elementary functions whose results must be the
// same bits on every architecture Mirror runs on.
//
// The standard library and math32 both use assembly for Exp and Log on amd64
// and plain Go in WebAssembly, and the two can differ in the last bit. A
// training run must be a pure function of its configuration and seed, natively
// and in the browser, so the functions a training step depends on (the
// sigmoid and tanh activations, the normal deviates of the RNG) are written
// here with +, −, ×, ÷ and exact bit operations only, every product rounded
// explicitly (a float32() or float64() conversion forbids fused multiply-add).
//
// It leaves out: everything a training step does not need.
package fmath

import "math"

// Exp returns eˣ in float32, within 2 ulp of the exact value:
//
//	x = k·ln2 + r,  k = round(x/ln2),  |r| ≤ ln2/2   (Cody–Waite: ln2 = hi + lo)
//	eʳ ≈ Σ_{n≤7} rⁿ/n!                              (Horner; the next term is < 2⁻²⁴ relative)
//	eˣ = 2ᵏ·eʳ
//
// Exp(x) is +Inf above 88.72 (float32 overflow) and 0 below −103.9; NaN stays NaN.
func Exp(x float32) float32 {
	const (
		log2e  = 1.44269504088896341
		ln2Hi  = 0.693359375    // ln 2 rounded to 9 bits: k·ln2Hi is exact
		ln2Lo  = -2.12194440e-4 // ln 2 − ln2Hi
		maxArg = 88.72283905206835
		minArg = -103.97207708
	)
	switch {
	case x != x:
		return x
	case x > maxArg:
		return float32(math.Inf(1))
	case x < minArg:
		return 0
	}
	k := floor(float64(x*log2e) + 0.5)
	kf := float32(k)
	r := float32(x - float32(kf*ln2Hi))
	r = float32(r - float32(kf*ln2Lo))
	// Horner, written out: the sigmoid of every generator pixel comes here.
	p := float32(1.0 / 5040)
	p = float32(p*r) + 1.0/720
	p = float32(p*r) + 1.0/120
	p = float32(p*r) + 1.0/24
	p = float32(p*r) + 1.0/6
	p = float32(p*r) + 0.5
	p = float32(p*r) + 1
	p = float32(p*r) + 1
	return ldexp(p, k)
}

// floor returns ⌊t⌋ for |t| < 2³¹ by integer truncation corrected for
// negative t: exact, and cheaper than math.Floor's call.
func floor(t float64) int {
	k := int(int32(t))
	if float64(k) > t {
		k--
	}
	return k
}

// ldexp returns f·2ᵏ for f in [0.5, 2] with exact bit arithmetic, through
// two steps when 2ᵏ alone is not a normal float32.
func ldexp(f float32, k int) float32 {
	for k > 127 {
		f *= 0x1p127
		k -= 127
	}
	for k < -126 {
		f *= 0x1p-126
		k += 126
	}
	return f * math.Float32frombits(uint32(k+127)<<23)
}

// Sigmoid returns 1/(1 + e⁻ˣ), computed where the exponential cannot
// overflow: 1/(1 + e⁻ˣ) for x ≥ 0 and eˣ/(1 + eˣ) for x < 0. Both share
// e = e^−|x|; the numerator (1 or e) is picked by the sign bit rather than a
// branch, since a generator's pre-activations have random signs.
func Sigmoid(x float32) float32 {
	bits := math.Float32bits(x)
	e := Exp(-math.Float32frombits(bits &^ (1 << 31)))
	num := [2]float32{1, e}
	return num[bits>>31] / (1 + e)
}

// Tanh returns tanh x = sign(x)·m/(m + 2) with m = e^{2|x|} − 1, computed in
// float64 by expm1 (no cancellation near 0) and rounded once to float32.
func Tanh(x float32) float32 {
	a := math.Abs(float64(x))
	if a > 9 { // tanh(9) rounds to 1 in float32
		return float32(math.Copysign(1, float64(x)))
	}
	m := expm1(2 * a)
	return float32(math.Copysign(m/(m+2), float64(x)))
}

// expm1 returns eˣ − 1 for 0 ≤ x ≤ 18 in float64:
//
//	x = k·ln2 + r, |r| ≤ ln2/2,  eʳ − 1 = Σ_{1≤n≤14} rⁿ/n!  (the next term is < 2⁻⁵⁵ relative),
//	eˣ − 1 = 2ᵏ·(eʳ − 1) + (2ᵏ − 1).
func expm1(x float64) float64 {
	const (
		ln2Hi = 6.93147180369123816490e-01 // ln 2 with the low 32 bits clear: k·ln2Hi is exact
		ln2Lo = 1.90821492927058770002e-10
	)
	k := math.Floor(x/math.Ln2 + 0.5)
	r := float64(x-float64(k*ln2Hi)) - float64(k*ln2Lo)
	p := 1.0 / 87178291200 // 1/14!
	for n := 13.0; n >= 1; n-- {
		p = float64(p*r) + 1/factorial(n)
	}
	em1 := float64(p * r) // eʳ − 1
	scale := math.Ldexp(1, int(k))
	return float64(scale*em1) + (scale - 1)
}

// factorial returns n! for whole n ≤ 20, exactly in float64.
func factorial(n float64) float64 {
	f := 1.0
	for i := 2.0; i <= n; i++ {
		f *= i
	}
	return f
}
