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
