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

	// The step in progress (see Advance).
	phase    int       // next phase; phaseStart between steps
	pending  Stats     // the figures gathered so far
	fake     []float32 // [batch × pixels] the generator's output, a view of its activations
	dFake    []float32 // [batch × pixels] ∂loss/∂fake, a view of D's input gradient
	lossReal float32   // GAN: the real half of D's loss

	samples      []float32 // [SampleCount × pixels] the last samples drawn at a step boundary
	samplesStale bool      // a step finished since samples was drawn
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
// fakes, without noise, computing no D weight gradients. Step is Advance
// called until the step is done.
//
// A step whose loss or gradient is not finite is not applied: training stops
// with an error naming the step and the figure, and the weights keep their
// last finite values.
func (t *Trainer) Step() (Stats, error) {
	for {
		st, done, err := t.Advance()
		if err != nil || done {
			return st, err
		}
	}
}

// Advance runs the next phase of the current generator step and reports
// whether the step is done, with its Stats. A phase is one pass through a
// network and back, so that a browser frame can train for a few
// milliseconds even when a whole step of a large model takes longer:
//
//	GAN:  D on real | D on fake, D update | D for G's loss | G backward, G update
//	WGAN: critic step 1 (after G's forward) | … | critic step k | D for G's loss | G backward, G update
//
// Advancing phase by phase gives exactly the bits of Step. Between phases
// the generator's activations are in use: Samples then returns the samples
// of the last step boundary, and Save finishes the step first.
func (t *Trainer) Advance() (Stats, bool, error) {
	if t.failed != nil {
		return Stats{}, false, t.failed
	}
	var err error
	switch {
	case t.phase >= phaseGLoss:
		err = t.generatorPhase()
	case t.cfg.IsWasserstein():
		err = t.criticPhase()
	default:
		err = t.discriminatorPhase()
	}
	if err != nil {
		t.phase = phaseStart
		t.failed = fmt.Errorf("training stopped at step %d: %w; lower the learning rates or reset", t.steps+1, err)
		return Stats{}, false, t.failed
	}
	if t.phase != phaseStart {
		return Stats{}, false, nil
	}
	t.steps++
	st := t.pending
	st.Step = t.steps
	return st, true, nil
}

// Phases of a step (Trainer.phase). Phases between phaseStart and phaseGLoss
// are the discriminator's (GAN: real, then fake) or the critic's (one each).
const (
	phaseStart = 0
	phaseGLoss = 1 << 20 // D forward on the fakes and backward to G's output
	phaseGStep = phaseGLoss + 1
)

