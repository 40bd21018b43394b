package kernels

// GRUSequence16 runs a whole reset_after=false GRU layer with sigmoid gates and a tanh candidate
// over steps time steps of rows sequences, for units ≤ 16: the small GRUs whose steps are too
// short for GRUStep's products to pay for a call each. For each row b and step t, with x_t the
// row's input projection x·W + b at x[b*ldx + t*xstep] (sections z, r, h of units floats) and u
// the recurrent kernel U as Keras stores it (units rows of 3·units: z, r, h):
//
//	z = σ(x_z + h·U_z), r = σ(x_r + h·U_r), c = tanh(x_h + (r⊙h)·U_h), h = c + z⊙(h − c)
//
// Row b's state is h[b*units : (b+1)*units], the initial state in, the last one out. When out is
// not empty, step t's state is also written to out[b*ldo + t*ostep:]. Sequence16Fast reports
// whether it beats GRUStep for a batch.
func GRUSequence16(h, out, x, u []float32, rows, steps, units, ldx, xstep, ldo, ostep int) {
	switch {
	case units < 1 || units > 16:
		panic("kernels: units out of range")
	case rows < 0 || steps < 0:
		panic("kernels: negative dimension")
	case ldx < 0 || xstep < 3*units:
		panic("kernels: bad stride of x")
	case len(out) > 0 && (ldo < 0 || ostep < units):
		panic("kernels: bad stride of out")
	case len(h) < rows*units:
		panic("kernels: insufficient length of h")
	case len(u) < 3*units*units:
		panic("kernels: insufficient length of u")
	}
	if rows == 0 || steps == 0 {
		return
	}
	if (rows-1)*ldx+(steps-1)*xstep+3*units > len(x) {
		panic("kernels: insufficient length of x")
	}
	if len(out) > 0 && (rows-1)*ldo+(steps-1)*ostep+units > len(out) {
		panic("kernels: insufficient length of out")
	}
	gruSequence16(current(), h, out, x, u, rows, steps, units, ldx, xstep, ldo, ostep)
}

// seq16Rows and seq16Steps are the rows and steps of one call of the sequence kernel: its
// registers hold four rows' states, and a call stays within some tens of microseconds.
const (
	seq16Rows  = 4
	seq16Steps = 256
)

// gruSequence16Generic is the pure-Go twin of GRUSeq16AVX512, for all rows and steps.
func gruSequence16Generic(h, out, x, u []float32, rows, steps, n, ldx, xstep, ldo, ostep int) {
	var z, rh, next [16]float32
	for b := 0; b < rows; b++ {
		hb := h[b*n:][:n]
		for t := 0; t < steps; t++ {
			xt := x[b*ldx+t*xstep:][:3*n]
			for j := range n {
				sz, sr := xt[j], xt[n+j]
				for k, hk := range hb {
					sz += hk * u[k*3*n+j]
					sr += hk * u[k*3*n+n+j]
				}
				z[j] = sigmoid64(sz)
				rh[j] = sigmoid64(sr) * hb[j]
			}
			for j := range n {
				sc := xt[2*n+j]
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
