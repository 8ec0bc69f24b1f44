package playground

import (
	"testing"
	"time"
)

// fakeClock advances by a fixed cost for every training step.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time { return c.t }

func TestPacerAutoFillsTheBudget(t *testing.T) {
	clock := &fakeClock{t: time.Unix(0, 0)}
	p := Pacer{Budget: 8 * time.Millisecond}
	step := func() bool { clock.t = clock.t.Add(time.Millisecond); return true }
	if n := p.Run(clock.now, step); n != 8 {
		t.Fatalf("1 ms steps in an 8 ms budget: ran %d, want 8", n)
	}
}

func TestPacerSlowStepsLeaveFramesFree(t *testing.T) {
	clock := &fakeClock{t: time.Unix(0, 0)}
	p := Pacer{Budget: 8 * time.Millisecond}
	step := func() bool { clock.t = clock.t.Add(40 * time.Millisecond); return true }
	if n := p.Run(clock.now, step); n != 1 {
		t.Fatalf("a 40 ms step: ran %d, want 1 (always at least one)", n)
	}
	// The next frames within the 32 ms overrun train nothing.
	frames := 0
	for {
		clock.t = clock.t.Add(16 * time.Millisecond)
		if p.Run(clock.now, step) > 0 {
			break
		}
		frames++
	}
	if frames != 1 {
		t.Fatalf("after a 32 ms overrun, %d idle 16 ms frames, want 1", frames)
	}
}

func TestPacerFixedAndStop(t *testing.T) {
	clock := &fakeClock{t: time.Unix(0, 0)}
	p := Pacer{Budget: time.Millisecond, Fixed: 5}
	n := 0
	if got := p.Run(clock.now, func() bool { clock.t = clock.t.Add(time.Second); n++; return true }); got != 5 {
		t.Fatalf("fixed 5: ran %d", got)
	}
	p = Pacer{Budget: time.Second}
	if got := p.Run(clock.now, func() bool { return false }); got != 0 {
		t.Fatalf("a failing step counts: ran %d, want 0", got)
	}
}

func TestRate(t *testing.T) {
	var r Rate
	t0 := time.Unix(0, 0)
	for i := 0; i <= 30; i++ {
		r.Add(t0.Add(time.Duration(i)*time.Second/30), 2)
	}
	if got := r.PerSecond(); got < 59 || got > 63 {
		t.Fatalf("2 events × 30 frames a second: %v/s, want about 60", got)
	}
}
