package train

// StepFLOPs is the floating-point work of one Step (one generator step with
// its discriminator or critic steps) for cfg on side×side images, counted as
// 2 FLOPs per multiply-add of the Linear layers' matrix products. cfg is
// resolved first, so a zero Config counts the defaults.
//
// A Linear layer of in → out features on a batch costs batch·in·out
// multiply-adds for each of its three products: forward (Y = X·Wᵀ), input
// gradient (dX = dY·W) and weight gradient (dW += dYᵀ·X). A step does, for
// networks G (generator) and D (discriminator or critic):
//
//	G forward on noise           all G layers                       1×, +1× per extra critic step with FreshBatch
//	each D (critic) step         D forward on real and on fake      2× all D layers
//	                             D weight gradients                 2× all D layers
//	                             D input gradients                  2× all D layers but the first
//	G step                       D forward on the fakes             1× all D layers
//	                             D input gradients (no weights)     1× all D layers
//	                             G weight gradients                 1× all G layers
//	                             G input gradients                  1× all G layers but the first
//
// with one D step for the GANs and Critic steps for the WGANs. The D step
// needs no input gradient of D's first Linear (nothing before it learns), and
// neither does the generator's first Linear (its input is noise); the G step
// needs D's input gradients but none of D's weight gradients.
//
// Left out, because they are O(batch·width) next to the O(batch·width²)
// products: biases and their gradients, activations, BatchNorm, losses,
// instance noise, weight clipping, gradient norms and the optimizer updates.
// So are the fixed-noise samples and metrics, which are not part of Step.
func StepFLOPs(cfg Config, side int) int64 {
	cfg = cfg.Resolved()
	b, h, pixels := int64(cfg.Batch), int64(cfg.Hidden), int64(side)*int64(side)

	// Multiply-adds per example of one product over all of a network's
	// Linear layers (all), and over all but its first (rest).
	gFirst := int64(cfg.Noise) * h
	gRest := int64(cfg.GDepth-1)*h*h + h*pixels
	dFirst := pixels * h
	dRest := int64(cfg.DDepth-1)*h*h + h*1

	dSteps, gForwards := int64(1), int64(1)
	if cfg.IsWasserstein() {
		dSteps = int64(cfg.Critic)
		if cfg.FreshBatch {
			gForwards = dSteps
		}
	}

	var macs int64
	macs += gForwards * (gFirst + gRest)                // G forward
	macs += dSteps * (4*(dFirst+dRest) + 2*dRest)       // D steps: 2 forwards, 2 weight grads, 2 input grads
	macs += 2*(dFirst+dRest) + (gFirst + gRest) + gRest // G step: D forward and input grads, G weight and input grads
	return 2 * b * macs
}

// StepFLOPs is the floating-point work of one Step of t (see the function StepFLOPs).
func (t *Trainer) StepFLOPs() int64 { return StepFLOPs(t.cfg, t.side) }
