package kernels

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"gonum.org/v1/gonum/blas"
)

type sgemmCase struct {
	tA, tB           blas.Transpose
	m, n, k          int
	alpha, beta      float32
	padA, padB, padC int // ld minus row length
	offA, offB, offC int
	nanC             bool // fill C with NaN; only with beta == 0
}

func (tc sgemmCase) String() string {
	return fmt.Sprintf("%s%s m=%d n=%d k=%d alpha=%v beta=%v pad=%d,%d,%d off=%d,%d,%d nanC=%v",
		transName(tc.tA), transName(tc.tB), tc.m, tc.n, tc.k, tc.alpha, tc.beta,
		tc.padA, tc.padB, tc.padC, tc.offA, tc.offB, tc.offC, tc.nanC)
}

// check runs the case through Sgemm and compares with the float64 reference and the guards.
func (tc sgemmCase) check(t *testing.T, rng *rand.Rand) {
	t.Helper()
	ar, ac := tc.m, tc.k
	if tc.tA != blas.NoTrans {
		ar, ac = ac, ar
	}
	br, bc := tc.k, tc.n
	if tc.tB != blas.NoTrans {
		br, bc = bc, br
	}
	a := newMatrix(rng, ar, ac, max(1, ac+tc.padA), tc.offA)
	b := newMatrix(rng, br, bc, max(1, bc+tc.padB), tc.offB)
	c := newMatrix(rng, tc.m, tc.n, max(1, tc.n+tc.padC), tc.offC)
	if tc.nanC {
		c.fill(float32(math.NaN()))
	}
	want, tol := refGemm(tc.tA, tc.tB, tc.m, tc.n, tc.k, tc.alpha, a, b, tc.beta, c)
	a0, b0 := a.clone(), b.clone()
	Sgemm(tc.tA, tc.tB, tc.m, tc.n, tc.k, tc.alpha, a.view(), a.ld, b.view(), b.ld, tc.beta, c.view(), c.ld)
	for i := 0; i < tc.m; i++ {
		for j := 0; j < tc.n; j++ {
			got := float64(c.at(i, j))
			if w := want[i*tc.n+j]; !(math.Abs(got-w) <= tol[i*tc.n+j]) {
				t.Fatalf("%v: C[%d,%d] = %v, want %v ± %.3g", tc, i, j, got, w, tol[i*tc.n+j])
			}
		}
	}
	c.checkGuards(t)
	for i := range a.buf {
		if math.Float32bits(a.buf[i]) != math.Float32bits(a0.buf[i]) {
			t.Fatalf("%v: A changed at %d", tc, i)
		}
	}
	for i := range b.buf {
		if math.Float32bits(b.buf[i]) != math.Float32bits(b0.buf[i]) {
			t.Fatalf("%v: B changed at %d", tc, i)
		}
	}
}

var (
	alphas = []float32{1, -0.5, 0}
	betas  = []float32{0, 1, 2}
)

// TestSgemmSizes sweeps m, n and k across the micro-tile edges (mr=6, nr=16) with every
// transpose, padded strides, odd offsets and alpha/beta, beta=0 over a NaN C included.
func TestSgemmSizes(t *testing.T) {
	forEachImpl(t, func(t *testing.T) {
		upTo := func(n int) []int {
			s := make([]int, n+1)
			for i := range s {
				s[i] = i
			}
			return s
		}
		sweepSgemm(t, rand.New(rand.NewPCG(1, 2)), upTo(2*mr+1), upTo(2*nr+1), []int{0, 1, 2, 3, 4, 5, 8, 9, 17})
	})
}

// TestSgemmTileEdges sweeps m and n across the edges of the wide micro-tiles (12 rows by 32
// columns, made of 6-row and 16-column panels) and of two of them, as TestSgemmSizes.
func TestSgemmTileEdges(t *testing.T) {
	forEachImpl(t, func(t *testing.T) {
		sweepSgemm(t, rand.New(rand.NewPCG(31, 32)),
			[]int{1, 5, 6, 7, 11, 12, 13, 17, 18, 19, 23, 24, 25},
			[]int{1, 15, 16, 17, 31, 32, 33, 47, 48, 49, 63, 64, 65},
			[]int{1, 4, 5, 9})
	})
}

