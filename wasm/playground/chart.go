package playground

import (
	"image/color"
	"math"
)

// Series is one line of a chart: plain values, one per recorded step.
type Series struct {
	Name   string
	Color  color.RGBA
	Values []float64
}

// Point is a position in logical canvas pixels.
type Point struct{ X, Y float32 }

// Plot is a chart scaled to its rectangle: polylines ready to stroke, the
// y range shown, and each series' latest value for the legend.
type Plot struct {
	Title    string
	Rect     Rect
	Lines    [][]Point
	Colors   []color.RGBA
	Names    []string
	Latest   []float64
	Min, Max float64
}

// Scale fits series to r: x spans the recorded steps, y spans the finite
// values of all series (padded by 5%, and widened when flat). Long series are
// reduced to at most one point per pixel column by averaging buckets, so a
// frame strokes a few hundred segments however long training runs.
func Scale(title string, r Rect, series []Series) Plot {
	p := Plot{Title: title, Rect: r, Min: math.Inf(1), Max: math.Inf(-1)}
	cols := max(int(r.W), 2)
	reduced := make([][]float64, len(series))
	for i, s := range series {
		reduced[i] = bucketMeans(s.Values, cols)
		for _, v := range reduced[i] {
			if !math.IsNaN(v) && !math.IsInf(v, 0) {
				p.Min, p.Max = math.Min(p.Min, v), math.Max(p.Max, v)
			}
		}
		p.Colors = append(p.Colors, s.Color)
		p.Names = append(p.Names, s.Name)
		latest := math.NaN()
		if n := len(s.Values); n > 0 {
			latest = s.Values[n-1]
		}
		p.Latest = append(p.Latest, latest)
	}
	if p.Min > p.Max { // nothing finite yet
		p.Min, p.Max = 0, 1
	}
	if p.Max-p.Min < 1e-9 {
		p.Min, p.Max = p.Min-0.5, p.Max+0.5
	}
	pad := (p.Max - p.Min) * 0.05
	p.Min, p.Max = p.Min-pad, p.Max+pad
	for _, vs := range reduced {
		var line []Point
		for j, v := range vs {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				continue
			}
			x := r.X
			if len(vs) > 1 {
				x += r.W * float32(j) / float32(len(vs)-1)
			}
			y := r.Y + r.H*float32((p.Max-v)/(p.Max-p.Min))
			line = append(line, Point{x, y})
		}
		p.Lines = append(p.Lines, line)
	}
	return p
}

// bucketMeans reduces vs to at most n values, each the mean of a run of consecutive values.
func bucketMeans(vs []float64, n int) []float64 {
	if len(vs) <= n {
		return vs
	}
	out := make([]float64, n)
	for i := range out {
		lo, hi := i*len(vs)/n, (i+1)*len(vs)/n
		var sum float64
		for _, v := range vs[lo:hi] {
			sum += v
		}
		out[i] = sum / float64(hi-lo)
	}
	return out
}

// Bars is the mode-collapse meter scaled to its rectangle: for digits, one bar
// per class of the generated samples (a collapsed generator shows one tall
// bar); for mazes, one bar for the fraction of valid mazes.
type Bars struct {
	Title  string
	Rect   Rect
	Bars   []Rect
	Labels []string
	Note   string // shown instead when there is nothing to draw
}

// ScaleBars lays out values in [0,1] as bars in r, with a label under each.
func ScaleBars(title string, r Rect, values []float64, labels []string) Bars {
	b := Bars{Title: title, Rect: r, Labels: labels}
	if len(values) == 0 {
		return b
	}
	const labelH = 14
	slot := r.W / float32(len(values))
	for i, v := range values {
		if math.IsNaN(v) {
			v = 0
		}
		v = math.Max(0, math.Min(1, v))
		h := (r.H - labelH) * float32(v)
		b.Bars = append(b.Bars, Rect{r.X + float32(i)*slot + slot*0.15, r.Y + r.H - labelH - h, slot * 0.7, h})
	}
	return b
}
