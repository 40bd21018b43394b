package kernels

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// BenchmarkOptimizerUpdate runs every update under every implementation over a small model's
// weights and over a million; GB/s counts the floats read and written:
// go test -bench 'OptimizerUpdate/avx2/' ./kernels
func BenchmarkOptimizerUpdate(b *testing.B) {
	for _, name := range Implementations() {
		b.Run(name, func(b *testing.B) {
			defer use(b, name)()
			for _, o := range []optimizer{
				rmspropCase(1e-3, 0.9, 1e-7, false), rmspropCase(1e-3, 0.9, 1e-7, true),
				adamCase(1e-3, 0.9, 0.999, 1e-7),
				sgdCase(0.01, 0, false), sgdCase(0.01, 0.9, false), sgdCase(0.01, 0.9, true),
			} {
				for _, n := range []int{1536 + 255, 1 << 20} {
					b.Run(fmt.Sprintf("%s/n=%d", o.name, n), func(b *testing.B) {
						vs := newVectors(rand.New(rand.NewPCG(9, 10)), o, n, 0)
						w, g, s := vs.w.view(), vs.g.view(), vs.state()
						b.ReportAllocs()
						for b.Loop() {
							o.update(w, g, s)
						}
						b.ReportMetric(float64(4*o.streams*n)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GB/s")
					})
				}
			}
		})
	}
}
