//go:build amd64 && !purego && !noasm

package amd64

// PackAAVX512 copies rows ≤ 6 rows of a row-major A into one micro-panel of 6, with AVX-512 F:
//
//	dst[p*6 + i] = a[i*lda + p]   for p < kc, i < rows;   dst[p*6 + i] = 0   for rows ≤ i < 6
//
// Sixteen k steps at a time: one load from each row, the rows interleaved in pairs by
// VPERMT2PS, then the pairs in threes by VPERMT2PD into six stores. The caller guarantees
// kc ≥ 1, 1 ≤ rows ≤ 6, len(a) ≥ (rows-1)*lda+kc and len(dst) ≥ 6*kc.
//
//go:noescape
func PackAAVX512(kc, rows int, a []float32, lda int, dst []float32)
