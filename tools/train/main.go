// Command train trains one of the post's four GANs on MNIST or mazes and
// writes sample grids, a metrics history (CSV and plot), a checkpoint, the
// final samples (IDX) and the final metrics (JSON) into a directory:
//
//	go run ./tools/train -data mnist -algo wgan-noise -preset post -steps 20000 -seed 1 -out runs/wgan-noise
//	go run ./tools/train -resume runs/wgan-noise/checkpoint.mirror -steps 40000 -out runs/wgan-noise
//
// Every setting of train.Fields is a flag (go run ./tools/train -h lists them).
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
