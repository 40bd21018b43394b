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
	resetAfterGates(current(), h, x, u, b, rows, ldx, ldu, units)
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
	zrGates(current(), z, rh, h, x, u, rows, ldx, ldu, units)
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
	hGates(current(), h, z, x, cu, rows, ldx, units)
}

type gateOp uint8

const (
	gatesResetAfter gateOp = iota
	gatesZR
	gatesH
	gatesTrainZR
	gatesTrainH
	gatesTrainResetAfter
	gatesBackZC
	gatesBackR
	gatesBackResetAfter
)

// gateCall is one checked call of the gate kernels; rows of h, z and rh lie units apart.
type gateCall struct {
	isa                   isa
	op                    gateOp
	h, z, rh, x, u, b     []float32
	rows, units, ldx, ldu int
	train                 trainGates // the training kernels' other operands
}

// parallelMinGates is the number of gate values from which a call is split over the threads.
const parallelMinGates = 1 << 13

// splitGates reports whether a call on rows of units is split over the threads.
func splitGates(rows, units int) bool {
	return rows > 1 && rows*units >= parallelMinGates && threadCount() > 1
}

// resetAfterGates, zrGates and hGates run checked gate calls with implementation x.
func resetAfterGates(x isa, h, xw, u, b []float32, rows, ldx, ldu, units int) {
	c := gateCall{isa: x, op: gatesResetAfter, h: h, x: xw, u: u, b: b, rows: rows, units: units, ldx: ldx, ldu: ldu}
	c.run()
}

func zrGates(x isa, z, rh, h, xw, u []float32, rows, ldx, ldu, units int) {
	c := gateCall{isa: x, op: gatesZR, h: h, z: z, rh: rh, x: xw, u: u, rows: rows, units: units, ldx: ldx, ldu: ldu}
	c.run()
}

func hGates(x isa, h, z, xw, cu []float32, rows, ldx, units int) {
	c := gateCall{isa: x, op: gatesH, h: h, z: z, x: xw, u: cu, rows: rows, units: units, ldx: ldx, ldu: units}
	c.run()
}

// run computes c on the calling goroutine, or split by rows over the threads when that pays.
func (c *gateCall) run() {
	if splitGates(c.rows, c.units) {
		c.split()
		return
	}
	c.rowRange(0, c.rows)
}

// split runs c over the threads, a share of its rows each.
func (c *gateCall) split() {
	j := getJob(min(threadCount(), c.rows))
	j.gates = *c
	runJob(j)
	putJob(j)
}

// rowRange computes rows lo to hi of c.
func (c *gateCall) rowRange(lo, hi int) {
	if c.op >= gatesTrainZR {
		c.trainRowRange(lo, hi)
		return
	}
	units := c.units
	h, x, u := c.h[lo*units:], c.x[lo*c.ldx:], c.u[lo*c.ldu:]
	switch c.op {
	case gatesResetAfter:
		resetAfterRows(c.isa, h, x, u, c.b, hi-lo, c.ldx, c.ldu, units)
	case gatesZR:
		zrRows(c.isa, c.z[lo*units:], c.rh[lo*units:], h, x, u, hi-lo, c.ldx, c.ldu, units)
	case gatesH:
		hRows(c.isa, h, c.z[lo*units:], x, u, hi-lo, c.ldx, units)
	}
}

// kernelUnits is how many units of a row implementation x's gate kernels take: all of them for
// AVX-512, whose masks cover the tail; whole vectors of 8 otherwise, the Go twin doing the rest.
func kernelUnits(x isa, units int) int {
	if x == isaAVX512 {
		return units
	}
	return units / 8 * 8
}

// resetAfterRows, zrRows and hRows run the kernels on the units kernelUnits gives them and Go on
// the rest.
func resetAfterRows(x isa, h, xw, u, b []float32, rows, ldx, ldu, units int) {
	v := kernelUnits(x, units)
	gruGatesResetAfter(x, h, xw, u, b, rows, ldx, ldu, units, v)
	if v < units && rows > 0 {
		gruGatesResetAfterGeneric(h[v:], xw[v:], u[v:], b[v:], rows, ldx, ldu, units, units-v)
	}
}

func zrRows(x isa, z, rh, h, xw, u []float32, rows, ldx, ldu, units int) {
	v := kernelUnits(x, units)
	gruGatesZR(x, z, rh, h, xw, u, rows, ldx, ldu, units, v)
	if v < units && rows > 0 {
		gruGatesZRGeneric(z[v:], rh[v:], h[v:], xw[v:], u[v:], rows, ldx, ldu, units, units-v)
	}
}

func hRows(x isa, h, z, xw, cu []float32, rows, ldx, units int) {
	v := kernelUnits(x, units)
	gruGatesH(x, h, z, xw, cu, rows, ldx, units, v)
	if v < units && rows > 0 {
		gruGatesHGeneric(h[v:], z[v:], xw[v:], cu[v:], rows, ldx, units, units-v)
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
