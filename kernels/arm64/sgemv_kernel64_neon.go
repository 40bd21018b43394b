//go:build arm64 && !purego && !noasm

package arm64

// SgemvKernel64NEON computes 64 columns of a row vector times a matrix with NEON:
//
//	y[j] = alpha·Σ_{p<k} a[p]·b[p*ldb+j] + beta·y[j]   for j < 64
//
// With beta == 0, y is not read. Sixteen accumulators of 4 columns each take B row by row. The
// caller guarantees k ≥ 1, len(a) ≥ k, ldb ≥ 64, len(b) ≥ (k-1)*ldb+64 and len(y) ≥ 64, and bounds
// k so that one call stays short.
//
//go:noescape
func SgemvKernel64NEON(k int, a, b []float32, ldb int, y []float32, alpha, beta float32)
