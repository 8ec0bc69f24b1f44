package playground

import (
	"bytes"
	"errors"
	"io"
	"math"
	"strings"
	"testing"
	"time"

	"mirror/engine/train"
)

// fakeTrainer stands in for train.Trainer in these tests only: its samples
// are a ramp shifted by the step count, so a step visibly changes them.
type fakeTrainer struct {
	cfg   train.Config
	steps int64
	nanAt int64
}

func (f *fakeTrainer) Config() train.Config { return f.cfg }
func (f *fakeTrainer) Steps() int64         { return f.steps }
func (f *fakeTrainer) Step() (train.Stats, error) {
	f.steps++
	if f.steps == f.nanAt {
		return train.Stats{}, errors.New("loss is NaN")
	}
	return train.Stats{Step: f.steps, LossD: 1 / float64(f.steps), LossG: 0.7}, nil
}
func (f *fakeTrainer) Advance() (train.Stats, bool, error) {
	st, err := f.Step()
	return st, err == nil, err
}
func (f *fakeTrainer) Samples(dst []float32) int {
	for i := range train.SampleCount * 28 * 28 {
		dst[i] = float32(math.Mod(float64(i+int(f.steps)), 28) / 28)
	}
	return 28
}
func (f *fakeTrainer) Real(dst []float32, n int) int { return 28 }
func (f *fakeTrainer) Apply(cfg train.Config) (bool, error) {
	f.cfg = cfg
	return false, nil
}
func (f *fakeTrainer) Save(w io.Writer) error {
	_, err := io.WriteString(w, "ckpt:"+f.cfg.Encode())
	return err
}

var fakeEngine = Engine{
	New: func(c train.Config) (Trainer, error) { return &fakeTrainer{cfg: c}, nil },
	Load: func(r io.Reader) (Trainer, error) {
		b, _ := io.ReadAll(r)
		if !bytes.HasPrefix(b, []byte("ckpt:")) {
			return nil, errors.New("not a checkpoint")
		}
		return &fakeTrainer{cfg: train.Config{Algo: "wgan", Seed: 9}.Resolved(), steps: 40}, nil
	},
}

func newTestWorld(t *testing.T, query string) (*World, *fakeClock) {
	t.Helper()
	clock := &fakeClock{t: time.Unix(0, 0)}
	w := NewWorld(fakeEngine, nil, query, false, clock.now)
	return w, clock
}

func TestWorldTrainsWhilePlayingAndVisible(t *testing.T) {
	w, clock := newTestWorld(t, "speed=3")
	v := w.Version
	w.Update()
	if got := w.Status("naive").Step; got != 3 {
		t.Fatalf("speed=3: step %d after one frame", got)
	}
	if w.Version == v {
		t.Fatal("samples were not refreshed")
	}
	w.SetHidden(true)
	w.Update()
	w.Pause()
	w.SetHidden(false)
	w.Update()
	clock.t = clock.t.Add(time.Second)
	if got := w.Status("").Step; got != 3 {
		t.Fatalf("hidden or paused frames trained: step %d", got)
	}
	if msg := w.StepN(2); msg != "" || w.Status("").Step != 5 {
		t.Fatalf("StepN(2): %q, step %d", msg, w.Status("").Step)
	}
	w.Reset()
	if s := w.Status(""); s.Step != 0 || s.Seed != "1" {
		t.Fatalf("reset: step %d seed %s", s.Step, s.Seed)
	}
}

func TestWorldBadParameterIsNamedAndDefaulted(t *testing.T) {
	w, _ := newTestWorld(t, "hidden=-4&algo=wgan&seed=5")
	s := w.Status("")
	if !strings.Contains(s.Message, "hidden") || s.Algo != "wgan" || s.Seed != "5" || s.Config["hidden"] != "256" {
		t.Fatalf("status %+v", s)
	}
	if !s.Running {
		t.Fatal("a bad parameter must not stop training")
	}
}

