package kernels

// tileGeneric computes the 6×16 tile t of A (rows lda apart, read in place) times the packed
// micro-panel b: acc[i*16+j] = Σ_{p<kc} a[(6t+i)*lda+p] · b[p*16+j].
func tileGeneric(acc *[mr * nr]float32, kc, t int, a []float32, lda int, b []float32) {
	*acc = [mr * nr]float32{}
	for i := 0; i < mr; i++ {
		for p, av := range a[(t*mr+i)*lda:][:kc] {
			for j, bv := range (*[nr]float32)(b[p*nr:]) {
				acc[i*nr+j] += av * bv
			}
		}
	}
}

// gruTileZRGeneric is the pure-Go twin of GRUKernelZR6x16AVX2: for rows i < m, j < 16,
//
//	z[i*ldc+j] = σ(x[i*ldx+j] + (A·bz)[i][j]), rh[i*ldc+j] = σ(x[i*ldx+xr+j] + (A·br)[i][j])·h[i*ldc+j]
func gruTileZRGeneric(kc, m int, a []float32, lda int, bz, br, z, rh, h []float32, ldc int, x []float32, ldx, xr int) {
	var tz, tr [mr * nr]float32
	for t := 0; t*mr < m; t++ {
		tileGeneric(&tz, kc, t, a, lda, bz)
		tileGeneric(&tr, kc, t, a, lda, br)
		for i := 0; i < min(mr, m-t*mr); i++ {
			r := t*mr + i
			for j := 0; j < nr; j++ {
				z[r*ldc+j] = sigmoid64(tz[i*nr+j] + x[r*ldx+j])
				rh[r*ldc+j] = sigmoid64(tr[i*nr+j]+x[r*ldx+xr+j]) * h[r*ldc+j]
			}
		}
	}
}

// gruTileHGeneric is the pure-Go twin of GRUKernelH6x16AVX2 and GRUKernelH12x16AVX512, and
// panel by panel of GRUKernelH12x32AVX512: for rows i < m, j < 16,
//
//	h[i*ldh+j] = c + z[i*ldz+j]·(h[i*ldh+j] - c) with c = tanh(x[i*ldx+j] + (A·b)[i][j])
func gruTileHGeneric(kc, m int, a []float32, lda int, b, h []float32, ldh int, x []float32, ldx int, z []float32, ldz int) {
	var acc [mr * nr]float32
	for t := 0; t*mr < m; t++ {
		tileGeneric(&acc, kc, t, a, lda, b)
		for i := 0; i < min(mr, m-t*mr); i++ {
			r := t*mr + i
			for j := 0; j < nr; j++ {
				c := tanh64(acc[i*nr+j] + x[r*ldx+j])
				h[r*ldh+j] = c + z[r*ldz+j]*(h[r*ldh+j]-c)
			}
		}
	}
}

// checkGRUTileZR and checkGRUTileH guard the fused GRU step's micro-kernels of x, which trust
// their arguments: the rows of A they read (fusedTileRows), kc rows of each panel, and m rows of
// 16 floats (the h tiles: cols, 16 or, where x has the 12×32 kernel, 32) in each output and
// operand.
func checkGRUTileZR(x isa, kc, m, la, lda, lbz, lbr, lz, lrh, lh, ldc, lx, ldx, xr int) {
	if !tileFits(x, kc, m, la, lda) || min(lbz, lbr) < kc*nr || !rowsFit(m, lz, ldc, nr) || !rowsFit(m, lrh, ldc, nr) ||
		!rowsFit(m, lh, ldc, nr) || xr < 0 || !rowsFit(m, lx-xr, ldx, nr) || !rowsFit(m, lx, ldx, nr) {
		panic("kernels: internal error: GRU micro-kernel arguments out of range")
	}
}

func checkGRUTileH(x isa, kc, m, cols, la, lda, lb, lh, ldh, lx, ldx, lz, ldz int) {
	if cols != nr && cols != tileCols(x) || !tileFits(x, kc, m, la, lda) || lb < kc*cols ||
		!rowsFit(m, lh, ldh, cols) || !rowsFit(m, lx, ldx, cols) || !rowsFit(m, lz, ldz, cols) {
		panic("kernels: internal error: GRU micro-kernel arguments out of range")
	}
}

// tileFits reports whether the rows of A that x's fused micro-kernels read for m rows, kc floats
// each, lie in length la.
func tileFits(x isa, kc, m, la, lda int) bool {
	return kc >= 1 && m >= 1 && lda >= kc && la >= (fusedTileRows(x, m)-1)*lda+kc
}

// rowsFit reports whether m rows of w floats, ld apart, lie in length l.
func rowsFit(m, l, ld, w int) bool { return ld >= w && l >= (m-1)*ld+w }
