package nn_test

import (
	"fmt"

	"mirror/engine/nn"
	"mirror/engine/rng"
)

// One step of the post's GAN on a batch of "real" images: the discriminator
// learns real → 1 and fake → 0 on logits, then the generator learns to make
// the discriminator say 1, back-propagating through the discriminator for
// the input gradient only.
func Example() {
	const batch, noiseDims = 4, 10
	d, err := nn.Discriminator(28, 64, 2, 0.2, false) // logits; the sigmoid lives in the loss
	if err != nil {
		panic(err)
	}
	g, err := nn.Generator(noiseDims, 64, 28, 3)
	if err != nil {
		panic(err)
	}
	r := rng.New(1)
	d.Init(r)
	g.Init(r)
	d.Reserve(batch)
	g.Reserve(batch)
	optD := nn.NewAdam(len(d.Params), 2e-4)
	optG := nn.NewAdam(len(g.Params), 2e-4)

	images := make([]float32, batch*28*28) // [batch × 784]
	r.FillUniform(images, 0, 1)
	noise := make([]float32, batch*noiseDims) // [batch × noise]
	r.FillNormal(noise, 0, 1)
	dLogits := make([]float32, batch) // [batch × 1]

	fake := g.Forward(noise, batch, true) // [batch × 784], valid until g's next Forward

	// Discriminator: loss_real + loss_fake, gradients summed over both Backwards.
	d.ZeroGrad()
	lossReal := nn.BCEWithLogits(dLogits, d.Forward(images, batch, true), 1)
	d.Backward(dLogits, batch, true, false)
	lossFake := nn.BCEWithLogits(dLogits, d.Forward(fake, batch, true), 0)
	d.Backward(dLogits, batch, true, false)
	optD.Step(d.Params, d.Grads)

	// Generator: make the discriminator say "real".
	g.ZeroGrad()
	lossG := nn.BCEWithLogits(dLogits, d.Forward(fake, batch, true), 1)
	dFake := d.Backward(dLogits, batch, false, true) // input gradient only
	g.Backward(dFake, batch, true, false)
	optG.Step(g.Params, g.Grads)

	fmt.Printf("loss_d %.2f  loss_g %.2f\n", lossReal+lossFake, lossG)
	// Output: loss_d 1.39  loss_g 0.65
}
