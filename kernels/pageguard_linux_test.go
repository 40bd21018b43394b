package kernels

import (
	"math/rand/v2"
	"syscall"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"gonum.org/v1/gonum/blas"
)

// fenced returns n floats that end where an unreadable page begins (or, with atStart, start where
// one ends): a kernel that reads or writes past its slice faults instead of passing.
func fenced(t *testing.T, n int, atStart bool) []float32 {
	t.Helper()
	page := syscall.Getpagesize()
	size := (n*4+page-1)/page*page + 2*page
	mem, err := syscall.Mmap(-1, 0, size, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = syscall.Munmap(mem) })
	if err := syscall.Mprotect(mem[:page], syscall.PROT_NONE); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mprotect(mem[size-page:], syscall.PROT_NONE); err != nil {
		t.Fatal(err)
	}
	all := unsafe.Slice((*float32)(unsafe.Pointer(&mem[page])), (size-2*page)/4)
	if atStart {
		return all[:n:n]
	}
	return all[len(all)-n:]
}

func TestNoAccessPastSlices(t *testing.T) {
	forEachImpl(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(17, 18))
		fill := func(x []float32) []float32 {
			for i := range x {
				x[i] = float32(rng.Float64()*2 - 1)
			}
			return x
		}
		for _, atStart := range []bool{false, true} {
			for _, s := range [][3]int{{1, 1, 1}, {7, 15, 5}, {13, 17, 3}, {6, 16, 9}, {25, 9, 33}, {5, 70, 20}, {300, 15, 16}, {1, 130, 40}, {1, 128, 33},
				{11, 31, 7}, {12, 32, 5}, {23, 33, 9}, {19, 47, 2}, {24, 64, 3}, {301, 31, 16}, {30, 64, 200}, {5, 1024, 9}, {30, 1024, 20}} {
				m, n, k := s[0], s[1], s[2]
				for _, tA := range transposes {
					for _, tB := range transposes {
						a, b, c := fill(fenced(t, m*k, atStart)), fill(fenced(t, k*n, atStart)), fill(fenced(t, m*n, atStart))
						lda, ldb := k, n
						if tA == blas.Trans {
							lda = m
						}
						if tB == blas.Trans {
							ldb = k
						}
						Sgemm(tA, tB, m, n, k, 1, a, lda, b, ldb, 1, c, n)
					}
				}
				for act := Linear; act <= Softmax; act++ {
					x, w, bias, y := fill(fenced(t, m*k, atStart)), fill(fenced(t, k*n, atStart)), fill(fenced(t, n, atStart)), fenced(t, m*n, atStart)
					Dense(y, x, m, k, n, w, bias, act)
					Activate(act, y, m, n, n)
				}
			}
			Exp(fill(fenced(t, 13, atStart)))
			// GRU steps, fused (units of whole panels, padded batches) and not, every operand but
			// the packed weights fenced (TestGRUTilesNoAccessPastSlices fences those): the fused
			// kernels read A in whole tiles (avx512's up to row max(rows, 6), their last tile
			// overlapping the one before) and x at two sections.
			for _, g := range [][3]int{{4, 6, 16}, {7, 12, 32}, {5, 6, 17}, {1, 1, 24}, {6, 6, 16}, {7, 7, 48},
				{8, 8, 32}, {9, 9, 16}, {11, 12, 16}, {13, 13, 32}, {20, 20, 16}, {23, 23, 16}, {25, 25, 32}, {1, 1, 64}} {
				rows, padded, units := g[0], g[1], g[2]
				uw := fill(make([]float32, units*3*units))
				uzr, uh, uzh := PackB(units, 2*units, uw, 3*units), PackB(units, units, uw[2*units:], 3*units), PackB(units, 3*units, uw, 3*units)
				h := fenced(t, padded*units, atStart)
				clear(h)
				fill(h[:rows*units])
				x := fill(fenced(t, rows*3*units, atStart))
				GRUStep(h, fenced(t, padded*units, atStart), fenced(t, padded*units, atStart), fenced(t, 2*padded*units, atStart),
					fenced(t, padded*units, atStart), x, rows, padded, units, 3*units, uzr, uh)
				GRUStepResetAfter(h, fenced(t, 3*padded*units, atStart), x, fill(fenced(t, 3*units, atStart)), rows, padded, units, 3*units, uzh)
			}
		}
	})
}

