//go:build arm64 && !purego && !noasm

package arm64

// SgemvPacked4NEON computes 64 entries of one row times a packed matrix with NEON, reading four
// micro-panels of 16 columns front to back:
//
//	y[16t+j] = alpha·Σ_{p<kc} a[p]·b[t*panelStride+p*16+j] + beta·y[16t+j]   for t < 4, j < 16
//
// With beta == 0, y is not read. The caller guarantees kc ≥ 1, len(a) ≥ kc,
// panelStride ≥ kc*16, len(b) ≥ 3*panelStride+kc*16 and len(y) ≥ 64, and bounds kc so that one
// call stays short.
//
//go:noescape
func SgemvPacked4NEON(kc int, a, b []float32, panelStride int, y []float32, alpha, beta float32)
