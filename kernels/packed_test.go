package kernels

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"gonum.org/v1/gonum/blas"
)

// TestMulPacked checks C = alpha·A·P + beta·C against the float64 reference across tile and
// block edges, on one thread and several.
func TestMulPacked(t *testing.T) {
	forEachImpl(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(25, 26))
		check := func(m, n, k int, alpha, beta float32) {
			t.Helper()
			a := newMatrix(rng, m, k, k+1, 1)
			b := newMatrix(rng, k, n, n+2, 0)
			c := newMatrix(rng, m, n, n+3, 2)
			if beta == 0 {
				c.fill(float32(math.NaN()))
			}
			want, tol := refGemm(blas.NoTrans, blas.NoTrans, m, n, k, alpha, a, b, beta, c)
			p := PackB(k, n, b.view(), b.ld)
			MulPacked(m, alpha, a.view(), a.ld, p, beta, c.view(), c.ld)
			c.checkGuards(t)
			for i := 0; i < m; i++ {
				for j := 0; j < n; j++ {
					if got := float64(c.at(i, j)); !(math.Abs(got-want[i*n+j]) <= tol[i*n+j]) {
						t.Fatalf("m=%d n=%d k=%d: C[%d,%d] = %v, want %v", m, n, k, i, j, got, want[i*n+j])
					}
				}
			}
		}
		for _, m := range []int{1, 5, 6, 7, 12, 13, 18, 24, 25} {
			for _, n := range []int{1, 15, 16, 17, 31, 32, 33, 48, 64, 65} {
				for _, k := range []int{1, 16, 17} {
					check(m, n, k, 1, betas[(m+n+k)%3])
				}
			}
		}
		check(300, 300, 300, -0.5, 1)
		check(1, 200, 300, 1, 0)
		check(1, 129, 257, -0.5, 2)
		SetThreads(2)
		check(1, 1536, 512, 1, 0)
		check(300, 300, 300, 1, 0)
		check(40, 768, 256, 1, 0)
		SetThreads(0)
		smallBlocks(t, blocking{mc: 2 * mr, kc: 8, nc: 2 * nr})
		check(29, 70, 21, 1, 2)
		// Columns in blocks of equal size (96+65), k in the packed blocks of 8.
		smallBlocks(t, blocking{mc: 2 * mr, kc: 8, nc: 8 * nr, mcWide: 4 * mr, ncWide: 8 * nr})
		check(29, 161, 21, 1, 2)
	})
	assert.PanicsWithValue(t, "kernels: insufficient length of b", func() { PackB(3, 3, make([]float32, 8), 3) })
	p := PackB(3, 3, make([]float32, 9), 3)
	assert.PanicsWithValue(t, "kernels: insufficient length of c", func() { MulPacked(2, 1, make([]float32, 6), 3, p, 0, make([]float32, 5), 3) })
}

// TestMulPackedRowSweeps runs one row times a matrix large enough that the calls alternate
// their direction through it, four times: every call within the reference's bounds and equal to
// the first to the bit, for one, two (whose order then alternates too with alpha 1 and a zero
// beta) and three k blocks, other alphas and betas, and columns past whole groups of panels.
func TestMulPackedRowSweeps(t *testing.T) {
	forEachImpl(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(27, 28))
		for _, k := range []int{blocks.kc - 1, blocks.kc + 44, 2*blocks.kc + 3} {
			for _, ab := range [][2]float32{{1, 0}, {1, 0.5}, {0.3, 0}} {
				alpha, beta := ab[0], ab[1]
				n := rowSweepFloats/k + 70
				a := newMatrix(rng, 1, k, k, 1)
				b := newMatrix(rng, k, n, n, 0)
				c0 := newMatrix(rng, 1, n, n, 2)
				want, tol := refGemm(blas.NoTrans, blas.NoTrans, 1, n, k, alpha, a, b, beta, c0)
				p := PackB(k, n, b.view(), b.ld)
				var first []float32
				for call := range 4 {
					c := c0.clone()
					MulPacked(1, alpha, a.view(), k, p, beta, c.view(), n)
					c.checkGuards(t)
					for j := 0; j < n; j++ {
						if got := float64(c.at(0, j)); !(math.Abs(got-want[j]) <= tol[j]) {
							t.Fatalf("k=%d beta=%v call %d: C[%d] = %v, want %v", k, beta, call, j, got, want[j])
						}
					}
					if call == 0 {
						first = c.buf
						continue
					}
					for i := range first {
						if math.Float32bits(first[i]) != math.Float32bits(c.buf[i]) {
							t.Fatalf("k=%d beta=%v: call %d differs from the first at %d: %v, %v", k, beta, call, i, c.buf[i], first[i])
						}
					}
				}
			}
		}
	})
}

// TestPackBTrans checks that a matrix packed from its transpose, with PackBTrans, multiplies as the
// same matrix packed with PackB, across panel and block edges, and that Repack takes new values of
// the shape and orientation a pack was made from, and refuses others.
func TestPackBTrans(t *testing.T) {
	forEachImpl(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(27, 28))
		for _, k := range []int{1, 7, 16, 17, 300} {
			for _, n := range []int{1, 15, 16, 17, 48} {
				bt := newMatrix(rng, n, k, k+3, 1) // bᵀ, n×k
				b := make([]float32, k*n)
				for i := 0; i < n; i++ {
					for j := 0; j < k; j++ {
						b[j*n+i] = bt.at(i, j)
					}
				}
				a := newMatrix(rng, 7, k, k, 0)
				want, got := make([]float32, 7*n), make([]float32, 7*n)
				MulPacked(7, 1, a.view(), k, PackB(k, n, b, n), 0, want, n)
				p := PackBTrans(k, n, bt.view(), bt.ld)
				MulPacked(7, 1, a.view(), k, p, 0, got, n)
				assert.Equal(t, want, got, "k=%d n=%d", k, n)
				bt.checkGuards(t)

				// New values in the same storage: Repack must see them.
				for i := 0; i < n; i++ {
					for j := 0; j < k; j++ {
						v := float32(rng.Float64())
						bt.buf[bt.off+i*bt.ld+j], b[j*n+i] = v, v
					}
				}
				p.Repack(bt.view(), bt.ld)
				MulPacked(7, 1, a.view(), k, p, 0, got, n)
				MulPacked(7, 1, a.view(), k, PackB(k, n, b, n), 0, want, n)
				assert.Equal(t, want, got, "repacked k=%d n=%d", k, n)
			}
		}
	})
	p := PackBTrans(4, 3, make([]float32, 12), 4)
	assert.PanicsWithValue(t, "kernels: insufficient length of b", func() { p.Repack(make([]float32, 11), 4) })
	assert.PanicsWithValue(t, "kernels: bad leading dimension of b", func() { p.Repack(make([]float32, 12), 3) })
	assert.PanicsWithValue(t, "kernels: insufficient length of b", func() { PackBTrans(4, 3, make([]float32, 11), 4) })
	assert.PanicsWithValue(t, "kernels: bad leading dimension of b", func() { PackBTrans(4, 3, make([]float32, 12), 3) })
	assert.NotPanics(t, func() { PackB(3, 4, make([]float32, 12), 4).Repack(make([]float32, 12), 4) })
}
