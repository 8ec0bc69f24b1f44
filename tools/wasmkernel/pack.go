package main

// Parameters of the transpose function, in the order of the Go declaration
//
//	func transpose(dst, src *float32, ld, kc, stride, rows int32)
//
// padded to the kernels' six i32 so that the trampoline has one type.
const (
	parTDst = iota
	parTSrc
	parTLD
	parTKC
	parTStride
	parTRows
)

// transposeBody returns the body of the packing transposer of engine/gemm
// (type transposer in pack.go): for rows a multiple of 4,
//
//	dst[p*stride+i] = src[i*ld+p]   for p < kc, i < rows
//
// Four source rows at a time, four columns p at a time are loaded as four
// vectors, transposed with eight shuffles and stored as four rows of dst;
// the last kc mod 4 columns are copied one element at a time.
func transposeBody() []byte {
	// Locals after the parameters.
	const (
		g   = 6 + iota // byte offset of the current group of 4 rows in dst
		s              // address of the group's first source row
		d              // address of the group's first destination element
		ld2            // 2·ld, 3·ld, 2·stride, 3·stride in bytes
		ld3
		st2
		st3
		nI32 = iota
	)
	const (
		r0 = 6 + nI32 + iota // the four source rows, then two temporaries
		r1
		r2
		r3
		t0
		t1
		nV128 = iota
	)
	var c code
	c.u32(2)
	c.u32(nI32)
	c.byte(i32)
	c.u32(nV128)
	c.byte(v128)

	// ld, stride and rows in bytes.
	for _, x := range []int{parTLD, parTStride, parTRows} {
		c.localGet(x)
		c.i32Const(2)
		c.byte(opI32Shl)
		c.localSet(x)
	}
	c.addLocals(ld2, parTLD, parTLD)
	c.addLocals(ld3, ld2, parTLD)
	c.addLocals(st2, parTStride, parTStride)
	c.addLocals(st3, st2, parTStride)

	// forGroups emits body once per group of four rows, with g = 4·4·group,
	// s = src + 4·group·ld and d = dst + g.
	forGroups := func(body func()) {
		c.i32Const(0)
		c.localSet(g)
		c.localGet(parTSrc)
		c.localSet(s)
		c.byte(opBlock, blockVoid)
		c.byte(opLoop, blockVoid)
		c.localGet(g)
		c.localGet(parTRows)
		c.byte(opI32LtS, opI32Eqz)
		c.byte(opBrIf)
		c.u32(1)
		c.addLocals(d, parTDst, g)
		body()
		c.addI32(g, 16)
		// s += 4·ld
		c.localGet(s)
		c.localGet(ld2)
		c.localGet(ld2)
		c.byte(opI32Add, opI32Add)
		c.localSet(s)
		c.byte(opBr)
		c.u32(0)
		c.byte(opEnd, opEnd)
	}
	load := func(dst, offset int) { // dst = v128 at s + offset (a local holding bytes, or -1)
		c.localGet(s)
		if offset >= 0 {
			c.localGet(offset)
			c.byte(opI32Add)
		}
		c.memOp(simdLoad, 2, 0)
		c.localSet(dst)
	}
	store := func(rowOffset int, build func()) { // v128 at d + rowOffset (-1: none)
		c.localGet(d)
		if rowOffset >= 0 {
			c.localGet(rowOffset)
			c.byte(opI32Add)
		}
		build()
		c.memOp(simdStore, 2, 0)
	}
	pair := func(x, y, l0, l1, l2, l3 int) func() {
		return func() {
			c.localGet(x)
			c.localGet(y)
			c.shuffle32(l0, l1, l2, l3)
		}
	}

	// While kc ≥ 4: four columns of every group.
	c.byte(opBlock, blockVoid)
	c.byte(opLoop, blockVoid)
	c.localGet(parTKC)
	c.i32Const(4)
	c.byte(opI32LtS)
	c.byte(opBrIf)
	c.u32(1)
	forGroups(func() {
		load(r0, -1)
		load(r1, parTLD)
		load(r2, ld2)
		load(r3, ld3)
		// t0 = r0[0] r1[0] r0[1] r1[1], t1 = r2[0] r3[0] r2[1] r3[1]: columns p, p+1
		pair(r0, r1, 0, 4, 1, 5)()
		c.localSet(t0)
		pair(r2, r3, 0, 4, 1, 5)()
		c.localSet(t1)
		store(-1, pair(t0, t1, 0, 1, 4, 5))
		store(parTStride, pair(t0, t1, 2, 3, 6, 7))
		// columns p+2, p+3
		pair(r0, r1, 2, 6, 3, 7)()
		c.localSet(t0)
		pair(r2, r3, 2, 6, 3, 7)()
		c.localSet(t1)
		store(st2, pair(t0, t1, 0, 1, 4, 5))
		store(st3, pair(t0, t1, 2, 3, 6, 7))
	})
	c.addI32(parTSrc, 16)
	// dst += 4·stride
	c.localGet(parTDst)
	c.localGet(st2)
	c.localGet(st2)
	c.byte(opI32Add, opI32Add)
	c.localSet(parTDst)
	c.addI32(parTKC, -4)
	c.byte(opBr)
	c.u32(0)
	c.byte(opEnd, opEnd)

	// The last kc < 4 columns, element by element.
	c.byte(opBlock, blockVoid)
	c.byte(opLoop, blockVoid)
	c.localGet(parTKC)
	c.byte(opI32Eqz)
	c.byte(opBrIf)
	c.u32(1)
	forGroups(func() {
		for i, off := range []int{-1, parTLD, ld2, ld3} {
			c.localGet(d)
			c.localGet(s)
			if off >= 0 {
				c.localGet(off)
				c.byte(opI32Add)
			}
			c.memScalar(opF32Load, 2, 0)
			c.memScalar(opF32Store, 2, 4*i)
		}
	})
	c.addI32(parTSrc, 4)
	c.localGet(parTDst)
	c.localGet(parTStride)
	c.byte(opI32Add)
	c.localSet(parTDst)
	c.addI32(parTKC, -1)
	c.byte(opBr)
	c.u32(0)
	c.byte(opEnd, opEnd)
	c.byte(opEnd)
	return c
}

// copyBody returns the body of a panel copier for panels r wide (a
// multiple of 4), for packing contiguous blocks (packContiguous in
// engine/gemm):
//
//	dst[p*r+j] = src[p*ld+j]   for p < kc, j < r
//
// with parameters (dst, src, ld, kc, _, _) like the transposer's.
func copyBody(r int) []byte {
	var c code
	c.u32(0) // no locals
	// ld in bytes
	c.localGet(parTLD)
	c.i32Const(2)
	c.byte(opI32Shl)
	c.localSet(parTLD)
	c.byte(opBlock, blockVoid)
	c.byte(opLoop, blockVoid)
	c.localGet(parTKC)
	c.byte(opI32Eqz)
	c.byte(opBrIf)
	c.u32(1)
	for v := 0; v < r/4; v++ {
		c.localGet(parTDst)
		c.localGet(parTSrc)
		c.memOp(simdLoad, 2, 16*v)
		c.memOp(simdStore, 2, 16*v)
	}
	c.addI32(parTDst, int32(4*r))
	c.localGet(parTSrc)
	c.localGet(parTLD)
	c.byte(opI32Add)
	c.localSet(parTSrc)
	c.addI32(parTKC, -1)
	c.byte(opBr)
	c.u32(0)
	c.byte(opEnd, opEnd)
	c.byte(opEnd)
	return c
}
