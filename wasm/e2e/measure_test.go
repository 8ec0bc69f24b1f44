//go:build !js

package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestMeasure reports what a visitor gets: the compressed transfer of the
// page's files, the time from navigation to the first drawn samples, and
// frames and training steps per second for the quick and post presets.
// It runs with MIRROR_MEASURE=1 (`make measure`, on the precompressed dist/)
// and writes build/artifacts/measure.txt.
func TestMeasure(t *testing.T) {
	if os.Getenv("MIRROR_MEASURE") == "" {
		t.Skip("set MIRROR_MEASURE=1 (make measure) to measure")
	}
	srv := serveSite(t, site)
	var report strings.Builder
	fmt.Fprintf(&report, "site %s, measured %s\n", site, time.Now().UTC().Format(time.RFC3339))
	for _, preset := range []string{"quick", "post"} {
		p := open(t, srv.URL+"/?preset="+preset+"&seed=1")
		s := p.status()
		if preset == "quick" {
			type entry struct {
				Name                                           string
				TransferSize, EncodedBodySize, DecodedBodySize float64
			}
			entries := eval[[]entry](p, `performance.getEntriesByType("resource").concat(performance.getEntriesByType("navigation")).map(e => ({Name: e.name, TransferSize: e.transferSize, EncodedBodySize: e.encodedBodySize, DecodedBodySize: e.decodedBodySize}))`)
			var total float64
			for _, e := range entries {
				fmt.Fprintf(&report, "  %-24s %10.0f bytes transferred (%10.0f encoded, %10.0f decoded)\n", filepath.Base(e.Name), e.TransferSize, e.EncodedBodySize, e.DecodedBodySize)
				total += e.TransferSize
			}
			fmt.Fprintf(&report, "  total transfer %.2f MB\n", total/1e6)
		}
		time.Sleep(15 * time.Second)
		end := p.status()
		fmt.Fprintf(&report, "preset %-5s first samples %.2f s; after 15 s: step %d, %.2f steps/s, %.1f fps, %.1f ms/step, gemm %s\n",
			preset, s.FirstSamplesMs/1000, end.Step, end.StepsPerSec, end.FPS, end.StepMs, end.Kernel)
		p.shot(preset)
		p.close() // a tab left open would keep training beside the next one
	}
	p := open(t, srv.URL+"/?autoplay=false")
	time.Sleep(5 * time.Second)
	fmt.Fprintf(&report, "paused: %.1f fps (drawing alone)\n", p.status().FPS)
	t.Log("\n" + report.String())
	os.WriteFile(filepath.Join(artifacts, "measure.txt"), []byte(report.String()), 0o644)
}
