package maze

import (
	"fmt"

	"mirror/engine/data"
	"mirror/engine/rng"
)

// Config describes a maze dataset. Its zero value is the post's: a fixed pool
// of 1,280 mazes of side 28 carved by depth-first search, with seed 0.
type Config struct {
	Algorithm Algorithm // generator; zero: DFS
	Side      int       // image side; 0: DefaultSide (28)
	Pool      int       // mazes in the fixed pool; 0: DefaultPool (1,280). Ignored when Fresh.
	Fresh     bool      // a new maze for every sample instead of a fixed pool
	Seed      uint64
}

// DefaultPool is the number of mazes the post trained on.
const DefaultPool = 1280

// maxPool bounds the pool (a 64×64 pool of this size is 256 MB as bytes).
const maxPool = 1 << 16

func (c Config) withDefaults() (Config, error) {
	if c.Side == 0 {
		c.Side = DefaultSide
	}
	if c.Pool == 0 {
		c.Pool = DefaultPool
	}
	if err := CheckSide(c.Side); err != nil {
		return c, err
	}
	if c.Pool < 1 || c.Pool > maxPool {
		return c, fmt.Errorf("maze pool of %d: want 1..%d", c.Pool, maxPool)
	}
	if c.Algorithm < 0 || int(c.Algorithm) >= len(algorithmNames) {
		return c, fmt.Errorf("maze algorithm %d: want 0..%d", int(c.Algorithm), len(algorithmNames)-1)
	}
	return c, nil
}

// mazeSeed returns the seed of maze number k of a configuration's stream:
// maze k of the pool is sample k of the fresh stream with the same seed.
func mazeSeed(seed uint64, k int64) uint64 {
	const stream = 0x6d617a6573 // "mazes": keeps these seeds apart from the epoch shuffles'
	return data.Mix(data.Mix(seed, stream), uint64(k))
}

// NewDataset returns the dataset c describes: a *data.Shuffled over a pool
// generated up front, or a *Fresh stream. Its name is "mazes-" and the
// algorithm ("mazes-dfs", ...). Labels are −1.
func NewDataset(c Config) (data.Dataset, error) {
	c, err := c.withDefaults()
	if err != nil {
		return nil, err
	}
	if c.Fresh {
		g, _ := NewGenerator(c.Algorithm, c.Side)
		return &Fresh{name: name(c.Algorithm), gen: g, seed: c.Seed}, nil
	}
	pool, err := NewPool(c)
	if err != nil {
		return nil, err
	}
	return data.NewShuffled(name(c.Algorithm), pool, c.Seed), nil
}

func name(a Algorithm) string { return "mazes-" + a.String() }

// NewPool generates c.Pool mazes (levels 0 wall, 1 open, labels −1); maze k
// is drawn from an RNG seeded by (c.Seed, k). c.Fresh is ignored.
func NewPool(c Config) (*data.Images, error) {
	c, err := c.withDefaults()
	if err != nil {
		return nil, err
	}
	g, _ := NewGenerator(c.Algorithm, c.Side)
	area := c.Side * c.Side
	pool := &data.Images{Side: c.Side, MaxLevel: 1, Pixels: make([]uint8, c.Pool*area), Labels: make([]int, c.Pool)}
	var r rng.RNG
	for k := 0; k < c.Pool; k++ {
		r.Seed(mazeSeed(c.Seed, int64(k)))
		g.GenerateLevels(pool.Pixels[k*area:(k+1)*area], 1, &r)
		pool.Labels[k] = -1
	}
	return pool, nil
}

// Fresh is a dataset of new mazes: sample s (= index·batch + i) is carved
// from an RNG seeded by (seed, s), so it never repeats a maze by design and
// still gives a resumed run the same batches.
type Fresh struct {
	name string
	gen  *Generator
	seed uint64
	r    rng.RNG
}

// Name returns "mazes-" and the algorithm.
func (d *Fresh) Name() string { return d.name }

// Side returns the image side.
func (d *Fresh) Side() int { return d.gen.side }

// Batch fills images [batch × Side²] with samples index·batch … index·batch +
// batch − 1 of the stream, and labels [batch] (may be nil) with −1.
func (d *Fresh) Batch(images []float32, labels []int, batch int, index int64) {
	area := d.gen.side * d.gen.side
	data.CheckBatch(d.name, d.gen.side, images, labels, batch, index)
	for i := 0; i < batch; i++ {
		d.r.Seed(mazeSeed(d.seed, index*int64(batch)+int64(i)))
		d.gen.Generate(images[i*area:(i+1)*area], &d.r)
		if labels != nil {
			labels[i] = -1
		}
	}
}
