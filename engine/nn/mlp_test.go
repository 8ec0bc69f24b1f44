package nn

import (
	"fmt"
	"strings"
	"testing"

	"mirror/engine/rng"
)

// The post's two networks at small sizes, every tensor checked.
func TestNetworkGradients(t *testing.T) {
	mustD := func(sigmoid bool) *MLP {
		d, err := Discriminator(4, 6, 2, 0.2, sigmoid)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	mustG := func() *MLP {
		g, err := Generator(3, 6, 4, 3)
		if err != nil {
			t.Fatal(err)
		}
		return g
	}
	t.Run("Discriminator/logits", func(t *testing.T) { checkGradients(t, mustD(false), 5, true, 10) })
	t.Run("Discriminator/sigmoid", func(t *testing.T) { checkGradients(t, mustD(true), 5, true, 11) })
	t.Run("Generator/train", func(t *testing.T) { checkGradients(t, mustG(), 5, true, 12) })
	t.Run("Generator/eval", func(t *testing.T) { checkGradients(t, mustG(), 5, false, 13) })
	t.Run("Tanh MLP", func(t *testing.T) {
		checkGradients(t, NewMLP(NewLinear(3, 8), NewTanh(8), NewLinear(8, 8), NewReLU(8), NewLinear(8, 2)), 4, true, 14)
	})
}

// The post's networks have PyTorch's state_dict names, shapes and sizes.
func TestPostNetworks(t *testing.T) {
	d, err := Discriminator(28, 512, 2, 0.2, true)
	if err != nil {
		t.Fatal(err)
	}
	g, err := Generator(10, 512, 28, 3)
	if err != nil {
		t.Fatal(err)
	}
	describe := func(m *MLP) string {
		var parts []string
		for _, ten := range m.StateDict() {
			parts = append(parts, ten.Name+fmt.Sprint(ten.Shape))
		}
		return strings.Join(parts, " ")
	}
	if got, want := describe(d), "1.weight[512 784] 1.bias[512] 3.weight[512 512] 3.bias[512] 5.weight[1 512] 5.bias[1]"; got != want {
		t.Errorf("discriminator state_dict\n got %s\nwant %s", got, want)
	}
	wantG := "0.weight[512 10] 0.bias[512] 1.weight[512] 1.bias[512] 1.running_mean[512] 1.running_var[512] " +
		"3.weight[512 512] 3.bias[512] 4.weight[512] 4.bias[512] 4.running_mean[512] 4.running_var[512] " +
		"6.weight[512 512] 6.bias[512] 7.weight[512] 7.bias[512] 7.running_mean[512] 7.running_var[512] " +
		"9.weight[784 512] 9.bias[784]"
	if got := describe(g); got != wantG {
		t.Errorf("generator state_dict\n got %s\nwant %s", got, wantG)
	}
	// sum(p.numel() for p in model.parameters()) in PyTorch.
	if len(d.Params) != 784*512+512+512*512+512+512+1 {
		t.Errorf("discriminator has %d params", len(d.Params))
	}
	if len(g.Params) != 10*512+512+3*1024+2*(512*512+512)+512*784+784 || len(g.Buffers) != 3*1024 {
		t.Errorf("generator has %d params, %d buffers", len(g.Params), len(g.Buffers))
	}
	if !strings.Contains(d.String(), "(5): Linear(in_features=512, out_features=1, bias=True)\n  (6): Sigmoid()") {
		t.Errorf("discriminator prints as\n%v", d)
	}
}

func TestConstructorErrors(t *testing.T) {
	for _, c := range []struct {
		err  error
		want string
	}{
		{second(Discriminator(0, 512, 2, 0.2, false)), "nn: Discriminator side 0: want 1..128"},
		{second(Discriminator(28, 0, 2, 0.2, false)), "nn: Discriminator hidden 0: want 1..4096"},
		{second(Discriminator(28, 512, 9, 0.2, false)), "nn: Discriminator depth 9: want 1..8"},
		{second(Discriminator(28, 512, 2, -1, false)), "nn: Discriminator slope -1: want 0..1"},
		{second(Generator(0, 512, 28, 3)), "nn: Generator noise 0: want 1..1024"},
		{second(Generator(10, 5000, 28, 3)), "nn: Generator hidden 5000: want 1..4096"},
		{second(Generator(10, 512, 200, 3)), "nn: Generator side 200: want 1..128"},
		{second(Generator(10, 512, 28, 0)), "nn: Generator depth 0: want 1..8"},
	} {
		if c.err == nil || c.err.Error() != c.want {
			t.Errorf("got error %v, want %q", c.err, c.want)
		}
	}
	mustPanic(t, "layer 0 (Linear(in_features=3, out_features=4, bias=True)) outputs 4 features but layer 1 (ReLU()) takes 5",
		func() { NewMLP(NewLinear(3, 4), NewReLU(5)) })
	g, _ := Generator(2, 3, 2, 1)
	mustPanic(t, "BatchNorm1d(3) in training mode got batch 1: want batch ≥ 2", func() { g.Forward([]float32{1, 2}, 1, true) })
	g.Forward([]float32{1, 2}, 1, false) // eval mode takes a batch of 1
	mustPanic(t, "Forward input has 3 values: want batch 2 × 2 features = 4", func() { g.Forward([]float32{1, 2, 3}, 2, true) })
	g.Forward([]float32{1, 2, 3, 4}, 2, true)
	mustPanic(t, "Backward with batch 3: want the batch of the last Forward (2)", func() { g.Backward(make([]float32, 12), 3, true, true) })
}

func second(_ *MLP, err error) error { return err }

func mustPanic(t *testing.T, want string, f func()) {
	t.Helper()
	defer func() {
		t.Helper()
		r := recover()
		if r == nil {
			t.Errorf("no panic, want one containing %q", want)
			return
		}
		if s, _ := r.(string); !strings.Contains(s, want) {
			t.Errorf("panic %q, want one containing %q", r, want)
		}
	}()
	f()
}

// The generator step: back-propagating through the discriminator for its
// input gradient only must leave the discriminator's Grads untouched, and
// the returned input gradient must equal the one computed with paramGrads.
func TestInputGradientOnly(t *testing.T) {
	const batch = 5
	d, _ := Discriminator(4, 6, 2, 0.2, false)
	r := rng.New(20)
	d.Init(r)
	x := randomSlice(r, batch*16, 0.5, 0.3)
	d.Forward(x, batch, true)
	dLogits := make([]float32, batch)
	d.ZeroGrad()
	BCEWithLogits(dLogits, d.Forward(x, batch, true), 1)
	dx := append([]float32(nil), d.Backward(dLogits, batch, false, true)...)
	for i, g := range d.Grads {
		if g != 0 {
			t.Fatalf("Backward(paramGrads=false) wrote Grads[%d] = %g", i, g)
		}
	}
	dx2 := d.Backward(dLogits, batch, true, true)
	for i := range dx {
		if dx[i] != dx2[i] {
			t.Fatalf("input gradient %d differs with paramGrads: %g vs %g", i, dx[i], dx2[i])
		}
	}
	if d.Backward(dLogits, batch, true, false) != nil {
		t.Errorf("Backward(inputGrad=false) returned a gradient")
	}
}

// After Reserve, a training step of either post network allocates nothing.
func TestNoAllocations(t *testing.T) {
	if testing.Short() {
		t.Skip("post-sized networks")
	}
	const batch = 16
	d, _ := Discriminator(28, 64, 2, 0.2, false)
	g, _ := Generator(10, 64, 28, 3)
	r := rng.New(21)
	d.Init(r)
	g.Init(r)
	d.Reserve(batch)
	g.Reserve(batch)
	noise := randomSlice(r, batch*10, 0, 1)
	dLogits := make([]float32, batch)
	optD, optG := NewAdam(len(d.Params), 2e-4), NewRMSprop(len(g.Params), 5e-5)
	sgd := NewSGD(len(d.Params), 0.1, 0.9)
	step := func() {
		g.ZeroGrad()
		fake := g.Forward(noise, batch, true)
		BCEWithLogits(dLogits, d.Forward(fake, batch, true), 1)
		g.Backward(d.Backward(dLogits, batch, false, true), batch, true, false)
		optG.Step(g.Params, g.Grads)
		d.ZeroGrad()
		MeanOutput(dLogits, d.Forward(fake, batch, true), -1)
		d.Backward(dLogits, batch, true, false)
		optD.Step(d.Params, d.Grads)
		sgd.Step(d.Params, d.Grads)
		ClipWeights(d.Params, 0.01)
	}
	if n := testing.AllocsPerRun(5, step); n != 0 {
		t.Errorf("a training step allocates %v times, want 0", n)
	}
}

// End to end: a 2-16-1 tanh MLP learns XOR as a regression with Adam; the
// mean squared error falls by a factor of at least 100 in 300 steps.
func TestLearnsXOR(t *testing.T) {
	x := []float32{0, 0, 0, 1, 1, 0, 1, 1} // [4 × 2]
	y := []float32{0, 1, 1, 0}             // [4 × 1]
	m := NewMLP(NewLinear(2, 16), NewTanh(16), NewLinear(16, 1))
	m.Init(rng.New(22))
	opt := NewAdam(len(m.Params), 0.05)
	dPred := make([]float32, 4)
	step := func() float32 {
		m.ZeroGrad()
		loss := MSE(dPred, m.Forward(x, 4, true), y)
		m.Backward(dPred, 4, true, false)
		opt.Step(m.Params, m.Grads)
		return loss
	}
	first := step()
	var last float32
	for range 300 {
		last = step()
	}
	t.Logf("loss %.4f → %.6f", first, last)
	if last > first/100 {
		t.Errorf("loss %.4f → %.6f, want a fall by 100×", first, last)
	}
}
