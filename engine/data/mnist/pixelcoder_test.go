package mnist

import (
	"bytes"
	"fmt"
	"reflect"
	"testing"

	"mirror/engine/data"
	"mirror/engine/rng"
)

// The range coder gives back the bits it was given, for probabilities from
// near-certain to even, and its decoder reads exactly the bytes written.
func TestRangeCoderRoundTrip(t *testing.T) {
	r := rng.New(7)
	for _, n := range []int{0, 1, 7, 100, 100000} {
		for _, pOne := range []float64{0, 0.001, 0.1, 0.5, 0.97, 1} {
			bits := make([]int, n)
			contexts := make([]int, n)
			for i := range bits {
				if r.Float64() < pOne {
					bits[i] = 1
				}
				contexts[i] = r.Intn(3)
			}
			e := newRangeEncoder()
			probs := newProbabilities(3)
			for i, b := range bits {
				e.encode(&probs[contexts[i]], b)
			}
			stream := e.finish()
			d := newRangeDecoder(stream)
			probs = newProbabilities(3)
			for i, want := range bits {
				if got := d.decode(&probs[contexts[i]]); got != want {
					t.Fatalf("%d bits, P(1) = %g: bit %d decoded as %d: want %d", n, pOne, i, got, want)
				}
			}
			if d.read != len(stream) {
				t.Errorf("%d bits, P(1) = %g: decoder read %d of the %d bytes written", n, pOne, d.read, len(stream))
			}
		}
	}
}

// Sets of other sides and max levels than the bundled one's, with random and
// with digit-like (mostly zero) pixels, come back as they went in.
func TestPixelCoderRoundTrip(t *testing.T) {
	r := rng.New(11)
	for _, side := range []int{1, 2, 3, 28} {
		for _, maxLevel := range []int{1, 2, 31, 255} {
			for _, sparse := range []bool{false, true} {
				name := fmt.Sprintf("side %d, max level %d, sparse %v", side, maxLevel, sparse)
				set := func(n int) *data.Images {
					s := &data.Images{Side: side, MaxLevel: maxLevel, Pixels: make([]uint8, n*side*side), Labels: make([]int, n)}
					for i := range s.Pixels {
						if !sparse || r.Float64() < 0.2 {
							s.Pixels[i] = uint8(r.Intn(maxLevel + 1))
						}
					}
					for i := range s.Labels {
						s.Labels[i] = r.Intn(10)
					}
					return s
				}
				want := &Subset{Train: set(9), Test: set(4)}
				file := encode(t, want)
				got, err := Decode(file)
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("%s: decoded subset differs from the encoded one", name)
				}
			}
		}
	}
}

// A payload of any bytes, under a right checksum, decodes to an error or to a
// valid subset: never a panic, a level above the max or a label above 9.
func TestDecodeArbitraryPayload(t *testing.T) {
	good := encode(t, smallSubset(6, 3))
	r := rng.New(13)
	for trial := range 2000 {
		f := bytes.Clone(good)
		payload := make([]byte, r.Intn(2*(len(good)-headerSize)+1))
		for i := range payload {
			payload[i] = byte(r.Intn(256))
			if trial%2 == 0 && i < len(good)-headerSize {
				payload[i] = good[headerSize+i] ^ byte(r.Intn(2))<<uint(r.Intn(8)) // near-miss of the real stream
			}
		}
		f = append(f[:headerSize], payload...)
		copy(f[16:], le32(uint32(len(payload))))
		copy(f[20:], le32(checksum(f[:20], f[headerSize:])))
		s, err := Decode(f)
		if err != nil {
			continue
		}
		for _, set := range []*data.Images{s.Train, s.Test} {
			if err := checkDigits(set); err != nil {
				t.Fatalf("trial %d: decoded an invalid set without error: %v", trial, err)
			}
		}
	}
}
