package metrics

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"io"
	"math"
	"strings"
	"testing"

	"mirror/engine/rng"
)

func TestBundledWeightsRoundTrip(t *testing.T) {
	c, err := LoadClassifier()
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := c.Encode(&buf); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), BundledWeights()) {
		t.Error("encoding the decoded bundled weights does not give the bundled file back")
	}
}

// resum rewrites the checksum of a weights file, so that a test can reach the
// checks behind it.
func resum(file []byte) []byte {
	binary.LittleEndian.PutUint32(file[36:], crc32.Update(crc32.ChecksumIEEE(file[:36]), crc32.IEEETable, file[weightsHeaderSize:]))
	return file
}

// Quantising keeps every weight within half a step of its row's scale and
// leaves the biases as they were.
func TestEncodeQuantisesWithinHalfAStep(t *testing.T) {
	c := NewClassifier()
	c.Init(rng.New(5))
	var buf bytes.Buffer
	if err := c.Encode(&buf); err != nil {
		t.Fatal(err)
	}
	if buf.Len() != weightsHeaderSize+int(weightsPayloadSize(classifierWidths)) {
		t.Fatalf("file of %d bytes: want %d", buf.Len(), weightsHeaderSize+weightsPayloadSize(classifierWidths))
	}
	d, err := DecodeClassifier(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	widths := classifierWidths
	want, got := classifierParams(c), classifierParams(d)
	for l := range len(widths) - 1 {
		in, out := int(widths[l]), int(widths[l+1])
		for k := range out {
			row := want[0][k*in : (k+1)*in]
			var largest float64
			for _, v := range row {
				largest = max(largest, math.Abs(float64(v)))
			}
			step := largest / weightLevels
			for i, v := range row {
				if e := math.Abs(float64(got[0][k*in+i] - v)); e > 0.5*step*(1+1e-4) {
					t.Fatalf("layer %d weight [%d, %d]: %g decodes as %g: want within half a step (%g)", l, k, i, v, got[0][k*in+i], step/2)
				}
			}
		}
		for k := range out {
			if got[0][in*out+k] != want[0][in*out+k] {
				t.Fatalf("layer %d bias %d: %g decodes as %g: want it unchanged", l, k, want[0][in*out+k], got[0][in*out+k])
			}
		}
		want[0], got[0] = want[0][in*out+out:], got[0][in*out+out:]
		if len(want[0]) == 0 {
			want, got = want[1:], got[1:]
		}
	}
	var again bytes.Buffer
	if err := d.Encode(&again); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again.Bytes(), buf.Bytes()) {
		t.Error("encoding decoded weights does not give the same file")
	}
}

func TestEncodeRejectsNonFinite(t *testing.T) {
	c := NewClassifier()
	c.Head.Params[3] = float32(math.Inf(-1))
	if err := c.Encode(io.Discard); err == nil || !strings.Contains(err.Error(), "finite") {
		t.Errorf("an infinite weight: error %v: want one saying finite", err)
	}
}

func TestDecodeClassifierRejectsCorruptFiles(t *testing.T) {
	good := BundledWeights()
	edit := func(f func([]byte) []byte) []byte { return f(bytes.Clone(good)) }
	cases := []struct {
		name, want string
		file       []byte
	}{
		{"empty", "truncated", nil},
		{"header only", "truncated", good[:weightsHeaderSize]},
		{"one value short", "truncated", good[:len(good)-4]},
		{"short, size rewritten", "widths", edit(func(f []byte) []byte {
			f = f[:len(f)-1]
			binary.LittleEndian.PutUint32(f[32:], uint32(len(f)-weightsHeaderSize))
			return resum(f)
		})},
		{"one byte short", "truncated", good[:len(good)-1]},
		{"trailing byte", "padded", append(bytes.Clone(good), 0)},
		{"flipped payload bit", "corrupt", edit(func(f []byte) []byte { f[1000] ^= 4; return f })},
		{"flipped header bit", "corrupt", edit(func(f []byte) []byte { f[12] ^= 1; return f })},
		{"magic", "magic", edit(func(f []byte) []byte { f[0] = 'X'; return f })},
		{"version", "version", edit(func(f []byte) []byte { f[4] = 1; return resum(f) })},
		{"widths", "widths", edit(func(f []byte) []byte { f[12] = 129; return resum(f) })},
		{"levels", "levels", edit(func(f []byte) []byte { f[28] = 0; return resum(f) })},
		{"NaN scale", "finite", edit(func(f []byte) []byte {
			binary.LittleEndian.PutUint32(f[weightsHeaderSize+40:], math.Float32bits(float32(math.NaN())))
			return resum(f)
		})},
		{"negative scale", "scale ≥ 0", edit(func(f []byte) []byte {
			binary.LittleEndian.PutUint32(f[weightsHeaderSize+40:], math.Float32bits(-1))
			return resum(f)
		})},
		{"infinite bias", "finite", edit(func(f []byte) []byte {
			binary.LittleEndian.PutUint32(f[weightsHeaderSize+4*Hidden+8:], math.Float32bits(float32(math.Inf(1))))
			return resum(f)
		})},
		{"weight out of range", "want -31..31", edit(func(f []byte) []byte {
			f[weightsHeaderSize+8*Hidden+5] = 32
			return resum(f)
		})},
	}
	for _, tc := range cases {
		c, err := DecodeClassifier(tc.file)
		if err == nil || c != nil {
			t.Errorf("%s: got a classifier and error %v: want an error", tc.name, err)
			continue
		}
		if !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %q: want it to mention %q", tc.name, err, tc.want)
		}
	}
}
