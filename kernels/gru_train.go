package kernels

import "strings"

// The steps of training a GRU with Keras' default sigmoid gates and tanh candidate: forward steps
// that keep what backpropagation through time needs, and backward steps that turn the gradient of
// a step's new state into its gates' pre-activation gradients and the gradient of the state before
// it. All matrices are row-major; rows of states, gates and their gradients lie units apart, rows
// of x (a step's input projection x·W + b, sections z, r, h) ldx apart, rows of the gradients of
// the pre-activations (sections z, r, h) 3·units apart. The products run over all padded ≥ rows
// rows, whose extra rows of the inputs must be zero, and the gate math over the first rows.

// GRUTrainStep is GRUStep keeping z, r and the candidate, into a new state hn (h is not changed):
//
//	hu = h·[U_z U_r], z = σ(x_z + hu_z), r = σ(x_r + hu_r), rh = r⊙h
//	cu = rh·U_h, c = tanh(x_h + cu), hn = z⊙h + (1-z)⊙c
//
// hn, z, r, rh, c, cu and h hold padded rows of units, hu padded rows of 2·units; the extra rows of
// h and rh must be zero (the step writes the first rows of rh only).
func GRUTrainStep(hn, z, r, rh, c, hu, cu, h, x []float32, rows, padded, units, ldx int, uzr, uh *Packed) {
	checkPacked(rows, padded, units, uzr, units, 2*units, "uzr")
	checkPacked(rows, padded, units, uh, units, units, "uh")
	checkUnitRows(padded, units, "hn z r rh c cu h", hn, z, r, rh, c, cu, h)
	checkGates(padded, units, len(hu), "hu", 2, 2*units)
	checkGates(rows, units, len(x), "x", 3, ldx)
	if rows == 0 {
		return
	}
	impl := current()
	s := stepCall{isa: impl, rows: rows, padded: padded, units: units}
	s.product(h, units, uzr, 0, hu, 2*units)
	s.gate(gateCall{isa: impl, op: gatesTrainZR, z: z, h: h, x: x, u: hu, rows: rows, units: units, ldx: ldx, ldu: 2 * units,
		train: trainGates{r: r, rh: rh}})
	s.product(rh, units, uh, 0, cu, units)
	s.gate(gateCall{isa: impl, op: gatesTrainH, z: z, h: h, x: x[2*units:], u: cu, rows: rows, units: units, ldx: ldx, ldu: units,
		train: trainGates{hn: hn, c: c}})
	s.run()
}

// GRUTrainStepResetAfter is GRUStepResetAfter keeping z, r, the candidate and u = h·U, into a new
// state hn, with the recurrent bias b (3·units, or nil):
//
//	u = h·U, z = σ(x_z + u_z + b_z), r = σ(x_r + u_r + b_r)
//	c = tanh(x_h + r⊙(u_h + b_h)), hn = z⊙h + (1-z)⊙c
//
// hn, z, r, c and h hold padded rows of units, u padded rows of 3·units.
func GRUTrainStepResetAfter(hn, z, r, c, u, h, x, b []float32, rows, padded, units, ldx int, uzh *Packed) {
	checkPacked(rows, padded, units, uzh, units, 3*units, "uzh")
	checkUnitRows(padded, units, "hn z r c h", hn, z, r, c, h)
	checkGates(padded, units, len(u), "u", 3, 3*units)
	checkGates(rows, units, len(x), "x", 3, ldx)
	if b != nil && len(b) < 3*units {
		panic("kernels: insufficient length of b")
	}
	if rows == 0 {
		return
	}
	if b == nil {
		b = zeros(3 * units)
	}
	impl := current()
	s := stepCall{isa: impl, rows: rows, padded: padded, units: units}
	s.product(h, units, uzh, 0, u, 3*units)
	s.gate(gateCall{isa: impl, op: gatesTrainResetAfter, z: z, h: h, x: x, u: u, b: b, rows: rows, units: units, ldx: ldx, ldu: 3 * units,
		train: trainGates{hn: hn, r: r, c: c}})
	s.run()
}

