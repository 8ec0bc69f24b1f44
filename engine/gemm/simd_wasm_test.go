//go:build js && wasm && !purego

package gemm

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
)

// TestWasmKernelsLoaded checks that the kernels the runner loaded were
// registered. tools/wasmrun sets MIRROR_GEMM to what it loaded (relaxed,
// simd128 or off) and fails when asked for kernels it could not load, so a
// missing module cannot silently leave the suite testing the portable kernel
// alone.
func TestWasmKernelsLoaded(t *testing.T) {
	want := map[string][]string{
		"relaxed": {"portable-2x4", "wasm-simd128-8x16", "wasm-relaxed-8x16"},
		"simd128": {"portable-2x4", "wasm-simd128-8x16"},
		"off":     {"portable-2x4"},
	}[os.Getenv("MIRROR_GEMM")]
	if want == nil {
		t.Skipf("MIRROR_GEMM=%q: not run by tools/wasmrun", os.Getenv("MIRROR_GEMM"))
	}
	var got []string
	for _, k := range kernels() {
		got = append(got, k.Name)
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("MIRROR_GEMM=%s: kernels %v, want %v", os.Getenv("MIRROR_GEMM"), got, want)
	}
}

// fastest returns the shortest of the times f takes over b.N calls: on a
// machine shared with other work, the fastest call (when nothing else got
// the core) varies much less than the mean that b.Elapsed gives.
func fastest(b *testing.B, f func()) time.Duration {
	best := time.Duration(1<<63 - 1)
	for range b.N {
		t0 := time.Now()
		f()
		best = min(best, time.Since(t0))
	}
	return best
}

