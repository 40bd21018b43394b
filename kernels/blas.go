package kernels

import (
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
)

// Implementation is a blas.Float32 (and the rest of gonum's blas.Implementation) whose Sgemm is
// fastgru's: blas32.Use(kernels.Implementation{}) speeds up every gonum blas32 and mat user,
// with gonum's own code for the routines fastgru does not accelerate.
type Implementation struct{ gonum.Implementation }

var _ blas.Float32 = Implementation{}

// Sgemm is the package-level Sgemm.
func (Implementation) Sgemm(tA, tB blas.Transpose, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	Sgemm(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}
