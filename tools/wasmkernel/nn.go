package main

import (
	"encoding/binary"
	"math"
)

// The elementwise kernels of engine/nn (see engine/nn/simd_wasm.go): the
// optimizers' update loops, weight clipping, the sum of squares of a
// gradient, the ReLU, LeakyReLU and Sigmoid activations, and (in
// batchnorm.go, with their own calling convention) the loops over a batch
// of rows of BatchNorm1d and of Linear's bias gradient. Each does the operations
// of its plain Go reference in the same order, without fused multiply-add,
// so that it gives the same bits (engine/nn's tests check it); those here
// take n, a multiple of 8, and do two vectors of four values per iteration.
// Like every function of the kernel modules they take six i32 (the
// trampoline has one type; unused parameters are ignored), pointers as
// byte addresses, and return results through memory.

// nnFunctions are the elementwise kernels, by export name.
var nnFunctions = []struct {
	name string
	body func() []byte
}{
	{"adam", adamBody},
	{"rmsprop", rmspropBody},
	{"clip", clipBody},
	{"sumsquares", sumSquaresBody},
	{"relu", reluBody},
	{"relu_backward", reluBackwardBody},
	{"sigmoid", sigmoidBody},
	{"add_rows", addRowsBody},
	{"bn_sum", bnSumBody},
	{"bn_squares", bnSquaresBody},
	{"bn_apply", bnApplyBody},
	{"bn_backward_sums", bnBackwardSumsBody},
	{"bn_backward_input", bnBackwardInputBody},
	{"leakyrelu", func() []byte { return leakyReLUBody(false) }},
	{"leakyrelu_backward", func() []byte { return leakyReLUBody(true) }},
}

// vecFunc builds the body of an elementwise kernel: instructions in c, and
// v128 locals handed out by local after the six i32 parameters.
type vecFunc struct {
	c  code
	nV int
}

func (f *vecFunc) local() int { f.nV++; return 6 + f.nV - 1 }

func (f *vecFunc) get(i int) { f.c.localGet(i) }
func (f *vecFunc) set(i int) { f.c.localSet(i) }
func (f *vecFunc) tee(i int) { f.c.byte(opLocalTee); f.c.u32(uint32(i)) }

// op appends SIMD instructions that take their operands from the stack.
func (f *vecFunc) op(ops ...uint32) {
	for _, o := range ops {
		f.c.simd(o)
	}
}

// load pushes the vector at the address in parameter ptr plus off bytes.
func (f *vecFunc) load(ptr, off int) {
	f.get(ptr)
	f.c.memOp(simdLoad, 2, off)
}

// splat pushes four copies of the 32-bit value at ptr plus off bytes.
func (f *vecFunc) splat(ptr, off int) {
	f.get(ptr)
	f.c.memOp(simdLoad32Splat, 2, off)
}

// store writes the vector that value pushes to ptr plus off bytes.
func (f *vecFunc) store(ptr, off int, value func()) {
	f.get(ptr)
	value()
	f.c.memOp(simdStore, 2, off)
}

// constant pushes a vector of four copies of the 32 bits x.
func (f *vecFunc) constant(x uint32) {
	f.c.simd(simdConst)
	for range 4 {
		f.c.byte(binary.LittleEndian.AppendUint32(nil, x)...)
	}
}

// loop8 appends: while n ≠ 0 { body(0); body(16); each ptr += 32; n −= 8 }.
func (f *vecFunc) loop8(n int, ptrs []int, body func(off int)) {
	c := &f.c
	c.byte(opBlock, blockVoid)
	c.byte(opLoop, blockVoid)
	c.localGet(n)
	c.byte(opI32Eqz)
	c.byte(opBrIf)
	c.u32(1)
	body(0)
	body(16)
	for _, p := range ptrs {
		c.addI32(p, 32)
	}
	c.addI32(n, -8)
	c.byte(opBr)
	c.u32(0)
	c.byte(opEnd, opEnd)
}

// bytes returns the function body: the locals, the instructions, end.
func (f *vecFunc) bytes() []byte {
	var b code
	if f.nV == 0 {
		b.u32(0)
	} else {
		b.u32(1)
		b.u32(uint32(f.nV))
		b.byte(v128)
	}
	b.byte(f.c...)
	b.byte(opEnd)
	return b
}

