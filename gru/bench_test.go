package gru

import (
	"fmt"
	"github.com/fastgru/fastgru/internal/peak"
	"math/rand/v2"
	"testing"

	"github.com/fastgru/fastgru/kernels"
)

// randomModel builds input(time, in) → GRU(units) → head and fills input and weights with
// uniform values, as the oracle does.
func randomModel(b *testing.B, batch, time, in, units int, layers ...Layer) (*Sequential, Tensor) {
	m, err := NewSequential([]int{time, in}, append([]Layer{&GRU{Units: units, ReturnSequences: len(layers) > 0}}, layers...)...)
	if err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	fill := func(shape []int) Tensor {
		n, _ := size(shape)
		t := Tensor{Shape: shape, Data: make([]float32, n)}
		for i := range t.Data {
			t.Data[i] = float32(rng.Float64()-0.5) * 0.5
		}
		return t
	}
	var w []Tensor
	for _, s := range m.WeightShapes() {
		w = append(w, fill(s))
	}
	if err := m.SetWeights(w); err != nil {
		b.Fatal(err)
	}
	return m, fill([]int{batch, time, in})
}

// BenchmarkPredict times the question's model and two common GRU shapes, one thread:
// go test -bench Predict ./gru
func BenchmarkPredict(b *testing.B) {
	kernels.SetThreads(1)
	defer kernels.SetThreads(0)
	type shape struct{ batch, time, in, units int }
	for _, s := range []shape{{4, 64, 15, 16}, {32, 64, 128, 256}, {1, 100, 128, 512}} {
		var head []Layer
		if s.units == 16 {
			head = []Layer{&TimeDistributed{Layer: &Dense{Units: 15}}, &Activation{Activation: "softmax"}}
		}
		m, x := randomModel(b, s.batch, s.time, s.in, s.units, head...)
		b.Run(fmt.Sprintf("B%d-T%d-I%d-H%d", s.batch, s.time, s.in, s.units), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := m.Predict(x); err != nil {
					b.Fatal(err)
				}
			}
			flops := 2 * float64(s.batch*s.time) * 3 * float64(s.units) * float64(s.in+s.units)
			b.ReportMetric(b.Elapsed().Seconds()/float64(b.N)*1e6, "µs/op")
			reportGFLOPS(b, flops)
		})
	}
}

// reportGFLOPS reports a benchmark's rate from the flops of one call, and its share of the FMA
// peak of the kernels implementation that ran, measured by the same process.
func reportGFLOPS(b *testing.B, flops float64) {
	g := flops * float64(b.N) / b.Elapsed().Seconds() / 1e9
	b.ReportMetric(g, "GFLOP/s")
	if p := peak.Cached(kernels.Selected()); p > 0 {
		b.ReportMetric(100*g/p, "%peak")
	}
}
