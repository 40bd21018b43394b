package kernels

import (
	"math/rand/v2"
	"runtime/debug"
	"strings"
	"testing"
)

// FuzzGRUBackStep: any dimensions, ldy and slice lengths (dy or da sometimes a float short)
// either panic with a "kernels: " message or run the backward step, either kind; never a runtime
// panic from an access past a slice. TestGRUBackStep checks the values.
func FuzzGRUBackStep(f *testing.F) {
	f.Add([]byte{4, 6, 16, 0, 0}, uint64(1), false)
	f.Add([]byte{7, 12, 32, 35, 0}, uint64(2), true)
	f.Add([]byte{3, 3, 9, 12, 1}, uint64(3), false)
	f.Add([]byte{1, 1, 5, 0xff, 2}, uint64(4), true)
	f.Add([]byte{5, 6, 33, 35, 0}, uint64(5), true)
	f.Add([]byte{2, 2, 17, 0, 2}, uint64(6), false)
	f.Fuzz(func(t *testing.T, data []byte, seed uint64, resetAfter bool) {
		rows, padded, units := shapeFrom(data, 0), shapeFrom(data, 1), shapeFrom(data, 2)
		ldy, short := shapeFrom(data, 3), shapeFrom(data, 4)%3 // short: dy (1) or da (2) too short
		if units < 1 || units > 64 || padded > 64 || rows < -1 {
			return
		}
		rng := rand.New(rand.NewPCG(seed, 2))
		vec := uniform(rng, 1)
		uw := vec(units * 3 * units)
		dy := vec(units)
		if ldy > 0 {
			dy = vec((rows-1)*ldy + units)
		}
		da := make([]float32, max(3*padded*units, 0))
		if short == 1 && len(dy) > 0 {
			dy = dy[:len(dy)-1]
		}
		if short == 2 && len(da) > 0 {
			da = da[:len(da)-1]
		}
		defer func() {
			if r := recover(); r != nil {
				if s, ok := r.(string); !ok || !strings.HasPrefix(s, "kernels: ") {
					t.Fatalf("panic %v\n%s", r, debug.Stack())
				}
			}
		}()
		h, z, r, c, dh := vec(padded*units), vec(padded*units), vec(padded*units), vec(padded*units), vec(padded*units)
		if resetAfter {
			GRUBackStepResetAfter(vec(padded*units), vec(3*padded*units), da, dh, dy, ldy, h, z, r, c, vec(3*padded*units), vec(3*units),
				rows, padded, units, PackBTrans(3*units, units, uw, 3*units))
			return
		}
		GRUBackStep(vec(padded*units), da, vec(padded*units), dh, dy, ldy, h, z, r, c, rows, padded, units,
			PackBTrans(2*units, units, uw, 3*units), PackBTrans(units, units, uw[2*units:], 3*units))
	})
}
