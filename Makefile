# Mirror: a GAN playground. `make run` serves the playground, `make test` runs every test.
GO        ?= go
GOROOT    := $(shell $(GO) env GOROOT)
WASM_EXEC := $(GOROOT)/lib/wasm/go_js_wasm_exec
WASMENV   := GOOS=js GOARCH=wasm

.PHONY: test vet test-native test-wasm

test: vet test-native test-wasm

vet:
	$(GO) vet ./...
	$(WASMENV) $(GO) vet ./...

test-native:
	$(GO) test ./...

# The engine compiled to WebAssembly, run under Node.
test-wasm:
	$(WASMENV) $(GO) test -exec="$(WASM_EXEC)" ./engine/...
