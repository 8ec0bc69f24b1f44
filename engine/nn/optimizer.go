package nn

import (
	"fmt"
	"math"
)

// Optimizer updates a flat parameter slice from the gradient slice of the
// same layout (MLP.Params and MLP.Grads). Its state lives in exported flat
// slices of that length, for checkpoints; Step allocates nothing.
type Optimizer interface {
	Step(params, grads []float32)
	SetLR(lr float64) // takes effect at the next Step
}

func checkStep(name string, params, grads []float32, n int) {
	if len(params) != n || len(grads) != n {
		panic(fmt.Sprintf("nn: %s.Step with %d params and %d grads: want %d of each (the size it was made for)",
			name, len(params), len(grads), n))
	}
}

func checkSize(name string, n int) {
	if n < 1 {
		panic(fmt.Sprintf("nn: %s for %d parameters: want ≥ 1", name, n))
	}
}

// sqrt32 is the correctly rounded float32 square root (torch.sqrt on a float
// tensor). Rounding the float64 root to float32 is exact-rounded for sqrt,
// and math.Sqrt is one instruction natively and in WebAssembly, where
// math32.Sqrt falls back to a bit-by-bit loop.
func sqrt32(x float32) float32 { return float32(math.Sqrt(float64(x))) }
