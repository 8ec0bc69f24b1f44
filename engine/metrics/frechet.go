package metrics

import (
	"fmt"
	"math"
)

// Gaussian is the mean and covariance of a set of feature vectors, the
// summary of a set that the Fréchet distance compares.
type Gaussian struct {
	Mean []float64 // [dim]
	Cov  []float64 // [dim × dim] row-major, symmetric, unbiased: divided by n − 1 (zero for one vector)
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
	sums := make([]float64, dim*dim) // [dim × dim] Σ_i (x_i − mean)(x_i − mean)ᵀ, upper triangle then mirrored
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
				sums[k*dim+j] = sums[j*dim+k]
			}
		}
	}
	return Gaussian{Mean: mean, Cov: sums}
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
	if len(b.Mean) != dim || len(a.Cov) != dim*dim || len(b.Cov) != dim*dim {
		return 0, fmt.Errorf("metrics: Fréchet distance between Gaussians of dimensions %d (%d covariances) and %d (%d covariances): want equal dimensions and dim² covariances",
			dim, len(a.Cov), len(b.Mean), len(b.Cov))
	}
	s, err := sqrtPSD(a.Cov, dim)
	if err != nil {
		return 0, err
	}
	product := make([]float64, dim*dim)  // [dim × dim] S·Σb
	sandwich := make([]float64, dim*dim) // [dim × dim] S·Σb·S
	multiply(product, s, b.Cov, dim)
	multiply(sandwich, product, s, dim)
	lambda, work := make([]float64, dim), make([]float64, dim)
	if !symmetricEigen(sandwich, dim, lambda, work, false) {
		return 0, fmt.Errorf("metrics: Fréchet distance: eigendecomposition of S·Σb·S failed (NaN or Inf in the covariances?)")
	}
	var meanTerm float64
	for i := range dim {
		d := a.Mean[i] - b.Mean[i]
		meanTerm += d * d
	}
	return frechetTotal(meanTerm, trace(a.Cov, dim), trace(b.Cov, dim), lambda), nil
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

// sqrtPSD returns the symmetric square root Q·√Λ·Qᵀ [dim × dim] of the
// symmetric positive semi-definite a [dim × dim], with eigenvalues a rounding
// error below zero taken as zero.
func sqrtPSD(a []float64, dim int) ([]float64, error) {
	q := append([]float64(nil), a[:dim*dim]...) // [dim × dim] a, then its eigenvectors as columns
	values, work := make([]float64, dim), make([]float64, dim)
	if !symmetricEigen(q, dim, values, work, true) {
		return nil, fmt.Errorf("metrics: matrix square root: eigendecomposition failed (NaN or Inf in the covariance?)")
	}
	for k, l := range values {
		values[k] = math.Sqrt(max(l, 0))
	}
	// S[i,j] = Σ_k Q[i,k]·√λ_k·Q[j,k], symmetric by construction.
	s := make([]float64, dim*dim)
	for i := range dim {
		qi := q[i*dim : (i+1)*dim]
		for j := i; j < dim; j++ {
			qj := q[j*dim : (j+1)*dim]
			var v float64
			for k, root := range values {
				v += qi[k] * root * qj[k]
			}
			s[i*dim+j], s[j*dim+i] = v, v
		}
	}
	return s, nil
}

// multiply sets c = a·b for a, b, c [dim × dim] row-major (c must not alias a or b).
func multiply(c, a, b []float64, dim int) {
	clear(c[:dim*dim])
	for i := range dim {
		ci := c[i*dim : (i+1)*dim]
		for k, aik := range a[i*dim : (i+1)*dim] {
			for j, bkj := range b[k*dim : (k+1)*dim] {
				ci[j] += aik * bkj
			}
		}
	}
}

// trace returns the sum of the diagonal of a [dim × dim].
func trace(a []float64, dim int) float64 {
	var t float64
	for i := range dim {
		t += a[i*dim+i]
	}
	return t
}
