//go:build amd64 && !purego && !noasm

package amd64

// SgemvKernel64AVX512 computes 64 columns of a row vector times a matrix with AVX-512 F:
//
//	y[j] = alpha·Σ_{p<k} a[p]·b[p*ldb+j] + beta·y[j]   for j < 64
//
// With beta == 0, y is not read. A row of B is four zmm; two rows a step into two sets of four
// accumulators keep eight FMAs in flight while B streams through row by row, prefetched four
// rows ahead, and the sets are added at the end. The caller guarantees k ≥ 1, len(a) ≥ k,
// len(b) ≥ (k-1)*ldb+64 and len(y) ≥ 64.
//
//go:noescape
func SgemvKernel64AVX512(k int, a, b []float32, ldb int, y []float32, alpha, beta float32)
