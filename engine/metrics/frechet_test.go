package metrics

import (
	"math"
	"math/cmplx"
	"testing"

	"gonum.org/v1/gonum/mat"

	"mirror/engine/rng"
)

// randomRotation returns an orthogonal dim × dim matrix: the Q of a random
// matrix's QR factorisation.
func randomRotation(r *rng.RNG, dim int) *mat.Dense {
	a := mat.NewDense(dim, dim, nil)
	for i := range dim {
		for j := range dim {
			a.Set(i, j, r.Normal())
		}
	}
	var qr mat.QR
	qr.Factorize(a)
	var q mat.Dense
	qr.QTo(&q)
	return &q
}

// rotated returns Q·diag(values)·Qᵀ [dim × dim], row-major.
func rotated(q *mat.Dense, values []float64) []float64 {
	dim := len(values)
	s := make([]float64, dim*dim)
	for i := range dim {
		for j := i; j < dim; j++ {
			var v float64
			for k, l := range values {
				v += q.At(i, k) * l * q.At(j, k)
			}
			s[i*dim+j], s[j*dim+i] = v, v
		}
	}
	return s
}

// flat returns the symmetric s as a row-major [n × n] slice, as Gaussian.Cov holds it.
func flat(s mat.Symmetric) []float64 {
	n := s.SymmetricDim()
	out := make([]float64, n*n)
	for i := range n {
		for j := range n {
			out[i*n+j] = s.At(i, j)
		}
	}
	return out
}

func randomVector(r *rng.RNG, dim int, scale float64) []float64 {
	v := make([]float64, dim)
	for i := range v {
		v[i] = scale * r.Normal()
	}
	return v
}

// Covariances that share eigenvectors commute, and then the distance has the
// closed form ‖μa − μb‖² + Σ_k (√a_k − √b_k)² in their eigenvalues a_k, b_k.
// Diagonal covariances are the case Q = I.
func TestFrechetDistanceClosedForm(t *testing.T) {
	r := rng.New(1)
	for _, dim := range []int{1, 2, 5, 16} {
		for _, diagonal := range []bool{true, false} {
			a, b := make([]float64, dim), make([]float64, dim)
			for i := range dim {
				a[i], b[i] = 5*r.Float64(), 5*r.Float64()
			}
			a[0] = 0 // a singular covariance must work too
			q := mat.NewDense(dim, dim, nil)
			for i := range dim {
				q.Set(i, i, 1)
			}
			if !diagonal {
				q = randomRotation(r, dim)
			}
			ga := Gaussian{Mean: randomVector(r, dim, 1), Cov: rotated(q, a)}
			gb := Gaussian{Mean: randomVector(r, dim, 1), Cov: rotated(q, b)}
			var want float64
			for i := range dim {
				d := ga.Mean[i] - gb.Mean[i]
				want += d*d + (math.Sqrt(a[i])-math.Sqrt(b[i]))*(math.Sqrt(a[i])-math.Sqrt(b[i]))
			}
			got, err := FrechetDistance(ga, gb)
			if err != nil {
				t.Fatal(err)
			}
			// The zero eigenvalue comes out of the eigensolvers as ±1e-15 or so,
			// whose square root is ≈ 3e-8: that, not 1e-15, bounds the error.
			if math.Abs(got-want) > 1e-6*max(1, want) {
				t.Errorf("dim %d diagonal %v: distance %.12g: want %.12g", dim, diagonal, got, want)
			}
			if self, _ := FrechetDistance(ga, ga); self > 1e-6 {
				t.Errorf("dim %d diagonal %v: distance of a Gaussian to itself %g: want ≈ 0", dim, diagonal, self)
			}
		}
	}
}

// For covariances that do not commute, Tr((Σa Σb)^½) is also Σ √λ over the
// eigenvalues of the non-symmetric product Σa·Σb, which are real and ≥ 0:
// a second, independent route to the same number.
func TestFrechetDistanceGeneral(t *testing.T) {
	r := rng.New(2)
	const dim = 12
	randomCov := func() *mat.SymDense {
		x := mat.NewDense(2*dim, dim, randomVector(r, 2*dim*dim, 1))
		var c mat.SymDense
		c.SymOuterK(1.0/(2*dim), x.T())
		return &c
	}
	covA, covB := randomCov(), randomCov()
	ga := Gaussian{Mean: randomVector(r, dim, 1), Cov: flat(covA)}
	gb := Gaussian{Mean: randomVector(r, dim, 1), Cov: flat(covB)}
	var product mat.Dense
	product.Mul(covA, covB)
	var eig mat.Eigen
	if !eig.Factorize(&product, mat.EigenNone) {
		t.Fatal("eigendecomposition of Σa·Σb failed")
	}
	var traceSqrt float64
	for _, l := range eig.Values(nil) {
		traceSqrt += real(cmplx.Sqrt(l))
	}
	want := mat.Trace(covA) + mat.Trace(covB) - 2*traceSqrt
	for i := range dim {
		d := ga.Mean[i] - gb.Mean[i]
		want += d * d
	}
	got, err := FrechetDistance(ga, gb)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(got-want) > 1e-9*max(1, want) {
		t.Errorf("distance %.12g: want %.12g", got, want)
	}
	if back, _ := FrechetDistance(gb, ga); math.Abs(back-got) > 1e-9*max(1, want) {
		t.Errorf("distance is not symmetric: %.12g one way, %.12g the other", got, back)
	}
}

func TestFrechetDistanceErrors(t *testing.T) {
	a := Gaussian{Mean: make([]float64, 3), Cov: make([]float64, 9)}
	b := Gaussian{Mean: make([]float64, 2), Cov: make([]float64, 4)}
	if _, err := FrechetDistance(a, b); err == nil {
		t.Error("Gaussians of dimensions 3 and 2: want an error")
	}
	if _, err := FrechetDistance(a, Gaussian{Mean: make([]float64, 3), Cov: make([]float64, 6)}); err == nil {
		t.Error("a covariance of 6 values for dimension 3: want an error")
	}
	nan := make([]float64, 9)
	nan[1*3+1] = math.NaN()
	if d, err := FrechetDistance(Gaussian{Mean: make([]float64, 3), Cov: nan}, a); err == nil && !math.IsNaN(d) {
		t.Errorf("NaN covariance gave distance %v and no error: want an error or NaN", d)
	}
}

func TestFitGaussian(t *testing.T) {
	// Rows (1, 2), (3, 2), (5, 8): mean (3, 4), covariance [[4, 6], [6, 12]].
	g := FitGaussian([]float32{1, 2, 3, 2, 5, 8}, 3, 2)
	if g.Mean[0] != 3 || g.Mean[1] != 4 {
		t.Errorf("mean %v: want [3 4]", g.Mean)
	}
	for i, want := range []float64{4, 6, 6, 12} {
		if math.Abs(g.Cov[i]-want) > 1e-12 {
			t.Errorf("covariance %v: want [4 6 6 12]", g.Cov)
			break
		}
	}
}
