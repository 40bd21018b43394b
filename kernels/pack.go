package kernels

// packPanelsA copies the mc×kc block of op(A) at (i0, p0) into dst as micro-panels of mr rows:
// panel t holds dst[t*kc*mr + p*mr + i] = op(A)[i0+t*mr+i, p0+p], zero past row mc, each panel
// through x's kernel for a row-major or a transposed A.
func packPanelsA(x isa, dst, a []float32, lda int, trans bool, i0, p0, mc, kc int) {
	for ir := 0; ir < mc; ir += mr {
		rows := min(mr, mc-ir)
		d := dst[ir*kc : ir*kc+kc*mr]
		if trans {
			packATrans(x, kc, rows, a[p0*lda+i0+ir:], lda, d)
		} else {
			packA(x, kc, rows, a[(i0+ir)*lda+p0:], lda, d)
		}
	}
}

// packAGeneric is the pure-Go twin of PackAAVX512:
//
//	dst[p*6 + i] = a[i*lda + p]   for p < kc, i < rows;   dst[p*6 + i] = 0   for rows ≤ i < 6
func packAGeneric(kc, rows int, a []float32, lda int, dst []float32) {
	d := dst[:kc*mr]
	at := func(i int) []float32 { return a[i*lda:][:kc] }
	switch rows {
	case mr:
		// Six rows read side by side and written as one stream.
		r0, r1, r2, r3, r4, r5 := at(0), at(1), at(2), at(3), at(4), at(5)
		for p := range r0 {
			dp := (*[mr]float32)(d[p*mr:])
			dp[0], dp[1], dp[2], dp[3], dp[4], dp[5] = r0[p], r1[p], r2[p], r3[p], r4[p], r5[p]
		}
	case 4:
		// Four rows: the first of the two last tiles that edgeRows leaves.
		r0, r1, r2, r3 := at(0), at(1), at(2), at(3)
		for p := range r0 {
			dp := (*[mr]float32)(d[p*mr:])
			dp[0], dp[1], dp[2], dp[3], dp[4], dp[5] = r0[p], r1[p], r2[p], r3[p], 0, 0
		}
	default:
		clear(d)
		for i := range rows {
			for p, v := range at(i) {
				d[p*mr+i] = v
			}
		}
	}
}

// checkPackA guards the row-major A packing kernel, which trusts its arguments.
func checkPackA(kc, rows, la, lda, ld int) {
	if kc < 1 || rows < 1 || rows > mr || lda < kc || la < (rows-1)*lda+kc || ld < kc*mr {
		panic("kernels: internal error: A packing arguments out of range")
	}
}

// packATransGeneric is the pure-Go twin of PackATransAVX512:
//
//	dst[p*6 + i] = a[p*lda + i]   for p < kc, i < rows;   dst[p*6 + i] = 0   for rows ≤ i < 6
func packATransGeneric(kc, rows int, a []float32, lda int, dst []float32) {
	for p := 0; p < kc; p++ {
		dp, s := (*[mr]float32)(dst[p*mr:]), a[p*lda:][:rows]
		*dp = [mr]float32{}
		for i, v := range s {
			dp[i] = v
		}
	}
}

// checkPackATrans guards the transposed-A packing kernels, which trust their arguments.
func checkPackATrans(kc, rows, la, lda, ld int) {
	if kc < 1 || rows < 1 || rows > mr || lda < rows || la < (kc-1)*lda+rows || ld < kc*mr {
		panic("kernels: internal error: A packing arguments out of range")
	}
}

// packBGeneric is the pure-Go twin of PackBAVX2:
//
//	dst[t*kc*16 + p*16 + j] = b[p*ldb + t*16 + j]   for p < kc, t < panels, j < 16
func packBGeneric(kc, panels int, b []float32, ldb int, dst []float32) {
	for p := 0; p < kc; p++ {
		row := b[p*ldb : p*ldb+panels*nr]
		for t := 0; t < panels; t++ {
			copy(dst[t*kc*nr+p*nr:t*kc*nr+p*nr+nr], row[t*nr:])
		}
	}
}

// checkPackB guards the micro-panel copies, which trust their arguments.
func checkPackB(kc, panels, lb, ldb, ld int) {
	if kc < 1 || panels < 1 || ldb < panels*nr || lb < (kc-1)*ldb+panels*nr || ld < kc*nr*panels {
		panic("kernels: internal error: B packing arguments out of range")
	}
}

// packPanelsB copies the kc×nc block of op(B) at (p0, j0) into dst as micro-panels of nr
// columns: panel t holds dst[t*kc*nr + p*nr + j] = op(B)[p0+p, j0+t*nr+j], zero past column nc.
func packPanelsB(x isa, dst, b []float32, ldb int, trans bool, p0, j0, kc, nc int) {
	jr := 0
	if !trans && nc >= nr {
		jr = nc / nr * nr
		packB(x, kc, jr/nr, b[p0*ldb+j0:], ldb, dst)
	}
	for ; jr < nc; jr += nr {
		cols := min(nr, nc-jr)
		d := dst[jr*kc : jr*kc+kc*nr]
		if !trans {
			// A whole row of 16 moved at once (through a local value: Go moves an array from one
			// pointer to another by calling memmove) while it lies within b, the columns past the
			// panel cleared after; the last rows, whose 16 floats may not, element by element.
			off := j0 + jr
			whole := 0 // the rows p < whole have 16 floats within b
			if r := len(b) - off - nr; r >= 0 {
				whole = min(kc, max(0, r/ldb+1-p0))
			}
			for p := 0; p < whole; p++ {
				v := *(*[nr]float32)(b[(p0+p)*ldb+off:])
				dp := (*[nr]float32)(d[p*nr:])
				*dp = v
				for j := cols; j < nr; j++ {
					dp[j] = 0
				}
			}
			for p := whole; p < kc; p++ {
				dp := (*[nr]float32)(d[p*nr:])
				*dp = [nr]float32{}
				for j, v := range b[(p0+p)*ldb+off:][:cols] {
					dp[j] = v
				}
			}
			continue
		}
		if cols < nr {
			clear(d)
		}
		for j := 0; j < cols; j++ {
			for p, v := range b[(j0+jr+j)*ldb+p0:][:kc] {
				d[p*nr+j] = v
			}
		}
	}
}