func TestWorldSetLiveAndReset(t *testing.T) {
	w, _ := newTestWorld(t, "")
	w.StepN(3)
	if msg := w.Set(map[string]string{"lr-g": "0.001"}); msg != "" {
		t.Fatalf("live set: %q", msg)
	}
	if s := w.Status(""); s.Step != 3 || s.Config["lr-g"] != "0.001" || !strings.Contains(s.Query, "lr-g=0.001") {
		t.Fatalf("a live setting should keep the networks: %+v", s)
	}
	if msg := w.Set(map[string]string{"hidden": "64"}); msg != "" {
		t.Fatalf("set hidden: %q", msg)
	}
	if s := w.Status(""); s.Step != 0 || !strings.Contains(s.Message, "new networks") || !strings.Contains(s.Message, "hidden") {
		t.Fatalf("hidden needs new networks and says so: %+v", s)
	}
	if msg := w.Set(map[string]string{"batch": "zero", "speed": "9"}); !strings.Contains(msg, "batch") {
		t.Fatalf("a bad value is named: %q", msg)
	}
	if w.Page("speed") != "auto" {
		t.Fatal("a failing Set must change nothing")
	}
}

func TestWorldNaNStopsWithAnError(t *testing.T) {
	w, _ := newTestWorld(t, "speed=10")
	w.trainer.(*fakeTrainer).nanAt = 4
	w.Update()
	s := w.Status("")
	if s.Running || !strings.Contains(s.Error, "NaN") {
		t.Fatalf("NaN should stop with an error: %+v", s)
	}
	w.Reset()
	if s := w.Status(""); s.Error != "" {
		t.Fatalf("reset should clear a training error: %q", s.Error)
	}
}

func TestWorldCheckpoints(t *testing.T) {
	w, _ := newTestWorld(t, "algo=gan-noise")
	w.StepN(2)
	if msg := w.LoadCheckpoint([]byte("garbage")); !strings.Contains(msg, "not a checkpoint") {
		t.Fatalf("corrupt checkpoint: %q", msg)
	}
	if s := w.Status(""); s.Algo != "gan-noise" || s.Step != 2 {
		t.Fatalf("a corrupt checkpoint must leave the session alone: %+v", s)
	}
	b, err := w.Checkpoint()
	if err != nil {
		t.Fatal(err)
	}
	if msg := w.LoadCheckpoint(b); msg != "" {
		t.Fatal(msg)
	}
	if s := w.Status(""); s.Algo != "wgan" || s.Step != 40 || s.Query != "algo=wgan&seed=9" {
		t.Fatalf("loaded: %+v", s)
	}
	if png, err := w.SamplesPNG(); err != nil || !bytes.HasPrefix(png, []byte("\x89PNG")) {
		t.Fatalf("PNG: %v", err)
	}
}

// phasedTrainer is a fakeTrainer whose steps take three phases of 5 ms each
// on the test's clock, like a large model whose whole step exceeds a frame.
type phasedTrainer struct {
	fakeTrainer
	clock  *fakeClock
	phase  int
	phases int
}

func (p *phasedTrainer) Advance() (train.Stats, bool, error) {
	p.clock.t = p.clock.t.Add(5 * time.Millisecond)
	p.phases++
	if p.phase++; p.phase < 3 {
		return train.Stats{}, false, nil
	}
	p.phase = 0
	st, err := p.fakeTrainer.Step()
	return st, err == nil, err
}

// In auto mode a frame runs phases until its 9 ms budget is spent, so a
// 15 ms step spreads over frames instead of freezing one.
func TestAutoSpeedSplitsLongStepsAcrossFrames(t *testing.T) {
	clock := &fakeClock{t: time.Unix(0, 0)}
	var tr *phasedTrainer
	engine := Engine{New: func(c train.Config) (Trainer, error) {
		tr = &phasedTrainer{fakeTrainer: fakeTrainer{cfg: c}, clock: clock}
		return tr, nil
	}}
	w := NewWorld(engine, nil, "speed=auto", false, clock.now)
	for frame := 0; frame < 6; frame++ {
		start, phases := clock.t, tr.phases
		w.Update()
		if took := clock.t.Sub(start); took > 10*time.Millisecond {
			t.Fatalf("frame %d trained for %v: want at most two 5 ms phases", frame, took)
		}
		if tr.phases == phases {
			t.Fatalf("frame %d trained nothing", frame)
		}
		clock.t = clock.t.Add(16 * time.Millisecond) // the rest of the frame
	}
	if got := w.Status("").Step; got != 4 {
		t.Fatalf("after 6 frames of 2 phases: step %d, want 4", got)
	}
}
