package playground

import (
	"bytes"
	"encoding/csv"
	"strconv"

	"mirror/engine/train"
)

// maxRows bounds the history. When it fills, every other row is dropped and
// only every second step is recorded from then on, so a long run keeps its
// whole shape in bounded memory.
const maxRows = 1 << 15

// History records the Stats of training steps for the charts and the CSV export.
type History struct {
	Rows   []train.Stats
	stride int64 // record steps that are multiples of stride
}

// Add records s if its step falls on the stride.
func (h *History) Add(s train.Stats) {
	if h.stride == 0 {
		h.stride = 1
	}
	if s.Step%h.stride != 0 {
		return
	}
	if len(h.Rows) == maxRows {
		kept := h.Rows[:0]
		for i := 1; i < len(h.Rows); i += 2 {
			kept = append(kept, h.Rows[i])
		}
		h.Rows = kept
		h.stride *= 2
		if s.Step%h.stride != 0 {
			return
		}
	}
	h.Rows = append(h.Rows, s)
}

// Column returns one figure of every recorded row.
func (h *History) Column(get func(train.Stats) float64) []float64 {
	out := make([]float64, len(h.Rows))
	for i, r := range h.Rows {
		out[i] = get(r)
	}
	return out
}

// csvColumns name the CSV's columns and how to read them from Stats.
var csvColumns = []struct {
	name string
	get  func(train.Stats) float64
}{
	{"loss_d", func(s train.Stats) float64 { return s.LossD }},
	{"loss_g", func(s train.Stats) float64 { return s.LossG }},
	{"d_real", func(s train.Stats) float64 { return s.DReal }},
	{"d_fake", func(s train.Stats) float64 { return s.DFake }},
	{"wasserstein", func(s train.Stats) float64 { return s.Wasserstein }},
	{"grad_norm_d", func(s train.Stats) float64 { return s.GradNormD }},
	{"grad_norm_g", func(s train.Stats) float64 { return s.GradNormG }},
	{"clip_fraction", func(s train.Stats) float64 { return s.ClipFraction }},
	{"noise_std", func(s train.Stats) float64 { return s.NoiseStd }},
}

// CSV writes the history with a header row: step, then one column per figure.
func (h *History) CSV() []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	header := []string{"step"}
	for _, c := range csvColumns {
		header = append(header, c.name)
	}
	w.Write(header)
	for _, r := range h.Rows {
		rec := []string{strconv.FormatInt(r.Step, 10)}
		for _, c := range csvColumns {
			rec = append(rec, strconv.FormatFloat(c.get(r), 'g', 7, 64))
		}
		w.Write(rec)
	}
	w.Flush()
	return b.Bytes()
}
