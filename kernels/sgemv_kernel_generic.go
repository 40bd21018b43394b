package kernels

// gemvCols is how many columns of y one row-times-matrix kernel call computes.
const gemvCols = 64

// sgemvKernel64Generic is the pure-Go twin of SgemvKernel64AVX2:
//
//	y[j] = alpha·Σ_{p<k} a[p]·b[p*ldb+j] + beta·y[j]   for j < 64
//
// With beta == 0, y is not read.
func sgemvKernel64Generic(k int, a, b []float32, ldb int, y []float32, alpha, beta float32) {
	var acc [gemvCols]float32
	for p, ap := range a[:k] {
		for j, bv := range (*[gemvCols]float32)(b[p*ldb:]) {
			acc[j] += ap * bv
		}
	}
	for j := range acc {
		y[j] = axpby(alpha, acc[j], beta, y[j])
	}
}

// axpby returns alpha·s + beta·y, where beta == 0 ignores y (NaN included), as BLAS does.
func axpby(alpha, s, beta, y float32) float32 {
	if beta == 0 {
		return alpha * s
	}
	return alpha*s + beta*y
}

// checkGemv guards the row-times-matrix kernels, which trust their arguments.
func checkGemv(k, la, lb, ldb, ly int) {
	if k < 1 || la < k || ldb < gemvCols || lb < (k-1)*ldb+gemvCols || ly < gemvCols {
		panic("kernels: internal error: row-times-matrix kernel arguments out of range")
	}
}

// sgemvPacked4Generic is the pure-Go twin of SgemvPacked4AVX2:
//
//	y[16t+j] = alpha·Σ_{p<kc} a[p]·b[t*panelStride+p*16+j] + beta·y[16t+j]   for t < 4, j < 16
//
// With beta == 0, y is not read.
func sgemvPacked4Generic(kc int, a, b []float32, panelStride int, y []float32, alpha, beta float32) {
	for t := 0; t < 4; t++ {
		var acc [nr]float32
		panel := b[t*panelStride:]
		for p, ap := range a[:kc] {
			for j, bv := range (*[nr]float32)(panel[p*nr:]) {
				acc[j] += ap * bv
			}
		}
		yt := y[t*nr : t*nr+nr]
		for j := range yt {
			yt[j] = axpby(alpha, acc[j], beta, yt[j])
		}
	}
}

// checkGemvPacked4 guards the row-times-packed-panels kernels, which trust their arguments.
func checkGemvPacked4(kc, la, lb, panelStride, ly int) {
	if kc < 1 || la < kc || panelStride < kc*nr || lb < 3*panelStride+kc*nr || ly < 4*nr {
		panic("kernels: internal error: row-times-packed kernel arguments out of range")
	}
}
