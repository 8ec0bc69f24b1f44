package main

// A tiny WebAssembly binary encoder: just the sections, types and opcodes
// the GEMM kernel modules use. Opcodes are from the WebAssembly core
// specification (binary format, "Instructions") and, for relaxed_madd, the
// relaxed-simd proposal (now part of Wasm 3.0).

// Value and block types.
const (
	i32       = 0x7f
	v128      = 0x7b
	funcref   = 0x70
	blockVoid = 0x40
)

// Section ids.
const (
	secType     = 1
	secImport   = 2
	secFunction = 3
	secTable    = 4
	secExport   = 7
	secCode     = 10
)

// Import and export kinds.
const (
	kindFunc   = 0
	kindTable  = 1
	kindMemory = 2
)

// Control and scalar opcodes.
const (
	opBlock        = 0x02
	opLoop         = 0x03
	opIf           = 0x04
	opElse         = 0x05
	opEnd          = 0x0b
	opBr           = 0x0c
	opBrIf         = 0x0d
	opCallIndirect = 0x11
	opLocalGet     = 0x20
	opLocalSet     = 0x21
	opLocalTee     = 0x22
	opI32Const     = 0x41
	opI32Eqz       = 0x45
	opI32LtS       = 0x48
	opI32GeU       = 0x4f
	opI32Add       = 0x6a
	opI32Sub       = 0x6b
	opI32Shl       = 0x74
	opF32Load      = 0x2a
	opI32Load      = 0x28
	opI32Store     = 0x36
	opF32Store     = 0x38
	opF64Store     = 0x39
	opF64Add       = 0xa0
)

// SIMD opcodes, written after the 0xfd prefix as an unsigned LEB128.
const (
	simdPrefix      = 0xfd
	simdLoad        = 0x00  // v128.load memarg
	simdLoad32Splat = 0x09  // v128.load32_splat memarg
	simdStore       = 0x0b  // v128.store memarg
	simdConst       = 0x0c  // v128.const i8x16
	simdShuffle     = 0x0d  // i8x16.shuffle lanes[16]
	simdF32x4Add    = 0xe4  // f32x4.add
	simdF32x4Sub    = 0xe5  // f32x4.sub
	simdF32x4Mul    = 0xe6  // f32x4.mul
	simdF32x4Div    = 0xe7  // f32x4.div
	simdF32x4Sqrt   = 0xe3  // f32x4.sqrt
	simdF32x4Neg    = 0xe1  // f32x4.neg
	simdF32x4Max    = 0xe9  // f32x4.max (NaN if either is; max(−0, +0) = +0)
	simdF32x4Le     = 0x45  // f32x4.le: all ones where a ≤ b
	simdF32x4Ge     = 0x46  // f32x4.ge
	simdI32x4Splat  = 0x11  // i32x4.splat
	simdI32x4LtS    = 0x39  // i32x4.lt_s
	simdF32x4Ne     = 0x42  // f32x4.ne
	simdF32x4Lt     = 0x43  // f32x4.lt
	simdF32x4Floor  = 0x68  // f32x4.floor
	simdI32x4Shl    = 0xab  // i32x4.shl (by an i32)
	simdTruncSatS   = 0xf8  // i32x4.trunc_sat_f32x4_s
	simdI32x4Lane   = 0x1b  // i32x4.extract_lane lane
	simdF64x2Lane   = 0x21  // f64x2.extract_lane lane
	simdAnd         = 0x4e  // v128.and
	simdOr          = 0x50  // v128.or
	simdBitselect   = 0x52  // v128.bitselect: (a & mask) | (b &^ mask)
	simdPromoteLow  = 0x5f  // f64x2.promote_low_f32x4
	simdI32x4Neg    = 0xa1  // i32x4.neg
	simdI32x4ShrS   = 0xac  // i32x4.shr_s (by an i32)
	simdI32x4Add    = 0xae  // i32x4.add
	simdI32x4Sub    = 0xb1  // i32x4.sub
	simdDemote      = 0x5e  // f32x4.demote_f64x2_zero
	simdF64x2Add    = 0xf0  // f64x2.add
	simdF64x2Sub    = 0xf1  // f64x2.sub
	simdF64x2Mul    = 0xf2  // f64x2.mul
	simdRelaxedMadd = 0x105 // f32x4.relaxed_madd: a·b + c, one or two roundings
)

