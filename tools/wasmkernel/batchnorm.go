package main

// The BatchNorm1d loops of engine/nn (see batchnorm.go there), over a batch
// of rows of F features, F a multiple of 4. They take (args, F, batch, …)
// with args the address of a block of i32 addresses, one per array (more
// arrays than the six parameters hold): rows of the batch [batch × F]
// float32, per-feature float32 [F] or per-feature float64 [F]. Each
// feature's sums run over the rows in order, in float64 as in Go, so the
// bits are those of the plain loops; four features at a time (two f64x2).

// bnArray is how a BatchNorm kernel reads one array of its args block.
type bnArray int

const (
	bnRows      bnArray = iota // [batch × F] float32, the next row each row
	bnFeature32                // [F] float32
	bnFeature64                // [F] float64
)

// bnFunc is a BatchNorm kernel being built: body gets the locals holding
// the arrays' current addresses, and the local j, the byte offset of the
// four features in a float32 row.
type bnFunc struct {
	vecFunc
	arrays []bnArray
	ptr    []int // i32 locals: the arrays' addresses
	j      int   // i32 local
	rowLen int   // i32 local: 4·F
}

const (
	parBNArgs = iota
	parBNFeatures
	parBNBatch
)

// bnKernel returns the body of a kernel over arrays; body emits the work
// on four features, nV128 the v128 locals it uses (after the i32 ones).
func bnKernel(arrays []bnArray, nV128 int, body func(k *bnFunc)) []byte {
	k := &bnFunc{arrays: arrays}
	nI32 := len(arrays) + 2
	for i := range arrays {
		k.ptr = append(k.ptr, 6+i)
	}
	k.j, k.rowLen = 6+len(arrays), 7+len(arrays)
	k.nV = nI32 // vecFunc.local counts from 6: skip the i32 locals
	c := &k.c
	for i := range arrays {
		c.localGet(parBNArgs)
		c.memScalar(opI32Load, 2, 4*i)
		c.localSet(k.ptr[i])
	}
	c.localGet(parBNFeatures)
	c.i32Const(2)
	c.byte(opI32Shl)
	c.localSet(k.rowLen)
	// for each row
	c.byte(opBlock, blockVoid)
	c.byte(opLoop, blockVoid)
	c.localGet(parBNBatch)
	c.byte(opI32Eqz)
	c.byte(opBrIf)
	c.u32(1)
	c.i32Const(0)
	c.localSet(k.j)
	// for each group of four features
	c.byte(opBlock, blockVoid)
	c.byte(opLoop, blockVoid)
	c.localGet(k.j)
	c.localGet(k.rowLen)
	c.byte(opI32GeU)
	c.byte(opBrIf)
	c.u32(1)
	body(k)
	c.addI32(k.j, 16)
	c.byte(opBr)
	c.u32(0)
	c.byte(opEnd, opEnd)
	for i, a := range arrays {
		if a == bnRows {
			c.addLocals(k.ptr[i], k.ptr[i], k.rowLen)
		}
	}
	c.addI32(parBNBatch, -1)
	c.byte(opBr)
	c.u32(0)
	c.byte(opEnd, opEnd)

	var b code
	b.u32(2)
	b.u32(uint32(nI32))
	b.byte(i32)
	b.u32(uint32(nV128))
	b.byte(v128)
	b.byte(k.c...)
	b.byte(opEnd)
	return b
}

// addr pushes the address of the current four features of array i (a
// float32 row or per-feature array), or of the first two (half 0) or last
// two (half 1) of them in a float64 array.
func (k *bnFunc) addr(i int) {
	k.get(k.ptr[i])
	k.get(k.j)
	k.c.byte(opI32Add)
	if k.arrays[i] == bnFeature64 {
		k.get(k.j)
		k.c.byte(opI32Add)
	}
}

// load32 pushes four float32 of array i.
func (k *bnFunc) load32(i int) {
	k.addr(i)
	k.c.memOp(simdLoad, 2, 0)
}

// load64 pushes two float64 of array i: features 0, 1 (half 0) or 2, 3.
func (k *bnFunc) load64(i, half int) {
	k.addr(i)
	k.c.memOp(simdLoad, 3, 16*half)
}

// store64 writes the f64x2 that value pushes to half of array i.
func (k *bnFunc) store64(i, half int, value func()) {
	k.addr(i)
	value()
	k.c.memOp(simdStore, 3, 16*half)
}

// promote pushes float64 of lanes 0, 1 (half 0) or 2, 3 of the f32x4 in local v.
func (k *bnFunc) promote(v, half int) {
	k.get(v)
	if half == 1 {
		k.get(v)
		k.c.shuffle32(2, 3, 0, 1)
	}
	k.op(simdPromoteLow)
}

// demote pushes the f32x4 of the float64 pairs in locals lo and hi.
func (k *bnFunc) demote(lo, hi int) {
	k.get(lo)
	k.op(simdDemote)
	k.get(hi)
	k.op(simdDemote)
	k.c.shuffle32(0, 1, 4, 5)
}

// bnSumBody: bn_sum(args{in, sum}, F, batch): sum[f] += float64(in[b][f]),
// the sums of BatchNorm1d.Forward's mean.
func bnSumBody() []byte {
	const in, sum = 0, 1
	return bnKernel([]bnArray{bnRows, bnFeature64}, 1, func(k *bnFunc) {
		x := k.local()
		k.load32(in)
		k.set(x)
		for h := range 2 {
			k.store64(sum, h, func() {
				k.load64(sum, h)
				k.promote(x, h)
				k.op(simdF64x2Add)
			})
		}
	})
}