// GRUBackStep is the backward pass of GRUTrainStep's step. From dh + dy, the gradient of the new
// state (dy's rows ldy apart; ldy 0 repeats one row, such as zeros), and what the forward step
// kept (the state h before it, z, r, c), it writes the gradients of the pre-activations into da
// (padded rows of 3·units: z, r, h) and the gradient of h into dhPrev:
//
//	d = dh + dy, da_z = d⊙(h-c)⊙z⊙(1-z), da_h = d⊙(1-z)⊙(1-c²)
//	drh = da_h·U_hᵀ, da_r = drh⊙h⊙r⊙(1-r)
//	dhPrev = d⊙z + drh⊙r + [da_z da_r]·[U_z U_r]ᵀ
//
// uzrT is [U_z U_r]ᵀ packed (2·units × units), uhT is U_hᵀ (PackBTrans). dh, dhPrev, drh, h, z,
// r and c hold padded rows of units; the extra rows of da must be zero, and stay so, and the extra
// rows of dhPrev keep their values.
func GRUBackStep(dhPrev, da, drh, dh, dy []float32, ldy int, h, z, r, c []float32, rows, padded, units int, uzrT, uhT *Packed) {
	checkPacked(rows, padded, units, uzrT, 2*units, units, "uzrT")
	checkPacked(rows, padded, units, uhT, units, units, "uhT")
	checkUnitRows(padded, units, "dhPrev drh dh h z r c", dhPrev, drh, dh, h, z, r, c)
	checkGates(padded, units, len(da), "da", 3, 3*units)
	checkDY(rows, units, len(dy), ldy)
	if rows == 0 {
		return
	}
	impl, lda := current(), 3*units
	s := stepCall{isa: impl, rows: rows, padded: padded, units: units}
	s.gate(gateCall{isa: impl, op: gatesBackZC, z: z, h: h, rows: rows, units: units,
		train: trainGates{da: da, dhz: dhPrev, dh: dh, dy: dy, c: c, lda: lda, ldy: ldy}})
	s.product(da[2*units:], lda, uhT, 0, drh, units)
	s.gate(gateCall{isa: impl, op: gatesBackR, h: h, rows: rows, units: units,
		train: trainGates{da: da, dh: dhPrev, drh: drh, r: r, lda: lda}})
	s.product(da, lda, uzrT, 1, dhPrev, units)
	s.run()
}

// GRUBackStepResetAfter is the backward pass of GRUTrainStepResetAfter's step, given what it kept
// (h before it, z, r, c, u) and the recurrent bias b (or nil). With d = dh + dy and
// uh = u_h + b_h it writes da (the input kernel's and bias's pre-activation gradients), dau (the
// recurrent kernel's) and dhPrev:
//
//	da_h = d⊙(1-z)⊙(1-c²), da_z = d⊙(h-c)⊙z⊙(1-z), da_r = da_h⊙uh⊙r⊙(1-r)
//	da = [da_z da_r da_h], dau = [da_z da_r da_h⊙r], dhPrev = d⊙z + dau·Uᵀ
//
// uT is Uᵀ packed (3·units × units). da and dau hold padded rows of 3·units, the extra rows of dau
// zero; u holds padded rows of 3·units.
func GRUBackStepResetAfter(dhPrev, da, dau, dh, dy []float32, ldy int, h, z, r, c, u, b []float32, rows, padded, units int, uT *Packed) {
	checkPacked(rows, padded, units, uT, 3*units, units, "uT")
	checkUnitRows(padded, units, "dhPrev dh h z r c", dhPrev, dh, h, z, r, c)
	checkGates(padded, units, len(da), "da", 3, 3*units)
	checkGates(padded, units, len(dau), "dau", 3, 3*units)
	checkGates(padded, units, len(u), "u", 3, 3*units)
	checkDY(rows, units, len(dy), ldy)
	if b != nil && len(b) < 3*units {
		panic("kernels: insufficient length of b")
	}
	if rows == 0 {
		return
	}
	if b == nil {
		b = zeros(3 * units)
	}
	impl, lda := current(), 3*units
	s := stepCall{isa: impl, rows: rows, padded: padded, units: units}
	s.gate(gateCall{isa: impl, op: gatesBackResetAfter, z: z, h: h, u: u, b: b, rows: rows, units: units, ldu: lda,
		train: trainGates{da: da, dau: dau, dhz: dhPrev, dh: dh, dy: dy, r: r, c: c, lda: lda, ldy: ldy}})
	s.product(dau, lda, uT, 1, dhPrev, units)
	s.run()
}

// checkUnitRows panics unless each of s holds padded rows of units; names lists them in order.
func checkUnitRows(padded, units int, names string, s ...[]float32) {
	for _, v := range s {
		var name string
		name, names, _ = strings.Cut(names, " ") // no allocation, unlike strings.Fields
		checkGates(padded, units, len(v), name, 1, units)
	}
}