// adamBody: adam(params, grads, m, v, n, c) with c the adamConstants
// {w1, b2, w2, bc2Sqrt, eps, stepSize} of engine/nn, per value:
//
//	m ← m + w1·(g − m)
//	v ← b2·v + (w2·g)·g
//	p ← p − (stepSize·m) / (√v / bc2Sqrt + eps)
func adamBody() []byte {
	const pP, pG, pM, pV, pN, pC = 0, 1, 2, 3, 4, 5
	var f vecFunc
	w1, b2, w2, bc, eps, step := f.local(), f.local(), f.local(), f.local(), f.local(), f.local()
	for i, k := range []int{w1, b2, w2, bc, eps, step} {
		f.splat(pC, 4*i)
		f.set(k)
	}
	g, m, v := f.local(), f.local(), f.local()
	f.loop8(pN, []int{pP, pG, pM, pV}, func(off int) {
		f.load(pG, off)
		f.set(g)
		f.load(pM, off)
		f.set(m)
		f.store(pM, off, func() {
			f.get(m)
			f.get(w1)
			f.get(g)
			f.get(m)
			f.op(simdF32x4Sub, simdF32x4Mul, simdF32x4Add)
			f.tee(m)
		})
		f.store(pV, off, func() {
			f.get(b2)
			f.load(pV, off)
			f.op(simdF32x4Mul)
			f.get(w2)
			f.get(g)
			f.op(simdF32x4Mul)
			f.get(g)
			f.op(simdF32x4Mul, simdF32x4Add)
			f.tee(v)
		})
		f.store(pP, off, func() {
			f.load(pP, off)
			f.get(step)
			f.get(m)
			f.op(simdF32x4Mul)
			f.get(v)
			f.op(simdF32x4Sqrt)
			f.get(bc)
			f.op(simdF32x4Div)
			f.get(eps)
			f.op(simdF32x4Add, simdF32x4Div, simdF32x4Sub)
		})
	})
	return f.bytes()
}

// rmspropBody: rmsprop(params, grads, sq, n, c, _) with c the
// rmspropConstants {a, w, lr, eps}, per value:
//
//	sq ← a·sq + (w·g)·g
//	p  ← p − (lr·g) / (√sq + eps)
func rmspropBody() []byte {
	const pP, pG, pS, pN, pC = 0, 1, 2, 3, 4
	var f vecFunc
	a, w, lr, eps := f.local(), f.local(), f.local(), f.local()
	for i, k := range []int{a, w, lr, eps} {
		f.splat(pC, 4*i)
		f.set(k)
	}
	g, sq := f.local(), f.local()
	f.loop8(pN, []int{pP, pG, pS}, func(off int) {
		f.load(pG, off)
		f.set(g)
		f.store(pS, off, func() {
			f.get(a)
			f.load(pS, off)
			f.op(simdF32x4Mul)
			f.get(w)
			f.get(g)
			f.op(simdF32x4Mul)
			f.get(g)
			f.op(simdF32x4Mul, simdF32x4Add)
			f.tee(sq)
		})
		f.store(pP, off, func() {
			f.load(pP, off)
			f.get(lr)
			f.get(g)
			f.op(simdF32x4Mul)
			f.get(sq)
			f.op(simdF32x4Sqrt)
			f.get(eps)
			f.op(simdF32x4Add, simdF32x4Div, simdF32x4Sub)
		})
	})
	return f.bytes()
}

// clipBody: clip(params, n, c, …) with c the address of {bound float32,
// count int32}: p ← bound where p ≥ bound, −bound where p ≤ −bound (NaN
// stays), and count ← how many were, as clipReference.
func clipBody() []byte {
	const pP, pN, pC = 0, 1, 2
	var f vecFunc
	bound, neg, count := f.local(), f.local(), f.local()
	x, ge, le := f.local(), f.local(), f.local()
	f.splat(pC, 0)
	f.tee(bound)
	f.op(simdF32x4Neg)
	f.set(neg)
	f.constant(0)
	f.set(count)
	f.loop8(pN, []int{pP}, func(off int) {
		f.load(pP, off)
		f.tee(x)
		f.get(bound)
		f.op(simdF32x4Ge)
		f.set(ge)
		f.get(x)
		f.get(neg)
		f.op(simdF32x4Le)
		f.set(le)
		// count − (ge | le): each lane's mask is −1 or 0.
		f.get(count)
		f.get(ge)
		f.get(le)
		f.op(simdOr, simdI32x4Sub)
		f.set(count)
		f.store(pP, off, func() {
			f.get(bound)
			f.get(neg)
			f.get(x)
			f.get(le)
			f.op(simdBitselect)
			f.get(ge)
			f.op(simdBitselect)
		})
	})
	f.get(pC)
	for lane := range 4 {
		f.get(count)
		f.c.simd(simdI32x4Lane)
		f.c.byte(byte(lane))
		if lane > 0 {
			f.c.byte(opI32Add)
		}
	}
	f.c.memScalar(opI32Store, 2, 4)
	return f.bytes()
}

