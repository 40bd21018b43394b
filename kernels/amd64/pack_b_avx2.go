//go:build amd64 && !purego && !noasm

package amd64

// PackBAVX2 copies the kc×(16·panels) block of B at b, rows ldb apart, into micro-panels:
//
//	dst[t*kc*16 + p*16 + j] = b[p*ldb + t*16 + j]   for p < kc, t < panels, j < 16
//
// Each row of B is read from start to end, so a wide B streams through the hardware prefetcher
// and its TLB entries, and the rows eight ahead are prefetched for a narrow one. The caller
// guarantees kc, panels ≥ 1, len(b) ≥ (kc-1)*ldb+16*panels and len(dst) ≥ kc*16*panels.
//
//go:noescape
func PackBAVX2(kc, panels int, b []float32, ldb int, dst []float32)
