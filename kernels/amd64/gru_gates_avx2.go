//go:build !purego && !noasm

package amd64

// The gate math of one GRU step for one batch row, with sigmoid gates and a tanh candidate, 8
// units at a time; x, u and b hold the z, r and h sections ld apart. The caller guarantees n is
// a multiple of 8 and the slices hold n floats in each section they are read at.

// GRUGatesResetAfterAVX2 is reset_after=true's step:
//
//	z = σ(x[j] + u[j] + b[j]), r = σ(x[ld+j] + u[ld+j] + b[ld+j])
//	h[j] = c + z·(h[j] - c) with c = tanh(x[2ld+j] + r·(u[2ld+j] + b[2ld+j]))
//
//go:noescape
func GRUGatesResetAfterAVX2(h, x, u, b []float32, ld, n int)

// GRUGatesZRAVX2 is the first half of reset_after=false's step, before the product (r⊙h)·Uh:
//
//	z[j] = σ(x[j] + u[j]), rh[j] = σ(x[ld+j] + u[ld+j])·h[j]
//
//go:noescape
func GRUGatesZRAVX2(z, rh, h, x, u []float32, ld, n int)

// GRUGatesHAVX2 is the second half, given cu = (r⊙h)·Uh and x at the h section:
//
//	h[j] = c + z[j]·(h[j] - c) with c = tanh(x[j] + cu[j])
//
//go:noescape
func GRUGatesHAVX2(h, z, x, cu []float32, n int)
