package kernels

// gemm is one checked product C = act(alpha·op(A)·op(B) + beta·C + bias), row-major.
type gemm struct {
	isa            isa
	aTrans, bTrans bool
	m, n, k        int
	alpha, beta    float32
	a              []float32
	lda            int
	b              []float32
	ldb            int
	c              []float32
	ldc            int
	bias           []float32 // nil or n entries, added on the last k block
	act            Activation
	packed         *Packed // B packed ahead (b is then unused), from column packedCol0 on
	packedCol0     int
}

// run computes g on the calling goroutine and, when it pays, on the worker threads.
func (g *gemm) run() {
	if g.alpha == 0 || g.k == 0 {
		g.scaleOnly()
		return
	}
	if g.runParallel() {
		return
	}
	ws := getWorkspace()
	g.serial(ws)
	putWorkspace(ws)
}

// scaleOnly handles alpha == 0 or k == 0, where op(A)·op(B) contributes nothing:
// C = act(beta·C + bias).
func (g *gemm) scaleOnly() {
	for i := 0; i < g.m; i++ {
		row := g.c[i*g.ldc : i*g.ldc+g.n]
		for j := range row {
			v := float32(0)
			if g.beta != 0 {
				v = g.beta * row[j]
			}
			if g.bias != nil {
				v += g.bias[j]
			}
			row[j] = v
		}
	}
	applyRows(g.isa, g.act, g.c, g.m, g.n, g.ldc)
}

// serial runs BLIS's loops around the micro-kernel: columns of C in blocks of nc, k in blocks of
// kc (B's block packed once and kept in L3/L2), rows in blocks of mc (A's block packed into L2),
// then the micro-tiles. Small products skip the packing that would cost more than it saves and
// read A or B where they lie. ReLU, and softmax over rows that fit one micro-tile, run in the
// micro-kernel; other activations on each finished mc×nc block of C while it is in cache.
func (g *gemm) serial(ws *workspace) {
	switch {
	case g.m == 1 && g.packed != nil:
		g.rowTimesPacked()
		return
	case g.m == 1 && !g.bTrans && g.ldb >= gemvCols:
		g.rowTimesMatrix(ws)
		return
	}
	mcMax, kcMax, ncMax := blocks.rows(g.isa), blocks.kc, blocks.cols(g.isa)
	if g.act == Softmax && g.n <= blocks.nc {
		// Whole rows in one block, so that each block's softmax runs while it is in cache.
		ncMax = max(ncMax, g.n)
	}
	// Blocks of equal size rather than whole ones and a thin rest: a k block of a few steps would
	// load and store C for little work, a thin block of columns pack A again for little work. k
	// blocks are whole groups of the kernels' four-step loops; B packed ahead keeps the blocks it
	// was packed in.
	if g.packed != nil {
		kcMax = g.packed.kc
	} else {
		kcMax = evenBlocks(g.k, kcMax, 4)
	}
	cols := tileCols(g.isa)
	ncMax = evenBlocks(g.n, ncMax, cols)
	// Packing a whole block pays when it is reused: A's across many column tiles (but one over
	// fewer columns than packACols is read in place faster, and so is, by the narrow kernels, a
	// row-major A that fits one k block, its block being whole rows), B's across row blocks, and
	// B's when its rows lie a page or more apart, as it then reads each row whole, unless the
	// kernel reads them in place. Otherwise each micro-panel of B is read in place (bInPlace) or
	// packed into L1 just before its use.
	packA := g.n > 4*nr && (g.aTrans || (g.k > kcMax || wideTiles(g.isa)) && g.n > packACols(g.isa))
	packB := g.packed == nil && (g.m > mcMax || g.ldb >= 1024 && !g.bInPlace(min(g.k, kcMax), g.m))
	ws.reserve(min(g.m, mcMax), min(g.k, kcMax), min(g.n, ncMax), cols, packA, packB, g.bias != nil)

	for jc := 0; jc < g.n; jc += ncMax {
		nc := min(ncMax, g.n-jc)
		var bias []float32
		if g.bias != nil {
			bias = ws.bias[:roundUp(nc, cols)]
			clear(bias[copy(bias, g.bias[jc:jc+nc]):])
		}
		for pc := 0; pc < g.k; pc += kcMax {
			kc := min(kcMax, g.k-pc)
			if packB {
				packPanelsB(g.isa, ws.b, g.b, g.ldb, g.bTrans, pc, jc, kc, nc)
			}
			for ic := 0; ic < g.m; ic += mcMax {
				mc := min(mcMax, g.m-ic)
				if packA {
					packPanelsA(g.isa, ws.a, g.a, g.lda, g.aTrans, ic, pc, mc, kc)
				} else if e := edgeRows(g.isa, mc); e > mr && !wideTiles(g.isa) {
					packPanelsA(g.isa, ws.aEdge, g.a, g.lda, g.aTrans, ic+mc-e, pc, 4, kc)
					packPanelsA(g.isa, ws.aEdge[mr*kc:], g.a, g.lda, g.aTrans, ic+mc-e+4, pc, e-4, kc)
				} else if e > 0 {
					packPanelsA(g.isa, ws.aEdge, g.a, g.lda, g.aTrans, ic+mc-e, pc, e, kc)
				}
				last := pc+kc == g.k
				g.macroKernel(ws, ic, jc, pc, mc, nc, kc, packA, packB, last, bias)
				if last && g.act.needsPass(g.isa, g.n) && (g.act != Softmax || nc == g.n) {
					applyRows(g.isa, g.act, g.c[ic*g.ldc+jc:], mc, nc, g.ldc)
				}
			}
		}
	}
	if g.act == Softmax && g.n > ncMax {
		applyRows(g.isa, Softmax, g.c, g.m, g.n, g.ldc)
	}
}

