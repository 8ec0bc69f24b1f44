// Package train runs the blog post's four GAN variants (gan, gan-noise, wgan,
// wgan-noise) one generator step at a time, so that a browser frame loop or a
// command-line tool can drive it.
//
// This file holds the settings: one Config struct whose zero value means "the
// defaults", and one property table (Fields) that reads and writes it as
// strings. The same table makes the command-line flags of tools/train, the
// URL of the playground and the checkpoint's configuration record, so every
// run is reproducible from a short list of name=value pairs, seed included.
package train

import (
	"fmt"
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// Config is everything that defines a training run. A zero field means "the
// default": the preset decides the network sizes, the algorithm decides the
// optimizer, learning rates, noise, clipping and critic steps. Resolved fills
// those in; Validate checks ranges.
type Config struct {
	Data       string  // "mnist" or "mazes"
	MazeAlgo   string  // maze generator: "dfs", "kruskal", "prim", "wilson"
	MazeSize   int     // maze image side in pixels (2 × cells), even, 16..64
	MazePool   int     // number of mazes in the fixed pool (the post used 1,280)
	MazeFresh  bool    // fresh mazes every batch instead of a fixed pool
	Algo       string  // "gan", "gan-noise", "wgan", "wgan-noise"
	Preset     string  // "quick" or "post": network sizes and batch
	Hidden     int     // hidden width of both networks
	Noise      int     // generator input (latent) dimensions
	Batch      int     // images per batch
	GDepth     int     // generator hidden blocks (Linear, BatchNorm, ReLU)
	DDepth     int     // discriminator hidden blocks (Linear, LeakyReLU)
	Slope      float64 // LeakyReLU negative slope of the discriminator
	LRG        float64 // generator learning rate
	LRD        float64 // discriminator (critic) learning rate
	Beta1      float64 // Adam β1
	Beta2      float64 // Adam β2
	NoiseStd   float64 // instance noise standard deviation (noise algorithms)
	Anneal     int     // steps over which the instance noise decays linearly to 0 (0: constant)
	Clip       float64 // WGAN weight clipping bound
	Critic     int     // WGAN critic steps per generator step
	FreshBatch bool    // WGAN: a fresh real and fake batch for every critic step
	Sigmoid    bool    // WGAN: keep the post's sigmoid on the critic's output
	GLoss      string  // GAN generator loss: "nonsaturating" (the post's) or "saturating"
	Smooth     float64 // one-sided label smoothing: real targets are 1 − Smooth
	Seed       uint64  // the seed of every random draw of the run
}

// Preset network sizes. The post states hidden 512, noise 10, batch 128;
// quick halves width and batch for fast feedback in a browser tab.
var presets = map[string]Config{
	"quick": {Hidden: 256, Noise: 10, Batch: 64, GDepth: 3, DDepth: 2, Slope: 0.2},
	"post":  {Hidden: 512, Noise: 10, Batch: 128, GDepth: 3, DDepth: 2, Slope: 0.2},
}

// Algorithms and their defaults. The post does not state its learning rates:
// Mirror uses Adam 2e-4 (the usual GAN choice) and RMSprop 5e-5 (the WGAN
// paper's). Every algorithm gets
// a value for every knob, used or not, so that switching algorithm in the
// playground never leaves a knob without a value.
var algorithms = map[string]Config{
	"gan":        {LRG: 2e-4, LRD: 2e-4, NoiseStd: 0},
	"gan-noise":  {LRG: 2e-4, LRD: 2e-4, NoiseStd: 0.1},
	"wgan":       {LRG: 5e-5, LRD: 5e-5, NoiseStd: 0},
	"wgan-noise": {LRG: 5e-5, LRD: 5e-5, NoiseStd: 0.01},
}

// Knobs whose default does not depend on the algorithm. Adam's β1 is 0.5,
// DCGAN's choice, not PyTorch's 0.9 that the post kept: with 0.9 the quick
// preset collapses onto one or two digits within 3,000 steps even with
// instance noise, with 0.5 it draws most classes (beta1=0.9 in the URL or on
// the command line restores the post's setting).
var common = Config{Beta1: 0.5, Beta2: 0.999, GLoss: "nonsaturating", Clip: 0.01, Critic: 10}

// IsWasserstein reports whether the algorithm trains a critic with RMSprop and clipping.
func (c Config) IsWasserstein() bool { return strings.HasPrefix(c.Algo, "wgan") }

// HasInstanceNoise reports whether the algorithm adds noise to the discriminator's inputs.
func (c Config) HasInstanceNoise() bool { return strings.HasSuffix(c.Algo, "-noise") }

// Resolved returns c with every zero field replaced by its default.
func (c Config) Resolved() Config {
	def := func(s *string, d string) {
		if *s == "" {
			*s = d
		}
	}
	defI := func(v *int, d int) {
		if *v == 0 {
			*v = d
		}
	}
	defF := func(v *float64, d float64) {
		if *v == 0 {
			*v = d
		}
	}
	def(&c.Data, "mnist")
	def(&c.MazeAlgo, "dfs")
	defI(&c.MazeSize, 28)
	defI(&c.MazePool, 1280)
	def(&c.Algo, "gan")
	def(&c.Preset, "quick")
	p, a := presets[c.Preset], algorithms[c.Algo]
	defI(&c.Hidden, p.Hidden)
	defI(&c.Noise, p.Noise)
	defI(&c.Batch, p.Batch)
	defI(&c.GDepth, p.GDepth)
	defI(&c.DDepth, p.DDepth)
	defF(&c.Slope, p.Slope)
	defF(&c.LRG, a.LRG)
	defF(&c.LRD, a.LRD)
	defF(&c.NoiseStd, a.NoiseStd)
	defF(&c.Beta1, common.Beta1)
	defF(&c.Beta2, common.Beta2)
	defF(&c.Clip, common.Clip)
	defI(&c.Critic, common.Critic)
	def(&c.GLoss, common.GLoss)
	return c
}

// Validate checks a resolved configuration and names the first bad value
// with the allowed range.
func (c Config) Validate() error {
	for _, f := range Fields {
		if err := f.check(&c); err != nil {
			return err
		}
	}
	return nil
}

// Field is one row of the property table: a setting's name (as a URL
// parameter and a command-line flag), its help, its range, whether it can
// change while training runs (Live) or needs new networks, and how to read
// and write it as a string.
type Field struct {
	Name    string
	Help    string
	Choices []string // allowed strings, for enumerations
	Min     float64  // inclusive range of numbers
	Max     float64
	Live    bool
	Even    bool // whole numbers that must be even
	kind    fieldKind
	str     func(*Config) *string
	int     func(*Config) *int
	float   func(*Config) *float64
	boolean func(*Config) *bool
	uint    func(*Config) *uint64
}

type fieldKind int

const (
	kindString fieldKind = iota
	kindInt
	kindFloat
	kindBool
	kindUint
)

func enumField(name, help string, choices []string, live bool, p func(*Config) *string) Field {
	return Field{Name: name, Help: help, Choices: choices, Live: live, kind: kindString, str: p}
}
func intField(name, help string, min, max int, live bool, p func(*Config) *int) Field {
	return Field{Name: name, Help: help, Min: float64(min), Max: float64(max), Live: live, kind: kindInt, int: p}
}
func evenField(f Field) Field { f.Even = true; return f }
func floatField(name, help string, min, max float64, live bool, p func(*Config) *float64) Field {
	return Field{Name: name, Help: help, Min: min, Max: max, Live: live, kind: kindFloat, float: p}
}
func boolField(name, help string, live bool, p func(*Config) *bool) Field {
	return Field{Name: name, Help: help, Live: live, kind: kindBool, boolean: p}
}

// Fields is the property table, in the order settings are shown.
var Fields = []Field{
	enumField("data", "training images", []string{"mnist", "mazes"}, false, func(c *Config) *string { return &c.Data }),
	enumField("maze", "maze generator", []string{"dfs", "kruskal", "prim", "wilson"}, false, func(c *Config) *string { return &c.MazeAlgo }),
	evenField(intField("maze-size", "maze image side in pixels (2 × cells)", 16, 64, false, func(c *Config) *int { return &c.MazeSize })),
	intField("maze-pool", "mazes in the fixed training pool", 1, 100000, false, func(c *Config) *int { return &c.MazePool }),
	boolField("maze-fresh", "fresh mazes every batch instead of a fixed pool", false, func(c *Config) *bool { return &c.MazeFresh }),
	enumField("algo", "training algorithm", []string{"gan", "gan-noise", "wgan", "wgan-noise"}, false, func(c *Config) *string { return &c.Algo }),
	enumField("preset", "network sizes and batch", []string{"quick", "post"}, false, func(c *Config) *string { return &c.Preset }),
	intField("hidden", "hidden width of both networks", 1, 4096, false, func(c *Config) *int { return &c.Hidden }),
	intField("noise", "generator input dimensions", 1, 1024, false, func(c *Config) *int { return &c.Noise }),
	intField("batch", "images per batch", 2, 4096, false, func(c *Config) *int { return &c.Batch }),
	intField("g-depth", "generator hidden blocks", 1, 8, false, func(c *Config) *int { return &c.GDepth }),
	intField("d-depth", "discriminator hidden blocks", 1, 8, false, func(c *Config) *int { return &c.DDepth }),
	floatField("slope", "discriminator LeakyReLU slope", 0, 1, false, func(c *Config) *float64 { return &c.Slope }),
	floatField("lr-g", "generator learning rate", 1e-7, 1, true, func(c *Config) *float64 { return &c.LRG }),
	floatField("lr-d", "discriminator learning rate", 1e-7, 1, true, func(c *Config) *float64 { return &c.LRD }),
	floatField("beta1", "Adam β1", 0, 0.9999, true, func(c *Config) *float64 { return &c.Beta1 }),
	floatField("beta2", "Adam β2", 0, 0.99999, true, func(c *Config) *float64 { return &c.Beta2 }),
	floatField("noise-std", "instance noise standard deviation", 0, 1, true, func(c *Config) *float64 { return &c.NoiseStd }),
	intField("anneal", "steps to anneal instance noise to 0 (0: constant)", 0, 100000000, true, func(c *Config) *int { return &c.Anneal }),
	floatField("clip", "WGAN weight clipping bound", 1e-5, 10, true, func(c *Config) *float64 { return &c.Clip }),
	intField("critic", "WGAN critic steps per generator step", 1, 100, true, func(c *Config) *int { return &c.Critic }),
	boolField("fresh-batch", "WGAN: fresh batches for every critic step", true, func(c *Config) *bool { return &c.FreshBatch }),
	boolField("sigmoid", "WGAN: keep the post's sigmoid on the critic", false, func(c *Config) *bool { return &c.Sigmoid }),
	enumField("g-loss", "GAN generator loss", []string{"nonsaturating", "saturating"}, true, func(c *Config) *string { return &c.GLoss }),
	floatField("smooth", "one-sided label smoothing (real target 1 − smooth)", 0, 0.5, true, func(c *Config) *float64 { return &c.Smooth }),
	{Name: "seed", Help: "random seed", Min: 0, Max: math.MaxUint64, kind: kindUint, uint: func(c *Config) *uint64 { return &c.Seed }},
}

// FieldByName returns the row of the property table called name.
func FieldByName(name string) (Field, bool) {
	for _, f := range Fields {
		if f.Name == name {
			return f, true
		}
	}
	return Field{}, false
}

// Get returns the field's value in c as a string ("" for an unset string).
func (f Field) Get(c *Config) string {
	switch f.kind {
	case kindString:
		return *f.str(c)
	case kindInt:
		return strconv.Itoa(*f.int(c))
	case kindFloat:
		return strconv.FormatFloat(*f.float(c), 'g', -1, 64)
	case kindBool:
		return strconv.FormatBool(*f.boolean(c))
	default:
		return strconv.FormatUint(*f.uint(c), 10)
	}
}

// IsZero reports whether the field holds its zero value in c ("use the default").
func (f Field) IsZero(c *Config) bool {
	var zero Config
	return f.Get(c) == f.Get(&zero)
}

// Set parses s into the field of c. It checks syntax and range and, on
// error, leaves c unchanged and says what was expected.
func (f Field) Set(c *Config, s string) error {
	s = strings.TrimSpace(s)
	next := *c
	switch f.kind {
	case kindString:
		*f.str(&next) = s
	case kindInt:
		v, err := strconv.Atoi(s)
		if err != nil {
			return fmt.Errorf("%s %q: want a whole number in %s", f.Name, s, f.rangeText())
		}
		*f.int(&next) = v
	case kindFloat:
		v, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("%s %q: want a number in %s", f.Name, s, f.rangeText())
		}
		*f.float(&next) = v
	case kindBool:
		v, err := strconv.ParseBool(s)
		if err != nil {
			return fmt.Errorf("%s %q: want true or false", f.Name, s)
		}
		*f.boolean(&next) = v
	case kindUint:
		v, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			return fmt.Errorf("%s %q: want a whole number in 0..%d", f.Name, s, uint64(math.MaxUint64))
		}
		*f.uint(&next) = v
	}
	if !f.IsZero(&next) { // zero means "default" and is always allowed
		if err := f.check(&next); err != nil {
			return err
		}
	}
	*c = next
	return nil
}