// TestGRUTilesNoAccessPastSlices calls the fused GRU step's micro-kernels of every
// implementation that has them on operands exactly as long as their checks ask, each against an
// unreadable page: A's rows they read, each packed panel of kc rows (two for the h tiles of 32
// columns), and m rows of 16 or 32 floats of every other operand. A panel one float short, or
// columns other than a tile's, panics.
func TestGRUTilesNoAccessPastSlices(t *testing.T) {
	for _, x := range testedISAs() {
		if !fusedGRUStep(x) {
			continue
		}
		t.Run(x.String(), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(41, 42))
			for i := 0; i < 60; i++ {
				atStart := i%2 == 0
				kc, m := 1+rng.IntN(40), 1+rng.IntN(26)
				lda, ld := kc+rng.IntN(3), 2*nr+rng.IntN(3)
				rows := (m-1)*ld + 2*nr
				a := fenced(t, (fusedTileRows(x, m)-1)*lda+kc, atStart)
				bz, br := fenced(t, kc*nr, atStart), fenced(t, kc*nr, atStart)
				z, rh, h := fenced(t, rows, atStart), fenced(t, rows, atStart), fenced(t, rows, atStart)
				xw := fenced(t, rows+nr, atStart)
				gruTileZR(x, kc, m, a, lda, bz, br, z, rh, h, ld, xw, ld, nr)
				for _, cols := range []int{nr, tileCols(x)} {
					b := fenced(t, kc*cols, atStart)
					hc, xc, zc := fenced(t, (m-1)*ld+cols, atStart), fenced(t, (m-1)*ld+cols, atStart), fenced(t, (m-1)*ld+cols, atStart)
					gruTileH(x, kc, m, cols, a, lda, b, hc, ld, xc, ld, zc, ld)
				}
			}
			a, z := make([]float32, 64), make([]float32, 3*nr)
			assert.Panics(t, func() {
				gruTileH(x, 2, 1, tileCols(x), a, 2, make([]float32, 2*tileCols(x)-1), z, 2*nr, z, 2*nr, z, 2*nr)
			})
			assert.Panics(t, func() { gruTileH(x, 2, 1, 3*nr, a, 2, make([]float32, 6*nr), z, 3*nr, z, 3*nr, z, 3*nr) })
		})
	}
}

// TestMicroKernelNoAccessPastSlices calls every micro-kernel on A (in each of its layouts), B, C
// and bias exactly as long as its contract asks, each against an unreadable page: a tile's last
// rows, the columns past n (one micro-panel of B or two, or B's last row in place), and the bias
// past n of the wide kernel must stay untouched.
func TestMicroKernelNoAccessPastSlices(t *testing.T) {
	rng := rand.New(rand.NewPCG(19, 20))
	fill := func(x []float32) []float32 {
		for i := range x {
			x[i] = float32(rng.Float64()*2 - 1)
		}
		return x
	}
	for _, x := range testedISAs() {
		for _, atStart := range []bool{false, true} {
			for i := 0; i < 300; i++ {
				kc, m, n := 1+rng.IntN(9), 1+rng.IntN(4*mr), 1+rng.IntN(tileCols(x))
				inPlaceB := bRowsInPlace(x) && i%4 >= 2
				if inPlaceB {
					n = tileCols(x)
				}
				rsa, csa, ta := 1, mr, kc*mr // packed
				switch i / 4 % 4 {
				case 1: // rows in place
					rsa, csa, ta = kc, 1, mr*kc
				case 2: // columns in place
					rsa, csa, ta = 1, mr+1, mr
				case 3: // any strides
					rsa, csa, ta = 2*kc, 2, mr*2*kc
				}
				ldc := n + rng.IntN(3)
				bl := nr
				if wideTiles(x) {
					bl = n
				}
				a := fill(fenced(t, ((m+mr-1)/mr-1)*ta+(kc-1)*csa+(mr-1)*rsa+1, atStart))
				b, ldb := fill(fenced(t, (n+nr-1)/nr*kc*nr, atStart)), 0
				if inPlaceB {
					ldb = n + rng.IntN(3)
					b = fill(fenced(t, (kc-1)*ldb+n, atStart))
				}
				c := fill(fenced(t, (m-1)*ldc+n, atStart))
				bias := fill(fenced(t, bl, atStart))
				microKernel(x, kc, m, n, a, rsa, csa, ta, b, ldb, c, ldc, 1, float32(i%2), bias, i%3)
			}
		}
	}
}

