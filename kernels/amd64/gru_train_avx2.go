//go:build amd64 && !purego && !noasm

package amd64

// The gate math of training a GRU with sigmoid gates and a tanh candidate, for rows of a batch, 8
// units at a time: forward steps that keep the gates for backpropagation through time, and the
// element-wise parts of the backward steps. Row i of h (and of z, r, rh, c, hn, cu, dh, dhz,
// drh) starts at i·units, of x at i·ldx, of u at i·ldu, of da and dau at i·lda, of dy at i·ldy
// (ldy 0: the same row for every i); x, u, b, da and dau hold the z, r and h sections units
// apart. The caller guarantees n is a multiple of 8 no larger than units, and that every row and
// section read or written lies in its slice.

// GRUTrainZRAVX2 is reset_after=false's first half, keeping r:
//
//	z[j] = σ(x[j] + u[j]), r[j] = σ(x[units+j] + u[units+j]), rh[j] = r[j]·h[j]
//
//go:noescape
func GRUTrainZRAVX2(z, r, rh, h, x, u []float32, rows, ldx, ldu, units, n int)

// GRUTrainHAVX2 is the second half into a new state hn, keeping the candidate, given
// cu = (r⊙h)·Uh and x at the h section:
//
//	c[j] = tanh(x[j] + cu[j]), hn[j] = c[j] + z[j]·(h[j] - c[j])
//
//go:noescape
func GRUTrainHAVX2(hn, c, h, z, x, cu []float32, rows, ldx, units, n int)

// GRUTrainResetAfterAVX2 is reset_after=true's step into a new state hn, keeping z, r and the
// candidate, given u = h·U and the recurrent bias b:
//
//	z[j] = σ(x[j] + u[j] + b[j]), r[j] = σ(x[units+j] + u[units+j] + b[units+j])
//	c[j] = tanh(x[2units+j] + r[j]·(u[2units+j] + b[2units+j])), hn[j] = c[j] + z[j]·(h[j] - c[j])
//
//go:noescape
func GRUTrainResetAfterAVX2(hn, z, r, c, h, x, u, b []float32, rows, ldx, ldu, units, n int)

// GRUBackZCAVX2 is reset_after=false's backward step before the product with Uhᵀ: with
// d = dh[j] + dy[j],
//
//	da[j] = d·(h[j] - c[j])·z[j]·(1 - z[j]), da[2units+j] = d·(1 - z[j])·(1 - c[j]²), dhz[j] = d·z[j]
//
//go:noescape
func GRUBackZCAVX2(da, dhz, dh, dy, h, z, c []float32, rows, lda, ldy, units, n int)

// GRUBackRAVX2 is the step after it, given drh = da_c·Uhᵀ, the gradient of r⊙h:
//
//	da[units+j] = drh[j]·h[j]·r[j]·(1 - r[j]), dh[j] += drh[j]·r[j]
//
//go:noescape
func GRUBackRAVX2(da, dh, drh, h, r []float32, rows, lda, units, n int)

// GRUBackResetAfterAVX2 is reset_after=true's backward step before the product with Uᵀ. With
// d = dh[j] + dy[j] and uh = u[2units+j] + b[2units+j]:
//
//	dc = d·(1 - z)·(1 - c²), dz = d·(h - c)·z·(1 - z), dr = dc·uh·r·(1 - r)
//	da[j], da[units+j], da[2units+j] = dz, dr, dc
//	dau[j], dau[units+j], dau[2units+j] = dz, dr, dc·r
//	dhz[j] = d·z
//
//go:noescape
func GRUBackResetAfterAVX2(da, dau, dhz, dh, dy, h, z, r, c, u, b []float32, rows, lda, ldy, ldu, units, n int)
