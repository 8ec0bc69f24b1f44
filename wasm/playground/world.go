// Package playground is the logic of Mirror's web page: it drives a
// train.Trainer inside the browser's frame loop under a time budget, keeps
// the figures for the charts, lays out the sample mosaics, and reads and
// writes the page's state as a URL query. It is plain Go (tested natively);
// the Ebiten game that draws it and the window.mirror bridge live in the
// js-only files beside it. The model code knows nothing of this package.
package playground

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"math/rand/v2"
	"net/url"
	"strings"
	"time"

	"mirror/engine/train"
)

// Trainer is what the playground needs of *train.Trainer (tests use a fake).
type Trainer interface {
	Config() train.Config
	Step() (train.Stats, error)
	// Advance runs one phase of a step (one network pass); done reports a finished step.
	Advance() (st train.Stats, done bool, err error)
	Steps() int64
	Samples(dst []float32) int
	Real(dst []float32, n int) int
	Apply(cfg train.Config) (needsReset bool, err error)
	Save(w io.Writer) error
}

// Engine builds trainers: train.New and train.Load in the page.
type Engine struct {
	New  func(train.Config) (Trainer, error)
	Load func(io.Reader) (Trainer, error)
}

// RealEngine is the engine the page ships with.
var RealEngine = Engine{
	New: func(c train.Config) (Trainer, error) {
		t, err := train.New(c)
		if err != nil {
			return nil, err
		}
		return t, nil
	},
	Load: func(r io.Reader) (Trainer, error) {
		t, err := train.Load(r)
		if err != nil {
			return nil, err
		}
		return t, nil
	},
}

// Meter measures mode collapse on the fixed-noise samples: values in [0,1]
// with a label each (digit shares, or the valid fraction of mazes).
type Meter func(cfg train.Config, samples []float32, n, side int) (title string, values []float64, labels []string)

// RealCount is the number of real training images in the strip.
const RealCount = 8

// Status is what window.mirror.status() returns.
type Status struct {
	Ready          bool              `json:"ready"`
	Running        bool              `json:"running"`
	Step           int64             `json:"step"`
	StepsPerSec    float64           `json:"stepsPerSec"`
	FPS            float64           `json:"fps"`
	Dataset        string            `json:"dataset"`
	Algo           string            `json:"algo"`
	Preset         string            `json:"preset"`
	Seed           string            `json:"seed"` // a string: seeds use all 64 bits, JS numbers 53
	Error          string            `json:"error"`
	Message        string            `json:"message"`
	Config         map[string]string `json:"config"` // every setting, resolved, by URL name
	Query          string            `json:"query"`  // the shareable link's query
	Speed          string            `json:"speed"`
	Kernel         string            `json:"kernel"`
	Frames         int64             `json:"frames"`
	SamplesVersion int64             `json:"samplesVersion"`
	FirstSamplesMs float64           `json:"firstSamplesMs"` // navigation to the first drawn samples
	StepMs         float64           `json:"stepMs"`         // mean wall time of one training step
	Last           train.Stats       `json:"last"`
}

// World is the page's state. Its methods are called from one goroutine at a
// time (the bridge holds a lock).
type World struct {
	eng    Engine
	meter  Meter
	now    func() time.Time
	Layout Layout
	embed  bool // always the compact layout

	user    train.Config      // what the link says (zero fields: defaults)
	cfg     train.Config      // resolved
	page    map[string]string // the page's own parameters, non-default only
	trainer Trainer
	running bool
	hidden  bool // tab hidden or embed off screen

	err     string // training stopped (NaN, a panic, WebGL); status().error
	fatal   bool   // err cannot be cleared by a reset
	message string // the last notice: bad parameters, "new networks", ...

	pacer     Pacer
	fps, sps  Rate
	stepMs    float64       // mean wall time of one training step
	trainTime time.Duration // training time since stepMs was last updated
	trainDone int           // steps finished in that time
	finished  int           // steps finished in this frame
	frames    int64
	last      train.Stats
	History   History
	histDirty bool

	samples    []float32 // [SampleCount × side²]
	Gray       []byte    // [SampleCount × side²], as drawn
	Side       int
	Grid       *Grid // the samples, SampleCount in 8 columns
	Strip      *Grid // RealCount real images in one column
	Version    int64 // bumps when Grid or Strip change
	drawnFirst bool
	firstMs    float64

	Plots     []Plot
	Bars      Bars
	PlotsVer  int64
	lastPlots time.Time
	changed   bool // something a parent page should hear about
}

