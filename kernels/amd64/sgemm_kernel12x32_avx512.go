//go:build amd64 && !purego && !noasm

package amd64

// SgemmKernel12x32AVX512 computes m rows by n ≤ 32 columns of C with AVX-512 (F, DQ), as tiles
// of 12 rows made of two 6-row sub-tiles of A; sub-tile s reads its A from a[s*ta:] and holds
// rows 6s to 6s+5 of C, and tile t is sub-tiles 2t and 2t+1:
//
//	acc[i][j] = Σ_{p<kc} a[s*ta+i*rsa+p*csa] · B[p][j]   for i < 6, j < 32
//	c[(6s+i)*ldc+j] = epilogue(alpha·acc[i][j] + bias[j] + beta·c[(6s+i)*ldc+j])  for 6s+i < m, j < n
//
// A is packed micro-panels of 6 rows (rsa=1, csa=6, ta=6·kc: the fast case) or read in place
// with any strides (a row-major A has rsa=lda, csa=1, ta=6·lda). With ldb == 0, B is one packed
// micro-panel of kc rows of 16 (n ≤ 16: b[kc*16:] is not read) or two consecutive ones (n > 16):
// B[p][j] = b[(j/16)*kc*16 + p*16 + j%16]. With ldb > 0 and n == 32, B's rows are read in place,
// ldb apart: B[p][j] = b[p*ldb+j]. Whole tiles of 12 rows run while more than 6 rows are left,
// then one tile of the last ≤ 6 rows, which reads one sub-tile only. Columns past n are masked:
// C and bias are neither read nor written there. With beta == 0, C is not read; a nil bias is
// zero. The caller guarantees 1 ≤ kc, 1 ≤ m, 1 ≤ n ≤ 32, len(a) > (⌈m/6⌉-1)*ta+(kc-1)*csa+5*rsa,
// len(b) ≥ kc*16 (ldb == 0, n ≤ 16), kc*32 (ldb == 0, n > 16) or (kc-1)*ldb+32 (ldb ≥ 32,
// n == 32), len(c) ≥ (m-1)*ldc+n, len(bias) ≥ n when bias is not nil, and epilogue is one of the
// Epilogue constants. The caller bounds m so that one call stays short.
//
//go:noescape
func SgemmKernel12x32AVX512(kc, m, n int, a []float32, rsa, csa, ta int, b []float32, ldb int, c []float32, ldc int, alpha, beta float32, bias []float32, epilogue int)
