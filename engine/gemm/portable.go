package gemm

// portable is the pure-Go kernel every build has. 2×4 is the largest tile
// whose 8 accumulators, 2 values of A and the current value of B fit the 16
// float registers of both amd64 and Go's WebAssembly backend; bigger tiles
// spill. Unrolling the loop over p four times pays off on both: measured on
// one tile with kc = 256, 12.2 GFLOP/s natively and 7.8 in WebAssembly (Node
// 20), against 8.3 and 6.1 not unrolled and 7.8 and 6.8 for a 4×4 tile.
var portable = Kernel{Name: "portable-2x4", MR: 2, NR: 4, Func: kernelPortable2x4}

// kernelPortable2x4 is the Kernel contract in plain float32 arithmetic, in a
// fixed order: each accumulator sums its products in increasing p. The
// float32(x*y) conversions forbid the compiler to fuse the multiply into the
// add (Go spec, "Arithmetic operators"), so native and WebAssembly builds
// round alike and give bit-identical results.
func kernelPortable2x4(kc int, a, b, c []float32, ldc int, accumulate bool) {
	var (
		c00, c01, c02, c03 float32
		c10, c11, c12, c13 float32
	)
	a = a[:kc*2]
	b = b[:kc*4]
	for len(a) >= 8 && len(b) >= 16 { // four steps of p
		a0, a1 := a[0], a[1]
		b0 := b[0]
		c00 += float32(a0 * b0)
		c10 += float32(a1 * b0)
		b1 := b[1]
		c01 += float32(a0 * b1)
		c11 += float32(a1 * b1)
		b2 := b[2]
		c02 += float32(a0 * b2)
		c12 += float32(a1 * b2)
		b3 := b[3]
		c03 += float32(a0 * b3)
		c13 += float32(a1 * b3)
		a0, a1 = a[2], a[3]
		b0 = b[4]
		c00 += float32(a0 * b0)
		c10 += float32(a1 * b0)
		b1 = b[5]
		c01 += float32(a0 * b1)
		c11 += float32(a1 * b1)
		b2 = b[6]
		c02 += float32(a0 * b2)
		c12 += float32(a1 * b2)
		b3 = b[7]
		c03 += float32(a0 * b3)
		c13 += float32(a1 * b3)
		a0, a1 = a[4], a[5]
		b0 = b[8]
		c00 += float32(a0 * b0)
		c10 += float32(a1 * b0)
		b1 = b[9]
		c01 += float32(a0 * b1)
		c11 += float32(a1 * b1)
		b2 = b[10]
		c02 += float32(a0 * b2)
		c12 += float32(a1 * b2)
		b3 = b[11]
		c03 += float32(a0 * b3)
		c13 += float32(a1 * b3)
		a0, a1 = a[6], a[7]
		b0 = b[12]
		c00 += float32(a0 * b0)
		c10 += float32(a1 * b0)
		b1 = b[13]
		c01 += float32(a0 * b1)
		c11 += float32(a1 * b1)
		b2 = b[14]
		c02 += float32(a0 * b2)
		c12 += float32(a1 * b2)
		b3 = b[15]
		c03 += float32(a0 * b3)
		c13 += float32(a1 * b3)
		a, b = a[8:], b[16:]
	}
	for len(a) >= 2 && len(b) >= 4 { // the last kc mod 4
		a0, a1 := a[0], a[1]
		b0 := b[0]
		c00 += float32(a0 * b0)
		c10 += float32(a1 * b0)
		b1 := b[1]
		c01 += float32(a0 * b1)
		c11 += float32(a1 * b1)
		b2 := b[2]
		c02 += float32(a0 * b2)
		c12 += float32(a1 * b2)
		b3 := b[3]
		c03 += float32(a0 * b3)
		c13 += float32(a1 * b3)
		a, b = a[2:], b[4:]
	}
	r0 := c[0:4:4]
	r1 := c[ldc : ldc+4 : ldc+4]
	if accumulate {
		r0[0], r0[1], r0[2], r0[3] = r0[0]+c00, r0[1]+c01, r0[2]+c02, r0[3]+c03
		r1[0], r1[1], r1[2], r1[3] = r1[0]+c10, r1[1]+c11, r1[2]+c12, r1[3]+c13
	} else {
		r0[0], r0[1], r0[2], r0[3] = c00, c01, c02, c03
		r1[0], r1[1], r1[2], r1[3] = c10, c11, c12, c13
	}
}