// checkDY panics unless rows rows of units, ldy apart (0: one row), fit in length.
func checkDY(rows, units, length, ldy int) {
	switch {
	case ldy < 0 || ldy > 0 && ldy < units:
		panic("kernels: bad leading dimension of dy")
	case rows > 0 && ldy == 0 && length < units, ldy > 0 && !fits(length, rows, ldy, units):
		panic("kernels: insufficient length of dy")
	}
}

// trainGates holds the operands of the training kernels that a gateCall lacks: rows of r, c, hn,
// rh, dh, dhz and drh lie units apart, of da and dau lda apart, of dy ldy apart (0: one row).
type trainGates struct {
	r, c, hn, rh []float32
	da, dau, dy  []float32
	dh, dhz, drh []float32
	lda, ldy     int
}

// trainRowRange computes rows lo to hi of a training kernel's call: the assembly on the units
// kernelUnits gives it, the Go twin on the rest.
func (c *gateCall) trainRowRange(lo, hi int) {
	units, t := c.units, &c.train
	rows, v := hi-lo, kernelUnits(c.isa, units)
	at := func(s []float32) []float32 {
		if s == nil {
			return nil // an operand the kernel does not take
		}
		return s[lo*units:]
	}
	z, h := at(c.z), at(c.h)
	switch c.op {
	case gatesTrainZR:
		x, u, r, rh := c.x[lo*c.ldx:], c.u[lo*c.ldu:], at(t.r), at(t.rh)
		gruTrainZR(c.isa, z, r, rh, h, x, u, rows, c.ldx, c.ldu, units, v)
		if v < units {
			gruTrainZRGeneric(z[v:], r[v:], rh[v:], h[v:], x[v:], u[v:], rows, c.ldx, c.ldu, units, units-v)
		}
	case gatesTrainH:
		x, cu, hn, cc := c.x[lo*c.ldx:], at(c.u), at(t.hn), at(t.c)
		gruTrainH(c.isa, hn, cc, h, z, x, cu, rows, c.ldx, units, v)
		if v < units {
			gruTrainHGeneric(hn[v:], cc[v:], h[v:], z[v:], x[v:], cu[v:], rows, c.ldx, units, units-v)
		}
	case gatesTrainResetAfter:
		x, u, hn, r, cc, b := c.x[lo*c.ldx:], c.u[lo*c.ldu:], at(t.hn), at(t.r), at(t.c), c.b
		gruTrainResetAfter(c.isa, hn, z, r, cc, h, x, u, b, rows, c.ldx, c.ldu, units, v)
		if v < units {
			gruTrainResetAfterGeneric(hn[v:], z[v:], r[v:], cc[v:], h[v:], x[v:], u[v:], b[v:], rows, c.ldx, c.ldu, units, units-v)
		}
	case gatesBackZC:
		da, dhz, dh, dy, cc := t.da[lo*t.lda:], at(t.dhz), at(t.dh), t.dy[lo*t.ldy:], at(t.c)
		gruBackZC(c.isa, da, dhz, dh, dy, h, z, cc, rows, t.lda, t.ldy, units, v)
		if v < units {
			gruBackZCGeneric(da[v:], dhz[v:], dh[v:], dy[v:], h[v:], z[v:], cc[v:], rows, t.lda, t.ldy, units, units-v)
		}
	case gatesBackR:
		da, dh, drh, r := t.da[lo*t.lda:], at(t.dh), at(t.drh), at(t.r)
		gruBackR(c.isa, da, dh, drh, h, r, rows, t.lda, units, v)
		if v < units {
			gruBackRGeneric(da[v:], dh[v:], drh[v:], h[v:], r[v:], rows, t.lda, units, units-v)
		}
	case gatesBackResetAfter:
		da, dau, dhz, dh, dy := t.da[lo*t.lda:], t.dau[lo*t.lda:], at(t.dhz), at(t.dh), t.dy[lo*t.ldy:]
		r, cc, u, b := at(t.r), at(t.c), c.u[lo*c.ldu:], c.b
		gruBackResetAfter(c.isa, da, dau, dhz, dh, dy, h, z, r, cc, u, b, rows, t.lda, t.ldy, c.ldu, units, v)
		if v < units {
			gruBackResetAfterGeneric(da[v:], dau[v:], dhz[v:], dh[v:], dy[v:], h[v:], z[v:], r[v:], cc[v:], u[v:], b[v:], rows, t.lda, t.ldy, c.ldu, units, units-v)
		}
	}
}