// TestActivateNoAccessPastSlices runs Exp and every vector activation on rows around the vector
// widths (16, 32, 48 and 64 floats ± 1), contiguous and strided, against an unreadable page at
// either end: the masked tails, and the vectors that end each row, must stay inside the slice.
func TestActivateNoAccessPastSlices(t *testing.T) {
	forEachImpl(t, func(t *testing.T) {
		for _, atStart := range []bool{false, true} {
			for _, cols := range []int{1, 7, 15, 16, 17, 31, 32, 33, 47, 48, 49, 63, 64, 65, 129} {
				Exp(fenced(t, cols, atStart))
				for _, shape := range [][2]int{{1, cols}, {3, cols}, {3, cols + 1}, {2, cols + 17}} {
					rows, ld := shape[0], shape[1]
					for _, act := range []Activation{Sigmoid, Tanh, Softmax} {
						Activate(act, fenced(t, (rows-1)*ld+cols, atStart), rows, cols, ld)
					}
				}
			}
		}
	})
}

// TestGRUSequence16NoAccessPastSlices runs the whole-sequence kernel with its operands exactly
// as long as they must be and ending where an unreadable page begins (or starting where one
// ends), for rows in one call of the kernel and past it, and units in part of a vector.
func TestGRUSequence16NoAccessPastSlices(t *testing.T) {
	forEachImpl(t, func(t *testing.T) {
		for _, atStart := range []bool{false, true} {
			for _, s := range [][4]int{{1, 2, 16, 15}, {3, 3, 7, 1}, {5, 2, 16, 4}, {4, 1, 1, 0}} {
				rows, steps, n, in := s[0], s[1], s[2], s[3]
				fill := func(v []float32) []float32 {
					for i := range v {
						v[i] = float32(i%7) * 0.1
					}
					return v
				}
				x := fill(fenced(t, rows*steps*in, atStart))
				w, bias := fill(fenced(t, 3*n*in, atStart)), fill(fenced(t, 3*n, atStart))
				u := fill(fenced(t, 3*n*n, atStart))
				h := fill(fenced(t, rows*n, atStart))
				out := fenced(t, rows*steps*n, atStart)
				GRUSequence16(h, out, x, w, bias, u, rows, steps, in, n, steps*in, in, steps*n, n)
				GRUSequence16(h, nil, x, w, nil, u, rows, steps, in, n, steps*in, in, 0, 0)
			}
		}
	})
}

// TestPackANoAccessPastSlices packs an A, transposed or row-major, whose last float ends where an
// unreadable page begins, for every row count of a panel.
func TestPackANoAccessPastSlices(t *testing.T) {
	for _, pk := range aPackers {
		for _, x := range testedISAs() {
			t.Run(pk.name+"/"+x.String(), func(t *testing.T) {
				for rows := 1; rows <= mr; rows++ {
					for _, kc := range pk.guardKCs {
						r, c := aShape(pk.trans, kc, rows)
						lda := c + pk.guardPad
						a := fenced(t, (r-1)*lda+c, false)
						for i := range a {
							a[i] = float32(i + 1)
						}
						got, want := make([]float32, kc*mr), make([]float32, kc*mr)
						pk.twin(kc, rows, a, lda, want)
						pk.pack(x, kc, rows, a, lda, got)
						for i := range want {
							if got[i] != want[i] {
								t.Fatalf("rows %d kc %d: dst[%d] = %v, want %v", rows, kc, i, got[i], want[i])
							}
						}
					}
				}
			})
		}
	}
}
