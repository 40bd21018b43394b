package kernels

import (
	"bytes"
	"encoding/binary"
	"math"
	"strings"
	"testing"
)

// FuzzRMSpropUpdate: any floats, NaN and Inf included, as weights, gradients, mean squares and
// settings, under every implementation: the update matches the Go twin bit for bit and the
// float64 reference wherever float32 cannot overflow, and writes nothing outside w and ms. A g or
// ms of another length panics.
func FuzzRMSpropUpdate(f *testing.F) {
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, uint8(0), float32(1e-3), float32(0.9), float32(1e-7), false)
	f.Add([]byte{0, 0, 0xc0, 0x7f, 0, 0, 0x80, 0x7f, 0, 0, 0x80, 0xff, 0, 0, 0, 0x80, 1, 0, 0, 0, 0, 0, 0x80, 0x3f}, uint8(6), float32(0.01), float32(0.3), float32(1e-6), true)
	f.Add(make([]byte, 4*3*40), uint8(12), float32(0.1), float32(0), float32(0), true)
	f.Add(bytes.Repeat([]byte{0, 0, 0, 0x3f, 0, 0, 0x80, 0xbe, 0x6f, 0x12, 0x83, 0x3a}, 3*27), uint8(2), float32(1e-3), float32(0.9), float32(1e-7), false)
	f.Add([]byte{0, 0, 0x80, 0x3f, 0, 0, 0x80, 0xbf, 0xff, 0xff, 0x7f, 0x7f}, uint8(3), float32(1), float32(1.5), float32(-1), false)
	f.Fuzz(func(t *testing.T, values []byte, shape uint8, lr, rho, eps float32, epsOutside bool) {
		n, off, odd := len(values)/12, int(shape%5), shape/5%3 // odd 1: ms a float long; 2: g one short
		x := make([]float32, 3*n)
		for i := range x {
			x[i] = math.Float32frombits(binary.LittleEndian.Uint32(values[4*i:]))
		}
		vs := &updateVectors{w: guardedVector(x[:n], off), g: guardedVector(x[n:2*n], off), s: []*matrix{guardedVector(x[2*n:], off)}}
		o := rmspropCase(lr, rho, eps, epsOutside)
		for _, name := range testedImpls() {
			restore := use(t, name)
			if odd == 1 || odd == 2 && n > 0 {
				w, g, ms := vs.w.view(), vs.g.view(), vs.s[0].view()
				if odd == 1 {
					ms = append(ms[:n:n], 0)
				} else {
					g = g[:n-1]
				}
				func() {
					defer func() {
						if r, ok := recover().(string); !ok || !strings.HasPrefix(r, "kernels: ") {
							t.Fatalf("%s: len(w)=%d, len(g)=%d, len(ms)=%d: panic %q", name, len(w), len(g), len(ms), r)
						}
					}()
					RMSpropUpdate(w, g, ms, lr, rho, eps, epsOutside)
				}()
			}
			stepAndCheck(t, o, vs.clone(), false)
			restore()
		}
	})
}
