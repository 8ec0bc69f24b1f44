// Command dist builds the playground into a folder that any static host can
// serve: the page sources of static/, wasm_exec.js copied from the Go in use
// (it must match the compiler), and mirror.wasm. With -compress it also
// writes precompressed twins (name.gz, name.br) of every compressible file,
// which tools/serve and most static hosts send in place of the original.
//
// It is run from the module root: `go run ./tools/dist -out build/site`.
package main

import (
	"bytes"
	"compress/gzip"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/andybalholm/brotli"
)

func main() {
	out := flag.String("out", "build/site", "output folder")
	compress := flag.Bool("compress", false, "also write .gz and .br twins")
	flag.Parse()
	if err := build(*out); err != nil {
		log.Fatalf("dist: %v", err)
	}
	if *compress {
		if err := compressAll(*out); err != nil {
			log.Fatalf("dist: %v", err)
		}
	}
}

// build writes static/*, wasm_exec.js and mirror.wasm into out.
func build(out string) error {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	entries, err := os.ReadDir("static")
	if err != nil {
		return fmt.Errorf("%v: run from the module root", err)
	}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		if err := copyFile(filepath.Join(out, e.Name()), filepath.Join("static", e.Name())); err != nil {
			return err
		}
	}
	goroot := runtime.GOROOT()
	if out, err := exec.Command("go", "env", "GOROOT").Output(); err == nil {
		goroot = strings.TrimSpace(string(out))
	}
	if err := copyFile(filepath.Join(out, "wasm_exec.js"), filepath.Join(goroot, "lib", "wasm", "wasm_exec.js")); err != nil {
		return err
	}
	cmd := exec.Command("go", "build", "-trimpath", "-ldflags=-s -w", "-o", filepath.Join(out, "mirror.wasm"), "./wasm")
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("building the wasm: %v", err)
	}
	// The WebAssembly SIMD GEMM kernels that static/gemm.js loads into the Go
	// instance (engine/gemm's js build imports them), when this tree has them.
	if _, err := os.Stat(filepath.Join("tools", "wasmkernel")); err == nil {
		cmd := exec.Command("go", "run", "./tools/wasmkernel", "-out", out)
		cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("writing the GEMM kernels: %v", err)
		}
	}
	// Stale twins of a previous -compress run would be served instead of the new files.
	stale, _ := filepath.Glob(filepath.Join(out, "*.br"))
	gz, _ := filepath.Glob(filepath.Join(out, "*.gz"))
	for _, f := range append(stale, gz...) {
		os.Remove(f)
	}
	return nil
}

func copyFile(dst, src string) error {
	b, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	return os.WriteFile(dst, b, 0o644)
}

// compressible names the files worth a precompressed twin (images are compressed already).
func compressible(name string) bool {
	switch filepath.Ext(name) {
	case ".wasm", ".js", ".html", ".css", ".json", ".csv", ".svg", ".bin":
		return true
	}
	return false
}

// compressAll writes name.gz (gzip -9) and name.br (brotli 11) beside every compressible file.
func compressAll(dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if e.IsDir() || !compressible(e.Name()) {
			continue
		}
		path := filepath.Join(dir, e.Name())
		raw, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		var gz, br bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
		bw := brotli.NewWriterLevel(&br, brotli.BestCompression)
		for _, w := range []io.WriteCloser{zw, bw} {
			if _, err := w.Write(raw); err != nil {
				return err
			}
			if err := w.Close(); err != nil {
				return err
			}
		}
		if err := os.WriteFile(path+".gz", gz.Bytes(), 0o644); err != nil {
			return err
		}
		if err := os.WriteFile(path+".br", br.Bytes(), 0o644); err != nil {
			return err
		}
		fmt.Printf("%-16s %9d bytes, gzip %9d, brotli %9d\n", e.Name(), len(raw), gz.Len(), br.Len())
	}
	return nil
}
