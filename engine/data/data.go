// Package data feeds training: it defines the Dataset interface the trainer
// draws batches from, an in-memory image set with seeded per-epoch shuffling,
// and the IDX file format MNIST uses. The datasets themselves live below it:
// mnist (a bundled balanced subset, and the full set for native tools) and
// maze (generated mazes and their validator).
//
// Every batch is a pure function of the dataset's construction (seed included)
// and the batch's position in the run, so a run resumed from a checkpoint sees
// the same batches as one never stopped, natively and in WebAssembly alike.
//
// It leaves out: augmentation, colour, non-square images, and background
// loading (batches are cheap next to a training step).
package data

import (
	"fmt"

	"mirror/engine/rng"
)

// Dataset hands out batches of square grayscale images with values in [0,1].
type Dataset interface {
	Name() string // "mnist", "mazes-dfs", ...
	Side() int    // image side in pixels; an image has Side()*Side() values
	// Batch fills images [batch × Side²] and labels [batch] (label −1 where there is none)
	// with batch number index of the run. The content is a pure function of the
	// dataset's construction (seed included) and (index, batch), so a resumed run
	// gets the same batches as one never stopped. Steady state must not allocate.
	Batch(images []float32, labels []int, batch int, index int64)
}

// Images is an in-memory set of square grayscale images stored as integer
// levels, a quarter of the memory of float32 (the full MNIST training set is
// 47 MB so, 188 MB as float32). Level MaxLevel is white, 1.0.
type Images struct {
	Side     int
	MaxLevel int     // the level of 1.0: 255 for MNIST, 31 for the bundled subset, 1 for mazes
	Pixels   []uint8 // [n × Side²], row-major images one after another
	Labels   []int   // [n], −1 where there is none
}

// Len returns the number of images.
func (s *Images) Len() int { return len(s.Labels) }

// Check reports whether s is consistent: sizes agree and no level exceeds MaxLevel.
func (s *Images) Check() error {
	if s.Side <= 0 {
		return fmt.Errorf("images side %d: want > 0", s.Side)
	}
	if s.MaxLevel < 1 || s.MaxLevel > 255 {
		return fmt.Errorf("images max level %d: want 1..255", s.MaxLevel)
	}
	if want := len(s.Labels) * s.Side * s.Side; len(s.Pixels) != want {
		return fmt.Errorf("images: %d pixels for %d images of side %d: want %d", len(s.Pixels), len(s.Labels), s.Side, want)
	}
	for i, p := range s.Pixels {
		if int(p) > s.MaxLevel {
			return fmt.Errorf("images: pixel %d of image %d has level %d: want 0..%d", i%(s.Side*s.Side), i/(s.Side*s.Side), p, s.MaxLevel)
		}
	}
	return nil
}

// Image writes image i into dst [Side²] as values level/MaxLevel in [0,1].
// It divides rather than multiplying by 1/MaxLevel, whose rounding could put
// white a hair above 1.
func (s *Images) Image(dst []float32, i int) {
	area := s.Side * s.Side
	white := float32(s.MaxLevel)
	src := s.Pixels[i*area : (i+1)*area]
	dst = dst[:area]
	for k, p := range src {
		dst[k] = float32(p) / white
	}
}

// Float32 returns every image as values in [0,1]: [n × Side²].
func (s *Images) Float32() []float32 {
	out := make([]float32, len(s.Pixels))
	for i := range s.Labels {
		s.Image(out[i*s.Side*s.Side:], i)
	}
	return out
}

// Mix hashes a seed and a counter (an epoch, a sample number) into the seed of
// an independent stream. rng.New(seed+k) would not do: SplitMix64 seeding walks
// a fixed-step sequence, so nearby seeds give overlapping streams.
func Mix(seed, k uint64) uint64 {
	return finalize(seed ^ finalize(k+0x9e3779b97f4a7c15))
}

// finalize is SplitMix64's output function, a bijection that scatters every input bit.
func finalize(z uint64) uint64 {
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// CheckBatch panics, as slice indexing would, but saying what was expected:
// a short buffer is a bug in the caller, not a condition to recover from.
// Every Dataset's Batch starts with it.
func CheckBatch(name string, side int, images []float32, labels []int, batch int, index int64) {
	if batch < 1 {
		panic(fmt.Sprintf("%s: batch size %d: want ≥ 1", name, batch))
	}
	if index < 0 {
		panic(fmt.Sprintf("%s: batch index %d: want ≥ 0", name, index))
	}
	if len(images) < batch*side*side {
		panic(fmt.Sprintf("%s: images buffer has %d values: want batch×side² = %d×%d = %d", name, len(images), batch, side*side, batch*side*side))
	}
	if labels != nil && len(labels) < batch {
		panic(fmt.Sprintf("%s: labels buffer has %d values: want batch = %d (or nil)", name, len(labels), batch))
	}
}

// Order maps the sample stream onto a set of n items: sample s is item
// perm_e[s mod n] with e = s / n and perm_e a permutation drawn from an RNG
// seeded by Mix(seed, e). It caches the current epoch's permutation, so a
// stream read in order costs one shuffle per epoch and never allocates.
type Order struct {
	seed  uint64
	epoch int64 // epoch of perm; −1 before the first
	perm  []int // [n]
	r     rng.RNG
}

// NewOrder returns the order of a stream over n ≥ 1 items.
func NewOrder(n int, seed uint64) *Order {
	if n < 1 {
		panic(fmt.Sprintf("data: order over %d items: want ≥ 1", n))
	}
	return &Order{seed: seed, epoch: -1, perm: make([]int, n)}
}

// Item returns the item of sample s ≥ 0.
func (o *Order) Item(s int64) int {
	n := int64(len(o.perm))
	if e := s / n; e != o.epoch {
		o.epoch = e
		for i := range o.perm {
			o.perm[i] = i
		}
		o.r.Seed(Mix(o.seed, uint64(e)))
		o.r.Shuffle(o.perm)
	}
	return o.perm[s%n]
}
