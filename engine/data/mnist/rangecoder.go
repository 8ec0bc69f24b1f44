package mnist

// An adaptive binary range coder: the one of LZMA (Igor Pavlov's LZMA SDK,
// public domain), with 11-bit probabilities adapted by a shift of 4. Each bit
// is coded with a probability that the caller keeps per context and that
// the coder moves towards the bits it sees, so that encoder and decoder,
// seeing the same bits in the same contexts, stay in step. Integer
// arithmetic only: the bytes are the same on every machine.

const (
	probabilityBits = 11
	probabilityOne  = 1 << probabilityBits // probability 1 in probabilityBits fixed point
	adaptShift      = 4                    // each bit moves its probability 1/16 of the way
	rangeTop        = 1 << 24              // the range is renormalised below this
)

// probability is the chance, in units of 1/probabilityOne, that the next bit
// in its context is 0. A new context starts at one half.
type probability uint16

// newProbabilities returns n contexts' probabilities, each one half.
func newProbabilities(n int) []probability {
	p := make([]probability, n)
	for i := range p {
		p[i] = probabilityOne / 2
	}
	return p
}

type rangeEncoder struct {
	low     uint64 // the interval's low end; bit 32 is a carry into the bytes not yet written
	width   uint32 // the interval's width
	cache   byte   // the last byte not yet written, which a carry may still increment
	pending int    // bytes held back: cache and the 0xFF bytes after it
	out     []byte
}

func newRangeEncoder() *rangeEncoder {
	return &rangeEncoder{width: 0xFFFFFFFF, pending: 1}
}

// encode codes bit (0 or 1) with the probability *p that it is 0, and adapts *p.
func (e *rangeEncoder) encode(p *probability, bit int) {
	bound := (e.width >> probabilityBits) * uint32(*p)
	if bit == 0 {
		e.width = bound
		*p += (probabilityOne - *p) >> adaptShift
	} else {
		e.low += uint64(bound)
		e.width -= bound
		*p -= *p >> adaptShift
	}
	for e.width < rangeTop {
		e.width <<= 8
		e.shiftLow()
	}
}

// shiftLow moves the top byte of low out, holding it back while a carry can still reach it.
func (e *rangeEncoder) shiftLow() {
	if uint32(e.low) < 0xFF000000 || e.low>>32 != 0 {
		carry := byte(e.low >> 32)
		b := e.cache
		for ; e.pending > 0; e.pending-- {
			e.out = append(e.out, b+carry)
			b = 0xFF
		}
		e.cache = byte(uint32(e.low) >> 24)
	}
	e.pending++
	e.low = uint64(uint32(e.low) << 8)
}

// finish writes the last bytes and returns the coded stream. The decoder of
// a stream reads exactly its length.
func (e *rangeEncoder) finish() []byte {
	for range 5 {
		e.shiftLow()
	}
	return e.out
}

type rangeDecoder struct {
	code  uint32 // the coded value's offset into the interval
	width uint32
	in    []byte
	read  int // bytes consumed, counting any read past the end as zeros
}

func newRangeDecoder(in []byte) *rangeDecoder {
	d := &rangeDecoder{width: 0xFFFFFFFF, in: in}
	for range 5 {
		d.code = d.code<<8 | uint32(d.next())
	}
	return d
}

// next returns the next input byte, or 0 past the end (which Decode reports
// as an error once the counts are decoded, never by panicking).
func (d *rangeDecoder) next() byte {
	d.read++
	if uint(d.read-1) < uint(len(d.in)) {
		return d.in[d.read-1]
	}
	return 0
}

// decode returns the next bit, coded with the probability *p that it is 0,
// and adapts *p. It is encode's inverse, written without branches on the
// bit (which is often a coin toss that a branch predictor would miss):
// mask is all ones for a 1 and zero for a 0.
func (d *rangeDecoder) decode(p *probability) int {
	bound := (d.width >> probabilityBits) * uint32(*p)
	mask := ^uint32((int64(d.code) - int64(bound)) >> 63) // code ≥ bound: the bit is 1
	d.code -= bound & mask
	d.width = bound&^mask | (d.width-bound)&mask
	q := uint32(*p)
	*p = probability(q + (probabilityOne-q)>>adaptShift&^mask - q>>adaptShift&mask)
	// One byte always suffices: a probability stays within 15 … 2033 (the
	// shift stops moving it there), so the width stays above 2²⁴ ⁻ ¹¹ × 15 > 2¹⁶.
	if d.width < rangeTop {
		d.width <<= 8
		d.code = d.code<<8 | uint32(d.next())
	}
	return int(mask & 1)
}
