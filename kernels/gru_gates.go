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
	c := gateCall{op: gatesResetAfter, h: h, x: x, u: u, b: b, rows: rows, units: units, ldx: ldx, ldu: ldu}
	c.run()
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
	c := gateCall{op: gatesZR, h: h, z: z, rh: rh, x: x, u: u, rows: rows, units: units, ldx: ldx, ldu: ldu}
	c.run()
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
	c := gateCall{op: gatesH, h: h, z: z, x: x, u: cu, rows: rows, units: units, ldx: ldx, ldu: units}
	c.run()
}

type gateOp uint8

const (
	gatesResetAfter gateOp = iota
	gatesZR
	gatesH
)

// gateCall is one checked call of the gate kernels; rows of h, z and rh lie units apart.
type gateCall struct {
	isa                   isa
	op                    gateOp
	h, z, rh, x, u, b     []float32
	rows, units, ldx, ldu int
}

// parallelMinGates is the number of gate values from which a call is split over the threads.
const parallelMinGates = 1 << 13

// run computes c, split by rows over the threads when it is large enough.
func (c *gateCall) run() {
	if c.rows == 0 || c.units == 0 {
		return
	}
	c.isa = current()
	parts := min(threadCount(), c.rows)
	if parts < 2 || c.rows*c.units < parallelMinGates {
		c.rowRange(0, c.rows)
		return
	}
	j := getJob(parts)
	j.gates = *c
	runJob(j)
}

// rowRange computes rows lo to hi of c: whole vectors in the kernel, the rest in Go.
func (c *gateCall) rowRange(lo, hi int) {
	x, rows, units, v := c.isa, hi-lo, c.units, c.units/8*8
	h, xw, u := c.h[lo*units:], c.x[lo*c.ldx:], c.u[lo*c.ldu:]
	switch c.op {
	case gatesResetAfter:
		gruGatesResetAfter(x, h, xw, u, c.b, rows, c.ldx, c.ldu, units, v)
		if v < units {
			gruGatesResetAfterGeneric(h[v:], xw[v:], u[v:], c.b[v:], rows, c.ldx, c.ldu, units, units-v)
		}
	case gatesZR:
		z, rh := c.z[lo*units:], c.rh[lo*units:]
		gruGatesZR(x, z, rh, h, xw, u, rows, c.ldx, c.ldu, units, v)
		if v < units {
			gruGatesZRGeneric(z[v:], rh[v:], h[v:], xw[v:], u[v:], rows, c.ldx, c.ldu, units, units-v)
		}
	case gatesH:
		z := c.z[lo*units:]
		gruGatesH(x, h, z, xw, u, rows, c.ldx, units, v)
		if v < units {
			gruGatesHGeneric(h[v:], z[v:], xw[v:], u[v:], rows, c.ldx, units, units-v)
		}
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
