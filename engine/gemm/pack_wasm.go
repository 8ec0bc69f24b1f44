//go:build js && wasm && !purego

package gemm

// The packing functions of gemm-simd128.wasm (see simd_wasm.go for how the
// module is loaded). Packing in Go's WebAssembly, one element at a time,
// takes a quarter to a third of a batch-64 product with the SIMD kernels;
// with the module's transposer, NT products (the forward pass) spend about
// 5% of their time packing.

//go:wasmimport mirror_gemm simd128_transpose
func wasmTranspose(dst, src *float32, ld, kc, stride, rows int32)

// wasmCopy16 and wasmCopy8 copy a full panel r = 16 or 8 wide from a
// contiguous block: dst[p*r+j] = src[p*ld+j] for p < kc, j < r. The last
// two parameters are unused (the trampoline has one function type).
//
//go:wasmimport mirror_gemm simd128_copy16
func wasmCopy16(dst, src *float32, ld, kc, _, _ int32)

//go:wasmimport mirror_gemm simd128_copy8
func wasmCopy8(dst, src *float32, ld, kc, _, _ int32)

func init() {
	if wasmAvailable()&haveSIMD128 != 0 {
		registerTransposer(16, transposeWasm16) // panels of B (NR)
		registerTransposer(8, transposeWasm8)   // panels of A (MR)
		registerTransposer(4, transposeWasm4)   // what is left of an edge
	}
}

// transposeWasm16, transposeWasm8 and transposeWasm4 are transposers (see
// type transposer) of 16, 8 and 4 rows; the module's function takes any
// multiple of 4.
func transposeWasm16(dst, src *float32, ld, kc, stride int) {
	wasmTranspose(dst, src, int32(ld), int32(kc), int32(stride), 16)
}

func transposeWasm8(dst, src *float32, ld, kc, stride int) {
	wasmTranspose(dst, src, int32(ld), int32(kc), int32(stride), 8)
}

func transposeWasm4(dst, src *float32, ld, kc, stride int) {
	wasmTranspose(dst, src, int32(ld), int32(kc), int32(stride), 4)
}

// copyPanelWasm copies full panels r wide for packContiguous, given
// pointers checked by the caller to hold kc rows (of dst, r wide; of src,
// ld apart). The driver has no hook for it yet: BenchmarkWasmPack measures
// what it would save.
func copyPanelWasm(dst, src *float32, ld, kc, r int) bool {
	switch r {
	case 16:
		wasmCopy16(dst, src, int32(ld), int32(kc), 0, 0)
	case 8:
		wasmCopy8(dst, src, int32(ld), int32(kc), 0, 0)
	default:
		return false
	}
	return true
}
