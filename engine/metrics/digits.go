package metrics

import (
	"fmt"
	"math"

	"mirror/engine/data/mnist"
)

// CoverShare is the share of a batch a digit must reach to count as covered:
// 2%, so that a stray sample or two of a 64-sample batch does not count,
// while a generator covering all ten digits evenly (10% each) is far above it.
const CoverShare = 0.02

// DigitStats is what the Digits meter reports on a batch of samples.
type DigitStats struct {
	Samples    int              // batch size n
	Histogram  [Classes]float64 // share of samples classified as each digit; sums to 1
	Covered    int              // digits whose share is ≥ CoverShare
	Entropy    float64          // of Histogram, in nats: 0 for one digit … ln 10 ≈ 2.303 for all ten evenly
	Confidence float64          // mean over samples of the largest softmax probability, 0.1 … 1
	Frechet    float64          // Fréchet distance of the features to the reference's; NaN on NaN samples
}

// Digits is Mirror's mode-collapse meter for digits (see the package doc).
// It is not safe for concurrent use: Measure reuses its buffers.
type Digits struct {
	classifier *Classifier
	reference  Gaussian  // features of the held-out real digits
	refTrace   float64   // Tr Σr
	refSqrt    []float64 // [Features × Features] Σr^½, row-major

	// Measure's buffers, sized once.
	shifted  []float64 // [Features] one feature vector minus μr
	sum      []float64 // [Features] Σ over samples of shifted
	moments  []float64 // [Features × Features] Σ over samples of shifted·shiftedᵀ (upper triangle)
	cov      []float64 // [Features × Features] the samples' covariance Σs
	product  []float64 // [Features × Features] Σr^½·Σs
	sandwich []float64 // [Features × Features] Σr^½·Σs·Σr^½, overwritten by the eigensolver
	lambda   []float64 // [Features] its eigenvalues
	work     []float64 // [Features] the eigensolver's workspace
}

// LoadDigits returns the meter on the bundled classifier with the bundled
// subset's held-out digits (1,000 images of MNIST's test file, 100 per digit)
// as the reference.
func LoadDigits() (*Digits, error) {
	c, err := LoadClassifier()
	if err != nil {
		return nil, err
	}
	subset, err := mnist.Bundled()
	if err != nil {
		return nil, err
	}
	return NewDigits(c, subset.Test.Float32(), subset.Test.Len())
}

// NewDigits returns the meter on classifier c, with the features of the n ≥ 2
// images reference [n × Pixels] as the real digits to compare samples with.
func NewDigits(c *Classifier, reference []float32, n int) (*Digits, error) {
	if n < 2 || len(reference) < n*Pixels {
		return nil, fmt.Errorf("metrics: Digits reference of %d values as %d images: want at least 2 images of %d pixels", len(reference), n, Pixels)
	}
	features := make([]float32, n*Features) // [n × Features]
	for first := 0; first < n; first += evalChunk {
		rows := min(evalChunk, n-first)
		f, _ := c.Forward(reference[first*Pixels:], rows, false)
		copy(features[first*Features:], f)
	}
	ref := FitGaussian(features, n, Features)
	s, err := sqrtPSD(ref.Cov, Features)
	if err != nil {
		return nil, fmt.Errorf("metrics: Digits reference: %w", err)
	}
	d := &Digits{
		classifier: c,
		reference:  ref,
		refTrace:   trace(ref.Cov, Features),
		refSqrt:    s,
		shifted:    make([]float64, Features),
		sum:        make([]float64, Features),
		moments:    make([]float64, Features*Features),
		cov:        make([]float64, Features*Features),
		product:    make([]float64, Features*Features),
		sandwich:   make([]float64, Features*Features),
		lambda:     make([]float64, Features),
		work:       make([]float64, Features),
	}
	c.Body.Reserve(evalChunk)
	c.Head.Reserve(evalChunk)
	return d, nil
}

// Reference returns the Gaussian of the reference digits' features (do not modify).
func (d *Digits) Reference() Gaussian { return d.reference }

// Classifier returns the classifier the meter runs.
func (d *Digits) Classifier() *Classifier { return d.classifier }

// Measure classifies the n ≥ 1 images [n × Pixels] (values in [0,1]) and
// compares their features with the reference. It allocates nothing. It
// panics on n < 1 or a short buffer: both are bugs in the caller.
//
// The covariance is accumulated in one pass over the features shifted by the
// reference mean μr, Σs = (Σ_i x_i x_iᵀ − n·m·mᵀ)/(n − 1) with x_i = f_i − μr and
// m = mean x_i, which keeps the cancellation small (samples resembling the
// reference have m near 0) and gives ‖μs − μr‖² = ‖m‖² directly.
func (d *Digits) Measure(images []float32, n int) DigitStats {
	if n < 1 || len(images) < n*Pixels {
		panic(fmt.Sprintf("metrics: Digits.Measure of %d values as %d images: want n ≥ 1 and n × %d values", len(images), n, Pixels))
	}
	st := DigitStats{Samples: n}
	clear(d.sum)
	clear(d.moments)
	var confidence float64
	mu := d.reference.Mean
	for first := 0; first < n; first += evalChunk {
		rows := min(evalChunk, n-first)
		features, logits := d.classifier.Forward(images[first*Pixels:], rows, false)
		for r := range rows {
			z := logits[r*Classes : (r+1)*Classes]
			st.Histogram[argmax(z)]++
			confidence += topProbability(z)
			for j, v := range features[r*Features : (r+1)*Features] {
				d.shifted[j] = float64(v) - mu[j]
				d.sum[j] += d.shifted[j]
			}
			accumulateOuter(d.moments, d.shifted)
		}
	}
	for k, count := range st.Histogram {
		share := count / float64(n)
		st.Histogram[k] = share
		if share >= CoverShare {
			st.Covered++
		}
		if share > 0 {
			st.Entropy -= share * math.Log(share)
		}
	}
	st.Confidence = confidence / float64(n)
	st.Frechet = d.frechet(n)
	return st
}

// accumulateOuter adds x·xᵀ into the upper triangle of m [len(x) × len(x)].
func accumulateOuter(m, x []float64) {
	dim := len(x)
	for j, xj := range x {
		if xj == 0 {
			continue // a feature dead on the sample and the reference alike
		}
		row := m[j*dim+j : (j+1)*dim]
		for k, xk := range x[j:] {
			row[k] += xj * xk
		}
	}
}

// frechet finishes Measure's distance from the accumulated sum and moments of n samples.
func (d *Digits) frechet(n int) float64 {
	var meanTerm, traceS float64
	for j := range Features {
		m := d.sum[j] / float64(n)
		meanTerm += m * m
	}
	denominator := float64(max(n-1, 1))
	for j := range Features {
		for k := j; k < Features; k++ {
			c := (d.moments[j*Features+k] - d.sum[j]*d.sum[k]/float64(n)) / denominator
			if n == 1 {
				c = 0
			}
			d.cov[j*Features+k], d.cov[k*Features+j] = c, c
		}
		traceS += d.cov[j*Features+j]
	}
	// sandwich = S·Σs·S with S = Σr^½; its eigenvalues are those of Σr·Σs.
	multiply(d.product, d.refSqrt, d.cov, Features)
	multiply(d.sandwich, d.product, d.refSqrt, Features)
	if !symmetricEigen(d.sandwich, Features, d.lambda, d.work, false) {
		return math.NaN()
	}
	return frechetTotal(meanTerm, traceS, d.refTrace, d.lambda)
}
