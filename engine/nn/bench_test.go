package nn

import (
	"fmt"
	"testing"

	"mirror/engine/rng"
)

// Forward + backward (parameter gradients, plus the input gradient the
// generator step needs) of the post's networks: Discriminator(28, 512, 2,
// 0.2) and Generator(10, 512, 28, 3), at the post's batch sizes.
func BenchmarkDiscriminator(b *testing.B) {
	d, _ := Discriminator(28, 512, 2, 0.2, false)
	benchmarkNetwork(b, d)
}

func BenchmarkGenerator(b *testing.B) {
	g, _ := Generator(10, 512, 28, 3)
	benchmarkNetwork(b, g)
}

func benchmarkNetwork(b *testing.B, m *MLP) {
	for _, batch := range []int{64, 128} {
		b.Run(fmt.Sprintf("batch=%d", batch), func(b *testing.B) {
			r := rng.New(60)
			m.Init(r)
			m.Reserve(batch)
			x := randomSlice(r, batch*m.In(), 0.5, 0.5)
			dOut := randomSlice(r, batch*m.Out(), 0, 1)
			b.ReportAllocs()
			for b.Loop() {
				m.ZeroGrad()
				m.Forward(x, batch, true)
				m.Backward(dOut, batch, true, true)
			}
			b.ReportMetric(float64(b.N*batch)/b.Elapsed().Seconds(), "examples/s")
		})
	}
}

// One Adam step over the discriminator's 669,185 parameters.
func BenchmarkAdamStep(b *testing.B) {
	d, _ := Discriminator(28, 512, 2, 0.2, false)
	opt := NewAdam(len(d.Params), 2e-4)
	for b.Loop() {
		opt.Step(d.Params, d.Grads)
	}
}
