// Command wasmkernel writes the WebAssembly SIMD128 GEMM micro-kernels that
// engine/gemm calls when compiled to js/wasm (see engine/gemm/simd_wasm.go),
// encoding the modules' bytes itself so that the build needs no assembler:
//
//	gemm-simd128.wasm     the kernels with f32x4.mul and f32x4.add, the
//	                      packing functions, and engine/nn's elementwise
//	                      loops (optimizers, clipping, sum of squares,
//	                      activations, BatchNorm1d, Linear's bias gradient)
//	gemm-relaxed.wasm     the same with f32x4.relaxed_madd (relaxed-simd)
//	gemm-trampoline.wasm  a table and one forwarding function per kernel
//
// The kernel modules import the Go instance's memory as env.memory and so
// can only be instantiated once the Go instance exists; the Go instance in
// turn needs its imports at instantiation. The trampoline breaks the cycle:
// the Go instance imports its functions, and static/gemm.js fills its table
// with the kernels once they are instantiated, before go.run starts Go's
// init functions. Output is deterministic.
//
// Run from anywhere: `go run ./tools/wasmkernel -out build/site`.
package main

import (
	"flag"
	"fmt"
	"log"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// tiles are the kernels each module exports; engine/gemm/simd_wasm.go
// declares an import for each, by exportName.
//
// 4×16 keeps 16 sums, 4 vectors of B and a splat of A in V8's 16 vector
// registers nearly without spilling, and measured fastest of 4×8, 4×12,
// 5×8, 6×8, 8×8, 3×12 and 4×16 (unrolled 1, 2, 4 or 8 times: no
// difference). Two passes per call halve the calls from Go (each about
// 20-25 ns), measured 3-4% faster than one on Mirror's products; four are
// no faster and waste more on batches that are not a multiple of 16.
var tiles = []tile{
	{MR: 4, NV: 4, Unroll: 1, Passes: 2},
}

// copyWidths are the panel widths of the copy functions: MR and NR.
var copyWidths = []int{8, 16}

// files returns the output files by name.
func files() map[string][]byte {
	// The trampoline's functions: the kernel module's prefixed export names.
	var names []string
	for _, variant := range []string{"simd128", "relaxed"} {
		for _, t := range tiles {
			names = append(names, variant+"_"+t.exportName())
		}
	}
	names = append(names, "simd128_transpose")
	for _, r := range copyWidths {
		names = append(names, fmt.Sprintf("simd128_copy%d", r))
	}
	for _, nf := range nnFunctions {
		names = append(names, "simd128_"+nf.name)
	}
	return map[string][]byte{
		"gemm-simd128.wasm":    kernelModule(tiles, false),
		"gemm-relaxed.wasm":    kernelModule(tiles, true),
		"gemm-trampoline.wasm": trampolineModule(names),
	}
}

func main() {
	out := flag.String("out", "build/site", "folder to write the .wasm files into")
	flag.Parse()
	if err := write(*out, files()); err != nil {
		log.Fatalf("wasmkernel: %v", err)
	}
}

// write writes each file into dir atomically (a temporary file renamed),
// since test runners may read them while another run rewrites them, and
// the trampoline last: tools/wasmrun compares its time with the sources'.
func write(dir string, fs map[string][]byte) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	names := slices.Sorted(maps.Keys(fs))
	slices.SortStableFunc(names, func(x, y string) int {
		return b2i(strings.Contains(x, "trampoline")) - b2i(strings.Contains(y, "trampoline"))
	})
	for _, name := range names {
		tmp, err := os.CreateTemp(dir, name+".tmp*")
		if err != nil {
			return err
		}
		_, err = tmp.Write(fs[name])
		if cerr := tmp.Close(); err == nil {
			err = cerr
		}
		if err == nil {
			err = os.Chmod(tmp.Name(), 0o644)
		}
		if err == nil {
			err = os.Rename(tmp.Name(), filepath.Join(dir, name))
		}
		if err != nil {
			os.Remove(tmp.Name())
			return err
		}
	}
	return nil
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
