package kernels

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestGRUStep checks that the one-call steps give exactly what their products and gate kernels
// give called one by one, for every implementation, fused or not: batches padded or not, unit
// counts across the tile widths, and one step large enough to split over two threads.
func TestGRUStep(t *testing.T) {
	rng := rand.New(rand.NewPCG(31, 32))
	vec := uniform(rng, 1)
	type shape struct{ rows, padded, units, threads int }
	// Among them the fused steps' shapes (units of whole micro-panels, padded to whole tiles; or
	// for avx512 any padded batch of at least 6), around the tiles' edges at 6, 12 and 24 rows.
	shapes := []shape{{1, 1, 1, 1}, {4, 6, 16, 1}, {5, 6, 17, 1}, {7, 12, 33, 1}, {6, 6, 40, 1}, {7, 12, 48, 1},
		{12, 12, 32, 1}, {32, 36, 256, 1}, {32, 36, 256, 2}, {5, 5, 16, 1}, {5, 7, 32, 1}, {11, 12, 16, 1},
		{13, 13, 48, 1}, {13, 18, 32, 1}, {23, 24, 16, 1}, {24, 24, 48, 1}, {25, 25, 32, 1}, {32, 32, 256, 1}}
	forEachImpl(t, func(t *testing.T) {
		defer SetThreads(0)
		for _, s := range shapes {
			SetThreads(s.threads)
			u, ldx := s.units, 3*s.units+3
			uw := vec(u * 3 * u)
			uzr, uh, uzh := PackB(u, 2*u, uw, 3*u), PackB(u, u, uw[2*u:], 3*u), PackB(u, 3*u, uw, 3*u)
			x, b := vec(s.rows*ldx), vec(3*u)
			h0 := vec(s.padded * u)
			clear(h0[s.rows*u:])
			scratch := func() (z, rh, hu, cand []float32) {
				return make([]float32, s.padded*u), make([]float32, s.padded*u), make([]float32, 3*s.padded*u), make([]float32, s.padded*u)
			}

			want, got := slices.Clone(h0), slices.Clone(h0)
			z, rh, hu, cand := scratch()
			MulPacked(s.padded, 1, want, u, uzr, 0, hu, 2*u)
			GRUGatesZR(z, rh, want, x, hu, s.rows, u, ldx, 2*u)
			MulPacked(s.padded, 1, rh, u, uh, 0, cand, u)
			GRUGatesH(want, z, x[2*u:], cand, s.rows, u, ldx)
			z, rh, hu, cand = scratch()
			GRUStep(got, z, rh, hu, cand, x, s.rows, s.padded, u, ldx, uzr, uh)
			if !slices.Equal(got, want) {
				t.Fatalf("GRUStep %+v differs from its parts", s)
			}

			want, got = slices.Clone(h0), slices.Clone(h0)
			_, _, hu, _ = scratch()
			MulPacked(s.padded, 1, want, u, uzh, 0, hu, 3*u)
			GRUGatesResetAfter(want, x, hu, b, s.rows, u, ldx, 3*u)
			_, _, hu, _ = scratch()
			GRUStepResetAfter(got, hu, x, b, s.rows, s.padded, u, ldx, uzh)
			if !slices.Equal(got, want) {
				t.Fatalf("GRUStepResetAfter %+v differs from its parts", s)
			}
		}
	})
}

// TestGRUStepPanics checks the messages of the steps' argument checks.
func TestGRUStepPanics(t *testing.T) {
	u := 4
	p1, p2, p3 := PackB(u, u, make([]float32, u*u), u), PackB(u, 2*u, make([]float32, 2*u*u), 2*u), PackB(u, 3*u, make([]float32, 3*u*u), 3*u)
	buf := func(n int) []float32 { return make([]float32, n) }
	for _, c := range []struct {
		want string
		f    func()
	}{
		{"kernels: padded < rows", func() { GRUStep(buf(8), buf(8), buf(8), buf(16), buf(8), buf(24), 2, 1, u, 12, p2, p1) }},
		{"kernels: bad shape of uzr", func() { GRUStep(buf(8), buf(8), buf(8), buf(16), buf(8), buf(24), 2, 2, u, 12, p1, p1) }},
		{"kernels: insufficient length of hu", func() { GRUStep(buf(8), buf(8), buf(8), buf(15), buf(8), buf(24), 2, 2, u, 12, p2, p1) }},
		{"kernels: bad leading dimension of x", func() { GRUStep(buf(8), buf(8), buf(8), buf(16), buf(8), buf(24), 2, 2, u, 11, p2, p1) }},
		{"kernels: insufficient length of h", func() { GRUStepResetAfter(buf(7), buf(24), buf(24), nil, 2, 2, u, 12, p3) }},
		{"kernels: insufficient length of b", func() { GRUStepResetAfter(buf(8), buf(24), buf(24), buf(11), 2, 2, u, 12, p3) }},
		{"kernels: units < 1", func() { GRUStepResetAfter(nil, nil, nil, nil, 0, 0, 0, 0, p3) }},
	} {
		func() {
			defer func() {
				if r := recover(); r != c.want {
					t.Errorf("panic %v, want %q", r, c.want)
				}
			}()
			c.f()
		}()
	}
}

