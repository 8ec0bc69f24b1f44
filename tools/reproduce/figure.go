package main

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/image/font"
	"golang.org/x/image/font/basicfont"
	"golang.org/x/image/math/fixed"

	"mirror/tools/train/runner"
)

// Figure lays out the training images and each variant's final sample grid
// side by side, each under a label: the algorithm and its headline metric,
// or why it stopped.
func Figure(outcomes []Outcome) (image.Image, error) {
	type panel struct {
		title, note string
		grid        image.Image
	}
	var panels []panel
	for _, o := range outcomes {
		if real, err := readPNG(filepath.Join(o.Dir, runner.RealPNG)); err == nil {
			panels = append(panels, panel{"real", "training images", real})
			break
		}
	}
	for _, o := range outcomes {
		grid, err := readPNG(filepath.Join(o.Dir, runner.SamplesPNG))
		if err != nil {
			return nil, fmt.Errorf("%s: %v", o.Algo, err)
		}
		panels = append(panels, panel{o.Algo, headline(o), grid})
	}

	const pad, titleScale, noteScale, lineHeight = 12, 3, 2, 13
	labelHeight := lineHeight*(titleScale+noteScale) + pad
	w, h := pad, 0
	for _, p := range panels {
		b := p.grid.Bounds()
		w += b.Dx() + pad
		h = max(h, b.Dy())
	}
	h += labelHeight + 2*pad
	img := image.NewGray(image.Rect(0, 0, w, h))
	draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
	x := pad
	for _, p := range panels {
		b := p.grid.Bounds()
		drawText(img, x, pad, p.title, titleScale)
		drawText(img, x, pad+lineHeight*titleScale+4, p.note, noteScale)
		draw.Draw(img, image.Rect(x, pad+labelHeight, x+b.Dx(), pad+labelHeight+b.Dy()), p.grid, b.Min, draw.Src)
		x += b.Dx() + pad
	}
	return img, nil
}

// headline is the one-line summary under a variant's grid.
func headline(o Outcome) string {
	if o.Err != nil {
		return fmt.Sprintf("stopped at step %d", o.Result.Steps)
	}
	m := o.Result.Metrics
	if _, ok := m["digits_covered"]; ok {
		return fmt.Sprintf("%d steps, %.0f digits, FD %.0f", o.Result.Steps, m["digits_covered"], m["frechet"])
	}
	if _, ok := m["maze_valid"]; ok {
		return fmt.Sprintf("%d steps, %.0f%% valid mazes", o.Result.Steps, 100*m["maze_valid"])
	}
	return fmt.Sprintf("%d steps", o.Result.Steps)
}

// drawText writes s in black with its top-left corner at (x, y), in the
// 7×13 fixed font magnified scale times.
func drawText(dst *image.Gray, x, y int, s string, scale int) {
	face := basicfont.Face7x13
	width := font.MeasureString(face, s).Ceil()
	small := image.NewGray(image.Rect(0, 0, width, 13))
	draw.Draw(small, small.Bounds(), image.White, image.Point{}, draw.Src)
	d := font.Drawer{Dst: small, Src: image.NewUniform(color.Black), Face: face, Dot: fixed.P(0, face.Ascent)}
	d.DrawString(s)
	for sy := 0; sy < 13*scale; sy++ {
		for sx := 0; sx < width*scale; sx++ {
			if p := image.Pt(x+sx, y+sy); p.In(dst.Bounds()) {
				dst.SetGray(p.X, p.Y, small.GrayAt(sx/scale, sy/scale))
			}
		}
	}
}

func readPNG(path string) (image.Image, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return png.Decode(f)
}

// Table is the outcomes as aligned text, for the terminal.
func Table(outcomes []Outcome) string {
	rows := tableRows(outcomes)
	widths := make([]int, len(rows[0]))
	for _, r := range rows {
		for i, c := range r {
			widths[i] = max(widths[i], len([]rune(c)))
		}
	}
	var b strings.Builder
	for _, r := range rows {
		for i, c := range r {
			fmt.Fprintf(&b, "%-*s  ", widths[i], c)
		}
		b.WriteString("\n")
	}
	return b.String()
}