// sweepSgemm checks every m×n×k of ms, ns and ks with every transpose, cycling through padded
// strides, odd offsets, alpha and beta, with beta=0 over a NaN C on every other case.
func sweepSgemm(t *testing.T, rng *rand.Rand, ms, ns, ks []int) {
	i := 0
	for _, m := range ms {
		for _, n := range ns {
			for _, k := range ks {
				for _, tA := range transposes {
					for _, tB := range transposes {
						i++
						tc := sgemmCase{tA: tA, tB: tB, m: m, n: n, k: k,
							alpha: alphas[i%3], beta: betas[i/3%3],
							padA: i % 3, padB: i / 2 % 3, padC: i / 4 % 3,
							offA: i % 4, offB: i / 4 % 4 * 3, offC: i / 2 % 5}
						tc.nanC = tc.beta == 0 && i%2 == 0
						tc.check(t, rng)
					}
				}
			}
		}
	}
}

// TestBlockSizes pins the blocking derived from a few CPUs' caches: kc·nc of B in L3 (a part
// of it), the wide kernel's in half of L2 where that holds 1024 columns.
func TestBlockSizes(t *testing.T) {
	for _, tc := range []struct {
		l2, l3 int
		want   blocking
	}{
		{2 << 20, 260 << 20, blocking{mc: 144, kc: 256, nc: 4064, mcWide: 96, ncWide: 1024}}, // Sapphire Rapids
		{1 << 20, 32 << 20, blocking{mc: 144, kc: 256, nc: 4064, mcWide: 96}},                // Zen 4
		{512 << 10, 32 << 20, blocking{mc: 144, kc: 256, nc: 4064, mcWide: 96}},              // Zen 3
		{-1, -1, blocking{mc: 144, kc: 256, nc: 2048, mcWide: 96}},
	} {
		assert.Equal(t, tc.want, blockSizes(tc.l2, tc.l3), "L2 %d, L3 %d", tc.l2, tc.l3)
	}
}

func TestEvenBlocks(t *testing.T) {
	for _, tc := range []struct{ n, max, unit, want int }{
		{100, 256, 4, 256},    // one block
		{256, 256, 4, 256},    //
		{272, 256, 4, 136},    // 136+136, not 256+16
		{2064, 256, 4, 232},   // 8·232+208
		{1025, 1024, 32, 544}, // 544+481
		{17, 8, 4, 8},         // 8+8+1: no smaller multiple of 4 makes three blocks
	} {
		got := evenBlocks(tc.n, tc.max, tc.unit)
		assert.Equal(t, tc.want, got, "%d by at most %d", tc.n, tc.max)
		if blocks := (tc.n + got - 1) / got; blocks != (tc.n+tc.max-1)/tc.max || got%tc.unit != 0 && got != tc.max {
			t.Errorf("%d by at most %d: %d blocks of %d", tc.n, tc.max, blocks, got)
		}
	}
}

// TestSgemmBlocking shrinks the cache blocks so that small products cross every mc, kc and nc
// edge, and the packed and unpacked paths for A and B both run: row blocks of an even and an odd
// number of 6-row panels (and the wide kernel's own block height and width), column blocks of
// whole and half wide tiles, and k and columns split into blocks of equal size (kc 16, nc 64).
func TestSgemmBlocking(t *testing.T) {
	forEachImpl(t, func(t *testing.T) {
		for _, bl := range []blocking{{mc: 2 * mr, kc: 8, nc: 2 * nr}, {mc: 3 * mr, kc: 8, nc: 3 * nr},
			{mc: 3 * mr, kc: 8, nc: 3 * nr, mcWide: 4 * mr, ncWide: 4 * nr}, {mc: 2 * mr, kc: 16, nc: 4 * nr}} {
			smallBlocks(t, bl)
			rng := rand.New(rand.NewPCG(3, 4))
			dims := []int{1, 5, 6, 7, 11, 12, 13, 17, 18, 19, 25, 31}
			cols := []int{1, 15, 16, 17, 31, 32, 33, 47, 48, 49, 64, 65, 80, 97}
			ks := []int{1, 7, 8, 9, 16, 17, 25}
			i := 0
			for _, m := range dims {
				for _, n := range cols {
					for _, k := range ks {
						i++
						tc := sgemmCase{tA: transposes[i%2], tB: transposes[i/2%2], m: m, n: n, k: k,
							alpha: alphas[i%3], beta: betas[i/3%3], padA: i % 2, padB: i % 3,
							padC: i / 3 % 2, offA: i % 5, offB: i % 7, offC: i % 3}
						tc.nanC = tc.beta == 0
						tc.check(t, rng)
					}
				}
			}
			// A row-major A over several k blocks and more columns than packACols: packed.
			tc := sgemmCase{tA: blas.NoTrans, tB: blas.NoTrans, m: 37, n: packACols(current()) + 37, k: 20,
				alpha: 1, beta: 0.5, padA: 1, padC: 2, offA: 3}
			tc.check(t, rng)
		}
	})
}

