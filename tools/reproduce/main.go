// Command reproduce reproduces the post: it trains its four algorithms (gan,
// gan-noise, wgan, wgan-noise) from the same seed on the same data, each with
// tools/train's outputs in DIR/<algo>/, then writes DIR/comparison.png (the
// real images and one labelled sample grid per algorithm, side by side) and
// DIR/comparison.md (a table of their metrics):
//
//	go run ./tools/reproduce -data mnist -preset post -steps 20000 -seed 1 -out runs/post
//
// The variants train concurrently, -parallel at a time (default: one per
// CPU). Every setting of train.Fields but -algo is a flag shared by all four.
package main

import (
	"context"
	"os"
	"os/signal"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
