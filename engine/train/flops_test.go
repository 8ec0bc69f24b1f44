package train

import (
	"testing"

	"mirror/engine/nn"
)

// A tiny configuration counted by hand, product by product: side 2 (4
// pixels), noise 2, hidden 3, two hidden blocks in each network, batch 2.
//
//	G: Linear 2→3 (6 multiply-adds per example), 3→3 (9), 3→4 (12): all 27, all but the first 21
//	D: Linear 4→3 (12), 3→3 (9), 3→1 (3):                           all 24, all but the first 12
//
// One D step:  forwards real and fake 2·24, weight gradients 2·24, input gradients 2·12 = 120
// The G step:  D forward 24, D input gradients 24, G weight gradients 27, G input gradients 21 = 96
func TestStepFLOPsByHand(t *testing.T) {
	tiny := Config{Noise: 2, Hidden: 3, Batch: 2, GDepth: 2, DDepth: 2}
	const side, batch = 2, 2
	for _, tc := range []struct {
		algo   string
		critic int
		fresh  bool
		macs   int64 // per example
	}{
		{"gan", 0, false, 27 + 120 + 96},
		{"gan-noise", 0, false, 27 + 120 + 96},
		{"wgan", 3, false, 27 + 3*120 + 96},
		{"wgan-noise", 3, false, 27 + 3*120 + 96},
		{"wgan", 3, true, 3*27 + 3*120 + 96}, // a fresh fake batch for each critic step
		{"gan", 3, true, 27 + 120 + 96},      // Critic and FreshBatch are WGAN settings only
	} {
		cfg := tiny
		cfg.Algo, cfg.Critic, cfg.FreshBatch = tc.algo, tc.critic, tc.fresh
		if got, want := StepFLOPs(cfg, side), 2*batch*tc.macs; got != want {
			t.Errorf("%s critic %d fresh %v: StepFLOPs = %d, want %d", tc.algo, tc.critic, tc.fresh, got, want)
		}
	}
}

// The post's configuration: hidden 512, noise 10, batch 128, 28×28 images.
func TestStepFLOPsPost(t *testing.T) {
	// Per example: G all 10·512 + 2·512² + 512·784 = 930816, G rest 925696;
	// D all 784·512 + 512² + 512 = 664064, D rest 262656.
	const gAll, gRest, dAll, dRest = 930816, 925696, 664064, 262656
	want := int64(2 * 128 * (gAll + (4*dAll + 2*dRest) + 2*dAll + gAll + gRest))
	if got := StepFLOPs(Config{Preset: "post"}, 28); got != want {
		t.Errorf("post gan: StepFLOPs = %d, want %d", got, want)
	}
	t.Logf("post gan: %.3f GFLOP per step", float64(want)/1e9)
}

// StepFLOPs assumes the layer sizes nn.Generator and nn.Discriminator build;
// this checks its per-example products against the networks themselves.
func TestStepFLOPsMatchesNetworks(t *testing.T) {
	cfg := Config{Noise: 5, Hidden: 7, Batch: 1, GDepth: 3, DDepth: 2, Algo: "gan"}.Resolved()
	const side = 6
	gen, err := nn.Generator(cfg.Noise, cfg.Hidden, side, cfg.GDepth)
	if err != nil {
		t.Fatal(err)
	}
	disc, err := nn.Discriminator(side, cfg.Hidden, cfg.DDepth, 0.2, false)
	if err != nil {
		t.Fatal(err)
	}
	gAll, gRest := linearMACs(gen)
	dAll, dRest := linearMACs(disc)
	want := 2 * (gAll + (4*dAll + 2*dRest) + 2*dAll + gAll + gRest)
	if got := StepFLOPs(cfg, side); got != want {
		t.Errorf("StepFLOPs = %d, want %d from the networks' Linear layers", got, want)
	}
}

// linearMACs returns the multiply-adds per example of one product over all
// of m's Linear layers, and over all but the first.
func linearMACs(m *nn.MLP) (all, rest int64) {
	first := true
	for _, l := range m.Layers {
		if lin, ok := l.(*nn.Linear); ok {
			n := int64(lin.In() * lin.Out())
			all += n
			if !first {
				rest += n
			}
			first = false
		}
	}
	return all, rest
}
