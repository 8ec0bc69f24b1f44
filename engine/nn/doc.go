// Package nn is Mirror's float32 multilayer-perceptron engine: the layers,
// losses and optimizers that the blog post's GAN is made of, written
// llm.c-style so that every forward pass stands next to its backward pass.
//
// # Shapes and layout
//
// Activations are row-major [batch × width] float32 slices. A network (MLP)
// owns one flat Params slice, cut into per-layer views in PyTorch's order
// (Linear: weight [out × in] then bias [out]; BatchNorm1d: weight then bias),
// one flat Grads slice with the same layout, and one flat Buffers slice for
// state that is not trained (BatchNorm1d's running_mean and running_var).
// Optimizers keep their moments in flat slices of the same length, so an
// optimizer step is one loop over one slice. StateDict names the views as
// PyTorch's state_dict would ("1.weight", "1.running_mean", …).
//
// # The Layer contract
//
// A Layer maps in [batch × In()] to out [batch × Out()]. Its parameters,
// gradients and buffers are views cut from the network's flat arrays and
// handed over by Bind. Forward writes out; Backward ADDS into the parameter
// gradients (when paramGrads is true, otherwise it leaves them alone) and
// OVERWRITES dIn (skipped when dIn is nil). Backward reads the in and out of
// the Forward it reverses, and any per-batch cache that Forward left, so a
// Backward belongs to the most recent Forward of that layer. Nothing
// allocates after Reserve(maxBatch).
//
// The training step the GAN needs is therefore
//
//	d.ZeroGrad()                              // one zero-grad per step
//	logits := d.Forward(x, batch, true)       // [batch × 1]
//	loss := BCEWithLogits(dLogits, logits, 1) // dLogits = ∂loss/∂logits
//	d.Backward(dLogits, batch, true, false)   // Grads += ∂loss/∂Params
//	opt.Step(d.Params, d.Grads)
//
// and the generator step back-propagates through the discriminator for the
// input gradient only (paramGrads false), then through the generator.
//
// # Where it differs from PyTorch
//
//   - BatchNorm1d in training mode panics on a batch of 1, where PyTorch raises
//     "Expected more than 1 value per channel when training"; it keeps no
//     num_batches_tracked counter (it only matters when momentum is None).
//   - BatchNorm1d accumulates its batch statistics in float64.
//   - Losses take one target value for the whole batch (the GAN's labels are
//     all 1, all 0 or all 0.9) and always reduce by the mean.
//   - Flatten and the generator's final Unflatten are identities on row-major
//     data; Flatten is kept as a layer only so that the discriminator's
//     state_dict indices match PyTorch's.
//   - Results agree with PyTorch to float32 rounding, not bit for bit.
//
// It leaves out: convolutions, dropout, weight decay, AMSGrad, Nesterov,
// centered RMSprop, autograd, float64 and threads.
package nn

import "mirror/engine/rng"

// Layer is one stage of an MLP; see the package comment for the contract.
type Layer interface {
	In() int  // input width
	Out() int // output width

	NumParams() int  // this layer's share of the network's flat Params (and Grads)
	NumBuffers() int // this layer's share of the network's flat Buffers
	// Tensors names this layer's parameters then buffers, in storage order,
	// with PyTorch's state_dict suffixes and shapes.
	Tensors() []TensorSpec

	// Bind hands the layer its views: params and grads of length NumParams,
	// buffers of length NumBuffers.
	Bind(params, grads, buffers []float32)
	// Init sets the parameters as PyTorch's default initialisation does and
	// resets the buffers.
	Init(r *rng.RNG)
	// Reserve allocates any per-batch cache for batches up to maxBatch.
	Reserve(maxBatch int)

	// Forward: out [batch × Out()] from in [batch × In()]. train selects
	// training behaviour (BatchNorm1d's batch statistics).
	Forward(out, in []float32, batch int, train bool)
	// Backward: given dOut = ∂L/∂out [batch × Out()] and the in and out of the
	// last Forward, adds ∂L/∂params into the gradient view when paramGrads,
	// and writes dIn = ∂L/∂in [batch × In()] unless dIn is nil.
	Backward(dIn, dOut, in, out []float32, batch int, paramGrads bool)
}

// TensorSpec describes one named tensor of a layer.
type TensorSpec struct {
	Name   string // state_dict suffix: "weight", "bias", "running_mean", "running_var"
	Shape  []int  // PyTorch's shape, e.g. [out, in] for Linear.weight
	Buffer bool   // true for buffers (not trained), false for parameters
}

// Size is the number of values of the tensor (the product of its shape).
func (s TensorSpec) Size() int {
	n := 1
	for _, d := range s.Shape {
		n *= d
	}
	return n
}
