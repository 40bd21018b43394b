package kernels

// The gate math of one GRU step for one batch row, with Keras' default sigmoid gates and tanh
// candidate, vectorised: the GRU layers call it between their recurrent products. units is
// len(h); x is the row's input projection x·W + b for this step (sections z, r, h).

// GRUGatesResetAfter is reset_after=true's step, given u = h·U (sections z, r, h) and the
// recurrent bias b (3·units, or nil):
//
//	z = σ(x_z + u_z + b_z), r = σ(x_r + u_r + b_r), c = tanh(x_h + r⊙(u_h + b_h))
//	h = z⊙h + (1-z)⊙c
func GRUGatesResetAfter(h, x, u, b []float32) {
	n := len(h)
	switch {
	case len(x) < 3*n:
		panic("kernels: insufficient length of x")
	case len(u) < 3*n:
		panic("kernels: insufficient length of u")
	case b != nil && len(b) < 3*n:
		panic("kernels: insufficient length of b")
	}
	if b == nil {
		b = zeros(3 * n)
	}
	v := n / 8 * 8
	gruGatesResetAfter(current(), h, x, u, b, n, v)
	gruGatesResetAfterGeneric(h[v:], x[v:], u[v:], b[v:], n, n-v)
}

// GRUGatesZR is the first half of reset_after=false's step, given u = h·U for z and r:
//
//	z = σ(x_z + u_z), rh = σ(x_r + u_r)⊙h
func GRUGatesZR(z, rh, h, x, u []float32) {
	n := len(h)
	switch {
	case len(z) < n:
		panic("kernels: insufficient length of z")
	case len(rh) < n:
		panic("kernels: insufficient length of rh")
	case len(x) < 2*n:
		panic("kernels: insufficient length of x")
	case len(u) < 2*n:
		panic("kernels: insufficient length of u")
	}
	v := n / 8 * 8
	gruGatesZR(current(), z, rh, h, x, u, n, v)
	gruGatesZRGeneric(z[v:], rh[v:], h[v:], x[v:], u[v:], n, n-v)
}

// GRUGatesH is the second half, given z from GRUGatesZR, x at its h section and
// cu = (r⊙h)·U_h:
//
//	c = tanh(x_h + cu), h = z⊙h + (1-z)⊙c
func GRUGatesH(h, z, x, cu []float32) {
	n := len(h)
	switch {
	case len(z) < n:
		panic("kernels: insufficient length of z")
	case len(x) < n:
		panic("kernels: insufficient length of x")
	case len(cu) < n:
		panic("kernels: insufficient length of cu")
	}
	v := n / 8 * 8
	gruGatesH(current(), h, z, x, cu, v)
	gruGatesHGeneric(h[v:], z[v:], x[v:], cu[v:], n-v)
}

// zeros returns n zeros, shared: nothing may write to them.
func zeros(n int) []float32 {
	if n > len(zeroBuf) {
		return make([]float32, n)
	}
	return zeroBuf[:n]
}

var zeroBuf = make([]float32, 3*1024)
