package gemm

import (
	"fmt"
	"hash/fnv"
	"math"
	"testing"

	"mirror/engine/rng"
)

// guard fills every element of a test buffer that Gemm must neither read nor
// write: padding between rows, before and after each matrix, and the m×n
// window of C when not accumulating. It is a NaN, so reading it poisons the
// result, and its payload is checked bit for bit, so writing it is caught too.
var guard = math.Float32frombits(0x7fc0dead)

// eps32 is float32's machine epsilon, 2⁻²³.
const eps32 = 0x1p-23

// problem is one product to check: sizes, transposes, accumulation and how
// much padding each leading dimension gets beyond its minimum.
type problem struct {
	transA, transB, accumulate bool
	m, n, k, pad               int
}

func (p problem) String() string {
	return fmt.Sprintf("%s_%dx%dx%d_pad%d_acc%v", variant(p.transA, p.transB), p.m, p.k, p.n, p.pad, p.accumulate)
}

// variant names a transpose combination as BLAS does: NT is op(A) = A, op(B) = Bᵀ.
func variant(transA, transB bool) string {
	v := [2]string{"N", "T"}
	return v[b2i(transA)] + v[b2i(transB)]
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// operands holds the buffers of one problem, each with a guard margin before
// and after, and the leading dimensions.
type operands struct {
	a, b, c       []float32 // including margins
	lda, ldb, ldc int
}

const margin = 8 // guard elements before and after each buffer

// newOperands fills A, B and (when accumulating) the window of C with uniform
// values in [-1, 1) from seed, and every other element with guard.
func newOperands(p problem, seed uint64) operands {
	r := rng.New(seed)
	rowsA, colsA := p.m, p.k
	if p.transA {
		rowsA, colsA = p.k, p.m
	}
	rowsB, colsB := p.k, p.n
	if p.transB {
		rowsB, colsB = p.n, p.k
	}
	var o operands
	o.a, o.lda = newMatrix(r, rowsA, colsA, p.pad, true)
	o.b, o.ldb = newMatrix(r, rowsB, colsB, p.pad, true)
	o.c, o.ldc = newMatrix(r, p.m, p.n, p.pad, p.accumulate)
	return o
}

func newMatrix(r *rng.RNG, rows, cols, pad int, fill bool) ([]float32, int) {
	ld := max(1, cols+pad)
	x := make([]float32, 2*margin+rows*ld)
	for i := range x {
		x[i] = guard
	}
	if fill {
		for i := 0; i < rows; i++ {
			r.FillUniform(x[margin+i*ld:margin+i*ld+cols], -1, 1)
		}
	}
	return x, ld
}

// reference returns op(A)·op(B) (+ C) in float64 and, per element, the
// bound its float32 error must stay under:
//
//	|err| ≤ (k+1)·eps32·(Σ_p |op(A)ᵢₚ·op(B)ₚⱼ| + |Cᵢⱼ|)
//
// the classic bound for a sum of k+1 terms in any order, which fused
// multiply-add only tightens.
func reference(p problem, o operands) (want, bound []float64) {
	a, b, c := o.a[margin:], o.b[margin:], o.c[margin:]
	want = make([]float64, p.m*p.n)
	bound = make([]float64, p.m*p.n)
	for i := 0; i < p.m; i++ {
		for j := 0; j < p.n; j++ {
			var sum, abs float64
			for q := 0; q < p.k; q++ {
				ai, bi := i*o.lda+q, q*o.ldb+j
				if p.transA {
					ai = q*o.lda + i
				}
				if p.transB {
					bi = j*o.ldb + q
				}
				av, bv := a[ai], b[bi]
				sum += float64(av) * float64(bv)
				abs += math.Abs(float64(av) * float64(bv))
			}
			if p.accumulate {
				sum += float64(c[i*o.ldc+j])
				abs += math.Abs(float64(c[i*o.ldc+j]))
			}
			want[i*p.n+j] = sum
			bound[i*p.n+j] = float64(p.k+1) * eps32 * abs
		}
	}
	return want, bound
}

type gemmFunc func(transA, transB bool, m, n, k int, a []float32, lda int, b []float32, ldb int, accumulate bool, c []float32, ldc int)

// check runs f on p and reports elements outside the tolerance and guards
// that changed.
func check(t *testing.T, f gemmFunc, p problem, seed uint64) {
	t.Helper()
	o := newOperands(p, seed)
	want, bound := reference(p, o)
	inA := append([]float32(nil), o.a...)
	inB := append([]float32(nil), o.b...)
	f(p.transA, p.transB, p.m, p.n, p.k, o.a[margin:], o.lda, o.b[margin:], o.ldb, p.accumulate, o.c[margin:], o.ldc)
	if !sameBits(o.a, inA) || !sameBits(o.b, inB) {
		t.Fatalf("%v: Gemm wrote into A or B", p)
	}
	bad := 0
	for x, v := range o.c {
		i, j := (x-margin)/o.ldc, (x-margin)%o.ldc
		if x < margin || i >= p.m || j >= p.n {
			if math.Float32bits(v) != math.Float32bits(guard) {
				t.Errorf("%v: guard at offset %d (row %d col %d) overwritten with %v", p, x-margin, i, j, v)
				bad++
			}
		} else if w, e := want[i*p.n+j], bound[i*p.n+j]; !(math.Abs(float64(v)-w) <= e) {
			t.Errorf("%v: C[%d][%d] = %v, want %v ± %.3g", p, i, j, v, w, e)
			bad++
		}
		if bad > 5 {
			t.Fatalf("%v: too many errors", p)
		}
	}
}

func sameBits(x, y []float32) bool {
	for i := range x {
		if math.Float32bits(x[i]) != math.Float32bits(y[i]) {
			return false
		}
	}
	return len(x) == len(y)
}

// problems sweeps, for a kernel's tile and block sizes, each dimension over
// awkward values (0, 1, 2, primes, tile and block sizes ±1) while the others
// stay small, in all four transpose combinations, overwriting and
// accumulating, with tight and padded leading dimensions; then adds a few
// layer-sized products.
func problems(kern *Kernel) []problem {
	mr, nr := kern.MR, kern.NR
	kc := orDefault(kern.KC, defaultKC)
	mc := roundUp(orDefault(kern.MC, defaultMC), mr)
	nc := roundUp(orDefault(kern.NC, defaultNC), nr)
	around := func(xs ...int) []int {
		var out []int
		for _, x := range xs {
			out = append(out, x-1, x, x+1)
		}
		return out
	}
	small := []int{0, 1, 2, 3, 5, 7, 13, 17}
	ms := append(append([]int{}, small...), around(mr, 2*mr, mc, 2*mc)...)
	ns := append(append([]int{}, small...), around(nr, 2*nr, nc)...)
	ks := append(append([]int{}, small...), around(kc, 2*kc)...)
	var shapes [][3]int
	for _, m := range ms {
		shapes = append(shapes, [3]int{m, nr + 1, 5})
	}
	for _, n := range ns {
		shapes = append(shapes, [3]int{mr + 1, n, 5})
	}
	for _, k := range ks {
		shapes = append(shapes, [3]int{mr + 1, nr + 1, k})
	}
	shapes = append(shapes, [3]int{mc + 1, nr + 3, kc + 1}, [3]int{64, 256, 784 / 4}, [3]int{97, 61, 101}, [3]int{10, 10, 10})
	var ps []problem
	for s, shape := range shapes {
		for v := 0; v < 8; v++ {
			ps = append(ps, problem{
				transA: v&1 != 0, transB: v&2 != 0, accumulate: v&4 != 0,
				m: max(0, shape[0]), n: max(0, shape[1]), k: max(0, shape[2]),
				pad: (s + v) % 2 * 3,
			})
		}
	}
	return ps
}

// TestGemm runs the shared suite over every kernel this build can use here.
func TestGemm(t *testing.T) {
	for _, kern := range kernels() {
		t.Run(kern.Name, func(t *testing.T) {
			f := func(transA, transB bool, m, n, k int, a []float32, lda int, b []float32, ldb int, accumulate bool, c []float32, ldc int) {
				gemmWith(kern, transA, transB, m, n, k, a, lda, b, ldb, accumulate, c, ldc)
			}
			for i, p := range problems(kern) {
				check(t, f, p, uint64(i))
			}
		})
	}
}

// TestNaive checks the reference itself against float64.
func TestNaive(t *testing.T) {
	for i, p := range problems(&portable) {
		if p.m*p.n*p.k <= 1<<20 {
			check(t, Naive, p, uint64(i))
		}
	}
}

// TestGemmActive checks the entry point layers call, with the kernel in use.
func TestGemmActive(t *testing.T) {
	t.Logf("kernel in use: %s", KernelName())
	check(t, Gemm, problem{transB: true, m: 64, n: 256, k: 784}, 1)
	check(t, Gemm, problem{m: 64, n: 784, k: 256}, 2)
	check(t, Gemm, problem{transA: true, accumulate: true, m: 256, n: 784, k: 64}, 3)
}

// TestDeterministic checks that every kernel gives the same bits on every call.
func TestDeterministic(t *testing.T) {
	for _, kern := range kernels() {
		p := problem{transB: true, m: 67, n: 131, k: 300}
		var first []float32
		for run := 0; run < 3; run++ {
			o := newOperands(p, 7)
			gemmWith(kern, p.transA, p.transB, p.m, p.n, p.k, o.a[margin:], o.lda, o.b[margin:], o.ldb, false, o.c[margin:], o.ldc)
			if first == nil {
				first = o.c
			} else if !sameBits(first, o.c) {
				t.Errorf("%s: run %d differs from run 0", kern.Name, run)
			}
		}
	}
}

// TestConcurrent runs Gemm on several goroutines at once, each on its own
// product, and expects the bits a lone call gives.
func TestConcurrent(t *testing.T) {
	p := problem{transB: true, m: 37, n: 70, k: 300}
	want := newOperands(p, 9)
	Gemm(p.transA, p.transB, p.m, p.n, p.k, want.a[margin:], want.lda, want.b[margin:], want.ldb, false, want.c[margin:], want.ldc)
	done := make(chan []float32)
	for range 4 {
		go func() {
			o := newOperands(p, 9)
			for range 10 {
				Gemm(p.transA, p.transB, p.m, p.n, p.k, o.a[margin:], o.lda, o.b[margin:], o.ldb, false, o.c[margin:], o.ldc)
			}
			done <- o.c
		}()
	}
	for range 4 {
		if got := <-done; !sameBits(got, want.c) {
			t.Error("a concurrent Gemm differs from a lone one")
		}
	}
}

// TestPortableGolden pins the bits of the portable kernel's result, so that
// running the suite natively and in WebAssembly proves they agree.
func TestPortableGolden(t *testing.T) {
	const want uint64 = 0x93fb6758ebfea0c5 // FNV-1a of C's bits, recorded natively
	h := fnv.New64a()
	for v := 0; v < 8; v++ {
		p := problem{transA: v&1 != 0, transB: v&2 != 0, accumulate: v&4 != 0, m: 37, n: 29, k: 300}
		o := newOperands(p, uint64(100+v))
		gemmWith(&portable, p.transA, p.transB, p.m, p.n, p.k, o.a[margin:], o.lda, o.b[margin:], o.ldb, p.accumulate, o.c[margin:], o.ldc)
		for _, x := range o.c {
			u := math.Float32bits(x)
			h.Write([]byte{byte(u), byte(u >> 8), byte(u >> 16), byte(u >> 24)})
		}
	}
	if got := h.Sum64(); got != want {
		t.Errorf("portable kernel result hash %#x, want %#x", got, want)
	}
}

func TestGemmDoesNotAllocate(t *testing.T) {
	const batch, in, out = 64, 784, 256
	r := rng.New(1)
	x := make([]float32, batch*in)  // [batch][in]
	w := make([]float32, out*in)    // [out][in]
	y := make([]float32, batch*out) // [batch][out]
	r.FillUniform(x, -1, 1)
	r.FillUniform(w, -1, 1)
	for _, kern := range kernels() {
		gemmWith(kern, false, true, batch, out, in, x, in, w, in, false, y, out) // warm the workspace pool
		allocs := testing.AllocsPerRun(10, func() {
			gemmWith(kern, false, true, batch, out, in, x, in, w, in, false, y, out)
		})
		if allocs != 0 {
			t.Errorf("%s: %v allocations per Gemm, want 0", kern.Name, allocs)
		}
	}
}

func TestArgumentChecks(t *testing.T) {
	a := make([]float32, 6)
	for _, tc := range []struct {
		name string
		f    func()
	}{
		{"negative m", func() { Gemm(false, false, -1, 2, 3, a, 3, a, 2, false, a, 2) }},
		{"lda < k", func() { Gemm(false, false, 2, 2, 3, a, 2, a, 2, false, a, 2) }},
		{"short B", func() { Gemm(false, false, 2, 2, 3, a, 3, a[:5], 2, false, a, 2) }},
		{"ldc < n", func() { Gemm(false, false, 2, 2, 3, a, 3, a, 2, false, a, 1) }},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", tc.name)
				}
			}()
			tc.f()
		}()
	}
}

