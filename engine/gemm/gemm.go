// Package gemm multiplies float32 matrices for Mirror's layers.
//
// All matrices are row-major with a leading dimension (the distance between
// rows). Transposes are given as flags and absorbed by the packing, so callers
// never copy a transposed matrix. Gemm is the entry point every layer uses;
// Naive is the plain triple loop that every fast path is tested against.
//
// It leaves out: alpha/beta scaling other than accumulate-or-overwrite,
// float64, and threads (Mirror trains on one core, in a browser tab too).
package gemm

// Gemm computes
//
//	C = op(A)·op(B)        (accumulate false)
//	C = C + op(A)·op(B)    (accumulate true)
//
// where op(A) is A (m×k, lda ≥ k) or, with transA, Aᵀ for A stored k×m (lda ≥ m);
// op(B) is B (k×n, ldb ≥ n) or, with transB, Bᵀ for B stored n×k (ldb ≥ k);
// C is m×n with ldc ≥ n. Elements of C outside the m×n window are never written.
func Gemm(transA, transB bool, m, n, k int, a []float32, lda int, b []float32, ldb int, accumulate bool, c []float32, ldc int) {
	Naive(transA, transB, m, n, k, a, lda, b, ldb, accumulate, c, ldc)
}

// KernelName names the micro-kernel Gemm uses in this build on this machine.
func KernelName() string { return "naive" }

// Naive is the reference for Gemm: the same contract, as a plain triple loop
// accumulating each element in float32 in order of increasing p.
func Naive(transA, transB bool, m, n, k int, a []float32, lda int, b []float32, ldb int, accumulate bool, c []float32, ldc int) {
	for i := 0; i < m; i++ {
		for j := 0; j < n; j++ {
			var sum float32
			for p := 0; p < k; p++ {
				var av, bv float32
				if transA {
					av = a[p*lda+i]
				} else {
					av = a[i*lda+p]
				}
				if transB {
					bv = b[j*ldb+p]
				} else {
					bv = b[p*ldb+j]
				}
				sum += av * bv
			}
			if accumulate {
				c[i*ldc+j] += sum
			} else {
				c[i*ldc+j] = sum
			}
		}
	}
}
