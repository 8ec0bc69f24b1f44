package main

import "fmt"

// A tile is the geometry of one micro-kernel: MR rows of C by NV vectors of
// four columns held in registers, with its p loop unrolled Unroll times; the
// kernel computes Passes such blocks of rows one after the other over the
// same panel of B (zero means 1), so that one call does Passes times the
// work and the cost of the call from Go counts less.
type tile struct{ MR, NV, Unroll, Passes int }

func (t tile) NR() int { return 4 * t.NV }

func (t tile) passes() int { return max(1, t.Passes) }

// exportName is the name a kernel module exports a tile's kernel under,
// e.g. "kernel16x16"; the Go side imports it under the same name.
func (t tile) exportName() string { return fmt.Sprintf("kernel%dx%d", t.MR*t.passes(), t.NR()) }

// Parameters of every kernel function, in the order of the Go declaration
//
//	func kernel(kc int32, a, b, c *float32, ldc int32, accumulate bool)
//
// with pointers as byte addresses in the Go instance's memory.
const (
	parKC = iota
	parA
	parB
	parC
	parLDC
	parAccumulate
	numParams
)

var kernelParams = []byte{i32, i32, i32, i32, i32, i32}

// kernelBody returns the body of the micro-kernel for t, the Kernel
// contract of engine/gemm for packed panels, with R = MR·Passes rows:
//
//	a[p*R+i], b[p*NR+j], p < kc:  s[i][j] = Σ_p a[p*R+i]·b[p*NR+j]  (from zero, increasing p)
//	c[i*ldc+j] = s[i][j]  or  c[i*ldc+j] + s[i][j]  (accumulate)
//
// The sum of MR rows is kept in MR×NV vectors; each step loads NV vectors of
// B, splats one element of A at a time and multiplies-adds it into a row.
// With relaxed, the multiply-add is f32x4.relaxed_madd (fused where the
// machine has FMA). Each pass does the next MR rows.
func kernelBody(t tile, relaxed bool) []byte {
	// Locals after the parameters: the sums, the vectors of B, the splat of
	// A; the address of the current row of C, and a, b, kc as passed.
	acc := func(i, v int) int { return numParams + i*t.NV + v }
	bv := func(v int) int { return numParams + t.MR*t.NV + v }
	av := numParams + t.MR*t.NV + t.NV
	nVectors := t.MR*t.NV + t.NV + 1
	row := av + 1
	a0, b0, kc0 := row+1, row+2, row+3

	var c code
	c.u32(2) // two runs of locals
	c.u32(uint32(nVectors))
	c.byte(v128)
	c.u32(4)
	c.byte(i32)

	// ldc in bytes; keep a, b and kc for the passes.
	c.localGet(parLDC)
	c.i32Const(2)
	c.byte(opI32Shl)
	c.localSet(parLDC)
	for _, x := range [][2]int{{a0, parA}, {b0, parB}, {kc0, parKC}} {
		c.localGet(x[1])
		c.localSet(x[0])
	}
	c.localGet(parC)
	c.localSet(row)

	strideA, strideB := 4*t.MR*t.passes(), 4*t.NR()
	// One step p: offsets in bytes from the current a and b.
	step := func(offA, offB int) {
		for v := 0; v < t.NV; v++ {
			c.localGet(parB)
			c.memOp(simdLoad, 4, offB+16*v)
			c.localSet(bv(v))
		}
		for i := 0; i < t.MR; i++ {
			c.localGet(parA)
			c.memOp(simdLoad32Splat, 2, offA+4*i)
			c.localSet(av)
			for v := 0; v < t.NV; v++ {
				if relaxed {
					c.localGet(av)
					c.localGet(bv(v))
					c.localGet(acc(i, v))
					c.simd(simdRelaxedMadd)
				} else {
					c.localGet(acc(i, v))
					c.localGet(av)
					c.localGet(bv(v))
					c.simd(simdF32x4Mul)
					c.simd(simdF32x4Add)
				}
				c.localSet(acc(i, v))
			}
		}
	}
	// store writes the pass's rows of C, moving row down one row of C
	// before each but the kernel's first.
	store := func(pass int, accumulate bool) {
		for i := 0; i < t.MR; i++ {
			if pass > 0 || i > 0 {
				c.localGet(row)
				c.localGet(parLDC)
				c.byte(opI32Add)
				c.localSet(row)
			}
			for v := 0; v < t.NV; v++ {
				c.localGet(row)
				if accumulate {
					c.localGet(row)
					c.memOp(simdLoad, 2, 16*v)
					c.localGet(acc(i, v))
					c.simd(simdF32x4Add)
				} else {
					c.localGet(acc(i, v))
				}
				c.memOp(simdStore, 2, 16*v)
			}
		}
	}

	for pass := 0; pass < t.passes(); pass++ {
		if pass > 0 {
			c.localGet(a0)
			c.i32Const(int32(4 * t.MR * pass))
			c.byte(opI32Add)
			c.localSet(parA)
			c.localGet(b0)
			c.localSet(parB)
			c.localGet(kc0)
			c.localSet(parKC)
		}
		// s = 0
		c.simd(simdConst)
		c.byte(make([]byte, 16)...)
		c.localSet(acc(0, 0))
		for i := 0; i < t.MR; i++ {
			for v := 0; v < t.NV; v++ {
				if i+v > 0 {
					c.localGet(acc(0, 0))
					c.localSet(acc(i, v))
				}
			}
		}
		// Unrolled loop: while kc >= Unroll.
		if t.Unroll > 1 {
			c.byte(opBlock, blockVoid)
			c.byte(opLoop, blockVoid)
			c.localGet(parKC)
			c.i32Const(int32(t.Unroll))
			c.byte(opI32LtS)
			c.byte(opBrIf)
			c.u32(1)
			for u := 0; u < t.Unroll; u++ {
				step(u*strideA, u*strideB)
			}
			c.addI32(parA, int32(t.Unroll*strideA))
			c.addI32(parB, int32(t.Unroll*strideB))
			c.addI32(parKC, int32(-t.Unroll))
			c.byte(opBr)
			c.u32(0)
			c.byte(opEnd, opEnd)
		}
		// Remainder: while kc != 0.
		c.byte(opBlock, blockVoid)
		c.byte(opLoop, blockVoid)
		c.localGet(parKC)
		c.byte(opI32Eqz)
		c.byte(opBrIf)
		c.u32(1)
		step(0, 0)
		c.addI32(parA, int32(strideA))
		c.addI32(parB, int32(strideB))
		c.addI32(parKC, -1)
		c.byte(opBr)
		c.u32(0)
		c.byte(opEnd, opEnd)

		c.localGet(parAccumulate)
		c.byte(opIf, blockVoid)
		store(pass, true)
		c.byte(opElse)
		store(pass, false)
		c.byte(opEnd)
	}
	c.byte(opEnd)
	return c
}

