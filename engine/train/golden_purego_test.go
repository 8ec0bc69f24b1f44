//go:build purego

package train

import (
	"math"
	"testing"
)

// TestGoldenRunPortable pins the bits of short runs of all four algorithms
// on the bundled MNIST subset. It is built only with the purego tag (the
// portable GEMM kernel, no FMA), and make test runs it both natively and
// compiled to WebAssembly under Node: passing in both proves that a run is
// the same pure function of (configuration, seed) on both platforms.
func TestGoldenRunPortable(t *testing.T) {
	want := map[string]uint64{
		"gan":        0x6d800e12232edcae,
		"gan-noise":  0x35f1b4b557380ac4,
		"wgan":       0x13822a092d30b913,
		"wgan-noise": 0xca0ae032be9774a0,
	}
	for _, algo := range []string{"gan", "gan-noise", "wgan", "wgan-noise"} {
		tr, err := New(Config{Algo: algo, Hidden: 24, Noise: 5, Batch: 8, Critic: 3, Seed: 2026})
		if err != nil {
			t.Fatal(err)
		}
		var h uint64 = 14695981039346656037
		for i := 0; i < 6; i++ {
			st := mustStep(t, tr)
			h = fnv(h, math.Float64bits(st.LossD), math.Float64bits(st.LossG))
		}
		for _, x := range [][]float32{tr.gen.Params, tr.gen.Buffers, tr.disc.Params} {
			for _, v := range x {
				h = fnv(h, uint64(math.Float32bits(v)))
			}
		}
		if h != want[algo] {
			t.Errorf("%s: run hash %#x, want %#x", algo, h, want[algo])
		}
	}
}

func fnv(h uint64, xs ...uint64) uint64 {
	for _, x := range xs {
		for i := 0; i < 8; i++ {
			h ^= x & 0xff
			h *= 1099511628211
			x >>= 8
		}
	}
	return h
}