// TestGRUTileTwins compares every fused GRU micro-kernel with its pure-Go twins: row counts
// across the tiles' edges (6, 12, 24 and the partial tiles around them), padded strides, NaN in
// x, a guard cell after every output. The kernels get A only as long as they read it
// (fusedTileRows), the twins whole tiles. A and B are multiples of 1/8 below 3 in magnitude, so
// that every sum is exact and the FMAs' single roundings cannot tell the two apart.
func TestGRUTileTwins(t *testing.T) {
	near := func(got, want []float32) int {
		for j := range got {
			g, w := float64(got[j]), float64(want[j])
			if !(math.Abs(g-w) <= 1e-5*(1+math.Abs(w))) && !(math.IsNaN(g) && math.IsNaN(w)) {
				return j
			}
		}
		return -1
	}
	for _, x := range testedISAs() {
		t.Run(x.String(), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(33, 34))
			vec := uniform(rng, 3)
			grid := func(n int) []float32 {
				v := make([]float32, n)
				for i := range v {
					v[i] = float32(rng.IntN(47)-23) / 8
				}
				return v
			}
			for i := 0; i < 3000; i++ {
				kc, m := 1+rng.IntN(40), 1+rng.IntN(26)
				lda, ld, xr := kc+rng.IntN(3), nr+rng.IntN(5), rng.IntN(20)
				a, bz, br := grid(((m+mr-1)/mr*mr-1)*lda+kc), grid(kc*nr), grid(kc*nr)
				ak := a[:(fusedTileRows(x, m)-1)*lda+kc]
				rowsN := (m-1)*ld + nr
				xw, h, z := vec(rowsN+xr), vec(rowsN), vec(rowsN)
				if rng.IntN(4) == 0 {
					xw[rng.IntN(len(xw))] = float32(math.NaN())
				}
				gz, grh := vec(rowsN+1), vec(rowsN+1)
				wz, wrh := slices.Clone(gz), slices.Clone(grh)
				gruTileZR(x, kc, m, ak, lda, bz, br, gz, grh, h, ld, xw, ld, xr)
				gruTileZRGeneric(kc, m, a, lda, bz, br, wz, wrh, h, ld, xw, ld, xr)
				if j := near(gz, wz); j >= 0 {
					t.Fatalf("ZR kc=%d m=%d ld=%d: z[%d] = %v, twin %v", kc, m, ld, j, gz[j], wz[j])
				}
				if j := near(grh, wrh); j >= 0 {
					t.Fatalf("ZR kc=%d m=%d ld=%d: rh[%d] = %v, twin %v", kc, m, ld, j, grh[j], wrh[j])
				}
				gh, wh := append(slices.Clone(h), 7), append(slices.Clone(h), 7)
				gruTileH(x, kc, m, nr, ak, lda, bz, gh, ld, xw, ld, z, ld)
				gruTileHGeneric(kc, m, a, lda, bz, wh, ld, xw, ld, z, ld)
				if j := near(gh, wh); j >= 0 {
					t.Fatalf("H kc=%d m=%d ld=%d: h[%d] = %v, twin %v", kc, m, ld, j, gh[j], wh[j])
				}
				if tileCols(x) == nr {
					continue
				}
				// Two panels a call: rows of 32, the twin a panel at a time.
				ld2 := 2*nr + rng.IntN(5)
				rows2 := (m-1)*ld2 + 2*nr
				b2, xw2, z2 := grid(2*kc*nr), vec(rows2), vec(rows2)
				h2 := vec(rows2)
				if rng.IntN(4) == 0 {
					xw2[rng.IntN(len(xw2))] = float32(math.NaN())
				}
				gh, wh = append(slices.Clone(h2), 7), append(slices.Clone(h2), 7)
				gruTileH(x, kc, m, 2*nr, ak, lda, b2, gh, ld2, xw2, ld2, z2, ld2)
				gruTileHGeneric(kc, m, a, lda, b2, wh, ld2, xw2, ld2, z2, ld2)
				gruTileHGeneric(kc, m, a, lda, b2[kc*nr:], wh[nr:], ld2, xw2[nr:], ld2, z2[nr:], ld2)
				if j := near(gh, wh); j >= 0 {
					t.Fatalf("H 32 columns kc=%d m=%d ld=%d: h[%d] = %v, twin %v", kc, m, ld2, j, gh[j], wh[j])
				}
			}
		})
	}
}

// BenchmarkGRUStep is one reset_after=false step, single-threaded, under every implementation:
// batches of 32 padded to whole 6-row tiles and not, a padded batch of 8, and one row.
func BenchmarkGRUStep(b *testing.B) {
	SetThreads(1)
	defer SetThreads(0)
	rng := rand.New(rand.NewPCG(37, 38))
	vec := uniform(rng, 1)
	for _, name := range testedImpls() {
		b.Run(name, func(b *testing.B) {
			defer use(b, name)()
			for _, s := range []struct{ rows, padded, units int }{{32, 36, 256}, {32, 32, 256}, {8, 12, 256}, {1, 1, 512}, {4, 6, 16}} {
				u, ldx := s.units, 3*s.units
				uw := vec(u * 3 * u)
				uzr, uh := PackB(u, 2*u, uw, 3*u), PackB(u, u, uw[2*u:], 3*u)
				h, x := vec(s.padded*u), vec(s.rows*ldx)
				clear(h[s.rows*u:])
				z, rh, hu, cand := vec(s.padded*u), vec(s.padded*u), vec(2*s.padded*u), vec(s.padded*u)
				b.Run(fmt.Sprintf("B%d-padded%d-H%d", s.rows, s.padded, u), func(b *testing.B) {
					for b.Loop() {
						GRUStep(h, z, rh, hu, cand, x, s.rows, s.padded, u, ldx, uzr, uh)
					}
					reportGFLOPS(b, 2*float64(s.padded*u*3*u))
				})
			}
		})
	}
}
