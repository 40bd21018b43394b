package kernels

import (
	"testing"

	"gonum.org/v1/gonum/blas"
)

// TestNoAllocs: a warmed Sgemm or Dense allocates nothing, on one thread or several.
func TestNoAllocs(t *testing.T) {
	const m, n, k = 300, 200, 300
	a, b, c := make([]float32, m*k), make([]float32, k*n), make([]float32, m*n)
	bias := make([]float32, n)
	for _, threads := range []int{1, 2} {
		SetThreads(threads)
		for name, f := range map[string]func(){
			"Sgemm": func() { Sgemm(blas.NoTrans, blas.Trans, m, n, k, 1, a, k, b, k, 0.5, c, n) },
			"Dense": func() { Dense(c, a, m, k, n, b, bias, Softmax) },
		} {
			f()
			if allocs := testing.AllocsPerRun(20, f); allocs != 0 {
				t.Errorf("%s on %d threads: %v allocations per call", name, threads, allocs)
			}
		}
	}
	SetThreads(0)
}

// TestGRUNoAllocs: a warmed GRU step, fused or not, and the gate kernels allocate nothing, under
// every implementation.
func TestGRUNoAllocs(t *testing.T) {
	forEachImpl(t, func(t *testing.T) {
		SetThreads(1)
		defer SetThreads(0)
		for _, s := range [][3]int{{13, 13, 32}, {12, 12, 32}, {5, 6, 24}} {
			rows, padded, u := s[0], s[1], s[2]
			uw := make([]float32, u*3*u)
			uzr, uh := PackB(u, 2*u, uw, 3*u), PackB(u, u, uw[2*u:], 3*u)
			h, z, rh, cand, hu := make([]float32, padded*u), make([]float32, padded*u), make([]float32, padded*u), make([]float32, padded*u), make([]float32, 3*padded*u)
			x, b := make([]float32, rows*3*u), make([]float32, 3*u)
			for name, f := range map[string]func(){
				"GRUStep":            func() { GRUStep(h, z, rh, hu, cand, x, rows, padded, u, 3*u, uzr, uh) },
				"GRUGatesResetAfter": func() { GRUGatesResetAfter(h, x, hu, b, rows, u, 3*u, 3*u) },
				"GRUGatesZR+H": func() {
					GRUGatesZR(z, rh, h, x, hu, rows, u, 3*u, 3*u)
					GRUGatesH(h, z, x[2*u:], cand, rows, u, 3*u)
				},
			} {
				f()
				if allocs := testing.AllocsPerRun(20, f); allocs != 0 {
					t.Errorf("%s %v: %v allocations per call", name, s, allocs)
				}
			}
		}
	})
}
