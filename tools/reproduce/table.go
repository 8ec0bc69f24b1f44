package main

import (
	"fmt"
	"math"
	"strings"

	"mirror/engine/train"
)

// metricColumns are the sample metrics shown, in order, with their headers;
// a run shows those its data has.
var metricColumns = []struct{ name, header string }{
	{"digits_covered", "digits covered"},
	{"digit_entropy", "entropy (nats)"},
	{"digit_confidence", "confidence"},
	{"frechet", "Fréchet distance"},
	{"maze_valid", "valid"},
	{"maze_connected", "connected"},
	{"maze_wall_error_rate", "wall errors"},
	{"maze_path_found", "path found"},
	{"maze_distinct", "distinct valid"},
}

// tableRows is the header and one row per outcome.
func tableRows(outcomes []Outcome) [][]string {
	var cols []int
	for i, c := range metricColumns {
		for _, o := range outcomes {
			if _, ok := o.Result.Metrics[c.name]; ok {
				cols = append(cols, i)
				break
			}
		}
	}
	header := []string{"algorithm", "steps", "steps/s", "loss D", "loss G"}
	for _, i := range cols {
		header = append(header, metricColumns[i].header)
	}
	header = append(header, "top digit", "status")
	rows := [][]string{header}
	for _, o := range outcomes {
		r := o.Result
		row := []string{o.Algo, fmt.Sprint(r.Steps), fmt.Sprintf("%.1f", r.StepsPerSec),
			fmt.Sprintf("%.4g", r.Last["loss_d"]), fmt.Sprintf("%.4g", r.Last["loss_g"])}
		for _, i := range cols {
			v, ok := r.Metrics[metricColumns[i].name]
			row = append(row, number(v, ok))
		}
		row = append(row, topDigit(r.Metrics))
		status := "done"
		if o.Err != nil {
			status = o.Err.Error()
		}
		rows = append(rows, append(row, status))
	}
	return rows
}

// topDigit names the digit most samples are classified as, with its share:
// near 100% is the mode collapse of the post's "only Ones".
func topDigit(m map[string]float64) string {
	best, share := -1, -1.0
	for k := range 10 {
		if v, ok := m[fmt.Sprintf("share_%d", k)]; ok && v > share {
			best, share = k, v
		}
	}
	if best < 0 {
		return "–"
	}
	return fmt.Sprintf("%d (%.0f%%)", best, 100*share)
}

func number(v float64, ok bool) string {
	switch {
	case !ok:
		return "–"
	case v == math.Trunc(v) && math.Abs(v) < 1e6:
		return fmt.Sprint(int64(v))
	}
	return fmt.Sprintf("%.3g", v)
}

// Markdown is the comparison as a markdown page: the settings, the figure
// and the table.
func Markdown(cfg train.Config, outcomes []Outcome) string {
	var b strings.Builder
	c := cfg
	c.Algo = ""
	r := c.Resolved()
	fmt.Fprintf(&b, "# GAN, WGAN and instance noise on %s\n\n", r.Data)
	fmt.Fprintf(&b, "The four variants of the post, trained from seed %d on the same data with the same settings ", r.Seed)
	fmt.Fprintf(&b, "(preset %s: hidden %d, noise %d, batch %d); each algorithm's own defaults fill the rest.\n\n", r.Preset, r.Hidden, r.Noise, r.Batch)
	fmt.Fprintf(&b, "![samples of the four variants](%s)\n\n", ComparisonPNG)
	rows := tableRows(outcomes)
	for i, row := range rows {
		for j := range row {
			row[j] = strings.ReplaceAll(row[j], "|", `\|`)
		}
		fmt.Fprintf(&b, "| %s |\n", strings.Join(row, " | "))
		if i == 0 {
			b.WriteString("|" + strings.Repeat(" --- |", len(row)) + "\n")
		}
	}
	b.WriteString("\nSample metrics are measured on the final generator's samples of a fixed noise stream ")
	b.WriteString("(each run's samples.idx). Settings of each run: its metrics.json.\n")
	return b.String()
}
