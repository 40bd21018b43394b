package kernels

// The micro-tile: every micro-kernel computes mr rows by nr columns of C.
const (
	mr = 6
	nr = 16
)

// The micro-kernels' epilogues, the same codes as kernels/amd64's.
const (
	epilogueNone    = 0
	epilogueReLU    = 1
	epilogueSoftmax = 2 // the tile holds whole rows of C
)

// sgemmKernel6x16Generic is the pure-Go twin of the assembly micro-kernels: it computes m rows
// by n ≤ 16 columns of C as tiles of 6 rows; tile t reads its A from a[t*ta:] and writes rows
// 6t to 6t+5 of C:
//
//	acc[i][j] = Σ_{p<kc} a[t*ta+i*rsa+p*csa] · b[p*16+j]     for i < 6, j < 16
//	c[(6t+i)*ldc+j] = epilogue(alpha·acc[i][j] + bias[j] + beta·c[(6t+i)*ldc+j])  for 6t+i < m, j < n
//
// With beta == 0, C is not read; a nil bias is zero. epilogueSoftmax normalises each row's n
// columns.
func sgemmKernel6x16Generic(kc, m, n int, a []float32, rsa, csa, ta int, b []float32, c []float32, ldc int, alpha, beta float32, bias []float32, epilogue int) {
	for t := 0; t*mr < m; t++ {
		tile6x16Generic(kc, min(mr, m-t*mr), n, a[t*ta:], rsa, csa, b, c[t*mr*ldc:], ldc, alpha, beta, bias, epilogue)
	}
}

func tile6x16Generic(kc, m, n int, a []float32, rsa, csa int, b []float32, c []float32, ldc int, alpha, beta float32, bias []float32, epilogue int) {
	var acc [mr * nr]float32
	b = b[:kc*nr]
	// Each row and half row of the tile in eight locals, which the compiler keeps in registers.
	for i := 0; i < mr; i++ {
		for h := 0; h < nr; h += nr / 2 {
			var c0, c1, c2, c3, c4, c5, c6, c7 float32
			ai := i * rsa
			for p := h; p < len(b); p += nr {
				av := a[ai]
				bv := (*[nr / 2]float32)(b[p:])
				c0 += av * bv[0]
				c1 += av * bv[1]
				c2 += av * bv[2]
				c3 += av * bv[3]
				c4 += av * bv[4]
				c5 += av * bv[5]
				c6 += av * bv[6]
				c7 += av * bv[7]
				ai += csa
			}
			r := (*[nr / 2]float32)(acc[i*nr+h:])
			r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7] = c0, c1, c2, c3, c4, c5, c6, c7
		}
	}
	finishTile(&acc, m, n, c, ldc, alpha, beta, bias, epilogue)
}

// finishTile writes the m×n part of the finished tile acc (rows nr apart) to C through the
// epilogue, as the micro-kernels do: c = epilogue(alpha·acc + bias + beta·c).
func finishTile(acc *[mr * nr]float32, m, n int, c []float32, ldc int, alpha, beta float32, bias []float32, epilogue int) {
	for i := 0; i < m; i++ {
		ci := c[i*ldc : i*ldc+n]
		for j := range ci {
			v := alpha * acc[i*nr+j]
			if bias != nil {
				v += bias[j]
			}
			if beta != 0 {
				v += beta * ci[j]
			}
			if epilogue == epilogueReLU && v < 0 {
				v = 0
			}
			ci[j] = v
		}
		if epilogue == epilogueSoftmax {
			softmaxRowsGeneric(ci, 1, n, n)
		}
	}
}

// checkTiles guards the micro-kernels, which trust their arguments: it panics unless every
// access that a kernel makes lies inside its slice.
func checkTiles(x isa, kc, m, n, la, rsa, csa, ta, lb, ldb, lc, ldc int, bias []float32) {
	// x's kernel covers tileCols(x) columns; the wide one reads its second panel of B,
	// b[kc*nr:], only when n > nr, and its bias only below n. B's rows in place (ldb > 0) are
	// read whole: n is the kernel's width.
	panels, biasLen := 1, nr
	if wideTiles(x) {
		panels, biasLen = (n+nr-1)/nr, n
	}
	bLen := panels * kc * nr
	if ldb > 0 {
		bLen = (kc-1)*ldb + n
	}
	if kc < 1 || m < 1 || n < 1 || n > tileCols(x) || rsa < 0 || csa < 0 || ta < 0 ||
		ldb < 0 || ldb > 0 && (!bRowsInPlace(x) || n != tileCols(x) || ldb < n) ||
		la <= ((m+mr-1)/mr-1)*ta+(kc-1)*csa+(mr-1)*rsa || lb < bLen || lc < (m-1)*ldc+n ||
		(bias != nil && len(bias) < biasLen) {
		panic("kernels: internal error: micro-kernel arguments out of range")
	}
}
