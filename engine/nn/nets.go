package nn

import "fmt"

// Limits on the constructors' arguments. They bound memory and time (a
// browser tab trains these), not the mathematics.
const (
	MaxSide   = 128  // image side in pixels
	MaxHidden = 4096 // hidden width
	MaxDepth  = 8    // hidden blocks
	MaxNoise  = 1024 // generator input width
)

// Discriminator builds the post's discriminator for side×side images:
//
//	Flatten → [Linear → LeakyReLU(slope)] × depth → Linear(hidden, 1) (→ Sigmoid)
//
// with the first Linear taking side² inputs. Input [batch × side²], output
// [batch × 1]. Without sigmoidOutput the network returns logits, for
// BCEWithLogits or the Wasserstein critic (MeanOutput); with it, it returns
// probabilities for BCE, exactly as the post's nn.Sequential. The post uses
// side 28, hidden 512, depth 2, slope 0.2. Parameters are left zero; call Init.
func Discriminator(side, hidden, depth int, slope float32, sigmoidOutput bool) (*MLP, error) {
	if err := checkRange("Discriminator side", side, 1, MaxSide); err != nil {
		return nil, err
	}
	if err := checkRange("Discriminator hidden", hidden, 1, MaxHidden); err != nil {
		return nil, err
	}
	if err := checkRange("Discriminator depth", depth, 1, MaxDepth); err != nil {
		return nil, err
	}
	if !(slope >= 0 && slope <= 1) {
		return nil, fmt.Errorf("nn: Discriminator slope %g: want 0..1", slope)
	}
	pixels := side * side
	layers := []Layer{NewFlatten(pixels)}
	width := pixels
	for range depth {
		layers = append(layers, NewLinear(width, hidden), NewLeakyReLU(hidden, slope))
		width = hidden
	}
	layers = append(layers, NewLinear(hidden, 1))
	if sigmoidOutput {
		layers = append(layers, NewSigmoid(1))
	}
	return NewMLP(layers...), nil
}

// Generator builds the post's generator of side×side images from noise
// noise values:
//
//	[Linear → BatchNorm1d → ReLU] × depth → Linear(hidden, side²) → Sigmoid
//
// with the first Linear taking noise inputs. Input [batch × noise], output
// [batch × side²] in (0, 1), row-major pixels (PyTorch's final Unflatten is
// the identity here). The post uses noise 10, hidden 512, side 28, depth 3.
// Parameters are left zero; call Init.
func Generator(noise, hidden, side, depth int) (*MLP, error) {
	if err := checkRange("Generator noise", noise, 1, MaxNoise); err != nil {
		return nil, err
	}
	if err := checkRange("Generator hidden", hidden, 1, MaxHidden); err != nil {
		return nil, err
	}
	if err := checkRange("Generator side", side, 1, MaxSide); err != nil {
		return nil, err
	}
	if err := checkRange("Generator depth", depth, 1, MaxDepth); err != nil {
		return nil, err
	}
	var layers []Layer
	width := noise
	for range depth {
		layers = append(layers, NewLinear(width, hidden), NewBatchNorm1d(hidden), NewReLU(hidden))
		width = hidden
	}
	layers = append(layers, NewLinear(hidden, side*side), NewSigmoid(side*side))
	return NewMLP(layers...), nil
}

func checkRange(what string, v, lo, hi int) error {
	if v < lo || v > hi {
		return fmt.Errorf("nn: %s %d: want %d..%d", what, v, lo, hi)
	}
	return nil
}
