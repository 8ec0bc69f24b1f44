package runner

import (
	"io"
	"math"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// PlotPNG draws the log as a PNG: the losses, the discriminator's outputs
// (with the Wasserstein estimate for a critic), then one panel per sample
// metric measured at least once, the digit shares together; two panels a row.
func (l *Log) PlotPNG(w io.Writer, title string, wasserstein bool) error {
	column := func(get func(Row) float64) plotter.XYs {
		var xy plotter.XYs
		for _, r := range l.Rows {
			if v := get(r); !math.IsNaN(v) && !math.IsInf(v, 0) {
				xy = append(xy, plotter.XY{X: float64(r.Step), Y: v})
			}
		}
		return xy
	}
	stat := func(name string) plotter.XYs {
		for _, c := range statColumns {
			if c.name == name {
				return column(func(r Row) float64 { return *c.get(&r.Stats) })
			}
		}
		panic("runner: no training figure " + name)
	}
	type series struct {
		name string
		xy   plotter.XYs
	}
	// panel draws lines, with points when there are few (sample metrics are
	// measured at snapshots only), and a legend when there are several.
	panel := func(title string, ss ...series) (*plot.Plot, error) {
		p := plot.New()
		p.Title.Text = title
		p.X.Label.Text = "step"
		var args []any
		points := false
		for _, s := range ss {
			if len(s.xy) > 0 {
				args = append(args, s.name, s.xy)
				points = points || len(s.xy) <= 50
			}
		}
		add := plotutil.AddLines
		if points {
			add = plotutil.AddLinePoints
		}
		if err := add(p, args...); err != nil {
			return nil, err
		}
		p.Legend.Top = true
		if len(args) <= 2 {
			p.Legend = plot.NewLegend()
		}
		return p, nil
	}

	outputs := []series{{"real", stat("d_real")}, {"fake", stat("d_fake")}}
	if wasserstein {
		outputs = append(outputs, series{"real − fake (Wasserstein estimate)", stat("wasserstein")})
	}
	specs := []struct {
		title  string
		series []series
	}{
		{title + ": losses", []series{{"D", stat("loss_d")}, {"G", stat("loss_g")}}},
		{"discriminator outputs", outputs},
	}
	var shares []series
	for i, name := range l.EvalNames {
		xy := column(func(r Row) float64 {
			if i < len(r.Eval) {
				return r.Eval[i]
			}
			return math.NaN()
		})
		switch {
		case len(xy) == 0:
		case strings.HasPrefix(name, digitShare):
			shares = append(shares, series{strings.TrimPrefix(name, digitShare), xy})
		default:
			specs = append(specs, struct {
				title  string
				series []series
			}{name, []series{{name, xy}}})
		}
	}
	if len(shares) > 0 {
		specs = append(specs, struct {
			title  string
			series []series
		}{"share of samples classified as each digit", shares})
	}
	var plots []*plot.Plot
	for _, sp := range specs {
		p, err := panel(sp.title, sp.series...)
		if err != nil {
			return err
		}
		plots = append(plots, p)
	}

	const cols = 2
	rows := (len(plots) + cols - 1) / cols
	grid := make([][]*plot.Plot, rows)
	for i := range grid {
		grid[i] = make([]*plot.Plot, cols)
	}
	for i, p := range plots {
		grid[i/cols][i%cols] = p
	}
	img := vgimg.New(12*vg.Inch, vg.Length(rows)*3*vg.Inch)
	dc := draw.New(img)
	tiles := draw.Tiles{Rows: rows, Cols: cols, PadX: vg.Inch / 4, PadY: vg.Inch / 4,
		PadTop: vg.Inch / 8, PadBottom: vg.Inch / 8, PadLeft: vg.Inch / 8, PadRight: vg.Inch / 8}
	canvases := plot.Align(grid, tiles, dc)
	for r := range grid {
		for c, p := range grid[r] {
			if p != nil {
				p.Draw(canvases[r][c])
			}
		}
	}
	_, err := vgimg.PngCanvas{Canvas: img}.WriteTo(w)
	return err
}
