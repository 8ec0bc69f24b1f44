package playground

import "time"

// Pacer decides how much training a frame may do, so that the page stays
// smooth whatever the model size: in auto mode it runs steps until the
// frame's time budget is spent; with Fixed > 0 it runs exactly that many.
//
// The World hands it phases of steps (one network pass each, see
// train.Trainer.Advance) in auto mode, so a large model's step spreads over
// frames. A single phase can still take longer than the budget (a very large
// model on a slow machine). Then the frames after it train nothing until as
// much time has passed as the overrun, so training never takes more than
// about half the wall time and drawing keeps going.
type Pacer struct {
	Budget   time.Duration // training time per frame in auto mode
	Fixed    int           // steps per frame; 0 means auto
	resumeAt time.Time
}

// Run calls step until the frame's share is done or step returns false, and
// returns the number of steps that ran. now is the clock (time.Now in the page).
func (p *Pacer) Run(now func() time.Time, step func() bool) int {
	start := now()
	if p.Fixed > 0 {
		n := 0
		for n < p.Fixed && step() {
			n++
		}
		return n
	}
	if start.Before(p.resumeAt) {
		return 0
	}
	n := 0
	for {
		if !step() {
			break
		}
		n++
		if now().Sub(start) >= p.Budget {
			break
		}
	}
	if over := now().Sub(start) - p.Budget; over > 0 {
		p.resumeAt = now().Add(over)
	}
	return n
}

// Rate measures events per second over windows of about a second.
type Rate struct {
	start time.Time
	count int
	rate  float64
}

// Add counts n events at now.
func (r *Rate) Add(now time.Time, n int) {
	if r.start.IsZero() {
		r.start = now
	}
	r.count += n
	if el := now.Sub(r.start); el >= time.Second {
		r.rate = float64(r.count) / el.Seconds()
		r.start, r.count = now, 0
	}
}

// PerSecond is the rate of the last complete window.
func (r *Rate) PerSecond() float64 { return r.rate }

// Reset forgets the count, as after a pause.
func (r *Rate) Reset() { *r = Rate{} }
