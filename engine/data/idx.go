package data

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"
)

// IDX is the file format of MNIST (http://yann.lecun.com/exdb/mnist/): a
// big-endian header of two zero bytes, a type code (0x08 = unsigned byte, the
// only type supported here), the number of dimensions d, then d uint32 sizes,
// then the values in row-major order. Images are IDX3 (n, rows, cols), labels
// IDX1 (n).

// maxIDXValues bounds what ReadIDX will allocate, so a corrupt header gives an
// error rather than an out-of-memory crash (the MNIST training images are 47 M).
const maxIDXValues = 1 << 28

// ReadIDX reads an unsigned-byte IDX file: its dimensions and values.
func ReadIDX(r io.Reader) (dims []int, values []uint8, err error) {
	var head [4]byte
	if _, err := io.ReadFull(r, head[:]); err != nil {
		return nil, nil, fmt.Errorf("idx: reading magic: %w", err)
	}
	if head[0] != 0 || head[1] != 0 || head[2] != 0x08 {
		return nil, nil, fmt.Errorf("idx: magic % x: want 00 00 08 (unsigned bytes) then the dimension count", head[:3])
	}
	d := int(head[3])
	if d < 1 || d > 4 {
		return nil, nil, fmt.Errorf("idx: %d dimensions: want 1..4", d)
	}
	sizes := make([]byte, 4*d)
	if _, err := io.ReadFull(r, sizes); err != nil {
		return nil, nil, fmt.Errorf("idx: reading %d dimension sizes: %w", d, err)
	}
	total := 1
	dims = make([]int, d)
	for i := range dims {
		dims[i] = int(binary.BigEndian.Uint32(sizes[4*i:]))
		if dims[i] > maxIDXValues || total*dims[i] > maxIDXValues {
			return nil, nil, fmt.Errorf("idx: dimensions %v exceed %d values", dims[:i+1], maxIDXValues)
		}
		total *= dims[i]
	}
	values = make([]uint8, total)
	if n, err := io.ReadFull(r, values); err != nil {
		return nil, nil, fmt.Errorf("idx: dimensions %v want %d values, read %d: %w", dims, total, n, err)
	}
	return dims, values, nil
}

// WriteIDX writes values as an unsigned-byte IDX file with the given dimensions.
func WriteIDX(w io.Writer, dims []int, values []uint8) error {
	if len(dims) < 1 || len(dims) > 4 {
		return fmt.Errorf("idx: %d dimensions: want 1..4", len(dims))
	}
	total := 1
	for _, n := range dims {
		total *= n
	}
	if total != len(values) {
		return fmt.Errorf("idx: dimensions %v hold %d values, got %d", dims, total, len(values))
	}
	bw := bufio.NewWriter(w)
	bw.Write([]byte{0, 0, 0x08, byte(len(dims))})
	for _, n := range dims {
		bw.Write(binary.BigEndian.AppendUint32(nil, uint32(n)))
	}
	bw.Write(values)
	return bw.Flush()
}
