//go:build amd64 && !purego && !noasm

package amd64

// GRUSeq16AVX512 runs a whole reset_after=false GRU with sigmoid gates and a tanh candidate over
// steps time steps for rows ≤ 4 rows of a batch at once, n ≤ 16 units, with AVX-512 (F, DQ): a
// row's state is one vector, kept in a register from the first step to the last, so that no
// step leaves the kernel, and the input projection of each step is computed in it too. For each
// row b and step t, with x_t the row's in inputs at x[b*ldx + t*xstep], W the input kernel (in
// rows of 3n: sections z, r, h), bias 3n floats and U the recurrent kernel (n rows of 3n):
//
//	p = x_t·W + bias, z = σ(p_z + h·U_z), r = σ(p_r + h·U_r)
//	c = tanh(p_h + (r⊙h)·U_h), h = c + z·(h − c)
//
// and the new h is stored at out[b*ldo + t*ostep] when out is not empty. Row b's state is
// h[b*n : b*n+n], read first and written at the end. Rows past rows repeat the last one. The
// caller guarantees 1 ≤ rows ≤ 4, steps ≥ 1, 1 ≤ n ≤ 16, in ≥ 0, every x_t of every row within
// x, len(w) ≥ 3n·in, len(bias) ≥ 3n, len(u) ≥ 3n·n, len(h) ≥ rows·n, every output within out
// when it is not empty, and bounds rows·steps·(in+n) so that one call stays short.
//
//go:noescape
func GRUSeq16AVX512(rows, steps, n, in int, x []float32, ldx, xstep int, w, bias, u, h, out []float32, ldo, ostep int)
