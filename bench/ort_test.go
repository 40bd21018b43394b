//go:build ort

package main

import (
	"math"
	"os"
	"testing"
)

// TestORT loads every GRU row (over 20 steps, the largest made smaller) into ONNX Runtime as the
// bench does, on 1 and 2 threads, and checks that its output is fastgru's. It skips when the
// library is not installed (bench/ort/install.sh), or fails with $ORT_REQUIRED set, as CI sets it.
func TestORT(t *testing.T) {
	if preparePeers == nil {
		if os.Getenv("ORT_REQUIRED") != "" {
			t.Fatal(ortNotes[0])
		}
		t.Skip(ortNotes[0])
	}
	for _, threads := range []int{1, 2} {
		for _, r := range modelRows {
			r.time = min(r.time, 20)
			if r.batch*r.units > 32*256 {
				r.batch, r.in = 4, 64
			}
			m, err := r.build()
			if err != nil {
				t.Fatal(err)
			}
			notes := len(ortNotes)
			skip, release := preparePeers(r, m, threads)
			if skip[ortName] {
				t.Errorf("%s, %d threads: left out: %v", r.name, threads, ortNotes[notes:])
				continue
			}
			clear(ortModels[m].output())
			ortPredict(m)
			if d := maxDiff(ortModels[m].output(), m.y.Data); d > ortTolerance {
				t.Errorf("%s, %d threads: ORT's output differs from fastgru's by %g", r.name, threads, d)
			}
			release()
			if _, ok := ortModels[m]; ok || len(ortNotes) != notes {
				t.Errorf("%s: after release, model kept or notes added: %v", r.name, ortNotes[notes:])
			}
		}
	}
}

func TestMaxDiff(t *testing.T) {
	nan := float32(math.NaN())
	for _, tc := range []struct {
		a, b []float32
		want float64
	}{
		{[]float32{1, 2}, []float32{1, 2.5}, 0.5},
		{[]float32{1, 2}, []float32{1}, math.Inf(1)},
		{[]float32{nan, 2}, []float32{1, 2}, math.NaN()},
		{[]float32{1, 2}, []float32{1, nan}, math.NaN()},
	} {
		if d := maxDiff(tc.a, tc.b); d != tc.want && !(math.IsNaN(d) && math.IsNaN(tc.want)) {
			t.Errorf("maxDiff(%v, %v) = %g, want %g", tc.a, tc.b, d, tc.want)
		}
	}
}
