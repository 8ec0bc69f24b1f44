package train

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"math"
	"strings"
	"testing"

	"mirror/engine/data/maze"
)

// constant is a dataset whose every image is the same grey level: the
// trivial target a tiny GAN must learn.
type constant struct {
	side  int
	level float32
}

func (c constant) Name() string { return "constant" }
func (c constant) Side() int    { return c.side }
func (c constant) Batch(images []float32, labels []int, batch int, index int64) {
	for i := range images[:batch*c.side*c.side] {
		images[i] = c.level
	}
	for i := range labels[:batch] {
		labels[i] = -1
	}
}

// tiny is a configuration small enough to train in milliseconds. Adam's β1
// is PyTorch's 0.9: the momentum damps the oscillation around the target that
// a GAN on a one-point distribution shows.
func tiny(algo string) Config {
	return Config{Algo: algo, Hidden: 16, Noise: 4, Batch: 16, GDepth: 1, DDepth: 1, Beta1: 0.9, Seed: 7}
}

func newTiny(t *testing.T, cfg Config) *Trainer {
	t.Helper()
	tr, err := NewWithData(cfg, constant{side: 4, level: 0.8})
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

// meanSample returns the mean pixel of the fixed-noise samples.
func meanSample(tr *Trainer) float64 {
	buf := make([]float32, SampleCount*tr.Side()*tr.Side())
	tr.Samples(buf)
	var s float64
	for _, v := range buf {
		s += float64(v)
	}
	return s / float64(len(buf))
}

// Every algorithm learns to paint the constant grey 0.8, starting from the
// generator's initial ≈0.5.
func TestEachAlgorithmLearnsATrivialTarget(t *testing.T) {
	for _, algo := range []string{"gan", "gan-noise", "wgan", "wgan-noise"} {
		t.Run(algo, func(t *testing.T) {
			cfg := tiny(algo)
			steps := 300
			if cfg.IsWasserstein() {
				cfg.LRG, cfg.LRD, cfg.Clip, cfg.Critic = 2e-3, 2e-3, 0.1, 5
			} else {
				cfg.LRG, cfg.LRD = 2e-3, 2e-3
			}
			tr := newTiny(t, cfg)
			before := meanSample(tr)
			for i := 0; i < steps; i++ {
				if _, err := tr.Step(); err != nil {
					t.Fatal(err)
				}
			}
			after := meanSample(tr)
			if math.Abs(after-0.8) > 0.05 || math.Abs(before-0.8) < 0.15 {
				t.Fatalf("mean sample %.3f before, %.3f after %d steps: want to move from far off to 0.8 ± 0.05", before, after, steps)
			}
		})
	}
}

func TestClippingKeepsCriticWeightsInBounds(t *testing.T) {
	cfg := tiny("wgan")
	cfg.Clip, cfg.LRD = 0.02, 1e-2 // a large learning rate pushes weights past the bound every step
	tr := newTiny(t, cfg)
	var st Stats
	for i := 0; i < 20; i++ {
		var err error
		if st, err = tr.Step(); err != nil {
			t.Fatal(err)
		}
	}
	for i, w := range tr.Discriminator().Params {
		if w < -0.02 || w > 0.02 {
			t.Fatalf("critic parameter %d = %g outside ±0.02", i, w)
		}
	}
	if st.ClipFraction <= 0 || st.ClipFraction > 1 {
		t.Fatalf("clip fraction %g: want in (0, 1] with a large learning rate", st.ClipFraction)
	}
}

// Instance noise is added to copies of the discriminator's inputs: the real
// batch and the generator's output stay clean.
func TestInstanceNoiseReachesOnlyTheDiscriminator(t *testing.T) {
	cfg := tiny("gan-noise")
	cfg.NoiseStd = 0.3
	tr := newTiny(t, cfg)
	st, err := tr.Step()
	if err != nil {
		t.Fatal(err)
	}
	if st.NoiseStd != float64(float32(0.3)) {
		t.Fatalf("noise std %g, want 0.3", st.NoiseStd)
	}
	for i, v := range tr.real {
		if v != 0.8 {
			t.Fatalf("real pixel %d = %g after the step: noise leaked into the data", i, v)
		}
	}
	// The last noisy buffer holds fake + noise; the generator's output is clean.
	fake := tr.gen.Forward(tr.z, cfg.Batch, true)
	var s, s2 float64
	for i, v := range fake {
		if v < 0 || v > 1 {
			t.Fatalf("generator output %g outside the sigmoid's range: noise reached it", v)
		}
		d := float64(tr.noisy[i] - v)
		s += d
		s2 += d * d
	}
	n := float64(len(fake))
	if std := math.Sqrt(s2/n - (s/n)*(s/n)); math.Abs(std-0.3) > 0.06 {
		t.Fatalf("std of the discriminator's fake input minus the fake batch is %.3f, want 0.3", std)
	}
}

func TestNoiseAnnealsLinearly(t *testing.T) {
	cfg := tiny("wgan-noise")
	cfg.NoiseStd, cfg.Anneal, cfg.Critic = 0.2, 4, 1
	tr := newTiny(t, cfg)
	want := []float64{0.2, 0.15, 0.1, 0.05, 0, 0}
	for i, w := range want {
		st, err := tr.Step()
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(st.NoiseStd-w) > 1e-7 {
			t.Fatalf("step %d noise std %g, want %g", i+1, st.NoiseStd, w)
		}
	}
}

func TestResumeIsBitIdentical(t *testing.T) {
	for _, algo := range []string{"gan-noise", "wgan-noise"} {
		t.Run(algo, func(t *testing.T) {
			cfg := tiny(algo)
			cfg.FreshBatch = true
			a, err := New(Config{Data: "mnist", Algo: algo, Hidden: 16, Noise: 4, Batch: 8, GDepth: 1, DDepth: 1, Critic: 3, Seed: 11})
			if err != nil {
				t.Fatal(err)
			}
			for i := 0; i < 5; i++ {
				mustStep(t, a)
			}
			var ck bytes.Buffer
			if err := a.Save(&ck); err != nil {
				t.Fatal(err)
			}
			for i := 0; i < 5; i++ {
				mustStep(t, a)
			}
			b, err := Load(bytes.NewReader(ck.Bytes()))
			if err != nil {
				t.Fatal(err)
			}
			if b.Steps() != 5 {
				t.Fatalf("loaded checkpoint at step %d, want 5", b.Steps())
			}
			for i := 0; i < 5; i++ {
				mustStep(t, b)
			}
			sameBits(t, "generator", a.gen.Params, b.gen.Params)
			sameBits(t, "generator buffers", a.gen.Buffers, b.gen.Buffers)
			sameBits(t, "discriminator", a.disc.Params, b.disc.Params)
		})
	}
}

func mustStep(t *testing.T, tr *Trainer) Stats {
	t.Helper()
	st, err := tr.Step()
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func sameBits(t *testing.T, what string, a, b []float32) {
	t.Helper()
	if len(a) != len(b) {
		t.Fatalf("%s: %d values vs %d", what, len(a), len(b))
	}
	for i := range a {
		if math.Float32bits(a[i]) != math.Float32bits(b[i]) {
			t.Fatalf("%s value %d: %g vs %g: resumed run differs", what, i, a[i], b[i])
		}
	}
}

func TestCorruptCheckpointsAreRejected(t *testing.T) {
	tr, err := New(Config{Hidden: 8, Noise: 2, Batch: 4, GDepth: 1, DDepth: 1})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := tr.Save(&buf); err != nil {
		t.Fatal(err)
	}
	good := buf.Bytes()
	if _, err := Load(bytes.NewReader(good)); err != nil {
		t.Fatalf("good checkpoint rejected: %v", err)
	}
	flip := append([]byte(nil), good...)
	flip[len(flip)/2] ^= 0x40
	// A configuration this build cannot make, with a valid checksum.
	bad := reencode(t, good, func(cfg string) string { return strings.Replace(cfg, "seed=0", "seed=0&hidden=99999", 1) })
	mismatch := reencode(t, good, func(cfg string) string { return strings.Replace(cfg, "seed=0", "seed=0&hidden=9", 1) })
	cases := map[string]struct {
		file []byte
		want string
	}{
		"empty":       {nil, "too short"},
		"magic":       {append([]byte("NOTMIRROR"), good[9:]...), "not a Mirror checkpoint"},
		"truncated":   {good[:len(good)-7], "truncated"},
		"flipped bit": {flip, "checksum"},
		"bad config":  {bad, "hidden 99999"},
		"mismatch":    {mismatch, "the configuration needs"},
	}
	for name, c := range cases {
		_, err := Load(bytes.NewReader(c.file))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", name, err, c.want)
		}
	}
}

// reencode rewrites a checkpoint's configuration record and fixes its length and checksum.
func reencode(t *testing.T, file []byte, edit func(string) string) []byte {
	t.Helper()
	body := file[16 : len(file)-4]
	n := binary.LittleEndian.Uint32(body)
	cfg := edit(string(body[4 : 4+n]))
	var nb bytes.Buffer
	_ = binary.Write(&nb, binary.LittleEndian, uint32(len(cfg)))
	nb.WriteString(cfg)
	nb.Write(body[4+n:])
	var out bytes.Buffer
	out.Write(file[:12])
	_ = binary.Write(&out, binary.LittleEndian, uint32(nb.Len()))
	out.Write(nb.Bytes())
	_ = binary.Write(&out, binary.LittleEndian, crc32.ChecksumIEEE(nb.Bytes()))
	return out.Bytes()
}

func TestDivergenceStopsWithFiniteWeights(t *testing.T) {
	tr := newTiny(t, tiny("gan"))
	mustStep(t, tr)
	tr.disc.Params[0] = float32(math.Inf(1)) // poison: every logit becomes ±Inf or NaN
	snapshot := append([]float32(nil), tr.gen.Params...)
	_, err := tr.Step()
	if err == nil || !strings.Contains(err.Error(), "training stopped at step 2") {
		t.Fatalf("error %v, want a stop at step 2", err)
	}
	sameBits(t, "generator after the refused step", snapshot, tr.gen.Params)
	if _, err2 := tr.Step(); err2 == nil || err2.Error() != err.Error() {
		t.Fatalf("second Step error %v, want the same stop", err2)
	}
	if tr.Steps() != 1 {
		t.Fatalf("steps %d after the stop, want 1", tr.Steps())
	}
}

func TestApplyLiveAndReset(t *testing.T) {
	tr := newTiny(t, tiny("gan"))
	cfg := tr.Config()
	cfg.LRG = 1e-3
	if reset, err := tr.Apply(cfg); err != nil || reset {
		t.Fatalf("live learning-rate change: reset %v err %v", reset, err)
	}
	if tr.Config().LRG != 1e-3 {
		t.Fatalf("learning rate not applied: %g", tr.Config().LRG)
	}
	cfg.Hidden = 32
	if reset, err := tr.Apply(cfg); err != nil || !reset {
		t.Fatalf("hidden change: reset %v err %v, want a reset", reset, err)
	}
	if tr.Config().Hidden != 16 {
		t.Fatalf("a change needing a reset was applied")
	}
	cfg = tr.Config()
	cfg.LRD = -1
	if _, err := tr.Apply(cfg); err == nil {
		t.Fatal("negative learning rate accepted")
	}
}

func TestStepAllocatesNothing(t *testing.T) {
	for _, algo := range []string{"gan", "gan-noise", "wgan", "wgan-noise"} {
		cfg := tiny(algo)
		cfg.Critic = 2
		tr, err := New(Config{Algo: algo, Hidden: 16, Noise: 4, Batch: 8, GDepth: 1, DDepth: 1, Critic: 2})
		if err != nil {
			t.Fatal(err)
		}
		mustStep(t, tr)
		if n := testing.AllocsPerRun(20, func() { mustStep(t, tr) }); n != 0 {
			t.Errorf("%s: %v allocations per step, want 0", algo, n)
		}
	}
}

func TestMazeRunsTrainOnValidMazes(t *testing.T) {
	for _, algo := range []string{"dfs", "kruskal", "prim", "wilson"} {
		for _, fresh := range []bool{false, true} {
			tr, err := New(Config{Data: "mazes", MazeAlgo: algo, MazeSize: 16, MazePool: 20, MazeFresh: fresh, Algo: "wgan", Hidden: 8, Noise: 2, Batch: 4, GDepth: 1, DDepth: 1, Critic: 1})
			if err != nil {
				t.Fatal(err)
			}
			mustStep(t, tr)
			if tr.Side() != 16 {
				t.Fatalf("maze side %d, want 16", tr.Side())
			}
			imgs := make([]float32, 4*16*16)
			tr.Real(imgs, 4)
			for k := 0; k < 4; k++ {
				if r := maze.Validate(imgs[k*256:(k+1)*256], 16); !r.Valid {
					t.Fatalf("%s (fresh %v): real image %d is not a valid maze: %s", algo, fresh, k, r.Reason)
				}
			}
		}
	}
}

func TestNormMatchesDefinition(t *testing.T) {
	for _, n := range []int{0, 1, 3, 4, 5, 1001} {
		x := make([]float32, n)
		var want float64
		for i := range x {
			x[i] = float32(i%7) - 2.5
			want += float64(x[i]) * float64(x[i])
		}
		want = math.Sqrt(want)
		if got := norm(x); math.Abs(got-want) > 1e-12*math.Max(1, want) {
			t.Fatalf("norm of %d values = %g, want %g", n, got, want)
		}
	}
}

// Advancing phase by phase, with samples drawn and a checkpoint saved in the
// middle of steps, gives exactly the bits of whole Steps.
func TestAdvanceMatchesStep(t *testing.T) {
	for _, algo := range []string{"gan", "gan-noise", "wgan", "wgan-noise"} {
		cfg := tiny(algo)
		cfg.Critic = 3
		a, b := newTiny(t, cfg), newTiny(t, cfg)
		buf := make([]float32, SampleCount*16)
		wantPhases := 4
		if cfg.IsWasserstein() {
			wantPhases = cfg.Critic + 2
		}
		for step := 1; step <= 4; step++ {
			want := mustStep(t, a)
			phases := 0
			for {
				st, done, err := b.Advance()
				if err != nil {
					t.Fatal(err)
				}
				phases++
				b.Samples(buf) // must not disturb the step in progress
				if done {
					if st != want {
						t.Fatalf("%s step %d: Advance stats %+v, Step stats %+v", algo, step, st, want)
					}
					break
				}
			}
			if phases != wantPhases {
				t.Fatalf("%s: %d phases per step, want %d", algo, phases, wantPhases)
			}
		}
		sameBits(t, algo+" generator", a.gen.Params, b.gen.Params)
		sameBits(t, algo+" discriminator", a.disc.Params, b.disc.Params)
		samplesA := make([]float32, len(buf))
		a.Samples(samplesA)
		b.Samples(buf)
		sameBits(t, algo+" samples", samplesA, buf)

		// Save in the middle of a step finishes it.
		if _, done, err := b.Advance(); err != nil || done {
			t.Fatalf("first phase: done %v err %v", done, err)
		}
		var ck bytes.Buffer
		if err := b.Save(&ck); err != nil {
			t.Fatal(err)
		}
		mustStep(t, a)
		if b.Steps() != a.Steps() {
			t.Fatalf("%s: Save mid-step left the trainer at step %d, want %d", algo, b.Steps(), a.Steps())
		}
		sameBits(t, algo+" generator after a mid-step save", a.gen.Params, b.gen.Params)
	}
}
