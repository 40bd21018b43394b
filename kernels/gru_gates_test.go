package kernels

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestGRUGatesTwins runs every implementation of the GRU gate kernels against the float64 Keras
// equations, for every unit count across the vector width, with NaN in one unit.
func TestGRUGatesTwins(t *testing.T) {
	rng := rand.New(rand.NewPCG(27, 28))
	vec := func(n int) []float32 {
		v := make([]float32, n)
		for i := range v {
			v[i] = float32(rng.Float64()*8 - 4)
		}
		return v
	}
	sig := func(x float64) float64 { return 1 / (1 + math.Exp(-x)) }
	near := func(got float32, want float64) bool {
		return math.Abs(float64(got)-want) <= 2e-6 || math.IsNaN(want) && math.IsNaN(float64(got))
	}
	forEachImpl(t, func(t *testing.T) {
		for n := 0; n <= 41; n++ {
			h, x, u, b := vec(n), vec(3*n), vec(3*n), vec(3*n)
			if n > 5 {
				x[5] = float32(math.NaN())
			}
			got := append([]float32(nil), h...)
			GRUGatesResetAfter(got, x, u, b)
			for j := 0; j < n; j++ {
				z := sig(float64(x[j]) + float64(u[j]) + float64(b[j]))
				r := sig(float64(x[n+j]) + float64(u[n+j]) + float64(b[n+j]))
				c := math.Tanh(float64(x[2*n+j]) + r*(float64(u[2*n+j])+float64(b[2*n+j])))
				if want := z*float64(h[j]) + (1-z)*c; !near(got[j], want) {
					t.Fatalf("reset_after n=%d: h[%d] = %v, want %v", n, j, got[j], want)
				}
			}
			z, rh := make([]float32, n), make([]float32, n)
			GRUGatesZR(z, rh, h, x, u)
			cu := vec(n)
			got = append(got[:0], h...)
			GRUGatesH(got, z, x[2*n:], cu)
			for j := 0; j < n; j++ {
				zj := sig(float64(x[j]) + float64(u[j]))
				rj := sig(float64(x[n+j]) + float64(u[n+j]))
				c := math.Tanh(float64(x[2*n+j]) + float64(cu[j]))
				if !near(z[j], zj) || !near(rh[j], rj*float64(h[j])) {
					t.Fatalf("zr n=%d: [%d] = %v, %v, want %v, %v", n, j, z[j], rh[j], zj, rj*float64(h[j]))
				}
				if want := zj*float64(h[j]) + (1-zj)*c; !near(got[j], want) {
					t.Fatalf("h n=%d: h[%d] = %v, want %v", n, j, got[j], want)
				}
			}
		}
	})
}
