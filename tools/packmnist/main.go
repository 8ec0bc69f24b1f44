//go:build !js

// Command packmnist (native only) writes the MNIST subset Mirror bundles
// (engine/data/mnist/subset.bin) from the full set in the GoMNIST module.
// It is deterministic: run it again and the file is byte for byte the same.
// Run it from the repository root (the default -out is relative to it).
//
//	go run ./tools/packmnist                 # rewrite the bundled file
//	go run ./tools/packmnist -png cmp.png    # also draw originals beside their quantised copies
package main

import (
	"bytes"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"log"
	"os"

	"mirror/engine/data"
	"mirror/engine/data/mnist"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("packmnist: ")
	dir := flag.String("dir", "", "directory of MNIST's gzipped IDX files (default: the GoMNIST module's)")
	out := flag.String("out", "engine/data/mnist/subset.bin", "file to write")
	train := flag.Int("train", mnist.TrainPerDigit, "training images per digit")
	test := flag.Int("test", mnist.TestPerDigit, "held-out images per digit, from the test file")
	levels := flag.Int("levels", mnist.SubsetLevels, "max pixel level after quantisation (255 keeps the originals)")
	compare := flag.String("png", "", "if set, write a PNG of the first 100 training images: originals left, quantised right")
	flag.Parse()

	if *dir == "" {
		d, err := mnist.ModuleDir()
		if err != nil {
			log.Fatal(err)
		}
		*dir = d
	}
	fullTrain, fullTest, err := mnist.ReadDir(*dir)
	if err != nil {
		log.Fatal(err)
	}
	subset, err := mnist.Pack(fullTrain, fullTest, *train, *test, *levels)
	if err != nil {
		log.Fatal(err)
	}
	var buf bytes.Buffer
	if err := mnist.Encode(&buf, subset); err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s: %d training + %d held-out images, %d levels, %d bytes\n", *out, subset.Train.Len(), subset.Test.Len(), *levels+1, buf.Len())
	if *compare != "" {
		original, err := mnist.Balanced(fullTrain, *train)
		if err != nil {
			log.Fatal(err)
		}
		if err := writeComparison(*compare, original, subset.Train, 100); err != nil {
			log.Fatal(err)
		}
	}
}

// writeComparison draws n images of a and b as two 10-wide grids side by side, 4× enlarged.
func writeComparison(path string, a, b *data.Images, n int) error {
	const scale, cols = 4, 10
	side := a.Side
	rows := (n + cols - 1) / cols
	w, h := 2*cols*side*scale+scale*side, rows*side*scale
	img := image.NewGray(image.Rect(0, 0, w, h))
	for k, set := range []*data.Images{a, b} {
		x0 := k * (cols*side*scale + scale*side)
		for i := 0; i < n; i++ {
			for y := 0; y < side*scale; y++ {
				for x := 0; x < side*scale; x++ {
					p := set.Pixels[i*side*side+(y/scale)*side+x/scale]
					v := uint8(int(p) * 255 / set.MaxLevel)
					img.SetGray(x0+(i%cols)*side*scale+x, (i/cols)*side*scale+y, color.Gray{v})
				}
			}
		}
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := png.Encode(f, img); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