// TestSgemmBInPlace runs products whose B the wide kernel reads in place over more rows than L1
// holds, and the same one row or one float of stride past each limit (packed): one tile of rows
// over rows of B up to the TLB's reach, up to four tiles over rows at most a page apart; column
// tails, beta=0 over NaN.
func TestSgemmBInPlace(t *testing.T) {
	forEachImpl(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(7, 8))
		for i, tc := range []sgemmCase{
			{m: 12, n: 1100, k: 9}, {m: 13, n: 1100, k: 9}, {m: 5, n: 1024, k: 40, padB: 1000},
			{m: 5, n: 64, k: 256, padB: tlbFloats/256 - 64}, {m: 5, n: 64, k: 256, padB: tlbFloats/256 - 63}, {m: 48, n: 70, k: 300, padB: 3}, {m: 49, n: 70, k: 300},
			{m: 30, n: 1024, k: 260}, {m: 24, n: 1024, k: 300, padB: 1, offB: 2}, {m: 37, n: 1024, k: 20},
		} {
			tc.tA, tc.tB, tc.alpha, tc.beta, tc.offC = blas.NoTrans, blas.NoTrans, 1, betas[i%3], 1
			tc.nanC = tc.beta == 0
			tc.check(t, rng)
		}
	})
}

// TestSgemmLarge runs products past the default blocking and on several threads.
func TestSgemmLarge(t *testing.T) {
	if testing.Short() {
		t.Skip("large products")
	}
	forEachImpl(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(5, 6))
		cases := []sgemmCase{
			{m: 300, n: 70, k: 520, alpha: 1, beta: 0, nanC: true},
			{m: 37, n: 300, k: 260, alpha: -0.5, beta: 1, padA: 3, offC: 1},
			{m: 130, n: 131, k: 257, alpha: 1, beta: 2, tA: blas.Trans, tB: blas.Trans, padB: 1},
			{m: 1, n: 700, k: 300, alpha: 1, beta: 0, tB: blas.Trans},
			{m: 1, n: 1500, k: 600, alpha: 1, beta: 0.5, padB: 3, offC: 1},
			{m: 260, n: 1, k: 300, alpha: 1, beta: 1, tA: blas.Trans},
			{m: 299, n: 97, k: 513, alpha: 1, beta: 0.5, padC: 1},
			{m: 155, n: 160, k: 255, alpha: 1, beta: 0, tA: blas.Trans, nanC: true},
		}
		for _, threads := range []int{1, 2, 3} {
			SetThreads(threads)
			for _, tc := range cases {
				tc.tA = max(tc.tA, blas.NoTrans)
				tc.tB = max(tc.tB, blas.NoTrans)
				tc.check(t, rng)
			}
		}
		SetThreads(0)
	})
}

// TestSgemmSplitK runs products too narrow for a tile per thread over a long k, as weight
// gradients are, which the threads split over k: every transpose, beta=0 over NaN and beta≠0,
// k past and below a whole number of blocks per thread.
func TestSgemmSplitK(t *testing.T) {
	forEachImpl(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(9, 10))
		defer SetThreads(0)
		for _, threads := range []int{2, 3} {
			SetThreads(threads)
			for _, tr := range [][2]blas.Transpose{{blas.Trans, blas.NoTrans}, {blas.NoTrans, blas.NoTrans}, {blas.Trans, blas.Trans}, {blas.NoTrans, blas.Trans}} {
				for _, mnk := range [][3]int{{8, 16, 4099}, {16, 32, 1500}, {20, 32, 2*blocks.kc + 1}, {7, 9, 5000}, {3, 1, 90000}} {
					for _, beta := range []float32{0, 0.5} {
						tc := sgemmCase{tA: tr[0], tB: tr[1], m: mnk[0], n: mnk[1], k: mnk[2], alpha: 1, beta: beta,
							padA: 1, offB: 1, padC: 2, nanC: beta == 0}
						tc.check(t, rng)
					}
				}
			}
		}
	})
}

// TestSgemmRowSweeps runs one row times a B large enough that calls alternate their direction
// through it, three times: each call equal to the first to the bit, within one k block and over
// two.
func TestSgemmRowSweeps(t *testing.T) {
	forEachImpl(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(29, 30))
		for _, k := range []int{300, gemvMaxK + 5} {
			n := rowSweepFloats/k + 130
			a := newMatrix(rng, 1, k, k, 0)
			b := newMatrix(rng, k, n, n, 0)
			c0 := newMatrix(rng, 1, n, n, 0)
			var first []float32
			for call := range 3 {
				c := c0.clone()
				Sgemm(blas.NoTrans, blas.NoTrans, 1, n, k, 1, a.view(), k, b.view(), n, 0.5, c.view(), n)
				if call == 0 {
					first = c.buf
					continue
				}
				for i := range first {
					if math.Float32bits(first[i]) != math.Float32bits(c.buf[i]) {
						t.Fatalf("k=%d: call %d differs from the first at %d: %v, %v", k, call, i, c.buf[i], first[i])
					}
				}
			}
		}
	})
}

