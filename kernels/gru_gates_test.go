package kernels

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestGRUGates runs every implementation of the GRU gate kernels against the float64 Keras
// equations: unit counts across the vector width, several rows with strided inputs, NaN in one
// unit; calls large enough to be split over 2 and 3 threads, and one just too small.
func TestGRUGates(t *testing.T) {
	rng := rand.New(rand.NewPCG(27, 28))
	vec := func(n int) []float32 {
		v := make([]float32, n)
		for i := range v {
			v[i] = float32(rng.Float64()*8 - 4)
		}
		return v
	}
	f := func(v float32) float64 { return float64(v) }
	sig := func(x float64) float64 { return 1 / (1 + math.Exp(-x)) }
	near := func(got float32, want float64) bool {
		return math.Abs(float64(got)-want) <= 2e-6 || math.IsNaN(want) && math.IsNaN(float64(got))
	}
	check := func(t *testing.T, rows, n int) {
		ldx, ldu := 3*n+rows, 3*n+2
		h, x, u, b := vec(rows*n), vec(rows*ldx), vec(rows*ldu), vec(3*n)
		if n > 5 && rows > 0 {
			x[5] = float32(math.NaN())
		}
		got := append([]float32(nil), h...)
		GRUGatesResetAfter(got, x, u, b, rows, n, ldx, ldu)
		z, rh, cu := make([]float32, rows*n), make([]float32, rows*n), vec(rows*n)
		GRUGatesZR(z, rh, h, x, u, rows, n, ldx, ldu)
		got2 := append([]float32(nil), h...)
		if rows > 0 {
			GRUGatesH(got2, z, x[2*n:], cu, rows, n, ldx)
		}
		for i := 0; i < rows; i++ {
			for j := 0; j < n; j++ {
				xi, ui, hi := x[i*ldx:], u[i*ldu:], f(h[i*n+j])
				zj := sig(f(xi[j]) + f(ui[j]) + f(b[j]))
				rj := sig(f(xi[n+j]) + f(ui[n+j]) + f(b[n+j]))
				c := math.Tanh(f(xi[2*n+j]) + rj*(f(ui[2*n+j])+f(b[2*n+j])))
				if want := zj*hi + (1-zj)*c; !near(got[i*n+j], want) {
					t.Fatalf("reset_after rows=%d n=%d: h[%d,%d] = %v, want %v", rows, n, i, j, got[i*n+j], want)
				}
				zj = sig(f(xi[j]) + f(ui[j]))
				rj = sig(f(xi[n+j]) + f(ui[n+j]))
				if !near(z[i*n+j], zj) || !near(rh[i*n+j], rj*hi) {
					t.Fatalf("zr rows=%d n=%d: [%d,%d] = %v, %v, want %v, %v", rows, n, i, j, z[i*n+j], rh[i*n+j], zj, rj*hi)
				}
				c = math.Tanh(f(xi[2*n+j]) + f(cu[i*n+j]))
				if want := zj*hi + (1-zj)*c; !near(got2[i*n+j], want) {
					t.Fatalf("h rows=%d n=%d: h[%d,%d] = %v, want %v", rows, n, i, j, got2[i*n+j], want)
				}
			}
		}
	}
	forEachImpl(t, func(t *testing.T) {
		for _, rows := range []int{0, 1, 3} {
			for n := 0; n <= 41; n++ {
				check(t, rows, n)
			}
		}
		defer SetThreads(0)
		for _, threads := range []int{2, 3} {
			SetThreads(threads)
			for _, n := range []int{parallelMinGates/7 - 1, parallelMinGates/7 + 3} {
				check(t, 7, n)
			}
		}
	})
}
