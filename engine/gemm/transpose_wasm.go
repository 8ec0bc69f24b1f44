//go:build js && wasm && !purego

package gemm

// The packing transposer of gemm-simd128.wasm (see simd_wasm.go for how the
// module is loaded): transposing in Go's WebAssembly, one element at a time,
// takes a quarter to a third of a batch-64 product with the SIMD kernels.

//go:wasmimport mirror_gemm simd128_transpose
func wasmTranspose(dst, src *float32, ld, kc, stride, rows int32)

func init() {
	if wasmAvailable()&haveSIMD128 != 0 {
		registerTransposer(16, transposeWasm16)
		registerTransposer(4, transposeWasm4)
	}
}

// transposeWasm16 and transposeWasm4 are transposers (see type transposer)
// of 16 and 4 rows; the module's function takes any multiple of 4.
func transposeWasm16(dst, src *float32, ld, kc, stride int) {
	wasmTranspose(dst, src, int32(ld), int32(kc), int32(stride), 16)
}

func transposeWasm4(dst, src *float32, ld, kc, stride int) {
	wasmTranspose(dst, src, int32(ld), int32(kc), int32(stride), 4)
}