// macroKernel runs the micro-kernel over the mc×nc block of C at (ic, jc) for the k block at pc,
// tileCols columns a call: one micro-panel of B, or with avx512 two consecutive ones or 32
// columns of B's rows in place.
func (g *gemm) macroKernel(ws *workspace, ic, jc, pc, mc, nc, kc int, packA, packB, last bool, bias []float32) {
	beta := g.beta
	if pc > 0 {
		beta = 1
	}
	cols := tileCols(g.isa)
	epilogue := epilogueNone
	switch {
	case !last:
	case g.act == ReLU:
		epilogue = epilogueReLU
	case g.act == Softmax && g.n <= cols:
		epilogue = epilogueSoftmax
	}
	for jr := 0; jr < nc; jr += cols {
		n := min(cols, nc-jr)
		b, ldb := ws.bPanel, 0
		switch {
		case g.packed != nil:
			b = g.packed.panel(pc, g.packedCol0+jc+jr)
		case packB:
			b = ws.b[jr*kc:]
		case n == cols && g.bInPlace(kc, mc):
			b, ldb = g.b[pc*g.ldb+jc+jr:], g.ldb
		default:
			packPanelsB(g.isa, b, g.b, g.ldb, g.bTrans, pc, jc+jr, kc, n)
		}
		var bp []float32
		if last && bias != nil {
			bp = bias[jr : jr+cols]
		}
		c := g.c[ic*g.ldc+jc+jr:]
		edge := edgeRows(g.isa, mc)
		inPlace := mc - edge
		switch {
		case packA:
			microKernel(g.isa, kc, mc, n, ws.a, 1, mr, kc*mr, b, ldb, c, g.ldc, g.alpha, beta, bp, epilogue)
			continue
		case inPlace > 0 && g.aTrans:
			microKernel(g.isa, kc, inPlace, n, g.a[pc*g.lda+ic:], 1, g.lda, mr, b, ldb, c, g.ldc, g.alpha, beta, bp, epilogue)
		case inPlace > 0:
			microKernel(g.isa, kc, inPlace, n, g.a[ic*g.lda+pc:], g.lda, 1, mr*g.lda, b, ldb, c, g.ldc, g.alpha, beta, bp, epilogue)
		}
		if edge > mr && wideTiles(g.isa) {
			microKernel(g.isa, kc, edge, n, ws.aEdge, 1, mr, mr*kc, b, ldb, c[inPlace*g.ldc:], g.ldc, g.alpha, beta, bp, epilogue)
		} else if edge > mr {
			microKernel(g.isa, kc, 4, n, ws.aEdge, 1, mr, 0, b, ldb, c[inPlace*g.ldc:], g.ldc, g.alpha, beta, bp, epilogue)
			microKernel(g.isa, kc, edge-4, n, ws.aEdge[mr*kc:], 1, mr, 0, b, ldb, c[(inPlace+4)*g.ldc:], g.ldc, g.alpha, beta, bp, epilogue)
		} else if edge > 0 {
			microKernel(g.isa, kc, edge, n, ws.aEdge, 1, mr, 0, b, ldb, c[inPlace*g.ldc:], g.ldc, g.alpha, beta, bp, epilogue)
		}
	}
}