// begin starts a step: the instance noise of this step, the fake batch from
// the generator in training mode, and the real batch.
func (t *Trainer) begin() {
	t.pending = Stats{NoiseStd: float64(t.noiseStd())}
	t.fake = t.fakeBatch()
	t.realBatch()
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

// discriminatorPhase is the GAN's D step, BCE(D(real), 1 − smooth) +
// BCE(D(fake), 0), in two phases: real images, then fakes and the update.
func (t *Trainer) discriminatorPhase() error {
	b, st := t.cfg.Batch, &t.pending
	if t.phase == phaseStart {
		t.begin()
		t.disc.ZeroGrad()
		logits := t.disc.Forward(t.withNoise(t.real, float32(st.NoiseStd)), b, true)
		t.lossReal = nn.BCEWithLogits(t.dOut, logits, float32(1-t.cfg.Smooth))
		st.DReal = meanSigmoid(logits)
		t.disc.Backward(t.dOut, b, true, false)
		t.phase++
		return nil
	}
	logits := t.disc.Forward(t.withNoise(t.fake, float32(st.NoiseStd)), b, true)
	lossFake := nn.BCEWithLogits(t.dOut, logits, 0)
	st.DFake = meanSigmoid(logits)
	t.disc.Backward(t.dOut, b, true, false)
	st.LossD = float64(t.lossReal + lossFake)
	st.GradNormD = norm(t.disc.Grads)
	if err := finite("discriminator loss", st.LossD, st.GradNormD); err != nil {
		return err
	}
	t.optD.Step(t.disc.Params, t.disc.Grads)
	t.phase = phaseGLoss
	return nil
}

// criticPhase is one WGAN critic step: minimise mean D(fake) − mean D(real),
// then clip every parameter. The first one starts the step.
func (t *Trainer) criticPhase() error {
	b, st := t.cfg.Batch, &t.pending
	if t.phase == phaseStart {
		t.begin()
	} else if t.cfg.FreshBatch {
		t.fake = t.fakeBatch()
		t.realBatch()
	}
	std := float32(st.NoiseStd)
	t.disc.ZeroGrad()
	out := t.disc.Forward(t.withNoise(t.real, std), b, true)
	real := nn.MeanOutput(t.dOut, out, -1)
	t.disc.Backward(t.dOut, b, true, false)
	out = t.disc.Forward(t.withNoise(t.fake, std), b, true)
	fakeMean := nn.MeanOutput(t.dOut, out, 1)
	t.disc.Backward(t.dOut, b, true, false)
	st.DReal, st.DFake = -float64(real), float64(fakeMean)
	st.LossD = st.DFake - st.DReal
	st.Wasserstein = st.DReal - st.DFake
	st.GradNormD = norm(t.disc.Grads)
	if err := finite("critic loss", st.LossD, st.GradNormD); err != nil {
		return err
	}
	t.optD.Step(t.disc.Params, t.disc.Grads)
	st.ClipFraction = float64(nn.ClipWeights(t.disc.Params, float32(t.cfg.Clip)))
	t.phase++
	if t.phase >= t.cfg.Critic {
		t.phase = phaseGLoss
	}
	return nil
}

// generatorPhase is G's step in two phases. First its loss through a fresh
// D forward of the fakes, without noise, back to G's output (D's input
// gradient only): GAN non-saturating BCE(D(G(z)), 1) or saturating
// −BCE(D(G(z)), 0); WGAN −mean D(G(z)). Then G's backward and update.
func (t *Trainer) generatorPhase() error {
	b, st := t.cfg.Batch, &t.pending
	if t.phase == phaseGLoss {
		t.gen.ZeroGrad()
		out := t.disc.Forward(t.fake, b, true)
		switch {
		case t.cfg.IsWasserstein():
			st.LossG = float64(nn.MeanOutput(t.dOut, out, -1))
		case t.cfg.GLoss == "saturating":
			st.LossG = -float64(nn.BCEWithLogits(t.dOut, out, 0))
			for i := range t.dOut {
				t.dOut[i] = -t.dOut[i]
			}
		default:
			st.LossG = float64(nn.BCEWithLogits(t.dOut, out, 1))
		}
		t.dFake = t.disc.Backward(t.dOut, b, false, true)
		t.phase = phaseGStep
		return nil
	}
	t.gen.Backward(t.dFake, b, true, false)
	st.GradNormG = norm(t.gen.Grads)
	if err := finite("generator loss", st.LossG, st.GradNormG); err != nil {
		return err
	}
	t.optG.Step(t.gen.Params, t.gen.Grads)
	t.phase = phaseStart
	t.samplesStale = true
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
// model.eval() would, so samples do not depend on each other. In the middle
// of a step (see Advance) the generator's activations are in use, and
// Samples returns those of the last step boundary; the weights they show
// are at most one step old.
func (t *Trainer) Samples(dst []float32) int {
	if t.phase == phaseStart && (t.samplesStale || t.samples == nil) {
		if t.samples == nil {
			t.samples = make([]float32, SampleCount*t.pixels)
		}
		copy(t.samples, t.gen.Forward(t.fixedZ, SampleCount, false))
		t.samplesStale = false
	}
	if t.samples == nil { // asked mid-way through the very first step
		clear(dst[:SampleCount*t.pixels])
		return t.side
	}
	copy(dst, t.samples)
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
