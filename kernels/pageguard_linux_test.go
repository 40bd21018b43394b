package kernels

import (
	"math/rand/v2"
	"syscall"
	"testing"
	"unsafe"

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
			for _, s := range [][3]int{{1, 1, 1}, {7, 15, 5}, {13, 17, 3}, {6, 16, 9}, {25, 9, 33}, {5, 70, 20}, {300, 15, 16}, {1, 130, 40}} {
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
			// GRU steps, fused (units of whole panels, padded batches) and not, every operand
			// fenced: the fused kernels read A in whole tiles and x at two sections.
			for _, g := range [][3]int{{4, 6, 16}, {7, 12, 32}, {5, 6, 17}, {1, 1, 24}} {
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
