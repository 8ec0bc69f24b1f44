package metrics

import (
	"fmt"

	"mirror/engine/data"
	"mirror/engine/nn"
	"mirror/engine/rng"
)

// The classifier's widths: Pixels → Hidden → Features → Classes.
const (
	Pixels   = 28 * 28 // input width: one MNIST image, values in [0,1]
	Hidden   = 128     // first hidden layer
	Features = 64      // the feature layer whose statistics the Fréchet distance compares
	Classes  = 10      // digits
)

// Classifier is the digit classifier behind the Digits meter:
//
//	Body: Linear(784, 128) → ReLU → Linear(128, 64) → ReLU   → features [batch × 64]
//	Head: Linear(64, 10)                                      → logits   [batch × 10]
//
// It is split in two networks so that the features are the body's output;
// training back-propagates through the head into the body.
type Classifier struct {
	Body *nn.MLP // [batch × Pixels] → [batch × Features]
	Head *nn.MLP // [batch × Features] → [batch × Classes]
}

// NewClassifier returns the classifier's architecture with zero parameters
// (call Init to train it, or use LoadClassifier for the bundled weights).
func NewClassifier() *Classifier {
	return &Classifier{
		Body: nn.NewMLP(nn.NewLinear(Pixels, Hidden), nn.NewReLU(Hidden), nn.NewLinear(Hidden, Features), nn.NewReLU(Features)),
		Head: nn.NewMLP(nn.NewLinear(Features, Classes)),
	}
}

// NumParams is the number of trained values: Body's then Head's.
func (c *Classifier) NumParams() int { return len(c.Body.Params) + len(c.Head.Params) }

// Init draws the parameters from r (PyTorch's default initialisation), body first.
func (c *Classifier) Init(r *rng.RNG) {
	c.Body.Init(r)
	c.Head.Init(r)
}

// Forward runs images [batch × Pixels] through the classifier and returns the
// features [batch × Features] and the logits [batch × Classes], views valid
// until the next Forward. train changes nothing here (no layer of the
// classifier behaves differently in training); it is passed on for symmetry
// with nn.MLP.
func (c *Classifier) Forward(images []float32, batch int, train bool) (features, logits []float32) {
	features = c.Body.Forward(images, batch, train)
	logits = c.Head.Forward(features, batch, train)
	return features, logits
}

// evalChunk bounds the rows of one Forward when measuring a large set, and
// so the memory the networks reserve for activations.
const evalChunk = 500

// Accuracy returns the share of set's images whose largest logit is their label.
// set must hold 28×28 images labelled 0..9.
func (c *Classifier) Accuracy(set *data.Images) (float64, error) {
	if set.Side*set.Side != Pixels {
		return 0, fmt.Errorf("metrics: accuracy on images of side %d: want %d×%d", set.Side, 28, 28)
	}
	if set.Len() == 0 {
		return 0, fmt.Errorf("metrics: accuracy on an empty set: want at least 1 image")
	}
	x := make([]float32, evalChunk*Pixels) // [chunk × Pixels]
	correct := 0
	for first := 0; first < set.Len(); first += evalChunk {
		n := min(evalChunk, set.Len()-first)
		for i := range n {
			set.Image(x[i*Pixels:], first+i)
		}
		_, logits := c.Forward(x, n, false)
		for i := range n {
			if argmax(logits[i*Classes:(i+1)*Classes]) == set.Labels[first+i] {
				correct++
			}
		}
	}
	return float64(correct) / float64(set.Len()), nil
}

// argmax returns the index of the largest value, the first one on ties.
func argmax(x []float32) int {
	best := 0
	for i, v := range x {
		if v > x[best] {
			best = i
		}
	}
	return best
}
