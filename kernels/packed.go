package kernels

import "sync/atomic"

// Packed is a k×n matrix packed once into the micro-kernels' layout, for products that reuse it
// many times: a GRU's recurrent weights at every time step.
type Packed struct {
	k, n, kc int
	trans    bool // packed from the transpose of the matrix given
	// For each block of kc rows, then each micro-panel of 16 columns (zero-padded), kc×16
	// floats: block pc starts at pc·panels·16, its panel t at pc·panels·16 + t·kc·16.
	data []float32
	// sweeps counts one-row products with it, which alternate their direction (rowTimesPacked).
	sweeps atomic.Uint32
}

// PackB packs the k×n row-major matrix b, whose rows start ldb apart.
func PackB(k, n int, b []float32, ldb int) *Packed {
	switch {
	case k < 0:
		panic("kernels: k < 0")
	case n < 0:
		panic("kernels: n < 0")
	case ldb < max(1, n):
		panic("kernels: bad leading dimension of b")
	case !fits(len(b), k, ldb, n):
		panic("kernels: insufficient length of b")
	}
	p := &Packed{k: k, n: n, kc: blocks.kc}
	p.data = make([]float32, k*((n+nr-1)/nr)*nr)
	p.pack(b, ldb)
	return p
}

// PackBTrans packs the k×n matrix bᵀ, where b is n×k row-major with rows ldb apart: the
// transposed weights of a backward pass, such as a GRU's recurrent kernel for the gradient of its
// state.
func PackBTrans(k, n int, b []float32, ldb int) *Packed {
	switch {
	case k < 0:
		panic("kernels: k < 0")
	case n < 0:
		panic("kernels: n < 0")
	case ldb < max(1, k):
		panic("kernels: bad leading dimension of b")
	case !fits(len(b), n, ldb, k):
		panic("kernels: insufficient length of b")
	}
	p := &Packed{k: k, n: n, kc: blocks.kc, trans: true}
	p.data = make([]float32, k*((n+nr-1)/nr)*nr)
	p.pack(b, ldb)
	return p
}

// Repack packs b again into p, without allocating: b has the shape and orientation p was made
// from (by PackB or PackBTrans), with rows ldb apart, such as weights an optimizer has just
// updated.
func (p *Packed) Repack(b []float32, ldb int) {
	rows, cols := p.k, p.n
	if p.trans {
		rows, cols = p.n, p.k
	}
	switch {
	case ldb < max(1, cols):
		panic("kernels: bad leading dimension of b")
	case !fits(len(b), rows, ldb, cols):
		panic("kernels: insufficient length of b")
	}
	p.pack(b, ldb)
}

// pack fills p.data from b, whose shape the caller has checked.
func (p *Packed) pack(b []float32, ldb int) {
	if p.n == 0 {
		return
	}
	panels := (p.n + nr - 1) / nr
	for pc := 0; pc < p.k; pc += p.kc {
		kc := min(p.kc, p.k-pc)
		packPanelsB(current(), p.data[pc*panels*nr:], b, ldb, p.trans, pc, 0, kc, p.n)
	}
}

// K and N return the packed matrix's dimensions.
func (p *Packed) K() int { return p.k }
func (p *Packed) N() int { return p.n }

// panel returns the micro-panel of the k block at row pc and column col.
func (p *Packed) panel(pc, col int) []float32 {
	panels := (p.n + nr - 1) / nr
	kc := min(p.kc, p.k-pc)
	return p.data[pc*panels*nr+col/nr*kc*nr:]
}

// MulPacked computes C = alpha·A·P + beta·C, where A is m×k and C m×n, row-major with rows lda
// and ldc apart, without packing P again. With beta == 0, C is not read. Small products whose m
// is a multiple of 6 go straight to the micro-kernel.
func MulPacked(m int, alpha float32, a []float32, lda int, p *Packed, beta float32, c []float32, ldc int) {
	switch {
	case m < 0:
		panic("kernels: m < 0")
	case lda < max(1, p.k):
		panic("kernels: bad leading dimension of a")
	case ldc < max(1, p.n):
		panic("kernels: bad leading dimension of c")
	case m > 0 && !fits(len(a), m, lda, p.k):
		panic("kernels: insufficient length of a")
	case m > 0 && !fits(len(c), m, ldc, p.n):
		panic("kernels: insufficient length of c")
	}
	mulPacked(current(), m, alpha, a, lda, p, beta, c, ldc)
}

// mulPacked is MulPacked after its checks.
func mulPacked(x isa, m int, alpha float32, a []float32, lda int, p *Packed, beta float32, c []float32, ldc int) {
	if m == 0 || p.n == 0 {
		return
	}
	if !parallelPays(m, p.n, p.k) && mulPackedDirect(x, m, alpha, a, lda, p, beta, c, ldc) {
		return
	}
	g := gemm{isa: x, m: m, n: p.n, k: p.k, alpha: alpha, a: a, lda: lda, beta: beta, c: c, ldc: ldc, packed: p}
	g.run()
}

// mulPackedSerial is mulPacked with alpha 1 on the calling goroutine alone, with the buffers of
// ws: one thread's rows of a product split by rows.
func mulPackedSerial(x isa, ws *workspace, m int, a []float32, lda int, p *Packed, beta float32, c []float32, ldc int) {
	if m == 0 || p.n == 0 || mulPackedDirect(x, m, 1, a, lda, p, beta, c, ldc) {
		return
	}
	g := gemm{isa: x, m: m, n: p.n, k: p.k, alpha: 1, a: a, lda: lda, beta: beta, c: c, ldc: ldc, packed: p}
	if p.k == 0 {
		g.scaleOnly()
		return
	}
	g.serial(ws)
}

// mulPackedDirect computes a product of one k block and whole row tiles, as a GRU step's with
// its batch padded to them, straight with the micro-kernel and without workspace, and reports
// whether it could.
func mulPackedDirect(x isa, m int, alpha float32, a []float32, lda int, p *Packed, beta float32, c []float32, ldc int) bool {
	if alpha == 0 || p.k == 0 || p.k > p.kc || m%mr != 0 || m > blocks.mc {
		return false
	}
	cols := tileCols(x)
	for col := 0; col < p.n; col += cols {
		microKernel(x, p.k, m, min(cols, p.n-col), a, lda, 1, mr*lda, p.panel(0, col), 0, c[col:], ldc, alpha, beta, nil, epilogueNone)
	}
	return true
}