// NewWorld reads the link's query, builds the trainer it describes and
// starts it unless autoplay=false. Bad parameters are named in the message
// and replaced by their defaults.
func NewWorld(eng Engine, meter Meter, query string, compact bool, now func() time.Time) *World {
	w := &World{eng: eng, meter: meter, now: now, embed: compact, Layout: NewLayout(compact, 9.0/16), pacer: Pacer{Budget: 9 * time.Millisecond}}
	q, err := url.ParseQuery(strings.TrimPrefix(query, "?"))
	var errs []error
	if err != nil {
		errs = append(errs, fmt.Errorf("the link's query is malformed (%v): using what could be read", err))
	}
	user, page, more := ParseQuery(q)
	w.user, w.page, errs = user, page, append(errs, more...)
	if w.user.Seed == 0 && q.Get("seed") == "" {
		w.user.Seed = 1
	}
	w.pacer.Fixed, _ = ParseSpeed(w.page["speed"])
	if msg := joinErrors(errs); msg != "" {
		w.message = msg + " (default used)"
	}
	if err := w.rebuild(w.user); err != nil {
		w.message = strings.TrimSpace(w.message + " " + err.Error() + ": defaults used")
		w.user = train.Config{Seed: w.user.Seed}
		if err := w.rebuild(w.user); err != nil {
			w.fail(err.Error(), true)
		}
	}
	w.running = w.trainer != nil && w.page["autoplay"] != "false"
	return w
}

func joinErrors(errs []error) string {
	var msgs []string
	for _, e := range errs {
		msgs = append(msgs, e.Error())
	}
	return strings.Join(msgs, "; ")
}

// rebuild makes new networks for user; on error the running session stays.
func (w *World) rebuild(user train.Config) error {
	cfg := user.Resolved()
	if err := cfg.Validate(); err != nil {
		return err
	}
	t, err := w.eng.New(cfg)
	if err != nil {
		return err
	}
	w.install(t, user)
	return nil
}

// install makes t the running trainer with user as the link's settings.
func (w *World) install(t Trainer, user train.Config) {
	w.trainer, w.user, w.cfg = t, user, t.Config()
	w.History = History{}
	w.last = train.Stats{Step: t.Steps()}
	w.sps.Reset()
	if !w.fatal {
		w.err = ""
	}
	w.refreshImages(true)
	w.histDirty = true
	w.changed = true
}

func (w *World) fail(msg string, fatal bool) {
	w.err, w.fatal, w.running = msg, w.fatal || fatal, false
	w.changed = true
}

// Fail stops training with an error from outside the world (a panic, WebGL).
func (w *World) Fail(msg string) { w.fail(msg, true) }

// Update runs one frame: training steps under the time budget while running
// and visible, then the samples and charts they changed.
func (w *World) Update() {
	now := w.now()
	w.frames++
	w.fps.Add(now, 1)
	if !w.running || w.hidden || w.trainer == nil || w.err != "" {
		return
	}
	// In auto mode the pacer runs phases of steps (one network pass each),
	// so a frame trains for about its budget even when a whole step of a
	// large model takes longer; a step may then span frames. A fixed speed
	// runs whole steps.
	w.finished = 0
	if w.pacer.Fixed > 0 {
		w.pacer.Run(w.now, w.trainOne)
	} else {
		w.pacer.Run(w.now, w.trainPhase)
	}
	end := w.now()
	n := w.finished
	w.sps.Add(end, n)
	w.trainTime += end.Sub(now)
	w.trainDone += n
	if n > 0 {
		ms := float64(w.trainTime.Microseconds()) / 1000 / float64(w.trainDone)
		w.trainTime, w.trainDone = 0, 0
		if w.stepMs == 0 {
			w.stepMs = ms
		}
		w.stepMs += (ms - w.stepMs) / 8 // a moving average over about 8 frames

		w.refreshImages(false)
	}
	w.refreshPlots(false)
}

