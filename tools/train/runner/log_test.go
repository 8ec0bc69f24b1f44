package runner

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"mirror/engine/train"
)

func exampleLog() *Log {
	return &Log{
		EvalNames: []string{"maze_valid"},
		Rows: []Row{
			{Step: 10, Seconds: 1.25, Stats: train.Stats{LossD: 1.5, LossG: 0.75, DReal: 0.5}, Eval: []float64{math.NaN()}},
			{Step: 20, Seconds: 2.5, Stats: train.Stats{LossD: -0.125, Wasserstein: 0.125, NoiseStd: 0.01}, Eval: []float64{0.25}},
		},
	}
}

func TestLogCSV(t *testing.T) {
	var buf bytes.Buffer
	if err := exampleLog().WriteCSV(&buf); err != nil {
		t.Fatal(err)
	}
	want := `step,seconds,loss_d,loss_g,d_real,d_fake,wasserstein,grad_norm_d,grad_norm_g,clip_fraction,noise_std,maze_valid
10,1.250,1.5,0.75,0.5,0,0,0,0,0,0,
20,2.500,-0.125,0,0,0,0.125,0,0,0,0.01,0.25
`
	if buf.String() != want {
		t.Errorf("CSV\n%s\nwant\n%s", buf.String(), want)
	}
}

// A resumed run reads the history back, up to its checkpoint's step.
func TestLogReadCSV(t *testing.T) {
	var buf bytes.Buffer
	l := exampleLog()
	if err := l.WriteCSV(&buf); err != nil {
		t.Fatal(err)
	}
	text := buf.String()
	back := &Log{EvalNames: l.EvalNames}
	if err := back.ReadCSV(strings.NewReader(text), 15); err != nil {
		t.Fatal(err)
	}
	if len(back.Rows) != 1 || back.Rows[0].Step != 10 || back.Rows[0].Stats.LossG != 0.75 || !math.IsNaN(back.Rows[0].Eval[0]) {
		t.Errorf("read back %+v, want the first row", back.Rows)
	}
	if err := back.ReadCSV(strings.NewReader(text), 20); err != nil || len(back.Rows) != 2 || back.Rows[1].Eval[0] != 0.25 {
		t.Errorf("read back %+v, %v: want both rows", back.Rows, err)
	}
	other := &Log{EvalNames: []string{"frechet"}}
	if err := other.ReadCSV(strings.NewReader(text), 20); err == nil || !strings.Contains(err.Error(), "header differs") {
		t.Errorf("another run's header: error %v, want a header mismatch", err)
	}
}

func TestPlotPNG(t *testing.T) {
	var buf bytes.Buffer
	if err := exampleLog().PlotPNG(&buf, "wgan on mazes", true); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte("\x89PNG")) {
		t.Errorf("PlotPNG wrote %d bytes that are not a PNG", buf.Len())
	}
}
