// Package configflag makes one command-line flag per row of train.Fields, so
// that every setting of a training run is a flag of Mirror's tools with the
// same name, help, range and error messages as in the playground's URL.
package configflag

import (
	"flag"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"mirror/engine/train"
)

// Register defines a flag on fs for every field of train.Fields except those
// named in skip. Each flag parses straight into cfg with Field.Set, so a bad
// value fails flag parsing with the field's own message ("batch 0: want
// 2..4096"). Flags left unset keep cfg's value (zero: the default).
func Register(fs *flag.FlagSet, cfg *train.Config, skip ...string) {
	for _, f := range train.Fields {
		if slices.Contains(skip, f.Name) {
			continue
		}
		fs.Var(value{f, cfg}, f.Name, Usage(f))
	}
}

// Usage is a field's help with what it accepts and its default, for flag listings.
func Usage(f train.Field) string {
	if f.Get(&train.Config{}) == "false" {
		return f.Help
	}
	var want string
	switch {
	case len(f.Choices) > 0:
		want = strings.Join(f.Choices, "|")
	case f.Name == "seed":
		want = "0.." + strconv.FormatUint(1<<64-1, 10)
	default:
		g := func(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
		want = g(f.Min) + ".." + g(f.Max)
	}
	return fmt.Sprintf("%s: %s; default %s", f.Help, want, Default(f))
}

// Default describes a field's default: one value, or the value for each
// preset or each algorithm when those decide it.
func Default(f train.Field) string {
	var zero train.Config
	base := f.Get(ptr(zero.Resolved()))
	for _, by := range []string{"preset", "algo"} {
		if by == f.Name {
			continue
		}
		dim, _ := train.FieldByName(by)
		var parts []string
		varies := false
		for _, choice := range dim.Choices {
			var c train.Config
			_ = dim.Set(&c, choice)
			v := f.Get(ptr(c.Resolved()))
			varies = varies || v != base
			parts = append(parts, fmt.Sprintf("%s for %s", v, choice))
		}
		if varies {
			return strings.Join(parts, ", ")
		}
	}
	return base
}

func ptr(c train.Config) *train.Config { return &c }

// value is a flag.Value over one field of a Config.
type value struct {
	field train.Field
	cfg   *train.Config
}

func (v value) String() string {
	if v.cfg == nil { // the flag package's zero-value probe for defaults
		return ""
	}
	if v.field.IsZero(v.cfg) {
		return ""
	}
	return v.field.Get(v.cfg)
}

func (v value) Set(s string) error {
	return v.field.Set(v.cfg, s)
}

// IsBoolFlag lets a boolean field be given as a bare -name.
func (v value) IsBoolFlag() bool { return v.field.Get(&train.Config{}) == "false" }
