package main

import (
	"maps"
	"slices"
	"testing"
)

// TestModelRatios checks the GRU table's speed-ups with an ORT column: fastgru's over each
// baseline, and each other implementation's over ORT.
func TestModelRatios(t *testing.T) {
	defer func(cs []contender) { modelContenders = cs }(modelContenders)
	run := func(m *model) {}
	modelContenders = []contender{{name: "fastgru"}, {name: "avx2", around: asGeneric}, {name: "generic", slow: true, baseline: true, around: asGeneric},
		{name: ortName, slow: true, baseline: true, predict: run}}
	res := newModelResult(modelRows[0], []float64{1e-6, 2e-6, 0, 4e-6})
	want := map[string]float64{"fastgru/ORT": 4, "avx2/ORT": 2}
	if !maps.Equal(res.Ratios, want) || !res.Results["generic"].Skipped || res.Results[ortName].Microseconds != 4 {
		t.Errorf("ratios %v, results %v; want ratios %v", res.Ratios, res.Results, want)
	}
	var cols []string
	for _, c := range modelRatios() {
		cols = append(cols, c.name)
	}
	if want := []string{"fastgru/generic", "fastgru/ORT", "avx2/ORT"}; !slices.Equal(cols, want) {
		t.Errorf("ratio columns %v, want %v", cols, want)
	}
}
