//go:build amd64 && !purego && !noasm

package amd64

// The gate math of one GRU step, with sigmoid gates and a tanh candidate, for rows of a batch,
// 16 units at a time with AVX-512 (F, DQ), the last n%16 under an opmask. Row i of h (and of z,
// rh, cu) starts at i·units, of x at i·ldx and of u at i·ldu; x, u and b hold the z, r and h
// sections units apart. The caller guarantees n ≤ units, and that every row and section read lies
// in its slice; nothing past a row's n floats is read or written.

// GRUGatesResetAfterAVX512 is reset_after=true's step, for j < n of each row:
//
//	z = σ(x[j] + u[j] + b[j]), r = σ(x[units+j] + u[units+j] + b[units+j])
//	h[j] = c + z·(h[j] - c) with c = tanh(x[2units+j] + r·(u[2units+j] + b[2units+j]))
//
//go:noescape
func GRUGatesResetAfterAVX512(h, x, u, b []float32, rows, ldx, ldu, units, n int)

// GRUGatesZRAVX512 is the first half of reset_after=false's step, before the product (r⊙h)·Uh:
//
//	z[j] = σ(x[j] + u[j]), rh[j] = σ(x[units+j] + u[units+j])·h[j]
//
//go:noescape
func GRUGatesZRAVX512(z, rh, h, x, u []float32, rows, ldx, ldu, units, n int)

// GRUGatesHAVX512 is the second half, given cu = (r⊙h)·Uh and x at the h section:
//
//	h[j] = c + z[j]·(h[j] - c) with c = tanh(x[j] + cu[j])
//
//go:noescape
func GRUGatesHAVX512(h, z, x, cu []float32, rows, ldx, units, n int)
