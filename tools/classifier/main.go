//go:build !js

// Command classifier trains the MNIST classifier behind Mirror's digit
// metrics (mirror/engine/metrics) on the full 60,000 training images with
// Mirror's own engine, reports its accuracy on the 10,000 test images and
// writes the weights file that the metrics package bundles. The same seed and
// flags give the same file on the same GEMM kernel; the bundled file was made
// with the portable kernel, which any machine has, in under a minute of CPU:
//
//	go run -tags purego ./tools/classifier -out engine/metrics/classifier.bin -seed 1
//
// (The SIMD kernels train as well, several times faster, but sum in another
// order and so write other bytes.)
package main

import (
	"bytes"
	"flag"
	"fmt"
	"log"
	"os"
	"time"

	"mirror/engine/data/mnist"
	"mirror/engine/gemm"
	"mirror/engine/metrics"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("classifier: ")
	var cfg metrics.TrainConfig
	out := flag.String("out", "engine/metrics/classifier.bin", "weights file to write")
	dir := flag.String("dir", "", "directory of MNIST's gzipped IDX files (default: the GoMNIST module's)")
	flag.Uint64Var(&cfg.Seed, "seed", 1, "seed of the initial weights and the sample order")
	flag.IntVar(&cfg.Epochs, "epochs", 0, "passes over the 60,000 training images (0: the default, 10)")
	flag.IntVar(&cfg.Batch, "batch", 0, "minibatch size (0: the default, 100)")
	flag.Float64Var(&cfg.LearningRate, "lr", 0, "Adam's initial learning rate, decayed linearly to 0 (0: the default, 2e-3)")
	flag.Parse()

	if *dir == "" {
		d, err := mnist.ModuleDir()
		if err != nil {
			log.Fatal(err)
		}
		*dir = d
	}
	train, test, err := mnist.ReadDir(*dir)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("training on %d images, testing on %d, GEMM kernel %s\n", train.Len(), test.Len(), gemm.KernelName())
	start := time.Now()
	c, err := metrics.TrainClassifier(train, cfg, func(r metrics.EpochReport) {
		fmt.Printf("epoch %d/%d  loss %.4f  train accuracy %.2f%%  %s\n",
			r.Epoch, r.Epochs, r.Loss, 100*r.Accuracy, time.Since(start).Round(time.Second))
	})
	if err != nil {
		log.Fatal(err)
	}
	acc, err := c.Accuracy(test)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("test accuracy %.2f%% on %d images\n", 100*acc, test.Len())
	var buf bytes.Buffer
	if err := c.Encode(&buf); err != nil {
		log.Fatal(err)
	}
	// The file stores the weights quantised: report what the meter will run.
	stored, err := metrics.DecodeClassifier(buf.Bytes())
	if err != nil {
		log.Fatal(err)
	}
	if acc, err = stored.Accuracy(test); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("test accuracy of the stored (quantised) weights %.2f%%\n", 100*acc)
	if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s: %d parameters, %d bytes\n", *out, c.NumParams(), buf.Len())
}
