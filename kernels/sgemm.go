package kernels

import (
	"math/bits"

	"gonum.org/v1/gonum/blas"
)

// Sgemm computes C = alpha·op(A)·op(B) + beta·C for row-major matrices, where op(X) is X or Xᵀ,
// op(A) is m×k, op(B) is k×n and C is m×n. Its arguments, their checks and its panic messages
// are those of gonum's blas.Float32Level3.Sgemm: lda, ldb and ldc must be at least the length of
// a stored row, and with beta == 0 C is overwritten without being read.
func Sgemm(tA, tB blas.Transpose, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	aTrans, bTrans := checkTranspose(tA), checkTranspose(tB)
	switch {
	case m < 0:
		panic("blas: m < 0")
	case n < 0:
		panic("blas: n < 0")
	case k < 0:
		panic("blas: k < 0")
	case aTrans && lda < max(1, m), !aTrans && lda < max(1, k):
		panic("blas: bad leading dimension of A")
	case bTrans && ldb < max(1, k), !bTrans && ldb < max(1, n):
		panic("blas: bad leading dimension of B")
	case ldc < max(1, n):
		panic("blas: bad leading dimension of C")
	}
	if m == 0 || n == 0 {
		return
	}
	switch {
	case aTrans && !fits(len(a), k, lda, m), !aTrans && !fits(len(a), m, lda, k):
		panic("blas: insufficient length of a")
	case bTrans && !fits(len(b), n, ldb, k), !bTrans && !fits(len(b), k, ldb, n):
		panic("blas: insufficient length of b")
	case !fits(len(c), m, ldc, n):
		panic("blas: insufficient length of c")
	}
	if (alpha == 0 || k == 0) && beta == 1 {
		return
	}
	g := gemm{isa: current(), aTrans: aTrans, bTrans: bTrans, m: m, n: n, k: k, alpha: alpha,
		a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc}
	g.run()
}

// fits reports whether rows of cols elements, ld apart, fit in length: (rows-1)*ld+cols ≤ length
// (true for rows ≤ 0, as in gonum), computed without overflow for any sizes. ld ≥ 1.
func fits(length, rows, ld, cols int) bool {
	if rows <= 0 || cols > length {
		return rows <= 0
	}
	// (rows-1)·ld ≤ length-cols, in 128 bits rather than by a division: a GRU step checks eight
	// operands, and their divisions showed as 6% of the question's model in a profile.
	hi, lo := bits.Mul64(uint64(rows-1), uint64(ld))
	return hi == 0 && lo <= uint64(length-cols)
}

func checkTranspose(t blas.Transpose) (trans bool) {
	switch t {
	case blas.NoTrans:
		return false
	case blas.Trans, blas.ConjTrans:
		return true
	}
	panic("blas: illegal transpose")
}
