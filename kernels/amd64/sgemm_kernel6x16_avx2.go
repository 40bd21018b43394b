//go:build !purego && !noasm

package amd64

// SgemmKernel6x16AVX2 computes one 6×16 tile of C with AVX2 and FMA3:
//
//	acc[i][j] = Σ_{p<kc} a[i*rsa+p*csa] · b[p*16+j]         for i < 6, j < 16
//	c[i*ldc+j] = epilogue(alpha·acc[i][j] + bias[j] + beta·c[i*ldc+j])  for i < m, j < n
//
// A is a packed micro-panel (rsa=1, csa=6: the fast case) or read in place with any strides (a
// row-major A has rsa=lda, csa=1); B is a packed micro-panel of kc rows of 16. With beta == 0, C
// is not read; a nil bias is zero. The caller guarantees 1 ≤ kc, 1 ≤ m ≤ 6, 1 ≤ n ≤ 16,
// len(a) > (kc-1)*csa+5*rsa, len(b) ≥ kc*16, len(c) ≥ (m-1)*ldc+n and len(bias) ≥ 16 when bias
// is not nil, and epilogue is one of the Epilogue constants.
//
//go:noescape
func SgemmKernel6x16AVX2(kc, m, n int, a []float32, rsa, csa int, b []float32, c []float32, ldc int, alpha, beta float32, bias []float32, epilogue int)

// The epilogues of SgemmKernel6x16AVX2, applied to each row of the tile last.
const (
	EpilogueNone    = 0
	EpilogueReLU    = 1 // max(x, 0)
	EpilogueSoftmax = 2 // softmax over the row's n columns: the tile holds whole rows of C
)