// trainPhase runs one phase of a generator step; false stops the frame's training.
func (w *World) trainPhase() bool {
	s, done, err := w.trainer.Advance()
	if err != nil {
		w.fail(fmt.Sprintf("training stopped at step %d: %v (reset or change a setting to go on)", w.trainer.Steps(), err), false)
		return false
	}
	if done {
		w.record(s)
	}
	return true
}

// trainOne runs one generator step; false stops the frame's training.
func (w *World) trainOne() bool {
	s, err := w.trainer.Step()
	if err != nil {
		w.fail(fmt.Sprintf("training stopped at step %d: %v (reset or change a setting to go on)", w.trainer.Steps(), err), false)
		return false
	}
	w.record(s)
	return true
}

// record keeps the figures of a finished step.
func (w *World) record(s train.Stats) {
	w.finished++
	w.last = s
	w.History.Add(s)
	w.histDirty = true
}

// refreshImages draws the generator's samples (and, when real, the strip of
// training images) into the mosaics.
func (w *World) refreshImages(real bool) {
	if w.samples == nil {
		w.samples = make([]float32, train.SampleCount*64*64)
	}
	side := w.trainer.Samples(w.samples)
	if side != w.Side || w.Grid == nil {
		w.Side = side
		w.Grid = NewGrid(train.SampleCount, 8, side, 2)
		w.Strip = NewGrid(RealCount, 1, side, 2)
		w.Gray = make([]byte, train.SampleCount*side*side)
		real = true
	}
	w.Grid.Fill(w.samples[:train.SampleCount*side*side], w.Gray)
	if real {
		buf := make([]float32, RealCount*side*side)
		w.trainer.Real(buf, RealCount)
		w.Strip.Fill(buf, nil)
	}
	w.Version++
}

// refreshPlots rescales the charts (at most 8 times a second: they are only
// pictures of the history) and measures the meter.
func (w *World) refreshPlots(force bool) {
	now := w.now()
	if !force && (!w.histDirty || now.Sub(w.lastPlots) < 125*time.Millisecond) {
		return
	}
	w.lastPlots, w.histDirty = now, false
	h := &w.History
	col := func(get func(train.Stats) float64) []float64 { return h.Column(get) }
	l := w.Layout
	blue, orange, green := rgb(90, 160, 255), rgb(255, 150, 60), rgb(120, 220, 120)
	w.Plots = w.Plots[:0]
	w.Plots = append(w.Plots, Scale("loss", l.Charts[ChartLoss], []Series{
		{"D", blue, col(func(s train.Stats) float64 { return s.LossD })},
		{"G", orange, col(func(s train.Stats) float64 { return s.LossG })},
	}))
	if len(l.Charts) > ChartD {
		w.Plots = append(w.Plots, Scale("D output", l.Charts[ChartD], []Series{
			{"D(real)", green, col(func(s train.Stats) float64 { return s.DReal })},
			{"D(fake)", rgb(240, 90, 90), col(func(s train.Stats) float64 { return s.DFake })},
		}))
		wTitle := "Wasserstein estimate"
		if !w.cfg.IsWasserstein() {
			wTitle += " (WGAN only)"
		}
		w.Plots = append(w.Plots, Scale(wTitle, l.Charts[ChartWasserstein], []Series{
			{"W", rgb(200, 140, 255), col(func(s train.Stats) float64 { return s.Wasserstein })},
		}))
	}
	w.Bars = Bars{Title: "mode collapse", Rect: l.Meter, Note: "no meter for this dataset"}
	if w.meter != nil && w.Side > 0 {
		title, values, labels := w.meter(w.cfg, w.samples[:train.SampleCount*w.Side*w.Side], train.SampleCount, w.Side)
		if len(values) > 0 {
			w.Bars = ScaleBars(title, l.Meter, values, labels)
		}
	}
	w.PlotsVer++
}

func rgb(r, g, b uint8) color.RGBA { return color.RGBA{r, g, b, 255} }

// Resize fits the layout to a canvas of outside width × height.
func (w *World) Resize(width, height int) {
	if width <= 0 || height <= 0 {
		return
	}
	// A narrow canvas (a phone) gets the compact layout, as an embed does.
	l := NewLayout(w.embed || width < 700, float64(height)/float64(width))
	if l.H != w.Layout.H || l.Compact != w.Layout.Compact {
		w.Layout = l
		w.refreshPlots(true)
	}
}

