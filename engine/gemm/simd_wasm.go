//go:build js && wasm && !purego

package gemm

import "unsafe"

// WebAssembly SIMD128 micro-kernels. Go's compiler emits no SIMD for
// WebAssembly, so the kernels live in separate modules, gemm-simd128.wasm
// and gemm-relaxed.wasm, encoded by tools/wasmkernel. static/gemm.js (in
// the page, and tools/wasmrun under Node) instantiates them against this
// instance's memory and provides the imports below before go.run starts
// this package's init; without the modules, available reports 0 and the
// portable kernel runs. Every Go wasm program linking this file must be
// started by that glue: its imports are not optional.
//
// The relaxed kernel uses f32x4.relaxed_madd, fused on machines with FMA:
// it rounds differently from the plain one, but identically on every call
// on the same machine, which is all the Kernel contract asks.

// Bits of wasmAvailable's result.
const (
	haveSIMD128 = 1 << iota // gemm-simd128.wasm is instantiated
	haveRelaxed             // gemm-relaxed.wasm is instantiated
)

//go:wasmimport mirror_gemm available
func wasmAvailable() int32

// The kernels take their slices as addresses in this instance's memory and
// compute a full 8×16 tile (see Kernel for the contract).
//
//go:wasmimport mirror_gemm simd128_kernel8x16
func wasmSIMD128Kernel8x16(kc int32, a, b, c *float32, ldc int32, accumulate bool)

//go:wasmimport mirror_gemm relaxed_kernel8x16
func wasmRelaxedKernel8x16(kc int32, a, b, c *float32, ldc int32, accumulate bool)

func init() {
	have := wasmAvailable()
	if have&haveSIMD128 != 0 {
		register(Kernel{Name: "wasm-simd128-8x16", MR: 8, NR: 16, Func: kernelSIMD128_8x16})
	}
	if have&haveRelaxed != 0 {
		register(Kernel{Name: "wasm-relaxed-8x16", MR: 8, NR: 16, Func: kernelRelaxed8x16})
	}
}

func kernelSIMD128_8x16(kc int, a, b, c []float32, ldc int, accumulate bool) {
	checkPanels(kc, a, b, c, ldc, 8, 16)
	wasmSIMD128Kernel8x16(int32(kc), unsafe.SliceData(a), unsafe.SliceData(b), unsafe.SliceData(c), int32(ldc), accumulate)
}

func kernelRelaxed8x16(kc int, a, b, c []float32, ldc int, accumulate bool) {
	checkPanels(kc, a, b, c, ldc, 8, 16)
	wasmRelaxedKernel8x16(int32(kc), unsafe.SliceData(a), unsafe.SliceData(b), unsafe.SliceData(c), int32(ldc), accumulate)
}

// checkPanels panics unless the slices hold what a kernel of an mr×nr tile
// reads and writes: the module has no bounds checks of its own (it could
// only trap at the end of memory), so a short slice would corrupt Go memory.
func checkPanels(kc int, a, b, c []float32, ldc, mr, nr int) {
	if kc < 1 || len(a) < kc*mr || len(b) < kc*nr || ldc < nr || len(c) < (mr-1)*ldc+nr {
		panic("gemm: wasm kernel: panels too short for kc, or ldc < NR")
	}
}