// sumSquaresBody: sumsquares(x, n, out, …) writes Σ x[i]² in float64 to
// out: four f64x2 sums, each of every eighth pair of values, added as
// ((s0 + s1) + (s2 + s3)) and then lane 0 + lane 1 (the order of the
// additions differs from sumSquaresReference's).
func sumSquaresBody() []byte {
	const pX, pN, pOut = 0, 1, 2
	var f vecFunc
	s := []int{f.local(), f.local(), f.local(), f.local()}
	x, h := f.local(), f.local()
	f.constant(0)
	for _, si := range s {
		f.tee(si)
	}
	f.c.byte(0x1a) // drop
	f.loop8(pN, []int{pX}, func(off int) {
		lo, hi := s[off/8], s[off/8+1]
		f.load(pX, off)
		f.tee(x)
		f.op(simdPromoteLow)
		f.tee(h)
		f.get(h)
		f.op(simdF64x2Mul)
		f.get(lo)
		f.op(simdF64x2Add)
		f.set(lo)
		f.get(x)
		f.get(x)
		f.c.shuffle32(2, 3, 0, 1)
		f.op(simdPromoteLow)
		f.tee(h)
		f.get(h)
		f.op(simdF64x2Mul)
		f.get(hi)
		f.op(simdF64x2Add)
		f.set(hi)
	})
	f.get(pOut)
	f.get(s[0])
	f.get(s[1])
	f.op(simdF64x2Add)
	f.get(s[2])
	f.get(s[3])
	f.op(simdF64x2Add, simdF64x2Add)
	f.tee(x)
	f.c.simd(simdF64x2Lane)
	f.c.byte(0)
	f.get(x)
	f.c.simd(simdF64x2Lane)
	f.c.byte(1)
	f.c.byte(opF64Add)
	f.c.memScalar(opF64Store, 3, 0)
	return f.bytes()
}

// reluBody: relu(out, in, n, …): out = max(in, 0), as Go's max.
func reluBody() []byte {
	const pOut, pIn, pN = 0, 1, 2
	var f vecFunc
	zero := f.local()
	f.constant(0)
	f.set(zero)
	f.loop8(pN, []int{pOut, pIn}, func(off int) {
		f.store(pOut, off, func() {
			f.load(pIn, off)
			f.get(zero)
			f.op(simdF32x4Max)
		})
	})
	return f.bytes()
}

// reluBackwardBody: relu_backward(dIn, dOut, out, n, …): dIn = dOut where
// out > 0, else 0, by ReLU.Backward's mask: −bits(out) >> 31, arithmetic.
func reluBackwardBody() []byte {
	const pDIn, pDOut, pOut, pN = 0, 1, 2, 3
	var f vecFunc
	f.loop8(pN, []int{pDIn, pDOut, pOut}, func(off int) {
		f.store(pDIn, off, func() {
			f.load(pDOut, off)
			f.load(pOut, off)
			f.op(simdI32x4Neg)
			f.c.i32Const(31)
			f.op(simdI32x4ShrS, simdAnd)
		})
	})
	return f.bytes()
}

// leakyReLUBody: leakyrelu(out, in, n, slope, …): out = in·factor, and
// leakyrelu_backward(dIn, dOut, in, n, slope, …): dIn = dOut·factor, with
// factor 1 where in > 0 and slope (its float32 bits) elsewhere, chosen by notPositive's mask
// ((bits − 1) | bits) >> 31, arithmetic.
func leakyReLUBody(backward bool) []byte {
	pDst, pSrc, pIn, pN, pC := 0, 1, 1, 2, 3
	ptrs := []int{pDst, pSrc}
	if backward {
		pIn, pN, pC = 2, 3, 4
		ptrs = append(ptrs, pIn)
	}
	var f vecFunc
	slope, one, ones, x := f.local(), f.local(), f.local(), f.local()
	f.get(pC)
	f.c.simd(simdI32x4Splat)
	f.set(slope)
	f.constant(math.Float32bits(1))
	f.set(one)
	f.constant(1)
	f.set(ones)
	f.loop8(pN, ptrs, func(off int) {
		f.load(pIn, off)
		f.set(x)
		f.store(pDst, off, func() {
			if backward {
				f.load(pSrc, off)
			} else {
				f.get(x)
			}
			f.get(slope)
			f.get(one)
			f.get(x)
			f.get(ones)
			f.op(simdI32x4Sub)
			f.get(x)
			f.op(simdOr)
			f.c.i32Const(31)
			f.op(simdI32x4ShrS, simdBitselect, simdF32x4Mul)
		})
	})
	return f.bytes()
}

