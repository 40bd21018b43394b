package kernels

import (
	"flag"
	"fmt"
	"github.com/fastgru/fastgru/internal/peak"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/blas"
)

// guard is the value around and between every output; a kernel that writes it is caught.
const guard = float32(-1234.5)

const guardLen = 17

// matrix is a rows×cols row-major view with stride ld, off floats into a buffer that has guard
// cells before and after it.
type matrix struct {
	buf             []float32
	off, rows, cols int
	ld              int
}

// newMatrix fills the view with values in [-1, 1) and everything else with guard.
// uniform returns a maker of vectors of n values uniform in [-scale, scale), drawn from rng; a
// negative n makes an empty one.
func uniform(rng *rand.Rand, scale float64) func(n int) []float32 {
	return func(n int) []float32 {
		v := make([]float32, max(n, 0))
		for i := range v {
			v[i] = float32(rng.Float64()*(2*scale) - scale)
		}
		return v
	}
}

func newMatrix(rng *rand.Rand, rows, cols, ld, off int) *matrix {
	n := 0
	if rows > 0 {
		n = (rows-1)*ld + cols
	}
	m := &matrix{buf: make([]float32, off+n+guardLen), off: off, rows: rows, cols: cols, ld: ld}
	for i := range m.buf {
		m.buf[i] = guard
	}
	for i := 0; i < rows; i++ {
		for j := 0; j < cols; j++ {
			m.buf[off+i*ld+j] = float32(rng.Float64()*2 - 1)
		}
	}
	return m
}

// view is the slice a kernel gets: exactly as long as gonum's rules ask, (rows-1)*ld+cols.
func (m *matrix) view() []float32 {
	if m.rows == 0 {
		return m.buf[m.off:m.off]
	}
	return m.buf[m.off : m.off+(m.rows-1)*m.ld+m.cols]
}

func (m *matrix) at(i, j int) float32 { return m.buf[m.off+i*m.ld+j] }

func (m *matrix) fill(v float32) {
	for i := 0; i < m.rows; i++ {
		for j := 0; j < m.cols; j++ {
			m.buf[m.off+i*m.ld+j] = v
		}
	}
}

func (m *matrix) clone() *matrix {
	c := *m
	c.buf = append([]float32(nil), m.buf...)
	return &c
}

// checkGuards fails t if any cell outside the view, or between its rows, changed.
func (m *matrix) checkGuards(t *testing.T) {
	t.Helper()
	inView := func(x int) bool {
		x -= m.off
		return x >= 0 && m.rows > 0 && x/m.ld < m.rows && x%m.ld < m.cols
	}
	for i, v := range m.buf {
		if !inView(i) && v != guard {
			t.Fatalf("guard cell %d (offset %d, %d×%d, ld %d) overwritten with %v", i, m.off, m.rows, m.cols, m.ld, v)
		}
	}
}

// refGemm returns alpha·op(A)·op(B) + beta·C in float64 and the error bound of each entry,
// 2(k+2)·ε·(|alpha|·Σ|a||b| + |beta·c|).
func refGemm(tA, tB blas.Transpose, m, n, k int, alpha float32, a *matrix, b *matrix, beta float32, c *matrix) (want, tol []float64) {
	opA := func(i, p int) float64 {
		if tA == blas.NoTrans {
			return float64(a.at(i, p))
		}
		return float64(a.at(p, i))
	}
	opB := func(p, j int) float64 {
		if tB == blas.NoTrans {
			return float64(b.at(p, j))
		}
		return float64(b.at(j, p))
	}
	want, tol = make([]float64, m*n), make([]float64, m*n)
	const eps = 1.0 / (1 << 23)
	for i := 0; i < m; i++ {
		for j := 0; j < n; j++ {
			var s, abs float64
			for p := 0; p < k; p++ {
				x := opA(i, p) * opB(p, j)
				s += x
				abs += math.Abs(x)
			}
			v := float64(alpha) * s
			bound := math.Abs(float64(alpha)) * abs
			if beta != 0 {
				cv := float64(c.at(i, j))
				v += float64(beta) * cv
				bound += math.Abs(float64(beta) * cv)
			}
			want[i*n+j] = v
			tol[i*n+j] = 2*float64(k+2)*eps*bound + 1e-30
		}
	}
	return want, tol
}

// onlyImpl narrows the tests to one implementation: under an emulator, where each one costs
// minutes, .ci/run tests only the implementation the CPU itself cannot run.
var onlyImpl = flag.String("impl", "", "run the implementation tests under this implementation only")

// forEachImpl runs f once under every implementation this CPU has (or -impl), as subtests.
func forEachImpl(t *testing.T, f func(t *testing.T)) {
	for _, name := range testedImpls() {
		t.Run(name, func(t *testing.T) {
			defer use(t, name)()
			f(t)
		})
	}
}

// testedImpls returns the names of the implementations the tests run: all that this CPU has, or
// -impl's alone. It panics for an -impl the CPU does not run, so that no test passes by running
// nothing.
func testedImpls() []string {
	if *onlyImpl == "" {
		return Implementations()
	}
	if !slices.Contains(Implementations(), *onlyImpl) {
		panic(fmt.Sprintf("-impl %s: not an implementation this CPU runs (%v)", *onlyImpl, Implementations()))
	}
	return []string{*onlyImpl}
}

// testedISAs is testedImpls as isa values, for the tests that call the kernels of each directly.
func testedISAs() []isa {
	var xs []isa
	for _, x := range available {
		if slices.Contains(testedImpls(), x.String()) {
			xs = append(xs, x)
		}
	}
	return xs
}

// use selects name for the rest of a test and returns the function that restores the selection.
func use(t testing.TB, name string) (restore func()) {
	prev := Selected()
	if err := Use(name); err != nil {
		t.Fatal(err)
	}
	return func() { _ = Use(prev) }
}

// smallBlocks shrinks the cache blocking so that small products cross every blocking edge.
func smallBlocks(t testing.TB, b blocking) {
	prev := blocks
	blocks = b
	t.Cleanup(func() { blocks = prev })
}

func transName(t blas.Transpose) string {
	if t == blas.NoTrans {
		return "N"
	}
	return "T"
}

var transposes = []blas.Transpose{blas.NoTrans, blas.Trans}

// reportGFLOPS reports a benchmark's rate from the flops of one call, and its share of the FMA
// peak of the implementation that ran, measured by the same process.
func reportGFLOPS(b *testing.B, flops float64) {
	g := flops * float64(b.N) / b.Elapsed().Seconds() / 1e9
	b.ReportMetric(g, "GFLOP/s")
	if p := peak.Cached(Selected()); p > 0 {
		b.ReportMetric(100*g/p, "%peak")
	}
}
