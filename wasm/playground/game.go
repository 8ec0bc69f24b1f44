//go:build js && wasm

package playground

import (
	"fmt"
	"image"
	"image/color"
	"strings"
	"sync"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/text/v2"
	"github.com/hajimehoshi/ebiten/v2/vector"
	"golang.org/x/image/font/basicfont"
)

// Game connects the World to Ebiten. Update trains; Draw only uploads the
// mosaics the world filled (when they changed) and strokes the polylines it
// scaled.
type Game struct {
	mu     *sync.Mutex
	world  *World
	kernel string
	onDraw func() // tells the bridge a frame was drawn (lock held)

	afterUpdate func() // runs after each Update with the lock released

	grid, strip   *ebiten.Image
	version       int64
	lines         []lineVerts   // per chart series, rebuilt when the plots change
	panel         *ebiten.Image // charts, meter and status line, redrawn when they change
	plotsVer      int64
	face          *text.GoXFace
	white         *ebiten.Image
	statusLine    string
	statusVersion int64
}

// asciiOnly spells the few non-ASCII characters the labels use in ASCII:
// the bitmap font has no others.
var asciiOnly = strings.NewReplacer("×", "x", "·", "|", "é", "e", "β", "beta", "−", "-", "²", "^2")

type lineVerts struct {
	vs []ebiten.Vertex
	is []uint16
}

// NewGame wraps w; mu guards w against the bridge's calls.
func NewGame(w *World, mu *sync.Mutex, kernel string, onDraw func()) *Game {
	white := ebiten.NewImage(3, 3)
	white.Fill(color.White)
	return &Game{mu: mu, world: w, kernel: kernel, onDraw: onDraw, face: text.NewGoXFace(basicfont.Face7x13),
		white: white.SubImage(image.Rect(1, 1, 2, 2)).(*ebiten.Image), plotsVer: -1, version: -1}
}

// Update runs the world's frame; a panic stops training with its message
// instead of killing the page.
func (g *Game) Update() error {
	g.update()
	if g.afterUpdate != nil {
		g.afterUpdate()
	}
	return nil
}

func (g *Game) update() {
	g.mu.Lock()
	defer g.mu.Unlock()
	defer func() {
		if r := recover(); r != nil {
			g.world.Fail(fmt.Sprintf("panic: %v", r))
		}
	}()
	g.world.Update()
}

// Layout fixes the logical size; Ebiten scales it to the canvas.
func (g *Game) Layout(outsideWidth, outsideHeight int) (int, int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.world.Resize(outsideWidth, outsideHeight)
	l := g.world.Layout
	if g.panel != nil && (g.panel.Bounds().Dx() != l.W || g.panel.Bounds().Dy() != l.H) {
		g.panel.Deallocate()
		g.panel = nil
	}
	return l.W, l.H
}

var (
	background = color.RGBA{16, 18, 30, 255}
	frameColor = color.RGBA{60, 66, 96, 255}
	textColor  = color.RGBA{210, 214, 230, 255}
	dimText    = color.RGBA{140, 146, 170, 255}
)

// Draw copies the precomputed pictures to the screen.
func (g *Game) Draw(screen *ebiten.Image) {
	g.mu.Lock()
	defer g.mu.Unlock()
	w := g.world
	screen.Fill(background)
	if w.Grid != nil {
		if g.grid == nil || g.grid.Bounds().Dx() != w.Grid.W || g.grid.Bounds().Dy() != w.Grid.H {
			g.grid = ebiten.NewImage(w.Grid.W, w.Grid.H)
			g.strip = ebiten.NewImage(w.Strip.W, w.Strip.H)
			g.version = -1
		}
		if g.version != w.Version {
			g.grid.WritePixels(w.Grid.Pix)
			g.strip.WritePixels(w.Strip.Pix)
			g.version = w.Version
		}
		gap := w.Side / 2
		scale, x, _ := Fit(w.Grid.W+gap+w.Strip.W, w.Grid.H, w.Layout.Images)
		y := w.Layout.Images.Y // top-aligned, under their titles
		op := &ebiten.DrawImageOptions{}
		op.GeoM.Scale(float64(scale), float64(scale))
		op.GeoM.Translate(float64(x), float64(y))
		screen.DrawImage(g.grid, op)
		g.label(screen, "generator samples (fixed noise)", x, w.Layout.Images.Y-16, textColor)
		op.GeoM.Reset()
		op.GeoM.Scale(float64(scale), float64(scale))
		sx := x + scale*float32(w.Grid.W+gap)
		op.GeoM.Translate(float64(sx), float64(y))
		screen.DrawImage(g.strip, op)
		g.label(screen, "real", sx, w.Layout.Images.Y-16, textColor)
	}
	// The charts, the meter and the status line change at most a few times a
	// second: they are drawn into one picture then, and every frame copies it.
	line := g.statusText()
	if g.panel == nil || g.plotsVer != w.PlotsVer || line != g.statusLine {
		g.statusLine = line
		g.plotsVer = w.PlotsVer
		g.drawPanel()
	}
	screen.DrawImage(g.panel, nil)
	if g.onDraw != nil {
		g.onDraw()
	}
}

