//go:build arm64 && !purego && !noasm

package arm64

// PackBNEON copies the kc×(16·panels) block of B at b, rows ldb apart, into micro-panels:
//
//	dst[t*kc*16 + p*16 + j] = b[p*ldb + t*16 + j]   for p < kc, t < panels, j < 16
//
// Each row of B is read from start to end. The caller guarantees kc, panels ≥ 1,
// ldb ≥ 16·panels, len(b) ≥ (kc-1)*ldb+16*panels and len(dst) ≥ kc*16*panels.
//
//go:noescape
func PackBNEON(kc, panels int, b []float32, ldb int, dst []float32)
