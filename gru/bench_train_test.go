package gru

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/fastgru/fastgru/kernels"
)

// BenchmarkTrainOnBatch times one RMSprop step with categorical cross-entropy on the question's
// model 1 (batch 128) and on larger GRUs with a TimeDistributed(Dense(8)) softmax head, one
// thread and two: go test -bench TrainOnBatch ./gru
func BenchmarkTrainOnBatch(b *testing.B) {
	defer kernels.SetThreads(0)
	type shape struct{ batch, time, in, units int }
	for _, s := range []shape{{128, 64, 15, 16}, {32, 64, 128, 256}} {
		m, err := NewSequential([]int{s.time, s.in}, &GRU{Units: s.units, ReturnSequences: true},
			&TimeDistributed{Layer: &Dense{Units: 8}}, &Activation{Activation: "softmax"})
		if err != nil {
			b.Fatal(err)
		}
		if err := m.Compile("categorical_crossentropy", RMSprop{}); err != nil {
			b.Fatal(err)
		}
		rng := rand.New(rand.NewPCG(1, 2))
		x := Tensor{Shape: []int{s.batch, s.time, s.in}, Data: make([]float32, s.batch*s.time*s.in)}
		y := Tensor{Shape: []int{s.batch, s.time, 8}, Data: make([]float32, s.batch*s.time*8)}
		for _, v := range [][]float32{x.Data, y.Data} {
			for i := range v {
				v[i] = rng.Float32()
			}
		}
		// The forward's products, counted three times for the backward's two.
		flops := 3 * 2 * float64(s.batch*s.time) * float64(3*s.units*(s.in+s.units)+s.units*8)
		for _, threads := range []int{1, 2} {
			kernels.SetThreads(threads)
			b.Run(fmt.Sprintf("B%d-T%d-I%d-H%d/threads=%d", s.batch, s.time, s.in, s.units, threads), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if _, err := m.TrainOnBatch(x, y); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(b.Elapsed().Seconds()/float64(b.N)*1e6, "µs/op")
				reportGFLOPS(b, flops)
			})
		}
	}
}
