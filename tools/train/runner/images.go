package runner

import (
	"image"
	"image/png"
	"io"
	"math"

	"mirror/engine/data"
)

// Grid lays out n images [n × side²] (values in [0,1]) in rows of cols,
// each pixel drawn as a scale×scale block, with a gap of scale pixels of
// mid-grey between and around images so that black digits and walls stay
// distinguishable from the border.
func Grid(images []float32, n, side, cols, scale int) *image.Gray {
	rows := (n + cols - 1) / cols
	cell := (side + 1) * scale
	w, h := cols*cell+scale, rows*cell+scale
	img := image.NewGray(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = 128
	}
	for k := 0; k < n; k++ {
		x0, y0 := (k%cols)*cell+scale, (k/cols)*cell+scale
		for y := 0; y < side*scale; y++ {
			row := img.Pix[(y0+y)*img.Stride+x0:]
			src := images[k*side*side+(y/scale)*side:]
			for x := 0; x < side*scale; x++ {
				row[x] = Level(src[x/scale])
			}
		}
	}
	return img
}

// Level maps a pixel value in [0,1] to a byte: round(255·x), clamped.
func Level(x float32) uint8 {
	v := math.Round(255 * float64(x))
	switch {
	case !(v > 0): // also NaN
		return 0
	case v > 255:
		return 255
	}
	return uint8(v)
}

// WritePNG encodes img as a PNG.
func WritePNG(w io.Writer, img image.Image) error { return png.Encode(w, img) }

// WriteIDX writes n images [n × side²] (values in [0,1]) as an IDX3 file of
// unsigned bytes (MNIST's format), each pixel round(255·x).
func WriteIDX(w io.Writer, images []float32, n, side int) error {
	levels := make([]uint8, n*side*side)
	for i := range levels {
		levels[i] = Level(images[i])
	}
	return data.WriteIDX(w, []int{n, side, side}, levels)
}
