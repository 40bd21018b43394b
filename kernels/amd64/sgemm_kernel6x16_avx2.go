//go:build amd64 && !purego && !noasm

package amd64

// SgemmKernel6x16AVX2 computes m rows by n ≤ 16 columns of C with AVX2 and FMA3, as tiles of 6
// rows; tile t reads its A from a[t*ta:] and writes rows 6t to 6t+5 of C:
//
//	acc[i][j] = Σ_{p<kc} a[t*ta+i*rsa+p*csa] · b[p*16+j]     for i < 6, j < 16
//	c[(6t+i)*ldc+j] = epilogue(alpha·acc[i][j] + bias[j] + beta·c[(6t+i)*ldc+j])  for 6t+i < m, j < n
//
// A is packed micro-panels (rsa=1, csa=6, ta=6·kc: the fast case) or read in place with any
// strides (a row-major A has rsa=lda, csa=1, ta=6·lda); B is a packed micro-panel of kc rows of
// 16. With beta == 0, C is not read; a nil bias is zero. The caller guarantees 1 ≤ kc, 1 ≤ m,
// 1 ≤ n ≤ 16, len(a) > (⌈m/6⌉-1)*ta+(kc-1)*csa+5*rsa, len(b) ≥ kc*16, len(c) ≥ (m-1)*ldc+n,
// len(bias) ≥ 16 when bias is not nil, and epilogue is one of the Epilogue constants. The caller
// bounds m so that one call stays short.
//
//go:noescape
func SgemmKernel6x16AVX2(kc, m, n int, a []float32, rsa, csa, ta int, b []float32, c []float32, ldc int, alpha, beta float32, bias []float32, epilogue int)

// The epilogues of SgemmKernel6x16AVX2, applied to each row of the tile last.
const (
	EpilogueNone    = 0
	EpilogueReLU    = 1 // max(x, 0)
	EpilogueSoftmax = 2 // softmax over the row's n columns: the tile holds whole rows of C
)
