package kernels

import (
	"encoding/binary"
	"math"
	"testing"
)

// FuzzSoftmaxCrossEntropy: any logits and targets, NaN and Inf included, any shape: no panic
// for lengths that fit; for logits and targets of moderate size, a finite loss, and the same loss
// and gradient from every implementation as from generic within float32 rounding. (Huge targets
// make p·Σy − y cancel: there the implementations' last bits of p decide.)
func FuzzSoftmaxCrossEntropy(f *testing.F) {
	f.Add([]byte{0, 0, 0x80, 0x3f, 0, 0, 0, 0x40, 0, 0, 0x40, 0x40, 0, 0, 0x80, 0x3e}, uint8(2), uint8(1))
	f.Add(make([]byte, 4*2*24), uint8(8), uint8(3))
	f.Add([]byte{0, 0, 0xc0, 0x7f, 0, 0, 0x80, 0x7f, 0, 0, 0x80, 0xff, 0, 0, 0x80, 0x3f}, uint8(1), uint8(2))
	f.Fuzz(func(t *testing.T, values []byte, cols, rows uint8) {
		c, r := int(cols%20)+1, int(rows%8)
		if len(values) < 8*c*r {
			return
		}
		x := make([]float32, 2*c*r)
		for i := range x {
			x[i] = math.Float32frombits(binary.LittleEndian.Uint32(values[4*i:]))
		}
		logits, y := x[:c*r], x[c*r:]
		finite := true
		for _, v := range x {
			// Logits and targets that keep every product finite: the loss must be finite too.
			finite = finite && !math.IsNaN(float64(v)) && math.Abs(float64(v)) < 1e4
		}
		run := func() (float64, []float32, []float32) {
			p, dz := make([]float32, c*r), make([]float32, c*r)
			return SoftmaxCrossEntropy(p, dz, logits, y, r, c, 0.5), p, dz
		}
		defer use(t, "generic")()
		want, wantP, wantDZ := run()
		if !finite {
			for _, name := range testedImpls() {
				restore := use(t, name)
				run()
				restore()
			}
			return
		}
		if math.IsNaN(want) || math.IsInf(want, 0) {
			t.Fatalf("moderate logits and targets, loss %v", want)
		}
		for _, name := range testedImpls() {
			restore := use(t, name)
			got, p, dz := run()
			restore()
			near := func(a, b float64) bool {
				return a == b || math.IsNaN(a) && math.IsNaN(b) || math.Abs(a-b) <= 1e-4*(1+math.Abs(b))
			}
			if !near(got, want) {
				t.Fatalf("%s: loss %v, generic %v", name, got, want)
			}
			// A gradient is compared on the scale of the largest: an exp that underflows to 0 in
			// one implementation and to a subnormal in another moves a product with a huge target.
			scale := 0.0
			for _, v := range wantDZ {
				if !math.IsNaN(float64(v)) {
					scale = math.Max(scale, math.Abs(float64(v)))
				}
			}
			for i := range p {
				dzNear := near(float64(dz[i]), float64(wantDZ[i])) || math.Abs(float64(dz[i]-wantDZ[i])) <= 1e-4*scale
				if !near(float64(p[i]), float64(wantP[i])) || !dzNear {
					t.Fatalf("%s: p, dz [%d] = %v, %v; generic %v, %v", name, i, p[i], dz[i], wantP[i], wantDZ[i])
				}
			}
		}
		sums := make([]float32, c)
		ColumnSums(sums, x, 2*r, c, c, 0)
	})
}
