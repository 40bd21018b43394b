//go:build amd64 && !purego && !noasm

package amd64

// The gate math of training a GRU with sigmoid gates and a tanh candidate, as gru_train_avx2.go,
// for AVX-512 F, VL, DQ and BW: 16 units at a time, the last n mod 16 under a mask, so that a row
// of GRU(16) is one vector. Row i of h (and of z, r, rh, c, hn, cu, dh, dhz, drh) starts at
// i·units, of x at i·ldx, of u at i·ldu, of da and dau at i·lda, of dy at i·ldy (ldy 0: the same
// row for every i); x, u, b, da and dau hold the z, r and h sections units apart. The caller
// guarantees 0 ≤ n ≤ units, and that the first n units of every row and section read or written
// lie in their slice: nothing past them is read or written.

// GRUTrainZRAVX512 is reset_after=false's first half, keeping r:
//
//	z[j] = σ(x[j] + u[j]), r[j] = σ(x[units+j] + u[units+j]), rh[j] = r[j]·h[j]
//
//go:noescape
func GRUTrainZRAVX512(z, r, rh, h, x, u []float32, rows, ldx, ldu, units, n int)

// GRUTrainHAVX512 is the second half into a new state hn, keeping the candidate, given
// cu = (r⊙h)·Uh and x at the h section:
//
//	c[j] = tanh(x[j] + cu[j]), hn[j] = c[j] + z[j]·(h[j] - c[j])
//
//go:noescape
func GRUTrainHAVX512(hn, c, h, z, x, cu []float32, rows, ldx, units, n int)

// GRUTrainResetAfterAVX512 is reset_after=true's step into a new state hn, keeping z, r and the
// candidate, given u = h·U and the recurrent bias b:
//
//	z[j] = σ(x[j] + u[j] + b[j]), r[j] = σ(x[units+j] + u[units+j] + b[units+j])
//	c[j] = tanh(x[2units+j] + r[j]·(u[2units+j] + b[2units+j])), hn[j] = c[j] + z[j]·(h[j] - c[j])
//
//go:noescape
func GRUTrainResetAfterAVX512(hn, z, r, c, h, x, u, b []float32, rows, ldx, ldu, units, n int)

// GRUBackZCAVX512 is reset_after=false's backward step before the product with Uhᵀ: with
// d = dh[j] + dy[j],
//
//	da[j] = d·(h[j] - c[j])·z[j]·(1 - z[j]), da[2units+j] = d·(1 - z[j])·(1 - c[j]²), dhz[j] = d·z[j]
//
//go:noescape
func GRUBackZCAVX512(da, dhz, dh, dy, h, z, c []float32, rows, lda, ldy, units, n int)

// GRUBackRAVX512 is the step after it, given drh = da_c·Uhᵀ, the gradient of r⊙h:
//
//	da[units+j] = drh[j]·h[j]·r[j]·(1 - r[j]), dh[j] += drh[j]·r[j]
//
//go:noescape
func GRUBackRAVX512(da, dh, drh, h, r []float32, rows, lda, units, n int)

// GRUBackResetAfterAVX512 is reset_after=true's backward step before the product with Uᵀ. With
// d = dh[j] + dy[j] and uh = u[2units+j] + b[2units+j]:
//
//	dc = d·(1 - z)·(1 - c²), dz = d·(h - c)·z·(1 - z), dr = dc·uh·r·(1 - r)
//	da[j], da[units+j], da[2units+j] = dz, dr, dc
//	dau[j], dau[units+j], dau[2units+j] = dz, dr, dc·r
//	dhz[j] = d·z
//
//go:noescape
func GRUBackResetAfterAVX512(da, dau, dhz, dh, dy, h, z, r, c, u, b []float32, rows, lda, ldy, ldu, units, n int)
