// Command mazes writes generated mazes as a PNG grid and as an IDX3 file
// (pixels 0 = wall, 255 = open), the format of MNIST's images.
//
//	go run ./tools/mazes -n 64 -seed 1 -algo dfs -size 28 -png mazes.png -idx mazes.idx
//
// Maze k is carved from an RNG seeded by (seed, k), the same mazes as the
// training pool of that seed (maze.NewPool).
package main

import (
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"log"
	"math"
	"os"

	"mirror/engine/data"
	"mirror/engine/data/maze"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("mazes: ")
	if err := run(os.Args[1:], os.Stdout); err != nil {
		log.Fatal(err)
	}
}

func run(args []string, stdout io.Writer) error {
	flags := flag.NewFlagSet("mazes", flag.ContinueOnError)
	n := flags.Int("n", 64, "number of mazes")
	seed := flags.Uint64("seed", 1, "random seed")
	algo := flags.String("algo", "dfs", "generator: dfs, kruskal, prim or wilson")
	size := flags.Int("size", maze.DefaultSide, "image side in pixels: even, 4..256 (cells per row = side/2)")
	pngPath := flags.String("png", "", "write the mazes as a PNG grid to this file")
	idxPath := flags.String("idx", "", "write the mazes as an IDX3 ubyte file to this file")
	scale := flags.Int("scale", 4, "PNG pixels per maze pixel")
	if err := flags.Parse(args); err != nil {
		return err
	}
	a, err := maze.ParseAlgorithm(*algo)
	if err != nil {
		return err
	}
	if *n < 1 || *scale < 1 {
		return fmt.Errorf("-n %d -scale %d: want both ≥ 1", *n, *scale)
	}
	if *pngPath == "" && *idxPath == "" {
		return fmt.Errorf("nothing to write: give -png and/or -idx")
	}
	set, err := maze.NewPool(maze.Config{Algorithm: a, Side: *size, Pool: *n, Seed: *seed})
	if err != nil {
		return err
	}
	if *idxPath != "" {
		pixels := make([]uint8, len(set.Pixels))
		for i, p := range set.Pixels {
			pixels[i] = p * 255
		}
		if err := write(*idxPath, func(f *os.File) error {
			return data.WriteIDX(f, []int{*n, *size, *size}, pixels)
		}); err != nil {
			return err
		}
	}
	if *pngPath != "" {
		if err := write(*pngPath, func(f *os.File) error { return png.Encode(f, grid(set, *scale)) }); err != nil {
			return err
		}
	}
	fmt.Fprintf(stdout, "%d %s mazes of side %d, seed %d\n", *n, a, *size, *seed)
	return nil
}

// grid tiles the mazes in a near-square grid on grey, so each maze's walls show.
func grid(set *data.Images, scale int) *image.Gray {
	side, n := set.Side, set.Len()
	cols := int(math.Ceil(math.Sqrt(float64(n))))
	rows := (n + cols - 1) / cols
	step := side*scale + scale
	img := image.NewGray(image.Rect(0, 0, cols*step-scale, rows*step-scale))
	for i := range img.Pix {
		img.Pix[i] = 128
	}
	for k := 0; k < n; k++ {
		x0, y0 := (k%cols)*step, (k/cols)*step
		for y := 0; y < side*scale; y++ {
			for x := 0; x < side*scale; x++ {
				v := set.Pixels[k*side*side+(y/scale)*side+x/scale] * 255
				img.SetGray(x0+x, y0+y, color.Gray{v})
			}
		}
	}
	return img
}

func write(path string, fill func(*os.File) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := fill(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
