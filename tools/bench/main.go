// Command bench times training steps of one configuration on random images
// and reports steps/s, GFLOP/s (train.StepFLOPs) and allocations per step:
//
//	go run ./tools/bench -algo gan -hidden 512 -noise 10 -batch 128 -seconds 10 [-json]
//
// It runs natively and, unchanged, as WebAssembly under Node (make bench-wasm):
//
//	GOOS=js GOARCH=wasm go run -exec="$(go env GOROOT)/lib/wasm/go_js_wasm_exec" ./tools/bench -algo gan ...
//
// Every training setting of train.Fields is a flag, except the data ones.
package main

import "os"

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }
