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
	vec := uniform(rng, 4)
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

// gateWidth is the multiple of units that x's gate kernels take in one call; the rest of a row
// runs in Go. avx512 takes any count, its last floats under an opmask.
func gateWidth(x isa) int {
	if x == isaAVX512 {
		return 1
	}
	return 8
}

// TestGRUGateTwins compares every gate kernel with its pure-Go twin on the counts n it takes, up
// to a row of units across two vector widths, with guard cells around and between the rows of
// every output: nothing past a row's n may be written.
func TestGRUGateTwins(t *testing.T) {
	rng := rand.New(rand.NewPCG(29, 30))
	near := func(got, want float32) bool {
		return math.Abs(float64(got-want)) <= 2e-6 || math.IsNaN(float64(want)) && math.IsNaN(float64(got))
	}
	same := func(t *testing.T, what string, got, want *matrix) {
		t.Helper()
		got.checkGuards(t)
		for i := 0; i < got.rows; i++ {
			for j := 0; j < got.cols; j++ {
				if g, w := got.at(i, j), want.at(i, j); !near(g, w) {
					t.Fatalf("%s %d×%d: [%d,%d] = %v, twin %v", what, got.rows, got.cols, i, j, g, w)
				}
			}
		}
	}
	for _, x := range testedISAs() {
		t.Run(x.String(), func(t *testing.T) {
			for _, rows := range []int{1, 2, 5} {
				for units := 1; units <= 49; units++ {
					for n := gateWidth(x); n <= units; n += gateWidth(x) {
						ldx, ldu := 3*units+rng.IntN(3), 3*units+rng.IntN(3)
						xw, u, b := newMatrix(rng, rows, ldx, ldx, 0), newMatrix(rng, rows, ldu, ldu, 0), newMatrix(rng, 1, 3*units, 3*units, 0)
						xw.buf[rng.IntN(len(xw.view()))] = float32(math.NaN())
						// Outputs hold n of each row's units: the rest of the row stays guard.
						h, z, rh := newMatrix(rng, rows, n, units, 3), newMatrix(rng, rows, n, units, 1), newMatrix(rng, rows, n, units, 2)
						cu := newMatrix(rng, rows, units, units, 0)

						got, want := h.clone(), h.clone()
						gruGatesResetAfter(x, got.view(), xw.view(), u.view(), b.view(), rows, ldx, ldu, units, n)
						gruGatesResetAfterGeneric(want.view(), xw.view(), u.view(), b.view(), rows, ldx, ldu, units, n)
						same(t, "reset_after h", got, want)

						gz, grh, wz, wrh := z.clone(), rh.clone(), z.clone(), rh.clone()
						gruGatesZR(x, gz.view(), grh.view(), h.view(), xw.view(), u.view(), rows, ldx, ldu, units, n)
						gruGatesZRGeneric(wz.view(), wrh.view(), h.view(), xw.view(), u.view(), rows, ldx, ldu, units, n)
						same(t, "zr z", gz, wz)
						same(t, "zr rh", grh, wrh)

						got, want = h.clone(), h.clone()
						gruGatesH(x, got.view(), wz.view(), xw.view(), cu.view(), rows, ldx, units, n)
						gruGatesHGeneric(want.view(), wz.view(), xw.view(), cu.view(), rows, ldx, units, n)
						same(t, "h h", got, want)
					}
				}
			}
		})
	}
}

// BenchmarkGRUGates is one batch-32 step's gate math on 256 units under every implementation,
// single-threaded:
// go test -bench 'GRUGates/avx512/' ./kernels
func BenchmarkGRUGates(b *testing.B) {
	const rows, units = 32, 256
	SetThreads(1)
	defer SetThreads(0)
	rng := rand.New(rand.NewPCG(35, 36))
	vec := uniform(rng, 2)
	h, z, rh, x, u, bias := vec(rows*units), vec(rows*units), vec(rows*units), vec(rows*3*units), vec(rows*3*units), vec(3*units)
	for _, name := range testedImpls() {
		b.Run(name, func(b *testing.B) {
			defer use(b, name)()
			b.Run("ResetAfter", func(b *testing.B) {
				for b.Loop() {
					GRUGatesResetAfter(h, x, u, bias, rows, units, 3*units, 3*units)
				}
			})
			b.Run("ZR+H", func(b *testing.B) {
				for b.Loop() {
					GRUGatesZR(z, rh, h, x, u, rows, units, 3*units, 3*units)
					GRUGatesH(h, z, x[2*units:], rh, rows, units, 3*units)
				}
			})
		})
	}
}
