//go:build amd64 && !purego && !noasm

package amd64

// The micro-kernels of a fused reset_after=false GRU step with AVX2 and FMA3: for each tile of 6
// rows of a row-major A read in place (row i at a[i*lda:]) times packed micro-panels of kc rows
// of 16 columns, the gate math in the epilogue, for rows i < m and j < 16. They read A in whole
// tiles, and a last tile of at most four rows with a third fewer FMAs. The caller guarantees
// kc ≥ 1, m ≥ 1, len(a) ≥ (⌈m/6⌉·6-1)*lda+kc, each panel's kc*16 floats, the rows below m of 16
// floats of every other slice, and bounds m·kc so that one call stays short.

// GRUKernelZR6x16AVX2 computes the tiles of the z panel bz and the r panel br, then
//
//	z[i*ldc+j] = σ(x[i*ldx+j] + tz[i][j]), rh[i*ldc+j] = σ(x[i*ldx+xr+j] + tr[i][j])·h[i*ldc+j]
//
//go:noescape
func GRUKernelZR6x16AVX2(kc, m int, a []float32, lda int, bz, br, z, rh, h []float32, ldc int, x []float32, ldx, xr int)

// GRUKernelH6x16AVX2 computes the tile of the panel b of U_h (A is r⊙h), then the new state in
// place:
//
//	h[i*ldh+j] = c + z[i*ldz+j]·(h[i*ldh+j] - c) with c = tanh(x[i*ldx+j] + t[i][j])
//
//go:noescape
func GRUKernelH6x16AVX2(kc, m int, a []float32, lda int, b, h []float32, ldh int, x []float32, ldx int, z []float32, ldz int)
