package train

import (
	"errors"
	"io"
)

// Stats are the figures of one generator step.
type Stats struct {
	Step         int64   // generator steps done, this one included
	LossD        float64 // discriminator (critic) loss of the last D step
	LossG        float64 // generator loss
	DReal        float64 // mean D output on real images (probability for GANs, critic value for WGANs)
	DFake        float64 // mean D output on fake images
	Wasserstein  float64 // mean critic(real) − mean critic(fake): the WGAN distance estimate
	GradNormD    float64 // L2 norm of the last D gradient
	GradNormG    float64 // L2 norm of the G gradient
	ClipFraction float64 // fraction of critic weights at the clip bound (WGAN)
	NoiseStd     float64 // instance noise std used this step (after annealing)
}

// Trainer owns a generator, a discriminator or critic, their optimizers and a dataset.
type Trainer struct {
	cfg Config
}

var errNotYet = errors.New("train: trainer not implemented yet")

// New builds the networks, optimizers and dataset of cfg (resolved and validated).
func New(cfg Config) (*Trainer, error) { return nil, errNotYet }

// Config returns the resolved configuration.
func (t *Trainer) Config() Config { return t.cfg }

// Step advances one generator step (with its discriminator or critic steps).
func (t *Trainer) Step() (Stats, error) { return Stats{}, errNotYet }

// Steps returns the number of generator steps done.
func (t *Trainer) Steps() int64 { return 0 }

// SampleCount is the number of fixed-noise samples Samples draws.
const SampleCount = 64

// Samples writes the generator's images for the run's fixed noise into dst
// [SampleCount × side²] (values in [0,1]) and returns side.
func (t *Trainer) Samples(dst []float32) int { return 0 }

// Real writes n real training images into dst [n × side²] and returns side.
func (t *Trainer) Real(dst []float32, n int) int { return 0 }

// Apply changes the settings that can change while training runs (Field.Live).
// When cfg differs from the current configuration in a setting that needs new
// networks, it changes nothing and returns needsReset true: the caller builds
// a new Trainer with New.
func (t *Trainer) Apply(cfg Config) (needsReset bool, err error) { return false, errNotYet }

// Save writes the whole training state as a checkpoint.
func (t *Trainer) Save(w io.Writer) error { return errNotYet }

// Load reads a checkpoint written by Save into a new Trainer.
func Load(r io.Reader) (*Trainer, error) { return nil, errNotYet }