// code accumulates the bytes of one function body or section.
type code []byte

func (c *code) byte(b ...byte) { *c = append(*c, b...) }

// u32 appends x as an unsigned LEB128.
func (c *code) u32(x uint32) {
	for {
		b := byte(x & 0x7f)
		x >>= 7
		if x != 0 {
			*c = append(*c, b|0x80)
			continue
		}
		*c = append(*c, b)
		return
	}
}

// s32 appends x as a signed LEB128.
func (c *code) s32(x int32) {
	for {
		b := byte(x & 0x7f)
		x >>= 7
		if (x == 0 && b&0x40 == 0) || (x == -1 && b&0x40 != 0) {
			*c = append(*c, b)
			return
		}
		*c = append(*c, b|0x80)
	}
}

func (c *code) name(s string) {
	c.u32(uint32(len(s)))
	*c = append(*c, s...)
}

// vec appends a length-prefixed blob (a section's or a body's contents).
func (c *code) vec(b []byte) {
	c.u32(uint32(len(b)))
	*c = append(*c, b...)
}

func (c *code) localGet(i int) { c.byte(opLocalGet); c.u32(uint32(i)) }
func (c *code) localSet(i int) { c.byte(opLocalSet); c.u32(uint32(i)) }
func (c *code) i32Const(x int32) {
	c.byte(opI32Const)
	c.s32(x)
}

func (c *code) simd(op uint32) { c.byte(simdPrefix); c.u32(op) }

// memOp appends a SIMD memory instruction with its memarg: log2 of the
// alignment hint and the constant offset added to the address.
func (c *code) memOp(op uint32, alignLog2, offset int) {
	c.simd(op)
	c.u32(uint32(alignLog2))
	c.u32(uint32(offset))
}

// memScalar appends a scalar load or store with its memarg.
func (c *code) memScalar(op byte, alignLog2, offset int) {
	c.byte(op)
	c.u32(uint32(alignLog2))
	c.u32(uint32(offset))
}

// shuffle32 appends an i8x16.shuffle that picks four 32-bit lanes from the
// two vectors on the stack: lanes 0-3 of the first, 4-7 of the second.
func (c *code) shuffle32(l0, l1, l2, l3 int) {
	c.simd(simdShuffle)
	for _, l := range []int{l0, l1, l2, l3} {
		for b := 0; b < 4; b++ {
			c.byte(byte(4*l + b))
		}
	}
}

// addLocals appends local[dst] = local[x] + local[y].
func (c *code) addLocals(dst, x, y int) {
	c.localGet(x)
	c.localGet(y)
	c.byte(opI32Add)
	c.localSet(dst)
}

// addI32 appends local[i] += x.
func (c *code) addI32(i int, x int32) {
	c.localGet(i)
	c.i32Const(x)
	c.byte(opI32Add)
	c.localSet(i)
}

// module assembles a module from its sections; each section argument is
// the section's contents, nil to leave it out.
type module struct {
	types, imports, functions, tables, exports, codes []byte
}

func (m module) bytes() []byte {
	out := code{0x00, 'a', 's', 'm', 0x01, 0x00, 0x00, 0x00}
	for _, s := range []struct {
		id   byte
		body []byte
	}{
		{secType, m.types}, {secImport, m.imports}, {secFunction, m.functions},
		{secTable, m.tables}, {secExport, m.exports}, {secCode, m.codes},
	} {
		if s.body != nil {
			out.byte(s.id)
			out.vec(s.body)
		}
	}
	return out
}

// funcType appends a function type with the given parameter and result types.
func (c *code) funcType(params, results []byte) {
	c.byte(0x60)
	c.vec(params)
	c.vec(results)
}