// kernelModule returns a module that imports the Go instance's memory as
// env.memory and exports one kernel function per tile and, unless relaxed,
// the packing functions "transpose" and "copy<r>" for r in copyWidths (see
// transposeBody and copyBody) and engine/nn's elementwise kernels
// (nnFunctions).
func kernelModule(tiles []tile, relaxed bool) []byte {
	var m module
	var types code
	types.u32(1)
	types.funcType(kernelParams, nil)
	m.types = types

	var imports code
	imports.u32(1)
	imports.name("env")
	imports.name("memory")
	imports.byte(kindMemory)
	imports.byte(0x00) // limits: min only
	imports.u32(0)
	m.imports = imports

	type function struct {
		name string
		body []byte
	}
	var fs []function
	for _, t := range tiles {
		fs = append(fs, function{t.exportName(), kernelBody(t, relaxed)})
	}
	if !relaxed {
		fs = append(fs, function{"transpose", transposeBody()})
		for _, r := range copyWidths {
			fs = append(fs, function{fmt.Sprintf("copy%d", r), copyBody(r)})
		}
		for _, nf := range nnFunctions {
			fs = append(fs, function{nf.name, nf.body()})
		}
	}
	var funcs, exports, codes code
	funcs.u32(uint32(len(fs)))
	exports.u32(uint32(len(fs)))
	codes.u32(uint32(len(fs)))
	for i, f := range fs {
		funcs.u32(0) // every function has the one type
		exports.name(f.name)
		exports.byte(kindFunc)
		exports.u32(uint32(i))
		codes.vec(f.body)
	}
	m.functions, m.exports, m.codes = funcs, exports, codes
	return m.bytes()
}

// trampolineModule returns a module with no imports that exports a table
// "kernels" of len(names) function slots and, for each name, a function of
// the kernel type that calls the table's slot of the same index. The Go
// instance imports these functions; once the kernel module is instantiated
// against the Go instance's memory, the glue puts its exports into the
// table. Calls then go from Go's code to the kernel without passing through
// JavaScript.
func trampolineModule(names []string) []byte {
	var m module
	var types code
	types.u32(1)
	types.funcType(kernelParams, nil)
	m.types = types

	var tables code
	tables.u32(1)
	tables.byte(funcref)
	tables.byte(0x01) // limits: min and max
	tables.u32(uint32(len(names)))
	tables.u32(uint32(len(names)))
	m.tables = tables

	var funcs, exports, codes code
	funcs.u32(uint32(len(names)))
	exports.u32(uint32(len(names) + 1))
	exports.name("kernels")
	exports.byte(kindTable)
	exports.u32(0)
	codes.u32(uint32(len(names)))
	for i, name := range names {
		funcs.u32(0)
		exports.name(name)
		exports.byte(kindFunc)
		exports.u32(uint32(i))
		var body code
		body.u32(0) // no locals
		for p := 0; p < numParams; p++ {
			body.localGet(p)
		}
		body.i32Const(int32(i))
		body.byte(opCallIndirect)
		body.u32(0) // type
		body.u32(0) // table
		body.byte(opEnd)
		codes.vec(body)
	}
	m.functions, m.exports, m.codes = funcs, exports, codes
	return m.bytes()
}
