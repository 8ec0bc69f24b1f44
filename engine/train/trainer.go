package train

import (
	"fmt"
	"math"

	"mirror/engine/data"
	"mirror/engine/nn"
	"mirror/engine/rng"
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

// SampleCount is the number of fixed-noise samples Samples draws.
const SampleCount = 64

// Trainer owns a generator, a discriminator or critic, their optimizers and
// a dataset, and advances one generator step at a time.
//
// A run is a pure function of its configuration: the seed draws the initial
// weights, every noise vector and every instance-noise sample from one RNG,
// and the dataset's batches are a function of (seed, batch number).
type Trainer struct {
	cfg        Config
	gen, disc  *nn.MLP
	optG, optD nn.Optimizer
	data       data.Dataset
	rng        *rng.RNG
	steps      int64 // generator steps done
	batches    int64 // real batches drawn from the dataset
	failed     error // set when training diverged; Step refuses to go on

	side, pixels int // image side and side²

	z      []float32 // [batch × noise] generator input
	real   []float32 // [batch × pixels] real images
	labels []int     // [batch] their labels (unused by the GAN)
	noisy  []float32 // [batch × pixels] an input plus instance noise
	dOut   []float32 // [batch × 1] ∂loss/∂D output

	fixedZ []float32 // [SampleCount × noise] the fixed noise of Samples
}

// New builds the networks, optimizers and dataset of cfg, which is resolved
// and validated first.
func New(cfg Config) (*Trainer, error) {
	cfg = cfg.Resolved()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	ds, err := newDataset(cfg)
	if err != nil {
		return nil, err
	}
	return NewWithData(cfg, ds)
}

// NewWithData is New with a dataset of the caller's (the benchmark's random
// images, a test's tiny set) in place of the one cfg names.
func NewWithData(cfg Config, ds data.Dataset) (*Trainer, error) {
	cfg = cfg.Resolved()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	t := &Trainer{cfg: cfg, data: ds, rng: rng.New(cfg.Seed)}
	t.side = ds.Side()
	t.pixels = t.side * t.side
	wgan := cfg.IsWasserstein()
	var err error
	if t.gen, err = nn.Generator(cfg.Noise, cfg.Hidden, t.side, cfg.GDepth); err != nil {
		return nil, err
	}
	if t.disc, err = nn.Discriminator(t.side, cfg.Hidden, cfg.DDepth, float32(cfg.Slope), wgan && cfg.Sigmoid); err != nil {
		return nil, err
	}
	maxBatch := max(cfg.Batch, SampleCount)
	t.gen.Reserve(maxBatch)
	t.disc.Reserve(maxBatch)
	t.gen.Init(t.rng)
	t.disc.Init(t.rng)
	if wgan {
		t.optG = nn.NewRMSprop(len(t.gen.Params), cfg.LRG)
		t.optD = nn.NewRMSprop(len(t.disc.Params), cfg.LRD)
	} else {
		t.optG = nn.NewAdam(len(t.gen.Params), cfg.LRG)
		t.optD = nn.NewAdam(len(t.disc.Params), cfg.LRD)
	}
	t.applyLive(cfg)

	b := cfg.Batch
	t.z = make([]float32, b*cfg.Noise)
	t.real = make([]float32, b*t.pixels)
	t.labels = make([]int, max(b, SampleCount))
	t.noisy = make([]float32, b*t.pixels)
	t.dOut = make([]float32, b)
	// The fixed noise has its own stream so that it does not depend on how
	// far training went, and a checkpoint need not store it.
	t.fixedZ = make([]float32, SampleCount*cfg.Noise)
	rng.New(cfg.Seed^0x5eed5eed5eed5eed).FillNormal(t.fixedZ, 0, 1)
	return t, nil
}

// Config returns the resolved configuration.
func (t *Trainer) Config() Config { return t.cfg }

// Steps returns the number of generator steps done.
func (t *Trainer) Steps() int64 { return t.steps }

// Side returns the image side in pixels.
func (t *Trainer) Side() int { return t.side }

// Generator and Discriminator expose the networks (for metrics and tests).
func (t *Trainer) Generator() *nn.MLP     { return t.gen }
func (t *Trainer) Discriminator() *nn.MLP { return t.disc }

// Err returns the error that stopped training, or nil.
func (t *Trainer) Err() error { return t.failed }

// noiseStd is the instance noise of the current step: the configured std,
// decayed linearly to 0 over Anneal steps when Anneal > 0.
func (t *Trainer) noiseStd() float32 {
	if !t.cfg.HasInstanceNoise() {
		return 0
	}
	std := t.cfg.NoiseStd
	if t.cfg.Anneal > 0 {
		std *= math.Max(0, 1-float64(t.steps)/float64(t.cfg.Anneal))
	}
	return float32(std)
}

// Step advances one generator step with its discriminator or critic steps,
// as the post's loops do: one generator forward makes the fake batch; the
// detached fakes train D (k times on the same batches for WGAN, unless
// FreshBatch); then G back-propagates through a fresh D forward of the same
// fakes, without noise, computing no D weight gradients.
//
// A step whose loss or gradient is not finite is not applied: training stops
// with an error naming the step and the figure, and the weights keep their
// last finite values.
func (t *Trainer) Step() (Stats, error) {
	if t.failed != nil {
		return Stats{}, t.failed
	}
	var st Stats
	var err error
	if t.cfg.IsWasserstein() {
		st, err = t.stepWGAN()
	} else {
		st, err = t.stepGAN()
	}
	if err != nil {
		t.failed = fmt.Errorf("training stopped at step %d: %w; lower the learning rates or reset", t.steps+1, err)
		return st, t.failed
	}
	t.steps++
	st.Step = t.steps
	return st, nil
}

// fakeBatch draws z ~ N(0, 1) and runs the generator in training mode.
// fake [batch × pixels] stays valid until the generator's next Forward.
func (t *Trainer) fakeBatch() (fake []float32) {
	t.rng.FillNormal(t.z, 0, 1)
	return t.gen.Forward(t.z, t.cfg.Batch, true)
}

// realBatch draws the next batch of real images.
func (t *Trainer) realBatch() {
	t.data.Batch(t.real, t.labels[:t.cfg.Batch], t.cfg.Batch, t.batches)
	t.batches++
}

// withNoise returns x, or x plus N(0, std²) noise in a scratch buffer:
// instance noise reaches only the discriminator's inputs.
func (t *Trainer) withNoise(x []float32, std float32) []float32 {
	if std == 0 {
		return x
	}
	copy(t.noisy, x)
	t.rng.AddNormal(t.noisy, std)
	return t.noisy
}

func (t *Trainer) stepGAN() (Stats, error) {
	b := t.cfg.Batch
	std := t.noiseStd()
	st := Stats{NoiseStd: float64(std)}
	fake := t.fakeBatch()
	t.realBatch()

	// Discriminator: BCE(D(real), 1 − smooth) + BCE(D(fake), 0).
	t.disc.ZeroGrad()
	logits := t.disc.Forward(t.withNoise(t.real, std), b, true)
	lossReal := nn.BCEWithLogits(t.dOut, logits, float32(1-t.cfg.Smooth))
	st.DReal = meanSigmoid(logits)
	t.disc.Backward(t.dOut, b, true, false)
	logits = t.disc.Forward(t.withNoise(fake, std), b, true)
	lossFake := nn.BCEWithLogits(t.dOut, logits, 0)
	st.DFake = meanSigmoid(logits)
	t.disc.Backward(t.dOut, b, true, false)
	st.LossD = float64(lossReal + lossFake)
	st.GradNormD = norm(t.disc.Grads)
	if err := finite("discriminator loss", st.LossD, st.GradNormD); err != nil {
		return st, err
	}
	t.optD.Step(t.disc.Params, t.disc.Grads)

	// Generator: non-saturating BCE(D(G(z)), 1), or saturating −BCE(D(G(z)), 0).
	t.gen.ZeroGrad()
	logits = t.disc.Forward(fake, b, true)
	if t.cfg.GLoss == "saturating" {
		st.LossG = -float64(nn.BCEWithLogits(t.dOut, logits, 0))
		for i := range t.dOut {
			t.dOut[i] = -t.dOut[i]
		}
	} else {
		st.LossG = float64(nn.BCEWithLogits(t.dOut, logits, 1))
	}
	return st, t.generatorBackward(&st)
}

func (t *Trainer) stepWGAN() (Stats, error) {
	b := t.cfg.Batch
	std := t.noiseStd()
	st := Stats{NoiseStd: float64(std)}
	fake := t.fakeBatch()
	t.realBatch()

	// Critic: minimise mean D(fake) − mean D(real), then clip every parameter.
	for k := 0; k < t.cfg.Critic; k++ {
		if k > 0 && t.cfg.FreshBatch {
			fake = t.fakeBatch()
			t.realBatch()
		}
		t.disc.ZeroGrad()
		out := t.disc.Forward(t.withNoise(t.real, std), b, true)
		real := nn.MeanOutput(t.dOut, out, -1)
		t.disc.Backward(t.dOut, b, true, false)
		out = t.disc.Forward(t.withNoise(fake, std), b, true)
		fakeMean := nn.MeanOutput(t.dOut, out, 1)
		t.disc.Backward(t.dOut, b, true, false)
		st.DReal, st.DFake = -float64(real), float64(fakeMean)
		st.LossD = st.DFake - st.DReal
		st.Wasserstein = st.DReal - st.DFake
		st.GradNormD = norm(t.disc.Grads)
		if err := finite("critic loss", st.LossD, st.GradNormD); err != nil {
			return st, err
		}
		t.optD.Step(t.disc.Params, t.disc.Grads)
		st.ClipFraction = float64(nn.ClipWeights(t.disc.Params, float32(t.cfg.Clip)))
	}

	// Generator: minimise −mean D(G(z)).
	t.gen.ZeroGrad()
	out := t.disc.Forward(fake, b, true)
	st.LossG = float64(nn.MeanOutput(t.dOut, out, -1))
	return st, t.generatorBackward(&st)
}

// generatorBackward back-propagates t.dOut through D (input gradient only)
// and G, checks the result and applies the generator's optimizer.
func (t *Trainer) generatorBackward(st *Stats) error {
	dFake := t.disc.Backward(t.dOut, t.cfg.Batch, false, true)
	t.gen.Backward(dFake, t.cfg.Batch, true, false)
	st.GradNormG = norm(t.gen.Grads)
	if err := finite("generator loss", st.LossG, st.GradNormG); err != nil {
		return err
	}
	t.optG.Step(t.gen.Params, t.gen.Grads)
	return nil
}

// finite reports a loss or gradient norm that is NaN or infinite.
func finite(what string, loss, gradNorm float64) error {
	if math.IsNaN(loss) || math.IsInf(loss, 0) {
		return fmt.Errorf("%s is %v", what, loss)
	}
	if math.IsNaN(gradNorm) || math.IsInf(gradNorm, 0) {
		return fmt.Errorf("%s gradient norm is %v", what, gradNorm)
	}
	return nil
}

// norm returns the L2 norm of x.
func norm(x []float32) float64 { return math.Sqrt(nn.SumSquares(x)) }

// meanSigmoid returns the mean of σ(z) over logits z: D's mean probability.
func meanSigmoid(logits []float32) float64 {
	var s float64
	for _, z := range logits {
		s += 1 / (1 + math.Exp(-float64(z)))
	}
	return s / float64(len(logits))
}

// Samples writes the generator's images for the run's fixed noise into dst
// [SampleCount × side²] (values in [0,1]) and returns side. The generator
// runs in evaluation mode (BatchNorm's running statistics), as PyTorch's
// model.eval() would, so samples do not depend on each other.
func (t *Trainer) Samples(dst []float32) int {
	out := t.gen.Forward(t.fixedZ, SampleCount, false)
	copy(dst, out)
	return t.side
}

// Real writes the first n real training images of the run's seed into dst
// [n × side²] and returns side. n ≤ SampleCount.
func (t *Trainer) Real(dst []float32, n int) int {
	n = min(n, SampleCount)
	t.data.Batch(dst[:n*t.pixels], t.labels[:n], n, 0)
	return t.side
}

// Apply changes the settings that can change while training runs (Field.Live).
// When cfg differs from the current configuration in a setting that needs new
// networks, it changes nothing and returns needsReset true: the caller builds
// a new Trainer with New. An invalid cfg changes nothing and returns the error.
func (t *Trainer) Apply(cfg Config) (needsReset bool, err error) {
	cfg = cfg.Resolved()
	if err := cfg.Validate(); err != nil {
		return false, err
	}
	for _, f := range Fields {
		if !f.Live && f.Get(&cfg) != f.Get(&t.cfg) {
			return true, nil
		}
	}
	t.applyLive(cfg)
	return false, nil
}

// applyLive sets the live settings of cfg on the optimizers and the trainer.
func (t *Trainer) applyLive(cfg Config) {
	t.cfg = cfg
	t.optG.SetLR(cfg.LRG)
	t.optD.SetLR(cfg.LRD)
	for _, o := range []nn.Optimizer{t.optG, t.optD} {
		if adam, ok := o.(*nn.Adam); ok {
			adam.Beta1, adam.Beta2 = cfg.Beta1, cfg.Beta2
		}
	}
}
