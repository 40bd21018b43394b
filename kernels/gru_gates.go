package kernels

// The gate math of one GRU step, with Keras' default sigmoid gates and tanh candidate, for rows
// of a batch, vectorised: the GRU layers call it between their recurrent products. Row i of h
// (and z, rh, cu) is h[i*units : (i+1)*units]; row i of x, the step's input projection x·W + b
// in sections z, r, h, starts at x[i*ldx]; row i of u, the recurrent product, at u[i*ldu].

// GRUGatesResetAfter is reset_after=true's step, given u = h·U (sections z, r, h) and the
// recurrent bias b (3·units, or nil):
//
//	z = σ(x_z + u_z + b_z), r = σ(x_r + u_r + b_r), c = tanh(x_h + r⊙(u_h + b_h))
//	h = z⊙h + (1-z)⊙c
func GRUGatesResetAfter(h, x, u, b []float32, rows, units, ldx, ldu int) {
	checkGates(rows, units, len(h), "h", 1, units)
	checkGates(rows, units, len(x), "x", 3, ldx)
	checkGates(rows, units, len(u), "u", 3, ldu)
	if b != nil && len(b) < 3*units {
		panic("kernels: insufficient length of b")
	}
	if b == nil {
		b = zeros(3 * units)
	}
	v := units / 8 * 8
	gruGatesResetAfter(current(), h, x, u, b, rows, ldx, ldu, units, v)
	if v < units && rows > 0 {
		gruGatesResetAfterGeneric(h[v:], x[v:], u[v:], b[v:], rows, ldx, ldu, units, units-v)
	}
}

// GRUGatesZR is the first half of reset_after=false's step, given u = h·U for z and r:
//
//	z = σ(x_z + u_z), rh = σ(x_r + u_r)⊙h
func GRUGatesZR(z, rh, h, x, u []float32, rows, units, ldx, ldu int) {
	checkGates(rows, units, len(z), "z", 1, units)
	checkGates(rows, units, len(rh), "rh", 1, units)
	checkGates(rows, units, len(h), "h", 1, units)
	checkGates(rows, units, len(x), "x", 2, ldx)
	checkGates(rows, units, len(u), "u", 2, ldu)
	v := units / 8 * 8
	gruGatesZR(current(), z, rh, h, x, u, rows, ldx, ldu, units, v)
	if v < units && rows > 0 {
		gruGatesZRGeneric(z[v:], rh[v:], h[v:], x[v:], u[v:], rows, ldx, ldu, units, units-v)
	}
}

// GRUGatesH is the second half, given z from GRUGatesZR, x at its h section and
// cu = (r⊙h)·U_h:
//
//	c = tanh(x_h + cu), h = z⊙h + (1-z)⊙c
func GRUGatesH(h, z, x, cu []float32, rows, units, ldx int) {
	checkGates(rows, units, len(h), "h", 1, units)
	checkGates(rows, units, len(z), "z", 1, units)
	checkGates(rows, units, len(x), "x", 1, ldx)
	checkGates(rows, units, len(cu), "cu", 1, units)
	v := units / 8 * 8
	gruGatesH(current(), h, z, x, cu, rows, ldx, units, v)
	if v < units && rows > 0 {
		gruGatesHGeneric(h[v:], z[v:], x[v:], cu[v:], rows, ldx, units, units-v)
	}
}

// checkGates panics unless rows rows, ld apart, of sections×units floats fit in length.
func checkGates(rows, units, length int, name string, sections, ld int) {
	switch {
	case rows < 0:
		panic("kernels: rows < 0")
	case units < 0:
		panic("kernels: units < 0")
	case ld < sections*units:
		panic("kernels: bad leading dimension of " + name)
	case units > 0 && !fits(length, rows, ld, sections*units):
		panic("kernels: insufficient length of " + name)
	}
}

// zeros returns n zeros, shared: nothing may write to them.
func zeros(n int) []float32 {
	if n > len(zeroBuf) {
		return make([]float32, n)
	}
	return zeroBuf[:n]
}

var zeroBuf = make([]float32, 3*1024)
