package mnist

import (
	"bytes"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"mirror/engine/data"
	"mirror/engine/rng"
)

// smallSubset is a random subset of side 5 with levels up to 31.
func smallSubset(nTrain, nTest int) *Subset {
	r := rng.New(3)
	set := func(n int) *data.Images {
		s := &data.Images{Side: 5, MaxLevel: 31, Pixels: make([]uint8, n*25), Labels: make([]int, n)}
		for i := range s.Pixels {
			s.Pixels[i] = uint8(r.Intn(32))
		}
		for i := range s.Labels {
			s.Labels[i] = r.Intn(10)
		}
		return s
	}
	return &Subset{Train: set(nTrain), Test: set(nTest)}
}

func encode(t testing.TB, s *Subset) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Encode(&buf, s); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestRoundTrip(t *testing.T) {
	for _, n := range [][2]int{{0, 0}, {1, 0}, {0, 1}, {37, 11}} {
		want := smallSubset(n[0], n[1])
		file := encode(t, want)
		got, err := Decode(file)
		if err != nil {
			t.Fatalf("%v: %v", n, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%v images: decoded subset differs from the encoded one", n)
		}
		if again := encode(t, got); !bytes.Equal(again, file) {
			t.Fatalf("%v images: encoding twice gives different bytes", n)
		}
	}
}

func TestDecodeTruncated(t *testing.T) {
	file := encode(t, smallSubset(40, 10))
	for n := 0; n < len(file); n++ {
		if _, err := Decode(file[:n]); err == nil {
			t.Fatalf("file cut to %d of %d bytes decoded without error", n, len(file))
		} else if n > headerSize && !strings.Contains(err.Error(), "truncated") {
			t.Fatalf("file cut to %d bytes: error %q does not say truncated", n, err)
		}
	}
	if _, err := Decode(append(file, 0)); err == nil {
		t.Fatal("file with a trailing byte decoded without error")
	}
}

func TestDecodeCorrupt(t *testing.T) {
	file := encode(t, smallSubset(40, 10))
	for i := range file {
		for _, bit := range []byte{1, 0x80} {
			bad := bytes.Clone(file)
			bad[i] ^= bit
			if _, err := Decode(bad); err == nil {
				t.Fatalf("byte %d with bit %#x flipped decoded without error", i, bit)
			}
		}
	}
}

// TestDecodeBadPayload checks the errors behind the checksum: a file whose
// checksum is right but whose content is not (a broken encoder's file).
func TestDecodeBadPayload(t *testing.T) {
	file := encode(t, smallSubset(4, 2))
	resum := func(f []byte) []byte {
		f = bytes.Clone(f)
		copy(f[20:], le32(checksum(f[:20], f[headerSize:])))
		return f
	}
	more := resum(append(bytes.Clone(file[:8]), append(le32(5), file[12:]...)...)) // one train image more than stored
	fewer := resum(append(bytes.Clone(file[:8]), append(le32(3), file[12:]...)...))
	huge := resum(append(bytes.Clone(file[:8]), append(le32(1<<30), file[12:]...)...))
	garbage := resum(append(bytes.Clone(file[:headerSize]), 0xff, 0xff, 0xff))
	garbage = resum(append(garbage[:16], append(le32(3), garbage[20:]...)...))
	for name, f := range map[string][]byte{"more": more, "fewer": fewer, "huge": huge, "garbage": garbage} {
		if _, err := Decode(f); err == nil {
			t.Errorf("%s: decoded without error", name)
		}
	}
	labels := smallSubset(4, 2)
	labels.Train.Labels[0] = 10
	if err := Encode(new(bytes.Buffer), labels); err == nil {
		t.Error("label 10 encoded without error")
	}
}

func le32(v uint32) []byte { return []byte{byte(v), byte(v >> 8), byte(v >> 16), byte(v >> 24)} }

func TestBundled(t *testing.T) {
	s, err := Bundled()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name     string
		set      *data.Images
		perDigit int
	}{{"train", s.Train, TrainPerDigit}, {"test", s.Test, TestPerDigit}} {
		var count [10]int
		for _, l := range c.set.Labels {
			count[l]++
		}
		for d, n := range count {
			if n != c.perDigit {
				t.Errorf("%s: %d images of digit %d, want %d", c.name, n, d, c.perDigit)
			}
		}
		if c.set.Side != Side || c.set.MaxLevel != SubsetLevels {
			t.Errorf("%s: side %d, max level %d: want %d, %d", c.name, c.set.Side, c.set.MaxLevel, Side, SubsetLevels)
		}
	}
	// MNIST digits are white strokes on black: a fifth of the pixels or so are lit.
	img := make([]float32, Side*Side)
	var lit, total int
	for i := range s.Train.Len() {
		s.Train.Image(img, i)
		for _, v := range img {
			if v > 0.5 {
				lit++
			}
		}
		total += len(img)
	}
	if f := float64(lit) / float64(total); f < 0.1 || f > 0.3 {
		t.Errorf("%.3f of the pixels are above 0.5: want 0.1..0.3 for MNIST", f)
	}
}

func TestQuantizeError(t *testing.T) {
	src := &data.Images{Side: 16, MaxLevel: 255, Labels: make([]int, 1), Pixels: make([]uint8, 256)}
	for i := range src.Pixels {
		src.Pixels[i] = uint8(i)
	}
	q := Quantize(src, SubsetLevels)
	a, b := src.Float32(), q.Float32()
	for i := range a {
		if d := a[i] - b[i]; d > 1.0/62+1e-6 || d < -1.0/62-1e-6 {
			t.Fatalf("level %d: quantised to %g, off by %g: want at most 1/62", i, b[i], d)
		}
	}
	if b[0] != 0 || b[255] != 1 {
		t.Fatalf("black and white quantise to %g and %g: want 0 and 1", b[0], b[255])
	}
}

func TestDatasetBatches(t *testing.T) {
	s, err := Bundled()
	if err != nil {
		t.Fatal(err)
	}
	d := NewDataset(s.Train, 1)
	const batch = 64
	images := make([]float32, batch*Side*Side)
	labels := make([]int, batch)
	// One epoch of 10,000 images in batches of 64 (the last batch runs into epoch 2):
	// every image comes exactly once in the first 10,000 samples.
	seen := make([]int, 10)
	for index := int64(0); index*batch < int64(s.Train.Len()); index++ {
		d.Batch(images, labels, batch, index)
		for i, l := range labels {
			if index*batch+int64(i) < int64(s.Train.Len()) {
				seen[l]++
			}
		}
	}
	for digit, n := range seen {
		if n != TrainPerDigit {
			t.Fatalf("one epoch gave digit %d %d times: want %d", digit, n, TrainPerDigit)
		}
	}
	if allocs := testing.AllocsPerRun(20, func() { d.Batch(images, labels, batch, 3) }); allocs != 0 {
		t.Fatalf("Batch allocates %v times: want 0", allocs)
	}
}

func BenchmarkDecodeBundled(b *testing.B) {
	b.SetBytes(int64(len(bundled)))
	for b.Loop() {
		if _, err := Decode(bundled); err != nil {
			b.Fatal(err)
		}
	}
}

func Example() {
	s, err := Bundled()
	if err != nil {
		panic(err)
	}
	d := NewDataset(s.Train, 42)
	images := make([]float32, 8*Side*Side) // [batch × 784]
	labels := make([]int, 8)               // [batch]
	d.Batch(images, labels, 8, 0)
	fmt.Println(d.Name(), d.Side(), s.Train.Len(), s.Test.Len())
	// Output: mnist 28 10000 1000
}