// BenchmarkGemm multiplies the products of Mirror's dense layers, named
// variant_m×k×n for (m×k)·(k×n): for a layer in→out on a batch, NT is the
// forward pass Y = X·Wᵀ (batch×in×out), NN is dX = dY·W (batch×out×in) and
// TN is dW += dYᵀ·X (out×batch×in). Every kernel runs beside Naive.
func BenchmarkGemm(b *testing.B) {
	warmUp()
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
				run := func(b *testing.B, f gemmFunc) {
					for b.Loop() {
						f(p.transA, p.transB, p.m, p.n, p.k, o.a[margin:], o.lda, o.b[margin:], o.ldb, p.accumulate, o.c[margin:], o.ldc)
					}
					b.ReportMetric(2*float64(p.m*p.n*p.k)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
				}
				for _, kern := range kernels() {
					b.Run(name+"/"+kern.Name, func(b *testing.B) {
						run(b, func(transA, transB bool, m, n, k int, a []float32, lda int, bb []float32, ldb int, accumulate bool, c []float32, ldc int) {
							gemmWith(kern, transA, transB, m, n, k, a, lda, bb, ldb, accumulate, c, ldc)
						})
					})
				}
				b.Run(name+"/naive", func(b *testing.B) { run(b, Naive) })
			}
		}
	}
}

// warmUp runs every kernel for a moment before timing, so that the first
// benchmark does not pay for WebAssembly's tier-up from baseline code.
func warmUp() {
	p := problem{transB: true, m: 64, n: 256, k: 256}
	o := newOperands(p, 1)
	for _, kern := range kernels() {
		for range 20 {
			gemmWith(kern, p.transA, p.transB, p.m, p.n, p.k, o.a[margin:], o.lda, o.b[margin:], o.ldb, false, o.c[margin:], o.ldc)
		}
	}
}