// statusText is the line under the pictures, refreshed four times a second.
func (g *Game) statusText() string {
	w := g.world
	if g.statusVersion == w.frames/15 && g.statusLine != "" {
		return g.statusLine
	}
	g.statusVersion = w.frames / 15
	s := w.Status(g.kernel)
	if s.Error != "" {
		return "error: " + s.Error
	}
	state := "paused"
	if s.Running {
		state = "training"
	}
	return fmt.Sprintf("%s | step %d | %.1f steps/s | %.0f fps | %s/%s/%s | seed %s | gemm %s",
		state, s.Step, s.StepsPerSec, s.FPS, s.Dataset, s.Algo, s.Preset, s.Seed, s.Kernel)
}

// drawPanel draws the charts, the meter and the status line into g.panel.
func (g *Game) drawPanel() {
	w := g.world
	if g.panel == nil {
		g.panel = ebiten.NewImage(w.Layout.W, w.Layout.H)
	}
	screen := g.panel
	screen.Clear()
	g.buildLines()
	k := 0
	for _, p := range w.Plots {
		r := p.Rect
		vector.StrokeRect(screen, r.X, r.Y, r.W, r.H, 1, frameColor, false)
		g.label(screen, p.Title, r.X, r.Y-15, textColor)
		legendX := r.X + r.W
		for i := len(p.Names) - 1; i >= 0; i-- {
			s := fmt.Sprintf("%s %.4g", p.Names[i], p.Latest[i])
			wd, _ := text.Measure(s, g.face, 0)
			legendX -= float32(wd) + 12
			g.label(screen, s, legendX, r.Y-15, p.Colors[i])
		}
		g.label(screen, fmt.Sprintf("%.3g", p.Max), r.X+3, r.Y+2, dimText)
		g.label(screen, fmt.Sprintf("%.3g", p.Min), r.X+3, r.Y+r.H-15, dimText)
		for range p.Lines {
			if k < len(g.lines) && len(g.lines[k].is) > 0 {
				screen.DrawTriangles(g.lines[k].vs, g.lines[k].is, g.white, &ebiten.DrawTrianglesOptions{AntiAlias: true})
			}
			k++
		}
	}
	b := w.Bars
	vector.StrokeRect(screen, b.Rect.X, b.Rect.Y, b.Rect.W, b.Rect.H, 1, frameColor, false)
	title := b.Title
	if w.Layout.Compact { // the details do not fit beside a compact meter
		title, _, _ = strings.Cut(title, " |")
	}
	g.label(screen, title, b.Rect.X, b.Rect.Y-15, textColor)
	if len(b.Bars) == 0 {
		g.label(screen, b.Note, b.Rect.X+8, b.Rect.Y+b.Rect.H/2-7, dimText)
	}
	for i, r := range b.Bars {
		vector.DrawFilledRect(screen, r.X, r.Y, r.W, r.H, color.RGBA{90, 160, 255, 255}, false)
		if i < len(b.Labels) {
			g.label(screen, b.Labels[i], r.X, b.Rect.Y+b.Rect.H-14, dimText)
		}
	}
	g.label(screen, g.statusLine, w.Layout.Status.X, w.Layout.Status.Y, dimText)
}

func (g *Game) label(dst *ebiten.Image, s string, x, y float32, c color.Color) {
	s = asciiOnly.Replace(s)
	op := &text.DrawOptions{}
	op.GeoM.Translate(float64(x), float64(y))
	op.ColorScale.ScaleWithColor(c)
	text.Draw(dst, s, g.face, op)
}

// buildLines turns the world's polylines into stroke triangles (once per plot change).
func (g *Game) buildLines() {
	g.lines = g.lines[:0]
	for _, p := range g.world.Plots {
		for i, line := range p.Lines {
			var path vector.Path
			for j, pt := range line {
				if j == 0 {
					path.MoveTo(pt.X, pt.Y)
				} else {
					path.LineTo(pt.X, pt.Y)
				}
			}
			vs, is := path.AppendVerticesAndIndicesForStroke(nil, nil, &vector.StrokeOptions{Width: 1.5, LineJoin: vector.LineJoinRound})
			c := p.Colors[i]
			for k := range vs {
				vs[k].SrcX, vs[k].SrcY = 1, 1
				vs[k].ColorR, vs[k].ColorG, vs[k].ColorB, vs[k].ColorA = float32(c.R)/255, float32(c.G)/255, float32(c.B)/255, 1
			}
			g.lines = append(g.lines, lineVerts{vs, is})
		}
	}
}
