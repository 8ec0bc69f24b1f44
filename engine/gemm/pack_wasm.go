//go:build js && wasm && !purego

package gemm

// The packing functions of gemm-simd128.wasm (see simd_wasm.go for how the
// module is loaded). Packing in Go's WebAssembly, one element at a time,
// takes a quarter to a third of a batch-64 product with the SIMD kernels;
// with the module's transposer and copiers, about 5%.

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
		registerPanelCopier(copyPanelWasm)
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

// copyPanelWasm is the panel copier (see panelCopier) for panels 16 (NR)
// and 8 (MR) wide: 5-7 times as fast as packContiguous's own copy, it cuts
// the packing share of NN and TN products from 10-25% to a few percent.
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
