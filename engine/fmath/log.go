package fmath

import "math"

// Log returns the natural logarithm of x > 0 (NaN for x < 0 or NaN, −Inf
// for 0, +Inf for +Inf) using only +, −, ×, ÷ on float64:
//
//	x = m·2ᵏ with m in [√2/2, √2),  f = m − 1,  s = f / (2 + f),
//	ln m = 2·atanh(s) = 2(s + s³/3 + s⁵/5 + …),  |s| ≤ 0.1716,
//
// summed to s²³, where the next term is below 2⁻⁵⁷ relative.
func Log(x float64) float64 {
	switch {
	case x != x || x < 0:
		return math.NaN()
	case x == 0:
		return math.Inf(-1)
	case math.IsInf(x, 1):
		return x
	}
	m, k := math.Frexp(x) // x = m·2ᵏ, m in [0.5, 1)
	if m < math.Sqrt2/2 {
		m *= 2
		k--
	}
	f := m - 1
	s := f / (2 + f)
	s2 := s * s
	// Horner from the highest odd power down: 1/23, 1/21, ..., 1/3, 1.
	p := 1.0 / 23
	for n := 21; n >= 1; n -= 2 {
		p = float64(p*s2) + 1/float64(n)
	}
	const ln2 = 0.693147180559945309417232121458176568
	return float64(k)*ln2 + 2*s*p
}