// bInPlace reports whether the micro-kernel reads a whole-width kc-row block of B where it lies
// rather than from a micro-panel packed just before its use, for a block of A of rows rows: where
// the kernel can, and where packing would not pay for itself. That is where the rows the block
// spans fit in L1 as a whole (on Sapphire Rapids, a freshly packed panel of square 64 ran at 150
// or 158 GFLOP/s depending on where the buffers lay, in place at 158); where one tile of rows
// reads each panel once, over rows that the TLB maps; and where up to four tiles do over rows at
// most a page apart. On Sapphire Rapids, in place ran 1.15-1.7 times as fast for one tile (rows
// 1-32 KiB apart), 1.1-1.3 times for two to four tiles over rows 1-4 KiB apart. Packed whole rows
// ran 5-30% faster for two to four tiles over rows 12-16 KiB apart, up to 20% for one tile over
// rows spanning 32 MiB; from five tiles on it was mixed.
func (g *gemm) bInPlace(kc, rows int) bool {
	if !bRowsInPlace(g.isa) || g.bTrans {
		return false
	}
	tiles := (rows + tileRows(g.isa) - 1) / tileRows(g.isa)
	return kc*g.ldb <= l1Floats || tiles == 1 && kc*g.ldb <= tlbFloats || tiles <= 4 && g.ldb <= 1024
}

// edgeRows is how many of the last rows of an mc-row block A read in place leaves to be packed:
// its partial tile and, with 6-row tiles, when that has one or two rows, one whole tile more, so
// that they run as two tiles of at most four rows, each two thirds of a whole tile's time, not as
// two whole ones. With 12-row tiles, the partial 6-row sub-tile and, when it would otherwise run
// alone, the whole one before it, so that the two run as one tile.
func edgeRows(x isa, mc int) int {
	e := mc % mr
	switch {
	case e == 0 || mc < mr:
	case wideTiles(x) && mc/mr%2 == 1:
		e += mr
	case !wideTiles(x) && e <= 2:
		e += mr
	}
	return e
}

// needsPass reports whether act, applied to rows of n columns, runs as a pass over finished blocks
// of C rather than in x's micro-kernel.
func (act Activation) needsPass(x isa, n int) bool {
	return act != Linear && act != ReLU && (act != Softmax || n > tileCols(x))
}

func roundUp(x, to int) int { return (x + to - 1) / to * to }

// evenBlocks is the size of the blocks, at most limit, that split n into as few blocks as limit
// allows: all but the last of that size, the last no larger. The size is limit or a multiple of
// unit below it.
func evenBlocks(n, limit, unit int) int {
	if n <= limit {
		return limit
	}
	count := (n + limit - 1) / limit
	return min(limit, roundUp((n+count-1)/count, unit))
}
