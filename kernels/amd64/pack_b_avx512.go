//go:build amd64 && !purego && !noasm

package amd64

// PackBAVX512 copies the kc×(16·panels) block of B at b, rows ldb apart, into micro-panels, with
// AVX-512 F:
//
//	dst[t*kc*16 + p*16 + j] = b[p*ldb + t*16 + j]   for p < kc, t < panels, j < 16
//
// A panel's row is one zmm. Four rows of B at a time are read from start to end, so a wide B
// streams through the hardware prefetcher and its TLB entries, and each panel gets their four
// rows as 256 contiguous bytes: the stores move between the panels' pages (a panel of 256 rows
// spans four) a quarter as often as row by row. The rows eight ahead are prefetched for a narrow
// B. The caller guarantees kc, panels ≥ 1, len(b) ≥ (kc-1)*ldb+16*panels and
// len(dst) ≥ kc*16*panels.
//
//go:noescape
func PackBAVX512(kc, panels int, b []float32, ldb int, dst []float32)
