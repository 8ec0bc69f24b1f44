package playground

import (
	"strings"
	"testing"

	"mirror/engine/train"
)

func TestHistoryCSV(t *testing.T) {
	var h History
	h.Add(train.Stats{Step: 1, LossD: 1.25, LossG: 0.5})
	h.Add(train.Stats{Step: 2, LossD: 1, Wasserstein: -0.003})
	want := "step,loss_d,loss_g,d_real,d_fake,wasserstein,grad_norm_d,grad_norm_g,clip_fraction,noise_std\n" +
		"1,1.25,0.5,0,0,0,0,0,0,0\n" +
		"2,1,0,0,0,-0.003,0,0,0,0\n"
	if got := string(h.CSV()); got != want {
		t.Fatalf("CSV:\n%s\nwant:\n%s", got, want)
	}
}

func TestHistoryStaysBounded(t *testing.T) {
	var h History
	for s := int64(1); s <= 3*maxRows; s++ {
		h.Add(train.Stats{Step: s})
	}
	if len(h.Rows) > maxRows {
		t.Fatalf("%d rows, want at most %d", len(h.Rows), maxRows)
	}
	last := h.Rows[len(h.Rows)-1].Step
	if last < 3*maxRows-4 {
		t.Fatalf("last recorded step %d, want near %d", last, 3*maxRows)
	}
	if !strings.HasPrefix(string(h.CSV()), "step,") {
		t.Fatal("CSV lost its header")
	}
}
