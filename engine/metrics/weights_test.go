package metrics

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"math"
	"strings"
	"testing"
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
	binary.LittleEndian.PutUint32(file[28:], crc32.Update(crc32.ChecksumIEEE(file[:28]), crc32.IEEETable, file[weightsHeaderSize:]))
	return file
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
		{"one byte short", "truncated", good[:len(good)-1]},
		{"trailing byte", "padded", append(bytes.Clone(good), 0)},
		{"flipped payload bit", "corrupt", edit(func(f []byte) []byte { f[1000] ^= 4; return f })},
		{"flipped header bit", "corrupt", edit(func(f []byte) []byte { f[12] ^= 1; return f })},
		{"magic", "magic", edit(func(f []byte) []byte { f[0] = 'X'; return f })},
		{"version", "version", edit(func(f []byte) []byte { f[4] = 2; return resum(f) })},
		{"widths", "widths", edit(func(f []byte) []byte { f[12] = 129; return resum(f) })},
		{"NaN value", "finite", edit(func(f []byte) []byte {
			binary.LittleEndian.PutUint32(f[weightsHeaderSize+40:], math.Float32bits(float32(math.NaN())))
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
