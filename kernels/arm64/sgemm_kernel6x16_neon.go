//go:build arm64 && !purego && !noasm

package arm64

// SgemmKernel6x16NEON computes one whole tile of 6 rows by 16 columns of C with NEON:
//
//	acc[i][j] = Σ_{p<kc} a[i*rsa+p*csa] · b[p*16+j]           for i < 6, j < 16
//	c[i*ldc+j] = alpha·acc[i][j] + beta·c[i*ldc+j]
//
// A is a packed micro-panel (rsa=1, csa=6) or read in place with any strides; B is a packed
// micro-panel of kc rows of 16. With beta == 0, C is not read. The caller guarantees kc ≥ 1,
// len(a) > (kc-1)*csa+5*rsa, len(b) ≥ kc*16 and len(c) ≥ 5*ldc+16, and bounds kc so that one call
// stays short. Edge tiles and epilogues are the caller's: it passes a 6×16 scratch tile.
//
//go:noescape
func SgemmKernel6x16NEON(kc int, a []float32, rsa, csa int, b, c []float32, ldc int, alpha, beta float32)
