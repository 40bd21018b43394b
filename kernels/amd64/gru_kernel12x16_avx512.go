//go:build amd64 && !purego && !noasm

package amd64

// The micro-kernels of a fused reset_after=false GRU step with AVX-512 (F, DQ): the rows i < m
// of a row-major A read in place (row i at a[i*lda:]) times packed micro-panels of kc rows of 16
// columns, the gate math in the epilogue, for j < 16. They run tiles of 12 rows, two 6-row
// sub-panels at once so that the FMAs have enough independent sums (24 accumulators for z and
// r, 12 for h). The rest runs as one tile of 12 rows (9 to 11 left), 8 (7 or 8) or 6 (at most
// 6) that ends at row m, overlapping the one before and storing its new rows only, or starts at
// row 0 when m is smaller than the tile (6 rows when m < 6). So they read rows below max(m, 6)
// of A, no others. The caller guarantees kc ≥ 1, m ≥ 1, len(a) ≥ (max(m, 6)-1)*lda+kc, each
// panel's kc*16 floats, the rows below m of 16 floats of every other slice, and bounds m·kc so
// that one call stays short.

// GRUKernelZR12x16AVX512 computes the tiles of the z panel bz and the r panel br, then
//
//	z[i*ldc+j] = σ(x[i*ldx+j] + tz[i][j]), rh[i*ldc+j] = σ(x[i*ldx+xr+j] + tr[i][j])·h[i*ldc+j]
//
//go:noescape
func GRUKernelZR12x16AVX512(kc, m int, a []float32, lda int, bz, br, z, rh, h []float32, ldc int, x []float32, ldx, xr int)

// GRUKernelH12x16AVX512 computes the tile of the panel b of U_h (A is r⊙h), then the new state
// in place:
//
//	h[i*ldh+j] = c + z[i*ldz+j]·(h[i*ldh+j] - c) with c = tanh(x[i*ldx+j] + t[i][j])
//
//go:noescape
func GRUKernelH12x16AVX512(kc, m int, a []float32, lda int, b, h []float32, ldh int, x []float32, ldx int, z []float32, ldz int)
