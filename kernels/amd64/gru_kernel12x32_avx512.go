//go:build amd64 && !purego && !noasm

package amd64

// GRUKernelH12x32AVX512 is GRUKernelH12x16AVX512 over two consecutive panels of U_h, b0 for
// columns j < 16 and b1 for 16 ≤ j < 32, in the z/r kernel's tiles: each broadcast of A feeds an
// FMA of each panel (for the 8 rows of 12 at an indexed address, three micro-ops for two FMAs
// where the one-panel kernel takes four), then the new state
//
//	h[i*ldh+j] = c + z[i*ldz+j]·(h[i*ldh+j] - c) with c = tanh(x[i*ldx+j] + t[i][j])
//
// for j < 32. The caller guarantees what the fused GRU step's micro-kernels ask (see
// gru_kernel12x16_avx512.go), with each panel's kc*16 floats and rows of 32 floats of h, x and
// z.
//
//go:noescape
func GRUKernelH12x32AVX512(kc, m int, a []float32, lda int, b0, b1, h []float32, ldh int, x []float32, ldx int, z []float32, ldz int)
