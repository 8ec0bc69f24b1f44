package gemm_test

import (
	"fmt"

	"mirror/engine/gemm"
)

// A dense layer's forward pass, Y = X·Wᵀ, with the weights W stored out×in
// as PyTorch stores them: transB reads them transposed without a copy.
func ExampleGemm() {
	const batch, in, out = 2, 3, 2
	x := []float32{ // [batch][in]
		1, 2, 3,
		4, 5, 6,
	}
	w := []float32{ // [out][in]
		1, 0, -1,
		0.5, 0.5, 0.5,
	}
	y := make([]float32, batch*out) // [batch][out]
	gemm.Gemm(false, true, batch, out, in, x, in, w, in, false, y, out)
	fmt.Println(y)
	// Output: [-2 3 -2 7.5]
}
