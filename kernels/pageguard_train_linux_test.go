package kernels

import (
	"math/rand/v2"
	"testing"
)

// TestTrainNoAccessPastSlices runs the training steps with every operand exactly as long as they
// ask and ending where an unreadable page begins (or starting where one ends), padded batches or
// not, units of whole vectors and with a tail, dy one row (ldy 0) or strided.
func TestTrainNoAccessPastSlices(t *testing.T) {
	forEachImpl(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(19, 20))
		fill := func(x []float32) []float32 {
			for i := range x {
				x[i] = float32(rng.Float64()*2 - 1)
			}
			return x
		}
		for _, atStart := range []bool{false, true} {
			for _, g := range [][3]int{{4, 6, 16}, {7, 12, 32}, {5, 6, 17}, {1, 1, 24}, {3, 3, 8}, {2, 2, 9},
				{3, 3, 15}, {2, 2, 33}, {3, 4, 47}, {1, 1, 48}, {2, 2, 49}} {
				rows, padded, units := g[0], g[1], g[2]
				wt := newTrainWeights(rng, units)
				// padded rows of sections·units, the first rows filled and the others zero.
				rowsOf := func(sections int) []float32 {
					v := fenced(t, padded*sections*units, atStart)
					fill(v[:rows*sections*units])
					return v
				}
				ldx := 3*units + 1
				h, x, b := rowsOf(1), fill(fenced(t, (rows-1)*ldx+3*units, atStart)), fill(fenced(t, 3*units, atStart))
				z, r, c := rowsOf(1), rowsOf(1), rowsOf(1)
				GRUTrainStep(rowsOf(1), z, r, rowsOf(1), c, rowsOf(2), rowsOf(1), h, x, rows, padded, units, ldx, wt.uzr, wt.uh)
				u := rowsOf(3)
				GRUTrainStepResetAfter(rowsOf(1), z, r, c, u, h, x, b, rows, padded, units, ldx, wt.uzh)
				for _, ldy := range []int{0, units + 2} {
					dy := fill(fenced(t, units, atStart))
					if ldy > 0 {
						dy = fill(fenced(t, (rows-1)*ldy+units, atStart))
					}
					GRUBackStep(rowsOf(1), fenced(t, 3*padded*units, atStart), rowsOf(1), rowsOf(1), dy, ldy, h, z, r, c, rows, padded, units, wt.uzrT, wt.uhT)
					GRUBackStepResetAfter(rowsOf(1), rowsOf(3), fenced(t, 3*padded*units, atStart), rowsOf(1), dy, ldy, h, z, r, c, u, b,
						rows, padded, units, wt.uzT)
				}
			}
		}
	})
}

// TestSoftmaxCrossEntropyNoAccessPastSlices runs the fused head with every operand exactly
// rows·cols long and ending where an unreadable page begins (or starting where one ends), for
// rows two to a vector, an odd row last, and one row a vector.
func TestSoftmaxCrossEntropyNoAccessPastSlices(t *testing.T) {
	forEachImpl(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(21, 22))
		for _, atStart := range []bool{false, true} {
			for _, rc := range [][2]int{{1, 2}, {3, 3}, {4, 8}, {5, 8}, {1, 9}, {3, 16}, {2, 17}} {
				rows, cols := rc[0], rc[1]
				v := func() []float32 {
					x := fenced(t, rows*cols, atStart)
					for i := range x {
						x[i] = float32(rng.Float64())
					}
					return x
				}
				SoftmaxCrossEntropy(v(), v(), v(), v(), rows, cols, 1)
				SoftmaxCrossEntropy(v(), nil, v(), v(), rows, cols, 1)
			}
		}
	})
}
