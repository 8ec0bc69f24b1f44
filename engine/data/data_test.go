package data

import (
	"bytes"
	"fmt"
	"reflect"
	"slices"
	"testing"
)

// counting is a set of n 2×2 images whose pixels all hold the image's number
// (levels up to 255), labelled by the same number mod 10.
func counting(n int) *Images {
	s := &Images{Side: 2, MaxLevel: 255, Pixels: make([]uint8, 4*n), Labels: make([]int, n)}
	for i := range n {
		for k := range 4 {
			s.Pixels[4*i+k] = uint8(i)
		}
		s.Labels[i] = i % 10
	}
	return s
}

func TestOrderIsAPermutationPerEpoch(t *testing.T) {
	const n = 50
	o := NewOrder(n, 9)
	var epochs [][]int
	for e := range 3 {
		items := make([]int, n)
		for i := range items {
			items[i] = o.Item(int64(e*n + i))
		}
		sorted := slices.Sorted(slices.Values(items))
		for i, v := range sorted {
			if v != i {
				t.Fatalf("epoch %d is not a permutation of 0..%d: %v", e, n-1, items)
			}
		}
		epochs = append(epochs, items)
	}
	if slices.Equal(epochs[0], epochs[1]) || slices.Equal(epochs[1], epochs[2]) {
		t.Fatal("two epochs have the same order: want a fresh shuffle per epoch")
	}
	// Random access (a resumed run) gives what the in-order walk gave.
	if got := NewOrder(n, 9).Item(2*n + 7); got != epochs[2][7] {
		t.Fatalf("sample %d read first gives item %d, read in order %d", 2*n+7, got, epochs[2][7])
	}
	if got := o.Item(3); got != epochs[0][3] {
		t.Fatalf("going back to epoch 0 gives item %d, want %d", got, epochs[0][3])
	}
}

// TestShuffledResume checks that a batch depends only on (seed, index, batch):
// a dataset that served other batches before, or none, gives the same one.
func TestShuffledResume(t *testing.T) {
	const batch = 7
	images := counting(30)
	walked := NewShuffled("counting", images, 5)
	img := make([]float32, batch*4)
	lab := make([]int, batch)
	var want [][]float32
	var wantLabels [][]int
	for index := range int64(20) {
		walked.Batch(img, lab, batch, index)
		want = append(want, slices.Clone(img))
		wantLabels = append(wantLabels, slices.Clone(lab))
	}
	for _, index := range []int64{13, 2, 19, 0} {
		fresh := NewShuffled("counting", images, 5)
		fresh.Batch(img, lab, batch, index)
		if !slices.Equal(img, want[index]) || !slices.Equal(lab, wantLabels[index]) {
			t.Fatalf("batch %d of a fresh dataset differs from the one served in order", index)
		}
		for i := range batch {
			if item := int(img[4*i]*255 + 0.5); lab[i] != item%10 {
				t.Fatalf("batch %d sample %d: image %d came with label %d", index, i, item, lab[i])
			}
		}
	}
	other := NewShuffled("counting", images, 6)
	other.Batch(img, lab, batch, 0)
	if slices.Equal(img, want[0]) {
		t.Fatal("seeds 5 and 6 give the same first batch")
	}
	if allocs := testing.AllocsPerRun(50, func() { walked.Batch(img, lab, batch, 40) }); allocs != 0 {
		t.Fatalf("Batch allocates %v times per call: want 0", allocs)
	}
	walked.Batch(img, nil, batch, 1) // labels are optional
}

func TestBatchChecksBuffers(t *testing.T) {
	d := NewShuffled("counting", counting(3), 1)
	for name, call := range map[string]func(){
		"short images": func() { d.Batch(make([]float32, 7), nil, 2, 0) },
		"short labels": func() { d.Batch(make([]float32, 8), make([]int, 1), 2, 0) },
		"zero batch":   func() { d.Batch(make([]float32, 8), nil, 0, 0) },
		"negative":     func() { d.Batch(make([]float32, 8), nil, 2, -1) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			call()
		}()
	}
}

func TestImagesCheck(t *testing.T) {
	good := counting(4)
	if err := good.Check(); err != nil {
		t.Fatal(err)
	}
	bad := *good
	bad.MaxLevel = 2
	if err := bad.Check(); err == nil {
		t.Error("level 3 above max level 2 passed")
	}
	bad = *good
	bad.Pixels = bad.Pixels[1:]
	if err := bad.Check(); err == nil {
		t.Error("a missing pixel passed")
	}
}

func TestIDXRoundTrip(t *testing.T) {
	values := make([]uint8, 3*4*5)
	for i := range values {
		values[i] = uint8(i * 7)
	}
	var buf bytes.Buffer
	if err := WriteIDX(&buf, []int{3, 4, 5}, values); err != nil {
		t.Fatal(err)
	}
	file := buf.Bytes()
	if want := []byte{0, 0, 8, 3, 0, 0, 0, 3, 0, 0, 0, 4, 0, 0, 0, 5}; !bytes.Equal(file[:16], want) {
		t.Fatalf("header % x: want % x", file[:16], want)
	}
	dims, got, err := ReadIDX(bytes.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(dims, []int{3, 4, 5}) || !bytes.Equal(got, values) {
		t.Fatalf("read back dims %v and different values", dims)
	}
	for n := range len(file) {
		if _, _, err := ReadIDX(bytes.NewReader(file[:n])); err == nil {
			t.Fatalf("file cut to %d of %d bytes read without error", n, len(file))
		}
	}
	huge := []byte{0, 0, 8, 2, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}
	if _, _, err := ReadIDX(bytes.NewReader(huge)); err == nil {
		t.Fatal("a header asking for 2⁶⁴ values read without error")
	}
	if _, _, err := ReadIDX(bytes.NewReader([]byte{0, 0, 0x0d, 1, 0, 0, 0, 1, 0, 0, 0, 0})); err == nil {
		t.Fatal("a float IDX file read without error")
	}
}

func ExampleShuffled() {
	set := counting(4) // four 2×2 images, image i all at level i
	d := NewShuffled("counting", set, 1)
	images := make([]float32, 4*2*2) // [batch × side²]
	labels := make([]int, 4)         // [batch]
	d.Batch(images, labels, 4, 0)    // the first epoch: each image once
	slices.Sort(labels)
	fmt.Println(d.Name(), d.Side(), labels)
	// Output: counting 2 [0 1 2 3]
}

func TestImageRange(t *testing.T) {
	for white := 1; white <= 255; white++ {
		s := &Images{Side: 1, MaxLevel: white, Pixels: []uint8{uint8(white)}, Labels: []int{0}}
		var v [1]float32
		s.Image(v[:], 0)
		if v[0] != 1 {
			t.Fatalf("max level %d reads as %v: want exactly 1", white, v[0])
		}
	}
}

// TestOrderGolden pins the first epochs of seed 1 over 10 items, natively and
// in WebAssembly alike (the suite runs in both).
func TestOrderGolden(t *testing.T) {
	o := NewOrder(10, 1)
	got := make([]int, 20)
	for s := range got {
		got[s] = o.Item(int64(s))
	}
	want := []int{0, 4, 5, 9, 8, 2, 3, 6, 1, 7, 1, 2, 0, 8, 3, 9, 4, 6, 5, 7}
	if !slices.Equal(got, want) {
		t.Fatalf("first two epochs of seed 1: %v: want %v", got, want)
	}
}
