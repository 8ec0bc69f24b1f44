package metrics

import (
	"fmt"
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"

	"mirror/engine/rng"
)

// eigenCases are symmetric matrices [n × n] of awkward sizes and spectra:
// random ones, singular covariances like the meter's, diagonal, zero, with
// repeated eigenvalues, and of widely spread scales.
func eigenCases() []struct {
	name string
	n    int
	a    []float64
} {
	r := rng.New(3)
	random := func(n int) []float64 {
		a := make([]float64, n*n)
		for i := range n {
			for j := 0; j <= i; j++ {
				a[i*n+j] = r.Normal()
				a[j*n+i] = a[i*n+j]
			}
		}
		return a
	}
	lowRank := func(n, rank int) []float64 { // XᵀX/rank for X [rank × n]: rank < n makes it singular
		x := randomVector(r, rank*n, 1)
		a := make([]float64, n*n)
		for i := range n {
			for j := range n {
				for k := range rank {
					a[i*n+j] += x[k*n+i] * x[k*n+j] / float64(rank)
				}
			}
		}
		return a
	}
	diagonal := func(values ...float64) []float64 {
		n := len(values)
		a := make([]float64, n*n)
		for i, v := range values {
			a[i*n+i] = v
		}
		return a
	}
	spread := random(9)
	for i := range 9 {
		for j := range 9 {
			spread[i*9+j] *= math.Pow(10, float64(i+j)/2-4)
		}
	}
	type eigenCase = struct {
		name string
		n    int
		a    []float64
	}
	cases := []eigenCase{
		{"1×1", 1, []float64{-2.5}},
		{"diagonal", 4, diagonal(3, -1, 0, 2)},
		{"zero", 5, make([]float64, 25)},
		{"identity", 6, diagonal(1, 1, 1, 1, 1, 1)},
		{"spread scales", 9, spread},
		{"singular covariance 64, rank 20", Features, lowRank(Features, 20)},
		{"covariance 64, rank 200", Features, lowRank(Features, 200)},
	}
	for _, n := range []int{2, 3, 5, 16, 17, 64} {
		cases = append(cases, eigenCase{fmt.Sprintf("random %d×%d", n, n), n, random(n)})
	}
	return cases
}

// symmetricEigen gives gonum's eigenvalues (LAPACK's dsyev), and eigenvectors
// that are orthonormal and satisfy A·v = λ·v.
func TestSymmetricEigenAgainstGonum(t *testing.T) {
	for _, tc := range eigenCases() {
		n := tc.n
		var want mat.EigenSym
		if !want.Factorize(mat.NewSymDense(n, append([]float64(nil), tc.a...)), false) {
			t.Fatalf("%s: gonum's eigendecomposition failed", tc.name)
		}
		wantValues := want.Values(nil)
		var norm float64
		for _, v := range wantValues {
			norm = max(norm, math.Abs(v))
		}
		tol := 1e-12 * max(norm, 1e-300) * float64(n)

		for _, vectors := range []bool{false, true} {
			v := append([]float64(nil), tc.a...)
			values, work := make([]float64, n), make([]float64, n)
			if !symmetricEigen(v, n, values, work, vectors) {
				t.Errorf("%s, vectors %v: failed", tc.name, vectors)
				continue
			}
			for i := range n {
				if math.Abs(values[i]-wantValues[i]) > tol {
					t.Errorf("%s, vectors %v: eigenvalue %d is %.15g: want %.15g (gonum)", tc.name, vectors, i, values[i], wantValues[i])
				}
			}
			if !vectors {
				continue
			}
			for k := range n {
				for l := range n {
					var dot float64
					for i := range n {
						dot += v[i*n+k] * v[i*n+l]
					}
					if want := float64(boolToInt(k == l)); math.Abs(dot-want) > 1e-12*float64(n) {
						t.Fatalf("%s: eigenvectors %d·%d = %g: want %v (orthonormal)", tc.name, k, l, dot, want)
					}
				}
				for i := range n {
					var av float64
					for j := range n {
						av += tc.a[i*n+j] * v[j*n+k]
					}
					if math.Abs(av-values[k]*v[i*n+k]) > tol {
						t.Fatalf("%s: (A·v%d)[%d] = %g: want λ·v = %g", tc.name, k, i, av, values[k]*v[i*n+k])
					}
				}
			}
		}
	}
}

// eigenCase returns the matrix of the named case.
func eigenCase(t testing.TB, name string) []float64 {
	for _, tc := range eigenCases() {
		if tc.name == name {
			return tc.a
		}
	}
	t.Fatalf("no eigen case %q", name)
	return nil
}

func boolToInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// A NaN or an infinity makes it report failure rather than loop or panic.
func TestSymmetricEigenRejectsNonFinite(t *testing.T) {
	for _, bad := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		a := []float64{1, 2, 0, 2, bad, 1, 0, 1, 3}
		if symmetricEigen(a, 3, make([]float64, 3), make([]float64, 3), false) {
			t.Errorf("a matrix holding %v: want failure", bad)
		}
	}
}

func TestSymmetricEigenAllocatesNothing(t *testing.T) {
	a := eigenCase(t, "covariance 64, rank 200")
	v := make([]float64, len(a))
	values, work := make([]float64, Features), make([]float64, Features)
	allocs := testing.AllocsPerRun(10, func() {
		copy(v, a)
		symmetricEigen(v, Features, values, work, false)
	})
	if allocs != 0 {
		t.Errorf("%v allocations per run: want 0", allocs)
	}
}

func BenchmarkSymmetricEigen64(b *testing.B) {
	a := eigenCase(b, "covariance 64, rank 200")
	v := make([]float64, len(a))
	values, work := make([]float64, Features), make([]float64, Features)
	for _, vectors := range []bool{false, true} {
		b.Run(fmt.Sprintf("vectors=%v", vectors), func(b *testing.B) {
			for b.Loop() {
				copy(v, a)
				symmetricEigen(v, Features, values, work, vectors)
			}
		})
	}
	b.Run("gonum", func(b *testing.B) {
		for b.Loop() {
			var eig mat.EigenSym
			eig.Factorize(mat.NewSymDense(Features, append([]float64(nil), a...)), false)
		}
	})
}
