//go:build amd64 && !purego && !noasm

package amd64

// SgemvKernel64AVX2 computes 64 columns of a row vector times a matrix with AVX2 and FMA3:
//
//	y[j] = alpha·Σ_{p<k} a[p]·b[p*ldb+j] + beta·y[j]   for j < 64
//
// With beta == 0, y is not read. Eight accumulators of 8 columns each keep both FMA pipes busy
// while B streams through row by row. The caller guarantees k ≥ 1, len(a) ≥ k,
// len(b) ≥ (k-1)*ldb+64 and len(y) ≥ 64.
//
//go:noescape
func SgemvKernel64AVX2(k int, a, b []float32, ldb int, y []float32, alpha, beta float32)
