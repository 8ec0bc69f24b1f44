// gemm.js: loads Mirror's WebAssembly SIMD GEMM kernels for the Go program.
//
// engine/gemm, compiled to js/wasm, imports its micro-kernels from the module
// "mirror_gemm" (see engine/gemm/simd_wasm.go). The kernels are small
// separate modules written by tools/wasmkernel (Go emits no SIMD for wasm):
//
//   gemm-simd128.wasm     f32x4 multiply and add, the packing functions, and
//                         engine/nn's elementwise loops (optimizers, clipping,
//                         sums of squares, activations, BatchNorm), which
//                         engine/nn/simd_wasm.go imports from mirror_gemm too
//   gemm-relaxed.wasm     f32x4.relaxed_madd, used where the runtime accepts it
//   gemm-trampoline.wasm  a table of kernels and one forwarding function each
//
// A kernel module imports the Go instance's memory, so it can only be
// instantiated after the Go instance, which needs "mirror_gemm" at its own
// instantiation. The Go instance therefore imports the trampoline's
// functions, and attach() puts the kernels into the trampoline's table once
// the Go instance exists — before go.run, whose init functions ask
// mirror_gemm.available() which kernels there are. Calls go from Go's code
// to the kernel without passing through JavaScript.
//
// Use, in the page or in Node (tools/wasmrun):
//
//   const gemm = await mirrorGemm.prepare(go);          // before instantiating Go
//   const { instance } = await WebAssembly.instantiateStreaming(fetch("mirror.wasm"), go.importObject);
//   gemm.attach(instance);                               // before go.run
//   go.run(instance);
//
// Whatever fails to load (no SIMD, a missing file), the Go program still
// instantiates and runs with the portable kernel: available() reports only
// the kernels that were instantiated.
(function (global) {
  "use strict";

  const SIMD128 = 1; // bits of available(), as in simd_wasm.go
  const RELAXED = 2;

  // fetchBytes loads a file next to the page; null when it cannot.
  async function fetchBytes(name) {
    try {
      const base = global.document ? global.document.baseURI : global.location.href;
      const response = await fetch(new URL(name, base));
      return response.ok ? new Uint8Array(await response.arrayBuffer()) : null;
    } catch (err) {
      return null;
    }
  }

  async function compile(bytes) {
    if (!bytes || !WebAssembly.validate(bytes)) {
      return null;
    }
    return WebAssembly.compile(bytes);
  }

  // prepare adds the "mirror_gemm" imports to go.importObject and resolves
  // to { attach(instance), kernels() }.
  //
  // options.load(name): resolves to a file's bytes or null (default: fetch
  //   next to the page).
  // options.mode: "auto" (relaxed where accepted, else simd128), "simd128"
  //   (never relaxed) or "off" (no kernel module: the portable kernel runs).
  async function prepare(go, options = {}) {
    const load = options.load || fetchBytes;
    const mode = options.mode || "auto";
    if (!["auto", "simd128", "off"].includes(mode)) {
      throw new Error(`mirrorGemm: mode ${JSON.stringify(mode)}: want "auto", "simd128" or "off"`);
    }

    let available = 0;
    let trampoline = null;
    const modules = []; // [bit, compiled kernel module]
    if (mode !== "off") {
      const [t, plain, relaxed] = await Promise.all([
        load("gemm-trampoline.wasm").then(compile).catch(() => null),
        load("gemm-simd128.wasm").then(compile).catch(() => null),
        mode === "auto" ? load("gemm-relaxed.wasm").then(compile).catch(() => null) : null,
      ]);
      if (t) {
        trampoline = new WebAssembly.Instance(t, {});
        if (plain) modules.push([SIMD128, plain]);
        if (relaxed) modules.push([RELAXED, relaxed]);
      }
    }

    // Every function Go imports from mirror_gemm must exist, loaded or not:
    // kernels that did not load are stubs, never called since available()
    // leaves their bit clear.
    const provided = { available: () => available };
    const slots = []; // the trampoline's function names, by table slot
    if (trampoline) {
      for (const [name, value] of Object.entries(trampoline.exports)) {
        if (typeof value === "function") {
          provided[name] = value;
          slots.push(name);
        }
      }
    }
    go.importObject.mirror_gemm = new Proxy(provided, {
      get: (target, name) => target[name] || (() => {
        throw new Error(`mirrorGemm: ${String(name)} called but not loaded`);
      }),
    });

    return {
      // attach instantiates the kernel modules against the Go instance's
      // memory and fills the trampoline's table. Call it before go.run.
      attach(instance) {
        const imports = { env: { memory: instance.exports.mem } };
        const table = trampoline && trampoline.exports.kernels;
        for (const [bit, module] of modules) {
          try {
            const kernels = new WebAssembly.Instance(module, imports).exports;
            const prefix = bit === RELAXED ? "relaxed_" : "simd128_";
            // The trampoline exports its functions in the order of their slots.
            slots.forEach((name, slot) => {
              if (name.startsWith(prefix)) {
                table.set(slot, kernels[name.slice(prefix.length)]);
              }
            });
            available |= bit;
          } catch (err) {
            console.warn(`mirrorGemm: kernel module not usable: ${err}`);
          }
        }
      },
      // kernels names what attach instantiated: "relaxed+simd128", "simd128" or "none".
      kernels() {
        const names = [];
        if (available & RELAXED) names.push("relaxed");
        if (available & SIMD128) names.push("simd128");
        return names.join("+") || "none";
      },
    };
  }

  const api = { prepare };
  global.mirrorGemm = api;
  if (typeof module !== "undefined" && module.exports) {
    module.exports = api;
  }
})(globalThis);
