//go:build amd64 && !purego && !noasm

package amd64

// PackATransAVX512 copies rows ≤ 6 rows of a transposed A into one micro-panel of 6, with
// AVX-512 F and VL:
//
//	dst[p*6 + i] = a[p*lda + i]   for p < kc, i < rows;   dst[p*6 + i] = 0   for rows ≤ i < 6
//
// Each k step is one masked load and one masked store of a ymm: a weight gradient's A, stored
// k by k, is packed at a few cycles per k step where Go takes one per float. The caller
// guarantees kc ≥ 1, 1 ≤ rows ≤ 6, len(a) ≥ (kc-1)*lda+rows and len(dst) ≥ 6*kc.
//
//go:noescape
func PackATransAVX512(kc, rows int, a []float32, lda int, dst []float32)