// sigmoidBody: sigmoid(out, in, n, …): out = fmath.Sigmoid(in), with its
// operations in its order (and so its bits):
//
//	a = −|x|,  e = Exp(a) (0 below minArg, NaN stays),  out = (x < 0 ? e : 1) / (1 + e)
//
// where Exp computes k = ⌊t + 0.5⌋ for t = a·log2e in float32 rounded
// exactly: here as ⌊t⌋ + (t − ⌊t⌋ ≥ 0.5), the same integer, since t ≤ 0
// and t − ⌊t⌋ rounds the right side of 0.5 (see the engine's test).
func sigmoidBody() []byte {
	const pOut, pIn, pN = 0, 1, 2
	const (
		log2e  = 1.44269504088896341
		ln2Hi  = 0.693359375
		ln2Lo  = -2.12194440e-4
		minArg = -103.97207708
	)
	f32 := func(x float32) uint32 { return math.Float32bits(x) }
	horner := []uint32{f32(1.0 / 720), f32(1.0 / 120), f32(1.0 / 24), f32(1.0 / 6), f32(0.5), f32(1), f32(1)}
	var f vecFunc
	// Constant vectors, made once.
	consts := map[uint32]int{}
	k := func(bits uint32) int {
		if l, ok := consts[bits]; ok {
			return l
		}
		l := f.local()
		f.constant(bits)
		f.set(l)
		consts[bits] = l
		return l
	}
	sign, one, half, zero := k(1<<31), k(f32(1)), k(f32(0.5)), k(0)
	cLog2e, cHi, cLo, cMin := k(f32(log2e)), k(f32(ln2Hi)), k(f32(ln2Lo)), k(f32(minArg))
	c5040, cTiny, m126, p126, p127 := k(f32(1.0/5040)), k(f32(0x1p-126)), k(uint32(0xffffff82)), k(126), k(127)
	var cH []int
	for _, h := range horner {
		cH = append(cH, k(h))
	}
	x, a, t, fl, kf, ki, r, p, small, e := f.local(), f.local(), f.local(), f.local(), f.local(), f.local(), f.local(), f.local(), f.local(), f.local()
	f.loop8(pN, []int{pOut, pIn}, func(off int) {
		f.load(pIn, off)
		f.tee(x)
		f.get(sign)
		f.op(simdOr)
		f.tee(a) // −|x|
		f.get(cLog2e)
		f.op(simdF32x4Mul)
		f.tee(t)
		f.op(simdF32x4Floor)
		f.tee(fl)
		f.get(one)
		f.get(t)
		f.get(fl)
		f.op(simdF32x4Sub)
		f.get(half)
		f.op(simdF32x4Ge, simdAnd, simdF32x4Add)
		f.tee(kf) // ⌊t + 0.5⌋
		f.op(simdTruncSatS)
		f.set(ki)
		// r = (a − kf·ln2Hi) − kf·ln2Lo
		f.get(a)
		f.get(kf)
		f.get(cHi)
		f.op(simdF32x4Mul, simdF32x4Sub)
		f.get(kf)
		f.get(cLo)
		f.op(simdF32x4Mul, simdF32x4Sub)
		f.set(r)
		// Horner
		f.get(c5040)
		for _, h := range cH {
			f.get(r)
			f.op(simdF32x4Mul)
			f.get(h)
			f.op(simdF32x4Add)
		}
		f.set(p)
		// ldexp(p, k): first p·2⁻¹²⁶ and k + 126 where k < −126.
		f.get(ki)
		f.get(m126)
		f.op(simdI32x4LtS)
		f.set(small)
		// p·(k < −126 ? 2⁻¹²⁶ : 1), not a select of p·2⁻¹²⁶: that product
		// is subnormal for p < 1, and subnormal arithmetic is slow.
		f.get(p)
		f.get(cTiny)
		f.get(one)
		f.get(small)
		f.op(simdBitselect, simdF32x4Mul)
		f.get(ki)
		f.get(small)
		f.get(p126)
		f.op(simdAnd, simdI32x4Add)
		f.get(p127)
		f.op(simdI32x4Add)
		f.c.i32Const(23)
		f.op(simdI32x4Shl, simdF32x4Mul)
		f.set(e)
		// 0 below minArg; a NaN stays.
		f.get(zero)
		f.get(e)
		f.get(a)
		f.get(cMin)
		f.op(simdF32x4Lt, simdBitselect)
		f.set(e)
		f.get(a)
		f.get(e)
		f.get(a)
		f.get(a)
		f.op(simdF32x4Ne, simdBitselect)
		f.set(e)
		f.store(pOut, off, func() {
			f.get(e)
			f.get(one)
			f.get(x)
			f.c.i32Const(31)
			f.op(simdI32x4ShrS, simdBitselect)
			f.get(one)
			f.get(e)
			f.op(simdF32x4Add, simdF32x4Div)
		})
	})
	return f.bytes()
}
