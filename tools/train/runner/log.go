package runner

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"

	"mirror/engine/train"
)

// statColumns name the training figures of a Log row, in CSV order, with
// how to read each from train.Stats.
var statColumns = []struct {
	name string
	get  func(*train.Stats) *float64
}{
	{"loss_d", func(s *train.Stats) *float64 { return &s.LossD }},
	{"loss_g", func(s *train.Stats) *float64 { return &s.LossG }},
	{"d_real", func(s *train.Stats) *float64 { return &s.DReal }},
	{"d_fake", func(s *train.Stats) *float64 { return &s.DFake }},
	{"wasserstein", func(s *train.Stats) *float64 { return &s.Wasserstein }},
	{"grad_norm_d", func(s *train.Stats) *float64 { return &s.GradNormD }},
	{"grad_norm_g", func(s *train.Stats) *float64 { return &s.GradNormG }},
	{"clip_fraction", func(s *train.Stats) *float64 { return &s.ClipFraction }},
	{"noise_std", func(s *train.Stats) *float64 { return &s.NoiseStd }},
}

// Row is one line of metrics.csv: the training figures averaged over the
// steps since the previous row, and the sample metrics when the row's step
// was a snapshot (NaN otherwise, an empty CSV cell).
type Row struct {
	Step    int64       // generator steps done
	Seconds float64     // wall time of the run so far, resumed sessions included
	Stats   train.Stats // means over the row's steps (Step is left 0)
	Eval    []float64   // [len(Log.EvalNames)] sample metrics, NaN where not measured
}

// Log is the history written to metrics.csv and drawn in losses.png.
type Log struct {
	EvalNames []string // sample metric columns, after the training figures
	Rows      []Row
}

// Header returns the CSV header: step, seconds, the training figures, the sample metrics.
func (l *Log) Header() []string {
	h := []string{"step", "seconds"}
	for _, c := range statColumns {
		h = append(h, c.name)
	}
	return append(h, l.EvalNames...)
}

// WriteCSV writes the header and every row. Numbers use the shortest
// representation that reads back exactly; unmeasured metrics are empty.
func (l *Log) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(l.Header()); err != nil {
		return err
	}
	g := func(x float64) string {
		if math.IsNaN(x) {
			return ""
		}
		return strconv.FormatFloat(x, 'g', -1, 64)
	}
	for _, r := range l.Rows {
		rec := []string{strconv.FormatInt(r.Step, 10), strconv.FormatFloat(r.Seconds, 'f', 3, 64)}
		for _, c := range statColumns {
			rec = append(rec, g(*c.get(&r.Stats)))
		}
		for i := range l.EvalNames {
			v := math.NaN()
			if i < len(r.Eval) {
				v = r.Eval[i]
			}
			rec = append(rec, g(v))
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// ReadCSV reads rows written by WriteCSV with the same header, up to and
// including step upTo: the history a resumed run continues.
func (l *Log) ReadCSV(r io.Reader, upTo int64) error {
	recs, err := csv.NewReader(r).ReadAll()
	if err != nil {
		return fmt.Errorf("metrics.csv: %v", err)
	}
	if len(recs) == 0 || !slices.Equal(recs[0], l.Header()) {
		return fmt.Errorf("metrics.csv: header differs from this run's %v", l.Header())
	}
	var rows []Row
	for i, rec := range recs[1:] {
		vals := make([]float64, len(rec))
		for j, s := range rec {
			if s == "" {
				vals[j] = math.NaN()
				continue
			}
			if vals[j], err = strconv.ParseFloat(s, 64); err != nil {
				return fmt.Errorf("metrics.csv line %d column %s: %q is not a number", i+2, recs[0][j], s)
			}
		}
		row := Row{Step: int64(vals[0]), Seconds: vals[1]}
		if row.Step > upTo {
			break
		}
		for k, c := range statColumns {
			*c.get(&row.Stats) = vals[2+k]
		}
		row.Eval = vals[2+len(statColumns):]
		rows = append(rows, row)
	}
	l.Rows = rows
	return nil
}

// accumulator sums Stats over the steps between two rows.
type accumulator struct {
	sum train.Stats
	n   int
}

func (a *accumulator) add(st train.Stats) {
	for _, c := range statColumns {
		*c.get(&a.sum) += *c.get(&st)
	}
	a.n++
}

// mean returns the mean of the added Stats and starts again.
func (a *accumulator) mean() train.Stats {
	m := a.sum
	for _, c := range statColumns {
		*c.get(&m) /= float64(max(a.n, 1))
	}
	*a = accumulator{}
	return m
}