// BenchmarkWasmGemm is BenchmarkGemm for the kernels of this build,
// reporting GFLOP/s of the mean call and of the fastest call (best-GFLOP/s),
// and the share of the fastest call that packing takes (pack-%), measured
// by running the driver's packing alone on the same product.
func BenchmarkWasmGemm(b *testing.B) {
	layers := [][2]int{{784, 256}, {256, 256}, {784, 512}, {512, 512}, {10, 512}, {512, 784}}
	for _, batch := range []int{64, 128} {
		for _, l := range layers {
			in, out := l[0], l[1]
			for _, p := range []problem{
				{transB: true, m: batch, k: in, n: out},
				{m: batch, k: out, n: in},
				{transA: true, accumulate: true, m: out, k: batch, n: in},
			} {
				o := newOperands(p, 1)
				o.c = make([]float32, len(o.c))
				name := fmt.Sprintf("%s_%dx%dx%d", variant(p.transA, p.transB), p.m, p.k, p.n)
				flops := 2 * float64(p.m*p.n*p.k)
				for _, kern := range kernels() {
					b.Run(name+"/"+kern.Name, func(b *testing.B) {
						gemm := func() {
							gemmWith(kern, p.transA, p.transB, p.m, p.n, p.k, o.a[margin:], o.lda, o.b[margin:], o.ldb, p.accumulate, o.c[margin:], o.ldc)
						}
						for t0 := time.Now(); time.Since(t0) < 20*time.Millisecond; {
							gemm() // warm up: V8 optimizes hot code in the background
						}
						b.ResetTimer()
						best := fastest(b, gemm)
						b.ReportMetric(flops*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
						b.ReportMetric(flops/best.Seconds()/1e9, "best-GFLOP/s")
						pack := fastest(b, func() { packOnly(kern, p, o) })
						b.ReportMetric(100*pack.Seconds()/best.Seconds(), "pack-%")
					})
				}
			}
		}
	}
}

// packOnly does the packing gemm does for p with kern's block sizes, and
// nothing else.
func packOnly(kern *Kernel, p problem, o operands) {
	mr, nr := kern.MR, kern.NR
	m, n, k := p.m, p.n, p.k
	a, b := o.a[margin:], o.b[margin:]
	kcBlock := blockSize(k, orDefault(kern.KC, defaultKC), 1)
	mcBlock := blockSize(m, roundUp(orDefault(kern.MC, defaultMC), mr), mr)
	ncBlock := blockSize(n, roundUp(orDefault(kern.NC, defaultNC), nr), nr)
	w := workspaces.Get().(*workspace)
	packedA, packedB, _ := w.cut(mcBlock*kcBlock, kcBlock*ncBlock, mr*nr)
	for jc := 0; jc < n; jc += ncBlock {
		nc := min(ncBlock, n-jc)
		for pc := 0; pc < k; pc += kcBlock {
			kc := min(kcBlock, k-pc)
			if p.transB {
				packStrided(packedB, b[jc*o.ldb+pc:], o.ldb, nc, kc, nr)
			} else {
				packContiguous(packedB, b[pc*o.ldb+jc:], o.ldb, kc, nc, nr)
			}
			for ic := 0; ic < m; ic += mcBlock {
				mc := min(mcBlock, m-ic)
				if p.transA {
					packContiguous(packedA, a[pc*o.lda+ic:], o.lda, kc, mc, mr)
				} else {
					packStrided(packedA, a[ic*o.lda+pc:], o.lda, mc, kc, mr)
				}
			}
		}
	}
	workspaces.Put(w)
}

// BenchmarkWasmKernel calls each kernel alone on panels that stay in
// cache, 32 calls per timing: the ceiling Gemm approaches, with the cost of
// the call from Go.
func BenchmarkWasmKernel(b *testing.B) {
	for _, kc := range []int{64, 256} {
		for _, kern := range kernels() {
			b.Run(fmt.Sprintf("kc%d/%s", kc, kern.Name), func(b *testing.B) {
				a := make([]float32, kc*kern.MR)
				bb := make([]float32, kc*kern.NR)
				c := make([]float32, kern.MR*kern.NR)
				for i := range a {
					a[i] = float32(i%7) / 7
				}
				for i := range bb {
					bb[i] = float32(i%5) / 5
				}
				for range 1000 {
					kern.Func(kc, a, bb, c, kern.NR, false)
				}
				const calls = 32 // per timing: a call takes about a microsecond
				b.ResetTimer()
				best := fastest(b, func() {
					for range calls {
						kern.Func(kc, a, bb, c, kern.NR, false)
					}
				})
				flops := 2 * float64(kc*kern.MR*kern.NR) * calls
				b.ReportMetric(flops*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
				b.ReportMetric(flops/best.Seconds()/1e9, "best-GFLOP/s")
			})
		}
	}
}

func TestPackContiguousWasm(t *testing.T) {
	if panelCopier == nil {
		t.Skip("no panel copier in this run")
	}
	copier := panelCopier
	defer func() { panelCopier = copier }()
	for _, r := range []int{4, 8, 16} {
		for _, width := range []int{1, r, 3*r + 1} {
			const kc, ld = 7, 70
			src := make([]float32, (kc-1)*ld+width)
			for i := range src {
				src[i] = float32(i)
			}
			n := roundUp(width, r) * kc
			want, got := make([]float32, n+1), make([]float32, n+1)
			want[n], got[n] = guard, guard
			panelCopier = copier
			packContiguous(got, src, ld, kc, width, r)
			panelCopier = nil
			packContiguous(want, src, ld, kc, width, r)
			if !sameBits(got, want) {
				t.Errorf("r %d width %d: packed %v, want %v", r, width, got, want)
			}
		}
	}
}

// BenchmarkWasmPack packs the contiguous blocks of B of NN products
// (dX = dY·W, k×n = out×in) with and without the module's panel copier.
func BenchmarkWasmPack(b *testing.B) {
	copier := panelCopier
	defer func() { panelCopier = copier }()
	for _, kn := range [][2]int{{256, 784}, {512, 512}} {
		k, n := kn[0], kn[1]
		kc := blockSize(k, defaultKC, 1)
		src := make([]float32, k*n)
		dst := make([]float32, kc*roundUp(n, 16))
		for _, name := range []string{"go", "wasm"} {
			b.Run(fmt.Sprintf("B_%dx%d/%s", kc, n, name), func(b *testing.B) {
				panelCopier = nil
				if name == "wasm" {
					panelCopier = copier
				}
				for b.Loop() {
					packContiguous(dst, src, n, kc, n, 16)
				}
				b.ReportMetric(float64(kc*n*4*b.N)/b.Elapsed().Seconds()/1e9, "GB/s")
			})
		}
	}
}

// TestSIMD128MatchesPortable checks that the simd128 kernel gives the
// portable kernel's bits: it does the same float32 operations (a product
// rounded, then added, in increasing p from zero) four lanes at a time, so
// with MIRROR_GEMM=simd128 a wasm build computes what native purego builds
// compute. (The relaxed kernel fuses the multiply-add and does not.)
func TestSIMD128MatchesPortable(t *testing.T) {
	var simd *Kernel
	for _, k := range kernels() {
		if k.Name == "wasm-simd128-8x16" {
			simd = k
		}
	}
	if simd == nil {
		t.Skip("no simd128 kernel in this run")
	}
	for v := 0; v < 8; v++ {
		p := problem{transA: v&1 != 0, transB: v&2 != 0, accumulate: v&4 != 0, m: 37, n: 29, k: 300, pad: v % 2}
		want, got := newOperands(p, uint64(v)), newOperands(p, uint64(v))
		gemmWith(&portable, p.transA, p.transB, p.m, p.n, p.k, want.a[margin:], want.lda, want.b[margin:], want.ldb, p.accumulate, want.c[margin:], want.ldc)
		gemmWith(simd, p.transA, p.transB, p.m, p.n, p.k, got.a[margin:], got.lda, got.b[margin:], got.ldb, p.accumulate, got.c[margin:], got.ldc)
		if !sameBits(got.c, want.c) {
			t.Errorf("%v: simd128 and portable results differ", p)
		}
	}
}
