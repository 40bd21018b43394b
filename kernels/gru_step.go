package kernels

// GRUStep is one whole reset_after=false step with sigmoid gates and a tanh candidate, in one
// call: its two recurrent products and its gate math, checked once. Where the micro-kernels have
// them (AVX2 and AVX-512; units a multiple of 16, the rows they read within padded, see
// fusedTileRows; one thread), the gates run in their epilogue on each tile of the products,
// without a pass over memory of their own.
//
//	hu = h·[U_z U_r], z = σ(x_z + hu_z), rh = σ(x_r + hu_r)⊙h
//	cand = rh·U_h, h = z⊙h + (1-z)⊙tanh(x_h + cand)
//
// h, z, rh and cand hold padded ≥ rows rows of units, hu padded rows of 2·units; the products
// run over all padded rows (whole micro-tiles when padded is a multiple of 6), whose extra rows
// of h must be zero, and the gates over the first rows. Row i of x, the step's input projection
// in sections z, r, h, starts at x[i*ldx]. uzr is U_z|U_r packed (units×2·units), uh is U_h.
func GRUStep(h, z, rh, hu, cand, x []float32, rows, padded, units, ldx int, uzr, uh *Packed) {
	checkPacked(rows, padded, units, uzr, units, 2*units, "uzr")
	checkPacked(rows, padded, units, uh, units, units, "uh")
	checkGates(padded, units, len(h), "h", 1, units)
	checkGates(padded, units, len(z), "z", 1, units)
	checkGates(padded, units, len(rh), "rh", 1, units)
	checkGates(padded, units, len(cand), "cand", 1, units)
	checkGates(padded, units, len(hu), "hu", 2, 2*units)
	checkGates(rows, units, len(x), "x", 3, ldx)
	if rows == 0 {
		return // no state to update
	}
	impl := current()
	if fusedGRUStep(impl) && units%nr == 0 && fusedTileRows(impl, rows) <= padded && units <= min(uzr.kc, uh.kc) &&
		padded <= blocks.mc && !parallelPays(padded, 2*units, units) {
		// Whole micro-panels of every gate: each tile pair's z and r⊙h, then each tile's new
		// state (with avx512, two panels a call), in the micro-kernels' epilogues.
		for col := 0; col < units; col += nr {
			gruTileZR(impl, units, rows, h, units, uzr.panel(0, col), uzr.panel(0, units+col), z[col:], rh[col:], h[col:], units, x[col:], ldx, units)
		}
		for col, cols := 0, 0; col < units; col += cols {
			cols = min(tileCols(impl), units-col)
			gruTileH(impl, units, rows, cols, rh, units, uh.panel(0, col), h[col:], units, x[2*units+col:], ldx, z[col:], units)
		}
		return
	}
	mulPacked(impl, padded, 1, h, units, uzr, 0, hu, 2*units)
	zrGates(impl, z, rh, h, x, hu, rows, ldx, 2*units, units)
	mulPacked(impl, padded, 1, rh, units, uh, 0, cand, units)
	hGates(impl, h, z, x[2*units:], cand, rows, ldx, units)
}

// fusedTileRows is how many rows of A (h, then r⊙h) the fused micro-kernels of x read for a step
// of m rows: avx512's end their last tile at row m, a tile being at least 6 rows; the others read
// whole tiles of 6.
func fusedTileRows(x isa, m int) int {
	if x == isaAVX512 {
		return max(m, mr)
	}
	return (m + mr - 1) / mr * mr
}

// GRUStepResetAfter is one whole reset_after=true step with sigmoid gates and a tanh candidate,
// in one call: u = h·U over all padded rows, then GRUGatesResetAfter's math over the first rows,
// with the recurrent bias b (3·units, or nil). h holds padded ≥ rows rows of units (the extra
// ones zero), u padded rows of 3·units; uzh is U packed (units×3·units).
func GRUStepResetAfter(h, u, x, b []float32, rows, padded, units, ldx int, uzh *Packed) {
	checkPacked(rows, padded, units, uzh, units, 3*units, "uzh")
	checkGates(padded, units, len(h), "h", 1, units)
	checkGates(padded, units, len(u), "u", 3, 3*units)
	checkGates(rows, units, len(x), "x", 3, ldx)
	if b != nil && len(b) < 3*units {
		panic("kernels: insufficient length of b")
	}
	if rows == 0 {
		return // no state to update
	}
	if b == nil {
		b = zeros(3 * units)
	}
	impl := current()
	mulPacked(impl, padded, 1, h, units, uzh, 0, u, 3*units)
	resetAfterGates(impl, h, x, u, b, rows, ldx, 3*units, units)
}

// checkPacked panics unless rows ≤ padded and p is k×n: a step's recurrent kernel, packed as it
// is or transposed.
func checkPacked(rows, padded, units int, p *Packed, k, n int, name string) {
	switch {
	case p == nil:
		panic("kernels: nil " + name)
	case rows < 0:
		panic("kernels: rows < 0")
	case padded < rows:
		panic("kernels: padded < rows")
	case units < 1:
		panic("kernels: units < 1")
	case p.k != k || p.n != n:
		panic("kernels: bad shape of " + name)
	}
}
