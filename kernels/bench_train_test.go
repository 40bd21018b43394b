package kernels

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// trainBench holds the operands of one training step of rows (padded to whole tiles) of units.
type trainBench struct {
	rows, padded, units                         int
	wt                                          *trainWeights
	hn, z, r, rh, c, cu, h, dh, dhPrev, drh, dy []float32
	hu, u, x, da, dau, b                        []float32
}

func newTrainBench(rows, units int) *trainBench {
	rng := rand.New(rand.NewPCG(9, 10))
	padded := (rows + mr - 1) / mr * mr
	vec := func(sections int) []float32 {
		v := make([]float32, padded*sections*units)
		for i := range v[:rows*sections*units] {
			v[i] = float32(rng.Float64()*2 - 1)
		}
		return v
	}
	return &trainBench{
		rows: rows, padded: padded, units: units, wt: newTrainWeights(rng, units),
		hn: vec(1), z: vec(1), r: vec(1), rh: vec(1), c: vec(1), cu: vec(1), h: vec(1), dh: vec(1), dhPrev: vec(1), drh: vec(1), dy: vec(1),
		hu: vec(2), u: vec(3), x: vec(3), da: vec(3), dau: vec(3), b: vec(3)[:3*units],
	}
}

// benchStep benchmarks step, warmed by one call so that the product's workspace is grown.
func benchStep(b *testing.B, name string, step func()) {
	b.Run(name, func(b *testing.B) {
		step()
		b.ReportAllocs()
		for b.Loop() {
			step()
		}
	})
}

var trainBenchShapes = [][2]int{{128, 16}, {32, 256}}

// BenchmarkGRUTrainStep is one forward training step of either kind, per implementation,
// single-threaded: go test -bench 'GRUTrain|GRUBack' -run x ./kernels
func BenchmarkGRUTrainStep(b *testing.B) {
	SetThreads(1)
	defer SetThreads(0)
	for _, name := range Implementations() {
		b.Run(name, func(b *testing.B) {
			defer use(b, name)()
			for _, s := range trainBenchShapes {
				o := newTrainBench(s[0], s[1])
				benchStep(b, fmt.Sprintf("reset_after=false/%dx%d", s[0], s[1]), func() {
					GRUTrainStep(o.hn, o.z, o.r, o.rh, o.c, o.hu, o.cu, o.h, o.x, o.rows, o.padded, o.units, 3*o.units, o.wt.uzr, o.wt.uh)
				})
				benchStep(b, fmt.Sprintf("reset_after=true/%dx%d", s[0], s[1]), func() {
					GRUTrainStepResetAfter(o.hn, o.z, o.r, o.c, o.u, o.h, o.x, o.b, o.rows, o.padded, o.units, 3*o.units, o.wt.uzh)
				})
			}
		})
	}
}

// BenchmarkGRUBackStep is one backward step of either kind, per implementation, single-threaded.
func BenchmarkGRUBackStep(b *testing.B) {
	SetThreads(1)
	defer SetThreads(0)
	for _, name := range Implementations() {
		b.Run(name, func(b *testing.B) {
			defer use(b, name)()
			for _, s := range trainBenchShapes {
				o := newTrainBench(s[0], s[1])
				benchStep(b, fmt.Sprintf("reset_after=false/%dx%d", s[0], s[1]), func() {
					GRUBackStep(o.dhPrev, o.da, o.drh, o.dh, o.dy, o.units, o.h, o.z, o.r, o.c, o.rows, o.padded, o.units, o.wt.uzrT, o.wt.uhT)
				})
				benchStep(b, fmt.Sprintf("reset_after=true/%dx%d", s[0], s[1]), func() {
					GRUBackStepResetAfter(o.dhPrev, o.da, o.dau, o.dh, o.dy, o.units, o.h, o.z, o.r, o.c, o.u, o.b,
						o.rows, o.padded, o.units, o.wt.uzT)
				})
			}
		})
	}
}
