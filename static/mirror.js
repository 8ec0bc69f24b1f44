// mirror.js: the glue between the page and the Go program (mirror.wasm).
// It starts the program, builds the controls from the settings table the
// program exports (there is no second list of settings here), shows status
// and errors, and relays messages with a parent page when embedded.
// window.mirror is the Go program's API (wasm/playground/bridge.go).
(() => {
  "use strict";
  const $ = (id) => document.getElementById(id);
  const embed = document.body.dataset.mode === "embed";
  const inFrame = window.parent !== window;
  const params = new URLSearchParams(location.search);
  let api = null;
  let lastPost = 0;
  let lastStatus = null;

  // ---- errors: shown on the page and in status().error, so nothing fails silently
  function fatal(msg) {
    window.mirrorError = msg;
    const el = $("error");
    if (el) { el.textContent = msg; el.hidden = false; }
    if (inFrame) parent.postMessage({ mirror: "status", status: { ...(lastStatus || {}), ready: false, running: false, error: msg } }, "*");
  }
  window.addEventListener("error", (e) => fatal("script error: " + (e.message || e)));
  window.addEventListener("unhandledrejection", (e) => fatal("error: " + (e.reason && e.reason.message || e.reason)));

  // Until the program runs, window.mirror answers status() only.
  window.mirror = {
    status: () => ({ ready: false, running: false, step: 0, stepsPerSec: 0, fps: 0, dataset: "", algo: "", seed: "",
      error: window.mirrorError || "", config: {} }),
  };

  let messageTimer = 0;
  function message(text, isError) {
    const el = $("message");
    if (!el) return;
    el.textContent = text || "";
    el.hidden = !text;
    el.classList.toggle("bad", !!isError);
    // Notices fade; a message about a bad setting stays until the next one.
    clearTimeout(messageTimer);
    if (text && !isError) messageTimer = setTimeout(() => { el.hidden = true; }, 6000);
  }

  window.mirrorGlue = {
    onReady(a) {
      api = a;
      buildControls();
      const initial = api.status();
      message(initial.message, !!initial.message);
    },
    onStatus(s, changed) {
      lastStatus = s;
      fixCanvas();
      render(s);
      const now = performance.now();
      if (inFrame && (changed || now - lastPost > 1000)) {
        lastPost = now;
        parent.postMessage({ mirror: "status", status: s }, "*");
      }
    },
    fatal,
  };

  // Ebiten's canvas takes tabindex 1, first in the tab order; the page's
  // keys work without focusing it, so Tab should reach the controls first.
  let canvasFixed = false;
  function fixCanvas() {
    if (canvasFixed) return;
    const c = document.querySelector("body > canvas");
    if (!c) return;
    c.tabIndex = -1;
    c.setAttribute("role", "img");
    c.setAttribute("aria-label", "the generator's samples, real images and training charts");
    canvasFixed = true;
  }

  // ---- start the program
  async function start() {
    if (!("WebAssembly" in window)) return fatal("this browser has no WebAssembly");
    const go = new Go();
    // The SIMD128 GEMM kernels (static/gemm.js, when the page includes it)
    // add their imports to go.importObject now and attach to the Go
    // instance before it runs; without them Go uses its portable kernel.
    let gemm = null;
    if (window.mirrorGemm) {
      try { gemm = await window.mirrorGemm.prepare(go); } catch (e) { console.warn("mirror: GEMM kernels not loaded:", e); }
    }
    let result;
    try {
      result = await WebAssembly.instantiateStreaming(fetch("mirror.wasm"), go.importObject);
    } catch (e) {
      // A host that sends the wrong Content-Type breaks streaming: try again from bytes.
      const resp = await fetch("mirror.wasm");
      if (!resp.ok) return fatal("mirror.wasm: HTTP " + resp.status);
      result = await WebAssembly.instantiate(await resp.arrayBuffer(), go.importObject);
    }
    if (gemm) gemm.attach(result.instance);
    const exit = go.exit;
    go.exit = (code) => { exit(code); if (code !== 0) fatal("the playground stopped (exit code " + code + "): see the console"); };
    await go.run(result.instance);
    if (!window.mirrorError) fatal("the playground stopped");
  }

  // ---- visibility: no training while the tab is hidden or an embed is off screen
  let offscreen = false;
  function updateHidden() {
    if (!api) return;
    api.setHidden(document.hidden || offscreen);
    // Frames may stop while hidden, so tell a parent page now.
    if (inFrame) parent.postMessage({ mirror: "status", status: api.status() }, "*");
  }
  document.addEventListener("visibilitychange", updateHidden);
  if ("IntersectionObserver" in window) {
    new IntersectionObserver((entries) => {
      offscreen = !entries[entries.length - 1].isIntersecting;
      updateHidden();
    }).observe(document.body);
  }

  // ---- a parent page may drive an embed
  window.addEventListener("message", (e) => {
    if (!api || e.source !== window.parent || !e.data || typeof e.data.mirror !== "string") return;
    switch (e.data.mirror) {
      case "play": api.play(); break;
      case "pause": api.pause(); break;
      case "reset": api.reset(); break;
      case "step": api.step(e.data.n || 1); break;
      case "status": break;
    }
  });

  // ---- keyboard: space play/pause, s step, r reset, n new seed
  document.addEventListener("keydown", (e) => {
    if (!api || e.ctrlKey || e.metaKey || e.altKey) return;
    const t = e.target;
    if (t && (t.tagName === "INPUT" || t.tagName === "SELECT" || t.tagName === "TEXTAREA" || t.tagName === "BUTTON")) return;
    const act = { " ": () => api.toggle(), s: () => api.step(1), r: () => api.reset(), n: () => api.newSeed() }[e.key];
    if (act) { e.preventDefault(); act(); }
  });

  // ---- controls, generated from api.fields()
  const inputs = {}; // name -> element
  const groups = [
    ["Data", ["data", "maze", "maze-size", "maze-pool", "maze-fresh"]],
    ["Algorithm", ["algo", "preset", "seed"]],
    ["Networks", ["hidden", "noise", "batch", "g-depth", "d-depth", "slope"]],
    ["Optimisers", ["lr-g", "lr-d", "beta1", "beta2"]],
    ["GAN tricks", ["noise-std", "anneal", "clip", "critic", "fresh-batch", "sigmoid", "g-loss", "smooth"]],
  ];

  function setting(name, value) {
    const msg = api.set({ [name]: value });
    message(msg, !!msg);
  }

  function control(f) {
    let el;
    if (f.kind === "enum") {
      el = document.createElement("select");
      for (const c of f.choices) el.append(new Option(c, c));
      el.addEventListener("change", () => setting(f.name, el.value));
    } else if (f.kind === "bool") {
      el = document.createElement("input");
      el.type = "checkbox";
      el.addEventListener("change", () => setting(f.name, String(el.checked)));
    } else {
      el = document.createElement("input");
      el.type = "text";
      el.inputMode = "decimal";
      el.spellcheck = false;
      el.addEventListener("change", () => setting(f.name, el.value.trim()));
    }
    el.id = "set-" + f.name;
    el.name = f.name;
    el.title = f.help + (f.kind === "number" ? " (" + f.min + ".." + f.max + "; empty: default)" : "");
    inputs[f.name] = el;
    const label = document.createElement("label");
    label.htmlFor = el.id;
    label.title = el.title;
    label.className = "field" + (f.live ? " live" : " reset");
    const name = document.createElement("span");
    name.textContent = f.name;
    const mark = document.createElement("span");
    mark.className = "mark";
    mark.textContent = f.live ? "live" : "↻";
    mark.title = f.live ? "changes while training" : "needs new networks (training restarts)";
    label.append(name, mark, el);
    return label;
  }

  function button(id, text, title, onclick) {
    const b = document.createElement("button");
    b.id = id;
    b.type = "button";
    b.textContent = text;
    b.title = title;
    b.addEventListener("click", onclick);
    return b;
  }

  function speedControl() {
    const el = document.createElement("select");
    el.id = "set-speed";
    el.title = "training steps per frame; auto trains for a fixed time each frame";
    for (const v of ["auto", "1", "2", "5", "10", "20", "50"]) el.append(new Option(v === "auto" ? "speed: auto" : v + " step/frame", v));
    el.addEventListener("change", () => setting("speed", el.value));
    inputs.speed = el;
    return el;
  }

  function download(name, mime, data) {
    if (typeof data === "string" && mime !== "text/csv") return message(data, true);
    const url = URL.createObjectURL(new Blob([data], { type: mime }));
    const a = document.createElement("a");
    a.href = url;
    a.download = name;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  function buildControls() {
    const fields = api.fields();
    const byName = Object.fromEntries(fields.map((f) => [f.name, f]));
    const bar = $("buttons");
    const shown = embed ? embedControls() : null;
    const want = (c) => !shown || shown.includes(c);
    if (want("play")) bar.append(button("play", "▶ play", "play or pause (space)", () => api.toggle()));
    if (want("step")) bar.append(button("step", "step", "one generator step (s)", () => api.step(1)));
    if (want("reset")) bar.append(button("reset", "reset", "new networks, same seed (r)", () => message(api.reset(), false)));
    if (want("seed")) bar.append(button("new-seed", "new seed", "new networks, new seed (n)", () => message(api.newSeed(), false)));
    if (want("speed")) bar.append(speedControl());
    if (embed) {
      for (const name of ["data", "algo", "preset"]) if (want(name)) bar.append(control(byName[name]));
      const open = document.createElement("a");
      open.id = "open-full";
      open.textContent = "open ↗";
      open.target = "_blank";
      open.title = "open this configuration in the full playground";
      bar.append(open);
      return;
    }
    const form = $("settings");
    for (const [title, names] of groups) {
      const fs = document.createElement("fieldset");
      const lg = document.createElement("legend");
      lg.textContent = title;
      fs.append(lg);
      for (const n of names) if (byName[n]) fs.append(control(byName[n]));
      form.append(fs);
    }
    const ex = $("exports");
    ex.append(
      button("export-png", "samples PNG", "the sample grid as a PNG image", () => download("mirror-samples.png", "image/png", api.exportPNG())),
      button("export-csv", "metrics CSV", "every recorded step's figures", () => download("mirror-metrics.csv", "text/csv", api.exportCSV())),
      button("export-ckpt", "checkpoint", "the whole training state", () => download("mirror.ckpt", "application/octet-stream", api.exportCheckpoint())),
    );
    const file = $("import");
    file.addEventListener("change", async () => {
      if (!file.files.length) return;
      const bytes = new Uint8Array(await file.files[0].arrayBuffer());
      const msg = api.loadCheckpoint(bytes);
      message(msg || "checkpoint loaded", !!msg);
      file.value = "";
    });
  }

  function embedControls() {
    const c = params.get("controls") || "play,step,reset,seed";
    if (c === "none") return [];
    if (c === "all") return ["play", "step", "reset", "seed", "speed", "data", "algo", "preset"];
    return c.split(",");
  }

  function render(s) {
    const q = new URLSearchParams(s.query);
    for (const [name, el] of Object.entries(inputs)) {
      if (el === document.activeElement) continue;
      if (name === "speed") { el.value = s.speed; continue; }
      const v = s.config[name];
      if (el.type === "checkbox") el.checked = v === "true";
      else if (el.tagName === "SELECT") el.value = v;
      else { el.placeholder = v; el.value = q.has(name) && name !== "seed" ? q.get(name) : (name === "seed" ? v : ""); }
    }
    const hide = s.dataset !== "mazes";
    for (const n of ["maze", "maze-size", "maze-pool", "maze-fresh"]) if (inputs[n]) inputs[n].parentElement.hidden = hide;
    const play = $("play");
    if (play) play.textContent = s.running ? "❚❚ pause" : "▶ play";
    const stats = $("stats");
    if (stats) {
      stats.textContent = `step ${s.step} · ${s.stepsPerSec.toFixed(1)} steps/s · ${s.fps.toFixed(0)} fps · gemm ${s.kernel}` +
        (s.firstSamplesMs ? ` · first samples ${(s.firstSamplesMs / 1000).toFixed(2)} s` : "");
    }
    const open = $("open-full");
    if (open) open.href = "index.html?" + s.query;
    if (s.error) { const el = $("error"); el.textContent = s.error; el.hidden = false; }
    else if (!window.mirrorError) $("error").hidden = true;
    if (s.message !== lastMessage) { lastMessage = s.message; message(s.message, /want|unknown|fail|not loaded|malformed/.test(s.message)); }
  }
  let lastMessage = "";

  message("loading the playground…", false);
  start().catch((e) => fatal("could not start: " + (e && e.message || e)));
})();