// check validates the field's value in c (a resolved configuration).
func (f Field) check(c *Config) error {
	switch f.kind {
	case kindString:
		v := *f.str(c)
		for _, ch := range f.Choices {
			if v == ch {
				return nil
			}
		}
		return fmt.Errorf("%s %q: want one of %s", f.Name, v, strings.Join(f.Choices, ", "))
	case kindInt, kindFloat:
		var v float64
		if f.kind == kindInt {
			v = float64(*f.int(c))
		} else {
			v = *f.float(c)
		}
		if !(v >= f.Min && v <= f.Max) || (f.Even && math.Mod(v, 2) != 0) {
			return fmt.Errorf("%s %s: want %s", f.Name, f.Get(c), f.rangeText())
		}
	}
	return nil
}

func (f Field) rangeText() string {
	g := func(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
	if f.Even {
		return "an even number in " + g(f.Min) + ".." + g(f.Max)
	}
	return g(f.Min) + ".." + g(f.Max)
}

// Query writes the fields of c that differ from the zero value as URL query
// parameters, in table order, seed always included: a shareable link.
func (c Config) Query() url.Values {
	q := url.Values{}
	for _, f := range Fields {
		if f.Name == "seed" || !f.IsZero(&c) {
			q.Set(f.Name, f.Get(&c))
		}
	}
	return q
}

// Encode is Query as a string with parameters in table order (url.Values.Encode sorts them).
func (c Config) Encode() string {
	var b strings.Builder
	for _, f := range Fields {
		if f.Name == "seed" || !f.IsZero(&c) {
			if b.Len() > 0 {
				b.WriteByte('&')
			}
			b.WriteString(url.QueryEscape(f.Name) + "=" + url.QueryEscape(f.Get(&c)))
		}
	}
	return b.String()
}

// FromQuery reads a configuration from URL parameters. The page's own
// parameters (such as "controls") are named in pageParams; any other unknown
// parameter is reported, since it is most likely a typo. A bad value does not
// stop the others: it is left at its default and reported in errs, one
// message per bad parameter, in table order.
func FromQuery(q url.Values, pageParams ...string) (c Config, errs []error) {
	var unknown []string
	for name := range q {
		if _, ok := FieldByName(name); !ok && !slices.Contains(pageParams, name) {
			unknown = append(unknown, name)
		}
	}
	slices.Sort(unknown)
	for _, name := range unknown {
		errs = append(errs, fmt.Errorf("unknown parameter %q: want one of %s", name, fieldNames()))
	}
	for _, f := range Fields {
		vs, ok := q[f.Name]
		if !ok || len(vs) == 0 {
			continue
		}
		if err := f.Set(&c, vs[len(vs)-1]); err != nil {
			errs = append(errs, err)
		}
	}
	return c, errs
}

func fieldNames() string {
	names := make([]string, len(Fields))
	for i, f := range Fields {
		names[i] = f.Name
	}
	return strings.Join(names, ", ")
}
