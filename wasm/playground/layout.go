package playground

import "math"

// Rect is a rectangle in the canvas's logical pixels.
type Rect struct{ X, Y, W, H float32 }

// Layout places the panels of the canvas. The full layout has four charts
// beside the images; the compact one (for an embed) has the losses and the
// meter.
type Layout struct {
	W, H    int    // logical canvas size
	Images  Rect   // the sample grid and the real strip, side by side
	Charts  []Rect // loss, D outputs, Wasserstein estimate (full layout only)
	Meter   Rect   // mode-collapse meter
	Status  Rect   // one line of text
	Compact bool
}

// Chart kinds, in the order of Layout.Charts.
const (
	ChartLoss = iota
	ChartD
	ChartWasserstein
)

// NewLayout returns the full or the compact layout for a canvas whose
// height is aspect times its width: the logical width is fixed, the height
// follows the canvas within limits, so the pictures fill the space.
func NewLayout(compact bool, aspect float64) Layout {
	if compact {
		w := 640
		h := clampInt(int(math.Round(float64(w)*aspect)), 360, 520)
		half := float32(h-60-40) / 2
		return Layout{
			W: w, H: h, Compact: true,
			Images: Rect{8, 22, 352, float32(h - 60)},
			Charts: []Rect{{376, 22, 256, half}},
			Meter:  Rect{376, 22 + half + 40, 256, half},
			Status: Rect{8, float32(h - 22), 624, 16},
		}
	}
	w := 960
	h := clampInt(int(math.Round(float64(w)*aspect)), 540, 780)
	l := Layout{W: w, H: h, Images: Rect{16, 28, 480, float32(h - 80)}, Status: Rect{16, float32(h - 26), 928, 16}}
	const x, cw, top, gap = 520, 424, 28, 28
	ch := float32(h-28-48-3*gap) / 4
	for i := 0; i < 4; i++ {
		r := Rect{x, top + float32(i)*(ch+gap), cw, ch}
		if i < 3 {
			l.Charts = append(l.Charts, r)
		} else {
			l.Meter = r
		}
	}
	return l
}

func clampInt(v, lo, hi int) int { return max(lo, min(hi, v)) }

// Grid is a gray image mosaic: n images of side² pixels in cols columns,
// with gap pixels between them, as RGBA bytes ready to upload.
type Grid struct {
	N, Cols, Side, Gap int
	W, H               int    // size of the mosaic in pixels
	Pix                []byte // RGBA [H × W × 4]
}

// NewGrid allocates the mosaic of n images.
func NewGrid(n, cols, side, gap int) *Grid {
	rows := (n + cols - 1) / cols
	g := &Grid{N: n, Cols: cols, Side: side, Gap: gap, W: cols*side + (cols-1)*gap, H: rows*side + (rows-1)*gap}
	g.Pix = make([]byte, g.W*g.H*4)
	return g
}

// Fill writes images [N × Side²] of values in [0,1] into the mosaic and,
// when gray is not nil, their 0-255 values into gray [N × Side²].
// Gaps are a dark blue so that a white image's edge shows.
func (g *Grid) Fill(images []float32, gray []byte) {
	for i := 0; i < len(g.Pix); i += 4 {
		g.Pix[i], g.Pix[i+1], g.Pix[i+2], g.Pix[i+3] = 24, 28, 48, 255
	}
	s := g.Side
	for k := 0; k < g.N && (k+1)*s*s <= len(images); k++ {
		x0, y0 := (k%g.Cols)*(s+g.Gap), (k/g.Cols)*(s+g.Gap)
		for y := 0; y < s; y++ {
			for x := 0; x < s; x++ {
				v := ToByte(images[k*s*s+y*s+x])
				if gray != nil {
					gray[k*s*s+y*s+x] = v
				}
				o := ((y0+y)*g.W + x0 + x) * 4
				g.Pix[o], g.Pix[o+1], g.Pix[o+2], g.Pix[o+3] = v, v, v, 255
			}
		}
	}
}

// ToByte maps a pixel value in [0,1] to 0..255, clamping (a NaN is black).
func ToByte(v float32) byte {
	if !(v > 0) {
		return 0
	}
	if v >= 1 {
		return 255
	}
	return byte(math.Round(float64(v) * 255))
}

// Fit scales a w×h picture to fit r, keeping its aspect, and centres it.
func Fit(w, h int, r Rect) (scale, x, y float32) {
	scale = min(r.W/float32(w), r.H/float32(h))
	return scale, r.X + (r.W-scale*float32(w))/2, r.Y + (r.H-scale*float32(h))/2
}
