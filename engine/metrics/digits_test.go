package metrics

import (
	"fmt"
	"math"
	"testing"

	"mirror/engine/data"
	"mirror/engine/data/mnist"
	"mirror/engine/rng"
)

// loadDigits loads the bundled meter once for all tests.
var loadDigits = func() func(t testing.TB) *Digits {
	var d *Digits
	var err error
	return func(t testing.TB) *Digits {
		t.Helper()
		if d == nil && err == nil {
			d, err = LoadDigits()
		}
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
}()

// sample returns n images of set drawn without replacement by seed, [n × Pixels].
func sample(set *data.Images, n int, seed uint64) []float32 {
	perm := make([]int, set.Len())
	for i := range perm {
		perm[i] = i
	}
	rng.New(seed).Shuffle(perm)
	x := make([]float32, n*Pixels)
	for i := range n {
		set.Image(x[i*Pixels:], perm[i])
	}
	return x
}

// copies returns n copies of image [Pixels].
func copies(image []float32, n int) []float32 {
	x := make([]float32, n*Pixels)
	for i := range n {
		copy(x[i*Pixels:], image[:Pixels])
	}
	return x
}

func bundledTrain(t testing.TB) *data.Images {
	t.Helper()
	s, err := mnist.Bundled()
	if err != nil {
		t.Fatal(err)
	}
	return s.Train
}

// Real digits that are not the reference (the bundled training subset) cover
// every digit, and their distance to the reference is a small fraction of
// that of noise, of a blank grey page, or of one digit repeated.
func TestDigitsSanityOnRealDigits(t *testing.T) {
	d := loadDigits(t)
	train := bundledTrain(t)
	for _, n := range []int{64, 1000} {
		real := d.Measure(sample(train, n, 1), n)
		if real.Covered != Classes || real.Entropy < 0.95*math.Log(Classes) || real.Confidence < 0.95 {
			t.Errorf("%d real digits: %+v: want all 10 digits covered, entropy near ln 10, confidence > 0.95", n, real)
		}
		noise := make([]float32, n*Pixels)
		rng.New(2).FillUniform(noise, 0, 1)
		grey := copies(make([]float32, Pixels), n)
		for i := range grey {
			grey[i] = 0.5
		}
		for name, x := range map[string][]float32{
			"uniform noise": noise,
			"grey page":     grey,
			"one digit":     copies(sample(train, 1, 3), n),
		} {
			bad := d.Measure(x, n)
			if bad.Frechet < 10*real.Frechet {
				t.Errorf("%d samples: distance of %s %.1f, of real digits %.1f: want at least 10× more", n, name, bad.Frechet, real.Frechet)
			}
			if bad.Covered > 2 {
				t.Errorf("%d samples of %s cover %d digits: want at most 2", n, name, bad.Covered)
			}
		}
	}
}

// Copies of one image are one digit: one class covered, zero entropy.
func TestDigitsOneImageCoversOneClass(t *testing.T) {
	d := loadDigits(t)
	train := bundledTrain(t)
	image := make([]float32, Pixels)
	train.Image(image, 0)
	blank := make([]float32, Pixels)
	for name, img := range map[string][]float32{"a digit": image, "a blank page": blank} {
		st := d.Measure(copies(img, 50), 50)
		if st.Covered != 1 || st.Entropy != 0 {
			t.Errorf("50 copies of %s: %+v: want 1 digit covered and entropy 0", name, st)
		}
	}
	if st := d.Measure(copies(image, 50), 50); st.Histogram[train.Labels[0]] != 1 {
		t.Errorf("50 copies of a %d: histogram %v: want all of them %d", train.Labels[0], st.Histogram, train.Labels[0])
	}
}

// Measure's one-pass statistics and fast distance agree with the plain
// two-pass FitGaussian and FrechetDistance, across the chunk boundary.
func TestDigitsMeasureMatchesReference(t *testing.T) {
	d := loadDigits(t)
	train := bundledTrain(t)
	for _, n := range []int{1, 2, 37, evalChunk + 13} {
		x := sample(train, n, uint64(n))
		st := d.Measure(x, n)

		features := make([]float32, n*Features)
		var histogram [Classes]float64
		for i := range n {
			f, logits := d.Classifier().Forward(x[i*Pixels:], 1, false)
			copy(features[i*Features:], f)
			histogram[argmax(logits)] += 1 / float64(n)
		}
		want, err := FrechetDistance(FitGaussian(features, n, Features), d.Reference())
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(st.Frechet-want) > 1e-6*max(1, want) {
			t.Errorf("%d samples: Measure's distance %.9g: want %.9g (FrechetDistance of FitGaussian)", n, st.Frechet, want)
		}
		for k := range histogram {
			if math.Abs(st.Histogram[k]-histogram[k]) > 1e-12 {
				t.Errorf("%d samples: histogram %v: want %v", n, st.Histogram, histogram)
				break
			}
		}
	}
}

func TestDigitsMeasureNaN(t *testing.T) {
	d := loadDigits(t)
	x := make([]float32, 10*Pixels)
	x[5] = float32(math.NaN())
	if st := d.Measure(x, 10); !math.IsNaN(st.Frechet) {
		t.Errorf("a NaN pixel gave distance %v: want NaN", st.Frechet)
	}
}

func TestDigitsMeasureDoesNotAllocate(t *testing.T) {
	d := loadDigits(t)
	x := sample(bundledTrain(t), 1000, 4)
	d.Measure(x, 1000) // grow the networks' activations once
	for _, n := range []int{64, 1000} {
		if allocs := testing.AllocsPerRun(5, func() { d.Measure(x, n) }); allocs != 0 {
			t.Errorf("Measure of %d samples allocates %v times: want 0", n, allocs)
		}
	}
}

func BenchmarkDigitsMeasure(b *testing.B) {
	d := loadDigits(b)
	train := bundledTrain(b)
	for _, n := range []int{64, 1000} {
		x := sample(train, n, 5)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				d.Measure(x, n)
			}
		})
	}
}

// The meter on 200 real digits: all ten covered, near-uniform histogram.
func ExampleDigits() {
	meter, err := LoadDigits()
	if err != nil {
		panic(err)
	}
	subset, err := mnist.Bundled()
	if err != nil {
		panic(err)
	}
	const n = 200
	images := make([]float32, n*Pixels) // [n × Pixels]
	for i := range n {
		subset.Train.Image(images[i*Pixels:], i*(subset.Train.Len()/n))
	}
	st := meter.Measure(images, n)
	fmt.Printf("%d digits covered, entropy %.1f nats (ln 10 = %.1f)\n", st.Covered, st.Entropy, math.Log(10))
	// Output: 10 digits covered, entropy 2.3 nats (ln 10 = 2.3)
}
