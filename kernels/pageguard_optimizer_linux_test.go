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
			// Lengths whose last vector of 8 ends at the fence (40, 72, 136, 1000) take the
			// AVX-512 kernels' masked tail there.
			for _, n := range []int{1, 8, 13, 16, 32, 40, 64, 71, 72, 136, 1000} {
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
