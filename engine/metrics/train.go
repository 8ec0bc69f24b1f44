package metrics

import (
	"fmt"

	"mirror/engine/data"
	"mirror/engine/nn"
	"mirror/engine/rng"
)

// TrainConfig says how TrainClassifier trains; the zero value gives the
// settings of the bundled weights except the seed (tools/classifier -seed 1).
type TrainConfig struct {
	Seed         uint64  // initial weights and the order of the samples
	Epochs       int     // passes over the training set; 0 means 10
	Batch        int     // minibatch size, 1..4096; 0 means 100
	LearningRate float64 // Adam's initial rate, decayed linearly to 0 over the run; 0 means 2e-3
}

func (cfg TrainConfig) withDefaults() TrainConfig {
	if cfg.Epochs == 0 {
		cfg.Epochs = 10
	}
	if cfg.Batch == 0 {
		cfg.Batch = 100
	}
	if cfg.LearningRate == 0 {
		cfg.LearningRate = 2e-3
	}
	return cfg
}

// EpochReport is TrainClassifier's progress after one epoch.
type EpochReport struct {
	Epoch, Epochs int     // 1-based epoch, and the run's total
	Loss          float64 // mean cross-entropy over the epoch's minibatches (before their step)
	Accuracy      float64 // share of the epoch's training samples classified right (before their step)
}

// TrainClassifier trains a new classifier on train (28×28 digits labelled
// 0..9) with softmax cross-entropy and Adam on shuffled minibatches, calling
// progress (if not nil) after every epoch. An epoch is ⌊n / batch⌋ steps of
// the dataset's sample stream (data.Shuffled). The result is a pure function
// of train and cfg (for a given GEMM kernel, see gemm.KernelName).
func TrainClassifier(train *data.Images, cfg TrainConfig, progress func(EpochReport)) (*Classifier, error) {
	t, err := newClassifierTrainer(train, cfg)
	if err != nil {
		return nil, err
	}
	cfg = t.cfg
	steps := int64(train.Len() / cfg.Batch)
	total := steps * int64(cfg.Epochs)
	for epoch := 1; epoch <= cfg.Epochs; epoch++ {
		var loss float64
		correct := 0
		for range steps {
			t.setLR(cfg.LearningRate * float64(total-t.step) / float64(total))
			l, c := t.trainStep()
			loss += float64(l)
			correct += c
		}
		if progress != nil {
			progress(EpochReport{Epoch: epoch, Epochs: cfg.Epochs, Loss: loss / float64(steps),
				Accuracy: float64(correct) / float64(steps*int64(cfg.Batch))})
		}
	}
	return t.c, nil
}

// classifierTrainer holds one training run's state, so a step allocates nothing.
type classifierTrainer struct {
	cfg              TrainConfig
	c                *Classifier
	samples          *data.Shuffled
	bodyOpt, headOpt *nn.Adam  // one Adam over Body.Params ++ Head.Params, kept in two halves
	step             int64     // steps taken
	x                []float32 // [batch × Pixels] minibatch images
	labels           []int     // [batch]
	dLogits          []float32 // [batch × Classes] ∂loss/∂logits
}

func newClassifierTrainer(train *data.Images, cfg TrainConfig) (*classifierTrainer, error) {
	cfg = cfg.withDefaults()
	if cfg.Epochs < 1 {
		return nil, fmt.Errorf("metrics: classifier epochs %d: want ≥ 1", cfg.Epochs)
	}
	if cfg.Batch < 1 || cfg.Batch > 4096 {
		return nil, fmt.Errorf("metrics: classifier batch %d: want 1..4096", cfg.Batch)
	}
	if !(cfg.LearningRate > 0 && cfg.LearningRate < 1) {
		return nil, fmt.Errorf("metrics: classifier learning rate %g: want in (0, 1)", cfg.LearningRate)
	}
	if train.Side*train.Side != Pixels {
		return nil, fmt.Errorf("metrics: classifier training images of side %d: want 28", train.Side)
	}
	if train.Len() < cfg.Batch {
		return nil, fmt.Errorf("metrics: %d training images: want at least one batch (%d)", train.Len(), cfg.Batch)
	}
	for i, l := range train.Labels {
		if l < 0 || l >= Classes {
			return nil, fmt.Errorf("metrics: training label %d of image %d: want a digit 0..9", l, i)
		}
	}
	c := NewClassifier()
	c.Init(rng.New(cfg.Seed))
	c.Body.Reserve(cfg.Batch)
	c.Head.Reserve(cfg.Batch)
	return &classifierTrainer{
		cfg:     cfg,
		c:       c,
		samples: data.NewShuffled("mnist-classifier", train, cfg.Seed),
		bodyOpt: nn.NewAdam(len(c.Body.Params), cfg.LearningRate),
		headOpt: nn.NewAdam(len(c.Head.Params), cfg.LearningRate),
		x:       make([]float32, cfg.Batch*Pixels),
		labels:  make([]int, cfg.Batch),
		dLogits: make([]float32, cfg.Batch*Classes),
	}, nil
}

func (t *classifierTrainer) setLR(lr float64) {
	t.bodyOpt.SetLR(lr)
	t.headOpt.SetLR(lr)
}

// trainStep takes one Adam step on the next minibatch and returns its loss
// and how many of its samples were classified right before the step.
func (t *classifierTrainer) trainStep() (loss float32, correct int) {
	batch, c := t.cfg.Batch, t.c
	t.samples.Batch(t.x, t.labels, batch, t.step)
	t.step++
	c.Body.ZeroGrad()
	c.Head.ZeroGrad()
	_, logits := c.Forward(t.x, batch, true)
	for b := range batch {
		if argmax(logits[b*Classes:(b+1)*Classes]) == t.labels[b] {
			correct++
		}
	}
	loss = SoftmaxCrossEntropy(t.dLogits, logits, t.labels, batch, Classes)
	dFeatures := c.Head.Backward(t.dLogits, batch, true, true)
	c.Body.Backward(dFeatures, batch, true, false)
	t.bodyOpt.Step(c.Body.Params, c.Body.Grads)
	t.headOpt.Step(c.Head.Params, c.Head.Grads)
	return loss, correct
}
