// run.js runs a Go program compiled to js/wasm under Node, like Go's
// lib/wasm/wasm_exec_node.js, but with the GEMM kernel modules of
// static/gemm.js attached, so that engine/gemm runs its SIMD kernels.
// Use it through the go_js_wasm_exec wrapper beside it:
//
//   GOOS=js GOARCH=wasm go test -exec=$PWD/tools/wasmrun/go_js_wasm_exec ./engine/gemm
//
// Environment:
//   GOROOT             where lib/wasm/wasm_exec.js is (the wrapper sets it)
//   MIRROR_GEMM_DIR    the folder of the .wasm kernels written by tools/wasmkernel
//   MIRROR_GEMM        auto (default: relaxed where Node accepts it, else
//                      simd128), simd128, or off (the portable kernel)
//   WASMRUN_CPU        if set, print the process's CPU and wall seconds to
//                      stderr at exit: on a shared machine, work per CPU
//                      second says more than work per wall second
//
// Unless MIRROR_GEMM is off, failing to load the kernels is an error here
// (in the page it only means the portable kernel runs). The Go program sees
// MIRROR_GEMM set to what was loaded: relaxed, simd128 or off.
"use strict";

const fs = require("fs");
const path = require("path");

if (process.argv.length < 3) {
  console.error("usage: go_js_wasm_exec program.wasm [arguments]");
  process.exit(1);
}

// The globals wasm_exec.js expects, as wasm_exec_node.js sets them.
globalThis.require = require;
globalThis.fs = fs;
globalThis.path = path;
globalThis.TextEncoder = require("util").TextEncoder;
globalThis.TextDecoder = require("util").TextDecoder;
globalThis.performance ??= require("perf_hooks").performance;
globalThis.crypto ??= require("crypto");

if (!process.env.GOROOT) {
  console.error("wasmrun: GOROOT is not set: run through go_js_wasm_exec");
  process.exit(1);
}
require(path.join(process.env.GOROOT, "lib", "wasm", "wasm_exec.js"));
const mirrorGemm = require(path.join(__dirname, "..", "..", "static", "gemm.js"));

async function main() {
  const dir = process.env.MIRROR_GEMM_DIR || path.join(__dirname, "..", "..", "build", "wasmkernel");
  let mode = process.env.MIRROR_GEMM || "auto";
  if (mode === "auto") {
    // Node 20 (V8 11.3) has relaxed SIMD behind a flag; later versions by default.
    const relaxed = path.join(dir, "gemm-relaxed.wasm");
    if (fs.existsSync(relaxed) && !WebAssembly.validate(fs.readFileSync(relaxed))) {
      require("v8").setFlagsFromString("--experimental-wasm-relaxed-simd");
    }
  }

  const go = new Go();
  go.argv = process.argv.slice(2);
  go.exit = process.exit;
  const gemm = await mirrorGemm.prepare(go, {
    mode,
    load: async (name) => fs.readFileSync(path.join(dir, name)),
  });
  const { instance } = await WebAssembly.instantiate(fs.readFileSync(process.argv[2]), go.importObject);
  gemm.attach(instance);
  const loaded = gemm.kernels();
  if (mode !== "off" && !loaded.includes("simd128")) {
    throw new Error(`wasmrun: GEMM kernels not loaded from ${dir}: run \`go run ./tools/wasmkernel -out ${dir}\` or set MIRROR_GEMM=off`);
  }
  go.env = Object.assign({ TMPDIR: require("os").tmpdir() }, process.env, {
    MIRROR_GEMM: mode === "off" ? "off" : loaded.split("+")[0],
  });

  process.on("exit", (code) => { // Node exits if no event handler is pending
    if (process.env.WASMRUN_CPU) {
      const cpu = process.cpuUsage();
      console.error(`wasmrun: cpu ${((cpu.user + cpu.system) / 1e6).toFixed(3)} s, wall ${(performance.now() / 1e3).toFixed(3)} s`);
    }
    if (code === 0 && !go.exited) {
      // deadlock: make Go print the error and stack traces
      go._pendingEvent = { id: 0 };
      go._resume();
    }
  });
  await go.run(instance);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