func TestSgemmPanics(t *testing.T) {
	a := make([]float32, 12)
	cases := []struct {
		want          string
		tA, tB        blas.Transpose
		m, n, k       int
		a, b, c       []float32
		lda, ldb, ldc int
	}{
		{"blas: illegal transpose", 'X', blas.NoTrans, 2, 2, 2, a, a, a, 2, 2, 2},
		{"blas: illegal transpose", blas.NoTrans, 0, 2, 2, 2, a, a, a, 2, 2, 2},
		{"blas: m < 0", blas.NoTrans, blas.NoTrans, -1, 2, 2, a, a, a, 2, 2, 2},
		{"blas: n < 0", blas.NoTrans, blas.NoTrans, 2, -1, 2, a, a, a, 2, 2, 2},
		{"blas: k < 0", blas.NoTrans, blas.NoTrans, 2, 2, -1, a, a, a, 2, 2, 2},
		{"blas: bad leading dimension of A", blas.NoTrans, blas.NoTrans, 2, 2, 3, a, a, a, 2, 2, 2},
		{"blas: bad leading dimension of A", blas.Trans, blas.NoTrans, 3, 2, 2, a, a, a, 2, 2, 2},
		{"blas: bad leading dimension of B", blas.NoTrans, blas.NoTrans, 2, 3, 2, a, a, a, 2, 2, 3},
		{"blas: bad leading dimension of B", blas.NoTrans, blas.Trans, 2, 2, 3, a, a, a, 3, 2, 2},
		{"blas: bad leading dimension of C", blas.NoTrans, blas.NoTrans, 2, 3, 2, a, a, a, 2, 3, 2},
		{"blas: insufficient length of a", blas.NoTrans, blas.NoTrans, 4, 2, 4, a, a, a, 4, 2, 2},
		{"blas: insufficient length of a", blas.Trans, blas.NoTrans, 4, 2, 4, a, a, a, 4, 2, 2},
		{"blas: insufficient length of b", blas.NoTrans, blas.NoTrans, 2, 4, 4, a, a, a, 4, 4, 4},
		{"blas: insufficient length of b", blas.NoTrans, blas.Trans, 2, 4, 4, a, a, a, 4, 4, 4},
		{"blas: insufficient length of c", blas.NoTrans, blas.NoTrans, 4, 4, 2, a, a, a, 2, 4, 4},
		{"blas: bad leading dimension of C", blas.NoTrans, blas.NoTrans, 0, 0, 0, nil, nil, nil, 1, 1, 0},
	}
	for _, tc := range cases {
		assert.PanicsWithValue(t, tc.want, func() { Sgemm(tc.tA, tc.tB, tc.m, tc.n, tc.k, 1, tc.a, tc.lda, tc.b, tc.ldb, 0, tc.c, tc.ldc) }, "%+v", tc)
	}
}

// TestSgemmRowTimesMatrix covers the one-row path: whole and partial 64-column blocks, k across
// the kernel's cap, both layouts of A, padded B.
func TestSgemmRowTimesMatrix(t *testing.T) {
	forEachImpl(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(19, 20))
		i := 0
		for _, n := range []int{63, 64, 65, 127, 128, 200} {
			for _, k := range []int{1, 2, 7, 300, gemvMaxK, gemvMaxK + 1} {
				for _, tA := range transposes {
					i++
					tc := sgemmCase{tA: tA, tB: blas.NoTrans, m: 1, n: n, k: k, alpha: alphas[i%3],
						beta: betas[i/3%3], padA: i % 3, padB: i % 4, offA: i % 3, offB: i % 5, offC: i % 2}
					tc.nanC = tc.beta == 0
					tc.check(t, rng)
				}
			}
		}
	})
}

// TestSgemmHugeSizes: sizes whose products overflow int are refused, not wrapped into a pass.
func TestSgemmHugeSizes(t *testing.T) {
	s := make([]float32, 64)
	const huge = 1 << 40
	assert.PanicsWithValue(t, "blas: insufficient length of a", func() {
		Sgemm(blas.NoTrans, blas.NoTrans, huge, huge, 4, 1, s, 4, s, huge, 0, s, huge)
	})
	assert.PanicsWithValue(t, "kernels: insufficient length of x", func() {
		Dense(s, s, 1<<62, 4, 1, s, nil, Linear)
	})
	assert.PanicsWithValue(t, "kernels: insufficient length of x", func() {
		Activate(Tanh, s, huge, huge, huge)
	})
}