// Drawn tells the world that the game drew its samples; ms is the time since navigation.
func (w *World) Drawn(ms float64) {
	if !w.drawnFirst && w.Version > 0 {
		w.drawnFirst, w.firstMs, w.changed = true, ms, true
	}
}

// SetHidden pauses training while the tab is hidden or the embed off screen.
func (w *World) SetHidden(hidden bool) {
	if hidden != w.hidden {
		w.hidden, w.changed = hidden, true
		w.sps.Reset()
	}
}

// Play starts training.
func (w *World) Play() {
	if w.trainer != nil && !w.running && !w.fatal {
		if w.err != "" {
			w.message = "training stopped with an error: reset first"
			w.changed = true
			return
		}
		w.running, w.changed = true, true
	}
}

// Pause stops training.
func (w *World) Pause() {
	if w.running {
		w.running, w.changed = false, true
		w.sps.Reset()
	}
}

// Toggle plays or pauses.
func (w *World) Toggle() {
	if w.running {
		w.Pause()
	} else {
		w.Play()
	}
}

// StepN runs n generator steps while paused (pausing first).
func (w *World) StepN(n int) string {
	if w.trainer == nil || w.fatal {
		return "no trainer"
	}
	if n < 1 || n > 10000 {
		return fmt.Sprintf("step %d: want 1..10000", n)
	}
	w.Pause()
	for i := 0; i < n && w.err == ""; i++ {
		w.trainOne()
	}
	w.refreshImages(false)
	w.refreshPlots(true)
	w.changed = true
	return w.err
}

// Reset builds new networks with the same settings and seed.
func (w *World) Reset() string {
	if err := w.rebuild(w.user); err != nil {
		return w.say("reset failed: " + err.Error())
	}
	w.say("reset: new networks, seed " + w.seed())
	return ""
}

// NewSeed resets with a fresh random seed.
func (w *World) NewSeed() string {
	u := w.user
	u.Seed = rand.Uint64N(1 << 31)
	if err := w.rebuild(u); err != nil {
		return w.say("new seed failed: " + err.Error())
	}
	w.say("new seed " + w.seed())
	return ""
}

func (w *World) say(msg string) string {
	w.message, w.changed = msg, true
	return msg
}

func (w *World) seed() string { return fmt.Sprint(w.cfg.Seed) }

// Set changes settings by URL name (trainer settings and page parameters).
// Live settings change the running trainer; others build new networks and
// say so. It returns "" or the error messages; bad values change nothing.
func (w *World) Set(values map[string]string) string {
	next := w.user
	page := map[string]string{}
	for k, v := range w.page {
		page[k] = v
	}
	var errs []string
	for name, v := range values {
		if _, ok := train.FieldByName(name); ok {
			continue
		}
		p, ok := pageParam(name)
		if !ok {
			errs = append(errs, fmt.Sprintf("unknown setting %q", name))
			continue
		}
		if err := p.Check(v); err != nil {
			errs = append(errs, name+" "+trimName(err, name))
			continue
		}
		if v == p.Default {
			delete(page, name)
		} else {
			page[name] = v
		}
	}
	for _, f := range train.Fields { // table order, so messages are stable
		v, ok := values[f.Name]
		if !ok {
			continue
		}
		if err := f.Set(&next, v); err != nil {
			errs = append(errs, err.Error())
		}
	}
	if len(errs) > 0 {
		return w.say(strings.Join(errs, "; "))
	}
	w.page = page
	w.pacer.Fixed, _ = ParseSpeed(page["speed"])
	w.changed = true
	if next == w.user {
		return ""
	}
	return w.apply(next)
}

