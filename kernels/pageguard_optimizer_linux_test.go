package kernels

import (
	"math/rand/v2"
	"testing"
)

// TestOptimizerNoAccessPastSlices: every update on slices that end where an unreadable page
// begins, or start where one ends.
func TestOptimizerNoAccessPastSlices(t *testing.T) {
	forEachImpl(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(19, 20))
		for _, atStart := range []bool{false, true} {
			for _, n := range []int{1, 8, 13, 32, 40, 71, 1000} {
				vec := func(square bool) []float32 {
					x := fenced(t, n, atStart)
					for i := range x {
						x[i] = optimizerValue(rng, square)
					}
					return x
				}
				for _, o := range optimizers {
					w, g := vec(false), vec(false)
					s := make([][]float32, len(o.squares))
					for i, sq := range o.squares {
						s[i] = vec(sq)
					}
					o.update(w, g, s)
				}
			}
		}
	})
}
