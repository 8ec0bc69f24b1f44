//go:build !js

package metrics

import (
	"math"
	"testing"

	"mirror/engine/data"
	"mirror/engine/data/mnist"
)

// fullMNIST reads the full MNIST sets from the GoMNIST module. A machine
// without them fails these tests rather than skipping them: the accuracy
// promise is only checked here.
func fullMNIST(t *testing.T) (train, test *data.Images) {
	t.Helper()
	train, test, err := mnist.Full()
	if err != nil {
		t.Fatalf("the full MNIST set is needed to check the classifier: %v", err)
	}
	return train, test
}

func TestBundledClassifierAccuracy(t *testing.T) {
	_, test := fullMNIST(t)
	c, err := LoadClassifier()
	if err != nil {
		t.Fatal(err)
	}
	acc, err := c.Accuracy(test)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("test accuracy %.2f%% on %d images", 100*acc, test.Len())
	if test.Len() != 10000 || acc < 0.97 {
		t.Errorf("accuracy %.2f%% on %d test images: want ≥ 97%% on 10,000", 100*acc, test.Len())
	}
}

// Held-out digits the meter has never seen (MNIST's test images past the
// first 100 of each digit, which are the reference) cover all ten digits,
// at a distance close to zero next to that of one repeated digit.
func TestDigitsSanityOnHeldOutDigits(t *testing.T) {
	_, test := fullMNIST(t)
	d := loadDigits(t)
	const n = 1000
	x := make([]float32, n*Pixels)
	var seen [Classes]int
	k := 0
	for i, label := range test.Labels {
		if seen[label]++; seen[label] > mnist.TestPerDigit && k < n {
			test.Image(x[k*Pixels:], i)
			k++
		}
	}
	real := d.Measure(x, n)
	t.Logf("%d held-out digits: %+v", n, real)
	if real.Covered != Classes || real.Entropy < 0.95*math.Log(Classes) {
		t.Errorf("%d held-out digits: %+v: want all 10 covered and entropy near ln 10", n, real)
	}
	one := d.Measure(copies(x, n), n)
	if one.Covered != 1 || real.Frechet > one.Frechet/20 {
		t.Errorf("held-out digits at distance %.1f, one repeated digit at %.1f covering %d: want under 1/20 of it, and 1 digit",
			real.Frechet, one.Frechet, one.Covered)
	}
}
