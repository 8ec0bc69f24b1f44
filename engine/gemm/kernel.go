package gemm

// A Kernel is a micro-kernel: the innermost, register-tiled loop of Gemm.
// The driver (gemm.go) does everything else — blocking, packing, transposes,
// edge tiles — so a kernel only ever multiplies two packed panels into one
// full MR×NR tile of C.
//
// Plugging in a kernel. A build-tagged file (e.g. kernels_amd64.go, or a
// WebAssembly SIMD file with //go:build wasm && !purego) calls register from
// an init function, most preferred kernel last:
//
//	func init() {
//		if haveFeature {
//			register(Kernel{Name: "wasm-simd128-4x16", MR: 4, NR: 16, Func: kernelWasmSIMD})
//		}
//	}
//
// Gemm uses the kernel registered last; the tests and benchmarks run every
// registered kernel (see kernels) through the same suite, so a new kernel is
// tested as soon as it registers. The purego build tag must exclude every
// such file, leaving the portable kernel.
//
// The contract of Func, for 1 ≤ kc:
//
//	a: packed A, kc groups of MR: a[p*MR+i] = op(A)[i][p], len(a) ≥ kc*MR
//	b: packed B, kc groups of NR: b[p*NR+j] = op(B)[p][j], len(b) ≥ kc*NR
//	c: the tile's top-left element; c[i*ldc+j] for i < MR, j < NR, len(c) ≥ (MR-1)*ldc+NR
//
//	s[i][j] = Σ_{p<kc} a[p*MR+i]·b[p*NR+j]   summed from zero
//	c[i*ldc+j] = s[i][j]                      (accumulate false)
//	c[i*ldc+j] = c[i*ldc+j] + s[i][j]         (accumulate true)
//
// Func must write nothing else, must not keep the slices, and must not
// allocate. It must be deterministic: the same inputs give the same bits on
// every call. How it orders and rounds the sum over p is its own choice
// (fused multiply-add, several partial sums), but it must sum into s from
// zero and add C last, not start from C: the driver computes tiles cut by
// the edge of C into a scratch tile with accumulate false and adds that into
// C itself, and only this order rounds edge and inner tiles alike.
//
// The driver only calls Func for full tiles with kc ≥ 1 (panels need not be
// aligned; packed blocks start on 64-byte boundaries); it never calls Func concurrently with the same c, but Gemm may run
// on several goroutines at once, so Func must keep no state of its own.
//
// The slices alias Go memory: a kernel reached through //go:wasmimport is
// passed unsafe.SliceData of each slice and the ints as int32, after a Go
// check of the lengths above (the foreign code has no bounds checks).
type Kernel struct {
	Name   string // shown by KernelName, e.g. "avx512-8x32", "portable-2x4"
	MR, NR int    // rows and columns of the C tile that Func computes

	// KC, MC, NC are the block sizes: Func sees kc ≤ KC; a packed MC×KC
	// block of A is reused across a KC×NC block of B. MC and NC are rounded
	// up to multiples of MR and NR. Zero means the driver's default.
	KC, MC, NC int

	Func func(kc int, a, b, c []float32, ldc int, accumulate bool)
}

// Driver defaults for a Kernel's zero block sizes.
const (
	defaultKC = 256
	defaultMC = 128
	defaultNC = 1024
)

var (
	// registered lists the kernels usable in this build on this machine,
	// least preferred first; the portable kernel is always there.
	registered = []*Kernel{&portable}
	// active is the kernel Gemm uses: the last one registered.
	active = &portable
)

// register makes k available and, being the latest, the one Gemm uses.
// It is meant for init functions only: it is not safe to call while Gemm runs.
func register(k Kernel) {
	if k.MR < 1 || k.NR < 1 || k.Func == nil || k.Name == "" {
		panic("gemm: register: kernel needs a name, MR ≥ 1, NR ≥ 1 and a Func")
	}
	registered = append(registered, &k)
	active = &k
}

// kernels lists every kernel this build can use on this machine, for tests
// and benchmarks.
func kernels() []*Kernel { return registered }

// KernelName names the micro-kernel Gemm uses in this build on this machine.
func KernelName() string { return active.Name }
