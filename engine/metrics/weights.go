package metrics

import (
	_ "embed"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"io"
	"math"
)

// The weights file format; see DecodeClassifier.
const (
	weightsMagic      = "MRCL"
	weightsVersion    = 1
	weightsHeaderSize = 32
)

// classifierWidths are the widths the file records, in order.
var classifierWidths = [4]uint32{Pixels, Hidden, Features, Classes}

//go:embed classifier.bin
var bundledWeights []byte

// BundledWeights returns the bytes of the bundled weights file (do not modify).
func BundledWeights() []byte { return bundledWeights }

// LoadClassifier decodes the bundled weights (see DecodeClassifier). Each call
// returns a new Classifier that the caller owns.
func LoadClassifier() (*Classifier, error) { return DecodeClassifier(bundledWeights) }

// DecodeClassifier parses a weights file. It returns an error, never panics,
// on a truncated, corrupt or foreign file, or one holding a value that is not
// finite.
//
// The file format (version 1). All integers are little-endian.
//
//	offset size  field
//	0      4     magic "MRCL"
//	4      2     version, 1
//	6      2     number of widths, 4
//	8      16    widths: 784, 128, 64, 10 (uint32 each)
//	24     4     parameter count P = 109,386
//	28     4     CRC-32 (IEEE) of bytes 0..27 followed by the payload
//	32     4P    payload: Body.Params then Head.Params, float32 (IEEE 754 bits)
//
// Within each network the parameters are in the MLP's flat order (per Linear,
// weight [out × in] row-major, then bias [out]), which is PyTorch's
// state_dict order. Values are stored uncompressed: trained float32 weights
// barely compress, and the file is 438 kB.
func DecodeClassifier(file []byte) (*Classifier, error) {
	if len(file) < weightsHeaderSize {
		return nil, fmt.Errorf("classifier weights: file is %d bytes: want at least %d (the header); truncated?", len(file), weightsHeaderSize)
	}
	if string(file[:4]) != weightsMagic {
		return nil, fmt.Errorf("classifier weights: magic %q: want %q", file[:4], weightsMagic)
	}
	if v := binary.LittleEndian.Uint16(file[4:]); v != weightsVersion {
		return nil, fmt.Errorf("classifier weights: version %d: want %d", v, weightsVersion)
	}
	c := NewClassifier()
	want := c.NumParams()
	count := binary.LittleEndian.Uint32(file[24:])
	if uint64(len(file)-weightsHeaderSize) != 4*uint64(count) {
		return nil, fmt.Errorf("classifier weights: header says %d values (%d bytes) but the file has %d bytes after the header: truncated or padded",
			count, 4*uint64(count), len(file)-weightsHeaderSize)
	}
	sum := binary.LittleEndian.Uint32(file[28:])
	if got := crc32.Update(crc32.ChecksumIEEE(file[:28]), crc32.IEEETable, file[weightsHeaderSize:]); got != sum {
		return nil, fmt.Errorf("classifier weights: CRC-32 %08x, header says %08x: file is corrupt", got, sum)
	}
	var widths [4]uint32
	if n := binary.LittleEndian.Uint16(file[6:]); n != uint16(len(widths)) {
		return nil, fmt.Errorf("classifier weights: %d widths: want %d (%v)", n, len(widths), classifierWidths)
	}
	for i := range widths {
		widths[i] = binary.LittleEndian.Uint32(file[8+4*i:])
	}
	if widths != classifierWidths || int(count) != want {
		return nil, fmt.Errorf("classifier weights: widths %v with %d values: want %v with %d", widths, count, classifierWidths, want)
	}
	payload := file[weightsHeaderSize:]
	for i, dst := 0, 0; dst < want; i, dst = i+4, dst+1 {
		v := math.Float32frombits(binary.LittleEndian.Uint32(payload[i:]))
		if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
			return nil, fmt.Errorf("classifier weights: value %d is %v: want finite", dst, v)
		}
		if dst < len(c.Body.Params) {
			c.Body.Params[dst] = v
		} else {
			c.Head.Params[dst-len(c.Body.Params)] = v
		}
	}
	return c, nil
}

// Encode writes the classifier's parameters in the weights file format.
// Encoding is deterministic: the same parameters give the same bytes.
func (c *Classifier) Encode(w io.Writer) error {
	n := c.NumParams()
	file := make([]byte, weightsHeaderSize+4*n)
	copy(file, weightsMagic)
	binary.LittleEndian.PutUint16(file[4:], weightsVersion)
	binary.LittleEndian.PutUint16(file[6:], uint16(len(classifierWidths)))
	for i, width := range classifierWidths {
		binary.LittleEndian.PutUint32(file[8+4*i:], width)
	}
	binary.LittleEndian.PutUint32(file[24:], uint32(n))
	off := weightsHeaderSize
	for _, params := range [][]float32{c.Body.Params, c.Head.Params} {
		for _, v := range params {
			binary.LittleEndian.PutUint32(file[off:], math.Float32bits(v))
			off += 4
		}
	}
	binary.LittleEndian.PutUint32(file[28:], crc32.Update(crc32.ChecksumIEEE(file[:28]), crc32.IEEETable, file[weightsHeaderSize:]))
	_, err := w.Write(file)
	return err
}
