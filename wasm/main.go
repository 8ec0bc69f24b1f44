//go:build js && wasm

// Command wasm is Mirror's playground compiled to WebAssembly: the page
// (static/) loads it, and it trains the GAN in the tab while Ebiten draws.
package main

import "mirror/wasm/playground"

func main() { playground.Run(playground.NewMetricsMeter()) }
