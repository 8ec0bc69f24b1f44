package metrics

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// Gaussian is the mean and covariance of a set of feature vectors, the
// summary of a set that the Fréchet distance compares.
type Gaussian struct {
	Mean []float64     // [dim]
	Cov  *mat.SymDense // [dim × dim], unbiased: divided by n − 1 (zero for one vector)
}

// FitGaussian returns the mean and covariance of the n rows of x [n × dim],
// in float64 with two passes (the mean first, then centred products): the
// plain reference that Digits.Measure's one-pass accumulation is tested against.
func FitGaussian(x []float32, n, dim int) Gaussian {
	if n < 1 || dim < 1 || len(x) < n*dim {
		panic(fmt.Sprintf("metrics: FitGaussian of %d values as %d rows × %d: want n, dim ≥ 1 and n×dim values", len(x), n, dim))
	}
	mean := make([]float64, dim)
	for i := range n {
		for j, v := range x[i*dim : (i+1)*dim] {
			mean[j] += float64(v)
		}
	}
	for j := range mean {
		mean[j] /= float64(n)
	}
	sums := make([]float64, dim*dim) // [dim × dim] upper triangle of Σ_i (x_i − mean)(x_i − mean)ᵀ
	if n > 1 {
		centred := make([]float64, dim)
		for i := range n {
			for j, v := range x[i*dim : (i+1)*dim] {
				centred[j] = float64(v) - mean[j]
			}
			for j, cj := range centred {
				row := sums[j*dim : (j+1)*dim]
				for k := j; k < dim; k++ {
					row[k] += cj * centred[k]
				}
			}
		}
		for j := range dim {
			for k := j; k < dim; k++ {
				sums[j*dim+k] /= float64(n - 1)
			}
		}
	}
	return Gaussian{Mean: mean, Cov: mat.NewSymDense(dim, sums)}
}

// FrechetDistance is the squared 2-Wasserstein (Fréchet) distance between
// the Gaussians N(μa, Σa) and N(μb, Σb):
//
//	d² = ‖μa − μb‖² + Tr(Σa + Σb − 2(Σa Σb)^½)
//
// The trace of the square root of the non-symmetric Σa Σb is taken stably as
// Tr((Σa Σb)^½) = Σ √λ(S Σb S) with S = Σa^½, since S Σb S is symmetric
// positive semi-definite and similar to Σa Σb. Eigenvalues a rounding error
// below zero count as zero, and so does a negative total. It returns an error
// if the dimensions differ or an eigendecomposition fails (NaN input).
func FrechetDistance(a, b Gaussian) (float64, error) {
	dim := len(a.Mean)
	if len(b.Mean) != dim || a.Cov.SymmetricDim() != dim || b.Cov.SymmetricDim() != dim {
		return 0, fmt.Errorf("metrics: Fréchet distance between Gaussians of dimensions %d (cov %d) and %d (cov %d): want equal",
			dim, a.Cov.SymmetricDim(), len(b.Mean), b.Cov.SymmetricDim())
	}
	s, err := sqrtPSD(a.Cov)
	if err != nil {
		return 0, err
	}
	var sbs mat.Dense
	sbs.Product(s, b.Cov, s)
	var eig mat.EigenSym
	if !eig.Factorize(symmetricPart(&sbs), false) {
		return 0, fmt.Errorf("metrics: Fréchet distance: eigendecomposition of S·Σb·S failed (NaN or Inf in the covariances?)")
	}
	var meanTerm float64
	for i := range dim {
		d := a.Mean[i] - b.Mean[i]
		meanTerm += d * d
	}
	return frechetTotal(meanTerm, mat.Trace(a.Cov), mat.Trace(b.Cov), eig.Values(nil)), nil
}

// frechetTotal assembles the distance from ‖μa − μb‖², the two traces and the
// eigenvalues λ of S Σb S.
func frechetTotal(meanTerm, traceA, traceB float64, lambda []float64) float64 {
	var traceSqrt float64
	for _, l := range lambda {
		traceSqrt += math.Sqrt(max(l, 0))
	}
	d := meanTerm + traceA + traceB - 2*traceSqrt
	if math.IsNaN(d) {
		return d
	}
	return max(d, 0)
}

// sqrtPSD returns the symmetric square root Q·√Λ·Qᵀ of a symmetric positive
// semi-definite matrix, with eigenvalues a rounding error below zero taken as zero.
func sqrtPSD(a mat.Symmetric) (*mat.SymDense, error) {
	var eig mat.EigenSym
	if !eig.Factorize(a, true) {
		return nil, fmt.Errorf("metrics: matrix square root: eigendecomposition failed (NaN or Inf in the covariance?)")
	}
	var q mat.Dense
	eig.VectorsTo(&q)
	values := eig.Values(nil)
	// scaled = Q·√Λ, so that S = scaled·Qᵀ: S[i,j] = Σ_k Q[i,k]·√λ_k·Q[j,k].
	scaled := mat.DenseCopyOf(&q)
	raw := scaled.RawMatrix()
	for i := range raw.Rows {
		for k, l := range values {
			raw.Data[i*raw.Stride+k] *= math.Sqrt(max(l, 0))
		}
	}
	var product mat.Dense
	product.Mul(scaled, q.T())
	return symmetricPart(&product), nil
}

// symmetricPart returns (m + mᵀ)/2, removing the rounding asymmetry of a
// product that is symmetric in exact arithmetic.
func symmetricPart(m *mat.Dense) *mat.SymDense {
	n, _ := m.Dims()
	s := mat.NewSymDense(n, nil)
	for i := range n {
		for j := i; j < n; j++ {
			s.SetSym(i, j, (m.At(i, j)+m.At(j, i))/2)
		}
	}
	return s
}
