// Package rng is Mirror's seeded random number generator.
//
// Every random draw of a training run (initial weights, noise, shuffling,
// instance noise, mazes) comes from an RNG made here, so that a run is a pure
// function of its configuration and seed. The generator is xoshiro256** seeded
// through SplitMix64; normal deviates use Marsaglia's polar method with a
// logarithm written in plain float64 arithmetic (mirror/engine/fmath), so the same seed
// gives bit-identical streams natively and in WebAssembly.
//
// It leaves out: cryptographic quality, and thread safety (one RNG per user).
package rng

import (
	"math"

	"mirror/engine/fmath"
)

// RNG is a xoshiro256** generator plus the spare normal deviate of the polar method.
// Its whole state is exported through State and restored by SetState, for checkpoints.
type RNG struct {
	s        [4]uint64
	spare    float64
	hasSpare bool
}

// New returns a generator seeded from seed by SplitMix64, as xoshiro's authors advise.
func New(seed uint64) *RNG {
	r := &RNG{}
	r.Seed(seed)
	return r
}

// Seed resets r to the stream of seed.
func (r *RNG) Seed(seed uint64) {
	x := seed
	for i := range r.s {
		x += 0x9e3779b97f4a7c15
		z := x
		z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
		z = (z ^ (z >> 27)) * 0x94d049bb133111eb
		r.s[i] = z ^ (z >> 31)
	}
	r.hasSpare = false
	r.spare = 0
}

// Uint64 returns 64 uniformly random bits (xoshiro256**).
func (r *RNG) Uint64() uint64 {
	s := &r.s
	result := rotl(s[1]*5, 7) * 9
	t := s[1] << 17
	s[2] ^= s[0]
	s[3] ^= s[1]
	s[1] ^= s[2]
	s[0] ^= s[3]
	s[2] ^= t
	s[3] = rotl(s[3], 45)
	return result
}

func rotl(x uint64, k uint) uint64 { return (x << k) | (x >> (64 - k)) }

// Float64 returns a uniform float64 in [0, 1) with 53 random bits.
func (r *RNG) Float64() float64 { return float64(r.Uint64()>>11) * 0x1p-53 }

// Float32 returns a uniform float32 in [0, 1) with 24 random bits.
func (r *RNG) Float32() float32 { return float32(r.Uint64()>>40) * 0x1p-24 }

// Intn returns a uniform int in [0, n) by Lemire's multiply-shift with rejection
// (no modulo bias). It panics if n <= 0.
func (r *RNG) Intn(n int) int {
	if n <= 0 {
		panic("rng: Intn with n <= 0")
	}
	bound := uint64(n)
	threshold := -bound % bound
	for {
		hi, lo := mul64(r.Uint64(), bound)
		if lo >= threshold {
			return int(hi)
		}
	}
}

func mul64(x, y uint64) (hi, lo uint64) {
	const mask32 = 1<<32 - 1
	x0, x1 := x&mask32, x>>32
	y0, y1 := y&mask32, y>>32
	w0 := x0 * y0
	t := x1*y0 + w0>>32
	w1, w2 := t&mask32, t>>32
	w1 += x0 * y1
	hi = x1*y1 + w2 + w1>>32
	lo = x * y
	return
}

// Shuffle permutes perm in place (Fisher–Yates).
func (r *RNG) Shuffle(perm []int) {
	for i := len(perm) - 1; i > 0; i-- {
		j := r.Intn(i + 1)
		perm[i], perm[j] = perm[j], perm[i]
	}
}

// Normal returns a standard normal deviate (Marsaglia's polar method):
//
//	u, v ~ U(-1, 1), s = u² + v² in (0, 1): z₁ = u·√(-2 ln s / s), z₂ = v·√(-2 ln s / s).
//
// The second deviate of each pair is kept for the next call.
func (r *RNG) Normal() float64 {
	if r.hasSpare {
		r.hasSpare = false
		return r.spare
	}
	for {
		u := 2*r.Float64() - 1
		v := 2*r.Float64() - 1
		s := u*u + v*v
		if s >= 1 || s == 0 {
			continue
		}
		f := math.Sqrt(-2 * fmath.Log(s) / s)
		r.spare = v * f
		r.hasSpare = true
		return u * f
	}
}

// FillUniform sets every dst[i] to a uniform draw from [lo, hi).
func (r *RNG) FillUniform(dst []float32, lo, hi float32) {
	for i := range dst {
		dst[i] = lo + (hi-lo)*r.Float32()
	}
}

// FillNormal sets every dst[i] to mean + std·z with z standard normal.
func (r *RNG) FillNormal(dst []float32, mean, std float32) {
	for i := range dst {
		dst[i] = mean + std*float32(r.Normal())
	}
}

// AddNormal adds std·z to every dst[i], z standard normal (instance noise).
func (r *RNG) AddNormal(dst []float32, std float32) {
	for i := range dst {
		dst[i] += std * float32(r.Normal())
	}
}

// State is the complete state of an RNG, for checkpoints.
type State struct {
	S        [4]uint64
	Spare    float64
	HasSpare bool
}

// State returns r's state; SetState(State()) continues the same stream.
func (r *RNG) State() State { return State{S: r.s, Spare: r.spare, HasSpare: r.hasSpare} }

// SetState restores a state returned by State.
func (r *RNG) SetState(st State) { r.s, r.spare, r.hasSpare = st.S, st.Spare, st.HasSpare }
