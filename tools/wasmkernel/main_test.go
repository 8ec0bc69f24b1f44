package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestDeterministic(t *testing.T) {
	first, second := files(), files()
	for name, b := range first {
		if !bytes.Equal(b, second[name]) {
			t.Errorf("%s differs between two runs", name)
		}
	}
}

func TestLEB128(t *testing.T) {
	for _, tc := range []struct {
		signed bool
		x      int64
		want   []byte
	}{
		{false, 0, []byte{0}},
		{false, 127, []byte{0x7f}},
		{false, 0x105, []byte{0x85, 0x02}}, // f32x4.relaxed_madd
		{false, 624485, []byte{0xe5, 0x8e, 0x26}},
		{true, -1, []byte{0x7f}},
		{true, 64, []byte{0xc0, 0x00}},
		{true, -64, []byte{0x40}},
		{true, -123456, []byte{0xc0, 0xbb, 0x78}},
	} {
		var c code
		if tc.signed {
			c.s32(int32(tc.x))
		} else {
			c.u32(uint32(tc.x))
		}
		if !bytes.Equal(c, tc.want) {
			t.Errorf("LEB128(%d, signed %v) = %x, want %x", tc.x, tc.signed, []byte(c), tc.want)
		}
	}
}

// checkJS runs under Node: it validates every module, then runs each kernel
// of the test modules on random panels against a float64 reference (every
// tile geometry, unrolled or not, with kc not a multiple of the unrolling)
// and the transposer against a plain loop, bit for bit.
const checkJS = `
const fs = require("fs");
if (!WebAssembly.validate(fs.readFileSync(process.argv[2] + "/gemm-relaxed.wasm"))) {
  require("v8").setFlagsFromString("--experimental-wasm-relaxed-simd");
}
const memory = new WebAssembly.Memory({ initial: 4 });
const f = new Float32Array(memory.buffer);
let failures = 0;
function fail(msg) { console.log(msg); failures++; }
for (const file of fs.readdirSync(process.argv[2]).filter((n) => n.endsWith(".wasm"))) {
  const bytes = fs.readFileSync(process.argv[2] + "/" + file);
  if (!WebAssembly.validate(bytes)) { fail(file + ": invalid"); continue; }
  if (file.includes("trampoline")) continue;
  const ex = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports;
  for (const [name, fn] of Object.entries(ex)) {
    const m = /^kernel(\d+)x(\d+)$/.exec(name);
    if (m) {
      const mr = +m[1], nr = +m[2];
      for (const kc of [1, 2, 3, 7, 64]) for (const acc of [0, 1]) {
        const a = 64, b = a + 4 * kc * mr, ldc = nr + 3, c = b + 4 * kc * nr;
        for (let i = 0; i < f.length; i++) f[i] = Math.random() * 2 - 1;
        const c0 = f.slice(c / 4, c / 4 + mr * ldc);
        fn(kc, a, b, c, ldc, acc);
        for (let i = 0; i < mr; i++) for (let j = 0; j < ldc; j++) {
          let s = 0, abs = 0;
          for (let p = 0; p < kc; p++) { const x = f[a / 4 + p * mr + i] * f[b / 4 + p * nr + j]; s += x; abs += Math.abs(x); }
          const got = f[c / 4 + i * ldc + j], old = c0[i * ldc + j];
          if (j >= nr) { if (got !== old) fail(file + " " + name + ": wrote outside the tile"); continue; }
          const want = acc ? old + s : s;
          if (!(Math.abs(got - want) <= (kc + 1) * 1.2e-7 * (abs + Math.abs(old)))) fail(file + " " + name + " kc " + kc + ": c[" + i + "][" + j + "] = " + got + ", want " + want);
        }
      }
    }
    const cm = /^copy(\d+)$/.exec(name);
    if (cm) {
      const r = +cm[1];
      for (const kc of [1, 3, 8]) {
        const ld = r + 5, src = 64, dst = src + 4 * kc * ld;
        for (let i = 0; i < f.length; i++) f[i] = Math.random();
        const d0 = f.slice(dst / 4, dst / 4 + kc * r + 8);
        fn(dst, src, ld, kc, 0, 0);
        for (let x = 0; x < kc * r + 8; x++) {
          const p = Math.floor(x / r), j = x % r;
          const want = x < kc * r ? f[src / 4 + p * ld + j] : d0[x];
          if (f[dst / 4 + x] !== want) fail(file + " " + name + " kc " + kc + ": dst[" + x + "] wrong");
        }
      }
    }
    if (name === "transpose") {
      for (const kc of [1, 4, 5, 7, 13]) for (const rows of [4, 8, 16]) {
        const ld = kc + 2, stride = rows + 4, src = 64, dst = src + 4 * rows * ld;
        for (let i = 0; i < f.length; i++) f[i] = Math.random();
        const d0 = f.slice(dst / 4, dst / 4 + kc * stride);
        fn(dst, src, ld, kc, stride, rows);
        for (let p = 0; p < kc; p++) for (let i = 0; i < stride; i++) {
          const want = i < rows ? f[src / 4 + i * ld + p] : d0[p * stride + i];
          if (f[dst / 4 + p * stride + i] !== want) fail(file + " transpose kc " + kc + " rows " + rows + ": dst[" + p + "][" + i + "] wrong");
        }
      }
    }
  }
}
process.exit(failures ? 1 : 0);
`

// TestModulesUnderNode checks the shipped modules and, to cover the
// generator's other geometries, test modules of several tiles.
func TestModulesUnderNode(t *testing.T) {
	if _, err := exec.LookPath("node"); err != nil {
		t.Skip("node not found")
	}
	dir := t.TempDir()
	for name, b := range files() {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	more := []tile{{MR: 4, NV: 2, Unroll: 4}, {MR: 3, NV: 3, Unroll: 2, Passes: 3}, {MR: 6, NV: 1, Unroll: 1}}
	for _, relaxed := range []bool{false, true} {
		name := "test-simd128.wasm"
		if relaxed {
			name = "test-relaxed.wasm"
		}
		if err := os.WriteFile(filepath.Join(dir, name), kernelModule(more, relaxed), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	script := filepath.Join(dir, "check.js")
	if err := os.WriteFile(script, []byte(checkJS), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("node", script, dir).CombinedOutput()
	if err != nil {
		t.Errorf("node: %v\n%s", err, strings.TrimSpace(string(out)))
	}
}
