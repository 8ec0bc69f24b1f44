package nn

// SumSquares returns Σ xᵢ² accumulated in float64, the square of a gradient's
// L2 norm. It runs over every gradient of every step (a training statistic
// and the divergence check), so where the build has SIMD it converts and
// sums 16 values at a time; the order of the additions, and so the last bits,
// then differ from sumSquaresReference (within the tolerance the test states).
func SumSquares(x []float32) float64 {
	s, done := sumSquaresVector(x)
	return s + sumSquaresReference(x[done:])
}

// sumSquaresReference sums in order with four independent float64 sums.
func sumSquaresReference(x []float32) float64 {
	var s0, s1, s2, s3 float64
	i := 0
	for ; i+4 <= len(x); i += 4 {
		v := x[i : i+4 : i+4]
		s0 += float64(v[0]) * float64(v[0])
		s1 += float64(v[1]) * float64(v[1])
		s2 += float64(v[2]) * float64(v[2])
		s3 += float64(v[3]) * float64(v[3])
	}
	for ; i < len(x); i++ {
		s0 += float64(x[i]) * float64(x[i])
	}
	return (s0 + s1) + (s2 + s3)
}