// bnSquaresBody: bn_squares(args{in, mean, sum}, F, batch): with
// d = float64(in[b][f]) − mean[f], sum[f] += d·d (Forward's variance).
func bnSquaresBody() []byte {
	const in, mean, sum = 0, 1, 2
	return bnKernel([]bnArray{bnRows, bnFeature64, bnFeature64}, 2, func(k *bnFunc) {
		x, d := k.local(), k.local()
		k.load32(in)
		k.set(x)
		for h := range 2 {
			k.promote(x, h)
			k.load64(mean, h)
			k.op(simdF64x2Sub)
			k.set(d)
			k.store64(sum, h, func() {
				k.load64(sum, h)
				k.get(d)
				k.get(d)
				k.op(simdF64x2Mul, simdF64x2Add)
			})
		}
	})
}

// bnApplyBody: bn_apply(args{out, in, alpha, shift}, F, batch):
// out[b][f] = in[b][f]·float32(alpha[f]) + float32(shift[f]).
func bnApplyBody() []byte {
	const out, in, alpha, shift = 0, 1, 2, 3
	return bnKernel([]bnArray{bnRows, bnRows, bnFeature64, bnFeature64}, 2, func(k *bnFunc) {
		lo, hi := k.local(), k.local()
		k.addr(out)
		k.load32(in)
		for _, a := range []int{alpha, shift} {
			k.load64(a, 0)
			k.set(lo)
			k.load64(a, 1)
			k.set(hi)
			k.demote(lo, hi)
			if a == alpha {
				k.op(simdF32x4Mul)
			} else {
				k.op(simdF32x4Add)
			}
		}
		k.c.memOp(simdStore, 2, 0)
	})
}

// bnBackwardSumsBody: bn_backward_sums(args{dy, in, mean, invStd, sumDy,
// sumDyXhat}, F, batch): with g = float64(dy[b][f]),
//
//	sumDy[f] += g,  sumDyXhat[f] += g·(float64(in[b][f]) − mean[f])·invStd[f]
func bnBackwardSumsBody() []byte {
	const dy, in, mean, invStd, sumDy, sumDyXhat = 0, 1, 2, 3, 4, 5
	arrays := []bnArray{bnRows, bnRows, bnFeature64, bnFeature64, bnFeature64, bnFeature64}
	return bnKernel(arrays, 3, func(k *bnFunc) {
		g4, x4, g := k.local(), k.local(), k.local()
		k.load32(dy)
		k.set(g4)
		k.load32(in)
		k.set(x4)
		for h := range 2 {
			k.promote(g4, h)
			k.set(g)
			k.store64(sumDy, h, func() {
				k.load64(sumDy, h)
				k.get(g)
				k.op(simdF64x2Add)
			})
			k.store64(sumDyXhat, h, func() {
				k.load64(sumDyXhat, h)
				k.get(g)
				k.promote(x4, h)
				k.load64(mean, h)
				k.op(simdF64x2Sub, simdF64x2Mul)
				k.load64(invStd, h)
				k.op(simdF64x2Mul, simdF64x2Add)
			})
		}
	})
}

// bnBackwardInputBody: bn_backward_input(args{dx, dy, in, weight, mean,
// invStd, meanDy, meanDyXhat}, F, batch): with s = invStd[f] and
// x̂ = (float64(in[b][f]) − mean[f])·s,
//
//	dx[b][f] = float32(float64(weight[f])·s·(float64(dy[b][f]) − meanDy[f] − x̂·meanDyXhat[f]))
func bnBackwardInputBody() []byte {
	const dx, dy, in, weight, mean, invStd, meanDy, meanDyXhat = 0, 1, 2, 3, 4, 5, 6, 7
	arrays := []bnArray{bnRows, bnRows, bnRows, bnFeature32, bnFeature64, bnFeature64, bnFeature64, bnFeature64}
	return bnKernel(arrays, 6, func(k *bnFunc) {
		dy4, x4, w4, s, lo, hi := k.local(), k.local(), k.local(), k.local(), k.local(), k.local()
		k.load32(dy)
		k.set(dy4)
		k.load32(in)
		k.set(x4)
		k.load32(weight)
		k.set(w4)
		for h, r := range []int{lo, hi} {
			k.load64(invStd, h)
			k.set(s)
			// float64(weight)·s
			k.promote(w4, h)
			k.get(s)
			k.op(simdF64x2Mul)
			// (float64(dy) − meanDy) − x̂·meanDyXhat
			k.promote(dy4, h)
			k.load64(meanDy, h)
			k.op(simdF64x2Sub)
			k.promote(x4, h)
			k.load64(mean, h)
			k.op(simdF64x2Sub)
			k.get(s)
			k.op(simdF64x2Mul)
			k.load64(meanDyXhat, h)
			k.op(simdF64x2Mul, simdF64x2Sub, simdF64x2Mul)
			k.set(r)
		}
		k.addr(dx)
		k.demote(lo, hi)
		k.c.memOp(simdStore, 2, 0)
	})
}

// addRowsBody: add_rows(args{rows, sum}, F, batch): sum[f] += rows[b][f]
// in float32, row after row (Linear.Backward's bias gradient).
func addRowsBody() []byte {
	const rows, sum = 0, 1
	return bnKernel([]bnArray{bnRows, bnFeature32}, 0, func(k *bnFunc) {
		k.addr(sum)
		k.load32(sum)
		k.load32(rows)
		k.op(simdF32x4Add)
		k.c.memOp(simdStore, 2, 0)
	})
}
