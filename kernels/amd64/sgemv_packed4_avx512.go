//go:build amd64 && !purego && !noasm

package amd64

// SgemvPacked4AVX512 computes 64 columns of a row vector times four packed micro-panels of B,
// each kc rows of 16 floats and panelStride floats after the one before, with AVX-512 F:
//
//	y[16t+j] = alpha·Σ_{p<kc} a[p]·b[t*panelStride+p*16+j] + beta·y[16t+j]   for t < 4, j < 16
//
// A panel's row is one zmm. Each panel is read front to back, four streams in all, which the
// prefetchers follow; two rows a step into two sets of four accumulators keep eight FMAs in
// flight, and the sets are added at the end. With beta == 0, y is not read. The caller
// guarantees kc ≥ 1, len(a) ≥ kc, len(b) ≥ 3*panelStride+kc*16 and len(y) ≥ 64.
//
//go:noescape
func SgemvPacked4AVX512(kc int, a, b []float32, panelStride int, y []float32, alpha, beta float32)
