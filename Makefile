# Mirror: a GAN playground. `make run` serves the playground, `make test` runs every test.
GO        ?= go
GOROOT    := $(shell $(GO) env GOROOT)
WASM_EXEC := $(GOROOT)/lib/wasm/go_js_wasm_exec
WASMENV   := GOOS=js GOARCH=wasm
# Node runner with the WebAssembly GEMM kernels (tools/wasmrun), and where
# tools/wasmkernel writes the kernel modules for it.
WASMRUN   := $(CURDIR)/tools/wasmrun/go_js_wasm_exec
WASMKERNEL_DIR := build/wasmkernel

.PHONY: test vet test-native test-wasm test-browser site run dist measure

test: vet test-native test-wasm test-browser

vet:
	$(GO) vet ./...
	$(WASMENV) $(GO) vet ./...

# Everything but the browser tests, natively.
# The engine again with -tags purego: the portable kernel, whose golden-run
# tests must give the same bits as under WebAssembly (test-wasm).
test-native:
	$(GO) test $$($(GO) list ./... | grep -v /wasm/e2e)
	$(GO) test -tags purego ./engine/...

# The engine compiled to WebAssembly, run under Node: with the SIMD kernel
# modules (every wasm build of engine/gemm imports them), and with purego.
test-wasm: wasmkernel
	$(WASMENV) $(GO) test -exec="$(WASMRUN)" ./engine/...
	$(WASMENV) $(GO) test -tags purego -exec="$(WASM_EXEC)" ./engine/...

# The WebAssembly SIMD128 GEMM kernels, encoded from tools/wasmkernel.
.PHONY: wasmkernel bench-wasm
wasmkernel:
	$(GO) run ./tools/wasmkernel -out $(WASMKERNEL_DIR)

# tools/bench compiled to WebAssembly, under Node with the kernels:
#   make bench-wasm ARGS='-algo gan -hidden 512 -noise 10 -batch 128 -seconds 5 -json'
bench-wasm: wasmkernel
	$(WASMENV) $(GO) build -o build/bench.wasm ./tools/bench
	$(WASMRUN) build/bench.wasm $(ARGS)

# The playground in headless Chromium (wasm/e2e builds build/site first;
# .ci/run installs Chromium). Screenshots go to build/artifacts/.
test-browser:
	$(GO) test -count=1 -timeout 20m ./wasm/e2e

# The playground: mirror.wasm, wasm_exec.js from this Go, and static/, in build/site.
site:
	$(GO) run ./tools/dist -out build/site

# Build and serve the playground on 127.0.0.1:$${PORT:-8080}.
run: site
	$(GO) run ./tools/serve -dir build/site

# A folder for any static host, with precompressed .gz and .br twins.
dist:
	$(GO) run ./tools/dist -out dist -compress

# Transfer sizes, time to first samples, fps and steps/s in headless Chromium.
measure: dist
	MIRROR_SITE=$(CURDIR)/dist MIRROR_MEASURE=1 $(GO) test -count=1 -timeout 20m -run Measure -v ./wasm/e2e