// apply moves to the settings next: live ones in place, others by new networks.
func (w *World) apply(next train.Config) string {
	resolved := next.Resolved()
	if err := resolved.Validate(); err != nil {
		return w.say(err.Error())
	}
	var changed []string
	for _, f := range train.Fields {
		if !f.Live && f.Get(&resolved) != f.Get(&w.cfg) {
			changed = append(changed, f.Name)
		}
	}
	if len(changed) == 0 && w.trainer != nil {
		needsReset, err := w.trainer.Apply(resolved)
		if err != nil {
			return w.say(err.Error())
		}
		if !needsReset {
			w.user, w.cfg = next, w.trainer.Config()
			if w.err != "" && !w.fatal { // a live change is a way out of a NaN stop
				w.err = ""
			}
			w.say("")
			return ""
		}
		changed = append(changed, "settings")
	}
	if err := w.rebuild(next); err != nil {
		return w.say(err.Error())
	}
	w.say("new networks: " + strings.Join(changed, ", ") + " changed")
	return ""
}

// Query is the shareable link's query for the current state.
func (w *World) Query() string { return EncodeQuery(w.user, w.page) }

// Page returns a page parameter's value.
func (w *World) Page(name string) string {
	if v, ok := w.page[name]; ok {
		return v
	}
	p, _ := pageParam(name)
	return p.Default
}

// Status reports the state for window.mirror.status().
func (w *World) Status(kernel string) Status {
	s := Status{
		Ready: w.trainer != nil && w.drawnFirst, Running: w.running && !w.hidden, Step: w.last.Step,
		StepsPerSec: w.sps.PerSecond(), FPS: w.fps.PerSecond(),
		Dataset: w.cfg.Data, Algo: w.cfg.Algo, Preset: w.cfg.Preset, Seed: w.seed(),
		Error: w.err, Message: w.message, Query: w.Query(), Speed: w.Page("speed"), Kernel: kernel,
		Frames: w.frames, SamplesVersion: w.Version, FirstSamplesMs: w.firstMs, StepMs: w.stepMs, Last: w.last,
		Config: map[string]string{},
	}
	if w.trainer != nil {
		s.Step = w.trainer.Steps()
	}
	for _, f := range train.Fields {
		s.Config[f.Name] = f.Get(&w.cfg)
	}
	return s
}

// TakeChanged reports whether something changed since the last call.
func (w *World) TakeChanged() bool {
	c := w.changed
	w.changed = false
	return c
}

// SamplesPNG encodes the sample mosaic.
func (w *World) SamplesPNG() ([]byte, error) {
	if w.Grid == nil {
		return nil, fmt.Errorf("no samples yet")
	}
	img := &image.RGBA{Pix: w.Grid.Pix, Stride: w.Grid.W * 4, Rect: image.Rect(0, 0, w.Grid.W, w.Grid.H)}
	var b bytes.Buffer
	err := png.Encode(&b, img)
	return b.Bytes(), err
}

// Checkpoint saves the training state.
func (w *World) Checkpoint() ([]byte, error) {
	if w.trainer == nil {
		return nil, fmt.Errorf("no trainer")
	}
	var b bytes.Buffer
	err := w.trainer.Save(&b)
	return b.Bytes(), err
}

// LoadCheckpoint replaces the session by a saved one. A file that does not
// load leaves the running session untouched and returns the reason.
func (w *World) LoadCheckpoint(b []byte) string {
	t, err := w.eng.Load(bytes.NewReader(b))
	if err != nil {
		return w.say("checkpoint not loaded: " + err.Error())
	}
	w.install(t, linkSettings(t.Config()))
	w.refreshPlots(true)
	w.say(fmt.Sprintf("checkpoint loaded at step %d", t.Steps()))
	return ""
}

// linkSettings returns the settings of a resolved cfg with the fields that
// hold their defaults left zero, so that the link stays short.
func linkSettings(cfg train.Config) train.Config {
	defaults := train.Config{Data: cfg.Data, Algo: cfg.Algo, Preset: cfg.Preset}.Resolved()
	u := cfg
	var zero train.Config
	for _, f := range train.Fields {
		if f.Name == "seed" || f.Name == "data" || f.Name == "algo" || f.Name == "preset" {
			continue
		}
		if f.Get(&u) == f.Get(&defaults) {
			f.Set(&u, f.Get(&zero))
		}
	}
	global := train.Config{}.Resolved()
	for _, name := range []string{"data", "algo", "preset"} {
		f, _ := train.FieldByName(name)
		if f.Get(&u) == f.Get(&global) {
			f.Set(&u, "")
		}
	}
	return u
}
