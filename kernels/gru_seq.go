package kernels

// GRUSequence16 runs a whole reset_after=false GRU layer with sigmoid gates and a tanh candidate,
// its input projection included, over steps time steps of rows sequences, for units ≤ 16: the
// small GRUs whose steps are too short for GRUStep's products to pay for a call each. For each
// row b and step t, with x_t the row's in inputs at x[b*ldx + t*xstep], w the input kernel and u
// the recurrent kernel as Keras stores them (in and units rows of 3·units: sections z, r, h), and
// bias the input bias (3·units, or nil):
//
//	p = x_t·W + bias, z = σ(p_z + h·U_z), r = σ(p_r + h·U_r)
//	c = tanh(p_h + (r⊙h)·U_h), h = c + z⊙(h − c)
//
// Row b's state is h[b*units : (b+1)*units], the initial state in, the last one out. When out is
// not empty, step t's state is also written to out[b*ldo + t*ostep:]. Sequence16Fast reports
// whether it beats GRUStep for a batch.
func GRUSequence16(h, out, x, w, bias, u []float32, rows, steps, in, units, ldx, xstep, ldo, ostep int) {
	switch {
	case units < 1 || units > 16:
		panic("kernels: units out of range")
	case rows < 0 || steps < 0 || in < 0:
		panic("kernels: negative dimension")
	case ldx < 0 || xstep < in:
		panic("kernels: bad stride of x")
	case len(out) > 0 && (ldo < 0 || ostep < units):
		panic("kernels: bad stride of out")
	case !fitsDense(len(h), rows, units):
		panic("kernels: insufficient length of h")
	case !fitsDense(len(w), in, 3*units):
		panic("kernels: insufficient length of w")
	case bias != nil && len(bias) < 3*units:
		panic("kernels: insufficient length of bias")
	case len(u) < 3*units*units:
		panic("kernels: insufficient length of u")
	}
	if rows == 0 || steps == 0 {
		return
	}
	if in > 0 && !fitsSteps(len(x), rows, ldx, steps, xstep, in) {
		panic("kernels: insufficient length of x")
	}
	if len(out) > 0 && !fitsSteps(len(out), rows, ldo, steps, ostep, units) {
		panic("kernels: insufficient length of out")
	}
	if bias == nil {
		bias = zeros(3 * units)
	}
	gruSequence16(current(), h, out, x, w, bias, u, rows, steps, in, units, ldx, xstep, ldo, ostep)
}

// fitsSteps reports whether rows ≥ 1 rows ld apart of steps ≥ 1 steps step apart of n floats
// each fit in length, without overflow.
func fitsSteps(length, rows, ld, steps, step, n int) bool {
	return fits(length, steps, step, n) && fits(length, rows, ld, (steps-1)*step+n)
}

// seq16Rows is how many rows one call of the sequence kernel holds in its registers, and
// seq16Work bounds the multiply-adds of a row's steps in one call (some tens of microseconds).
const (
	seq16Rows = 4
	seq16Work = 1 << 17
)

// gruSequence16Generic is the pure-Go twin of GRUSeq16AVX512, for all rows and steps.
func gruSequence16Generic(h, out, x, w, bias, u []float32, rows, steps, in, n, ldx, xstep, ldo, ostep int) {
	var p [48]float32
	var z, rh, next [16]float32
	for b := 0; b < rows; b++ {
		hb := h[b*n:][:n]
		for t := 0; t < steps; t++ {
			copy(p[:3*n], bias)
			if in > 0 {
				for i, xi := range x[b*ldx+t*xstep:][:in] {
					for j, wij := range w[i*3*n:][:3*n] {
						p[j] += xi * wij
					}
				}
			}
			for j := range n {
				sz, sr := p[j], p[n+j]
				for k, hk := range hb {
					sz += hk * u[k*3*n+j]
					sr += hk * u[k*3*n+n+j]
				}
				z[j] = sigmoid64(sz)
				rh[j] = sigmoid64(sr) * hb[j]
			}
			for j := range n {
				sc := p[2*n+j]
				for k := range n {
					sc += rh[k] * u[k*3*n+2*n+j]
				}
				c := tanh64(sc)
				next[j] = c + z[j]*(hb[j]-c)
			}
			copy(hb, next[:n])
			if len(out) > 0 {
				copy(out[b*ldo+t*ostep:][:n], hb)
			}
		}
	}
}
