package kernels

// The modes of the fused GRU step's micro-kernel, the same codes as kernels/amd64's.
const (
	gruModeZ = 0 // c = σ(acc + x)
	gruModeR = 1 // c = σ(acc + x)·h
	gruModeH = 2 // c = t + z·(h - t), t = tanh(acc + x)
)

// gruTileGeneric is the pure-Go twin of GRUKernel6x16AVX2: for each tile of 6 rows of A read in
// place times the packed micro-panel b, the gates of rows i < m by mode:
//
//	acc[i][j] = Σ_{p<kc} a[i*lda+p] · b[p*16+j]
//	c[i*ldc+j] = σ(acc + x[i*ldx+j]), σ(acc + x)·h[i*ldh+j], or t + z[i*ldz+j]·(h - t)
func gruTileGeneric(kc, m int, a []float32, lda int, b, c []float32, ldc int, x []float32, ldx int, h []float32, ldh int, z []float32, ldz int, mode int) {
	for t := 0; t*mr < m; t++ {
		var acc [mr * nr]float32
		for i := 0; i < mr; i++ {
			for p, av := range a[(t*mr+i)*lda:][:kc] {
				for j, bv := range (*[nr]float32)(b[p*nr:]) {
					acc[i*nr+j] += av * bv
				}
			}
		}
		for i := 0; i < min(mr, m-t*mr); i++ {
			r := t*mr + i
			for j := 0; j < nr; j++ {
				v := acc[i*nr+j] + x[r*ldx+j]
				switch mode {
				case gruModeZ:
					c[r*ldc+j] = sigmoid64(v)
				case gruModeR:
					c[r*ldc+j] = sigmoid64(v) * h[r*ldh+j]
				default:
					t := tanh64(v)
					c[r*ldc+j] = t + z[r*ldz+j]*(h[r*ldh+j]-t)
				}
			}
		}
	}
}

// checkGRUTile guards the fused GRU step's micro-kernels, which trust their arguments.
func checkGRUTile(kc, m, la, lda, lb, lc, ldc, lx, ldx, lh, ldh, lz, ldz, mode int) {
	rows := func(l, ld int) bool { return ld >= nr && l >= (m-1)*ld+nr }
	if kc < 1 || m < 1 || lda < kc || la < ((m+mr-1)/mr*mr-1)*lda+kc || lb < kc*nr ||
		!rows(lc, ldc) || !rows(lx, ldx) || mode < gruModeZ || mode > gruModeH ||
		(mode != gruModeZ && !rows(lh, ldh)) || (mode == gruModeH && !rows(lz, ldz)) {
		panic("kernels: internal error: GRU micro-kernel arguments out of range")
	}
}
