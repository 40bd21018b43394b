package kernels

// Packed is a k×n matrix packed once into the micro-kernels' layout, for products that reuse it
// many times: a GRU's recurrent weights at every time step.
type Packed struct {
	k, n, kc int
	// For each block of kc rows, then each micro-panel of 16 columns (zero-padded), kc×16
	// floats: block pc starts at pc·panels·16, its panel t at pc·panels·16 + t·kc·16.
	data []float32
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
	panels := (n + nr - 1) / nr
	p.data = make([]float32, k*panels*nr)
	for pc := 0; pc < k; pc += p.kc {
		kc := min(p.kc, k-pc)
		if n > 0 {
			packPanelsB(current(), p.data[pc*panels*nr:], b, ldb, false, pc, 0, kc, n)
		}
	}
	return p
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
	if alpha != 0 && p.k > 0 && p.k <= p.kc && m%mr == 0 && m <= blocks.mc && !parallelPays(m, p.n, p.k) {
		// One k block of whole row tiles, as a GRU step with its batch padded to them, too small
		// for threads: straight to the micro-kernel, without workspace.
		for col := 0; col < p.n; col += nr {
			microKernel(x, p.k, m, min(nr, p.n-col), a, lda, 1, mr*lda, p.panel(0, col), c[col:], ldc, alpha, beta, nil, epilogueNone)
		}
		return
	}
	g := gemm{isa: x, m: m, n: p.n, k: p.k, alpha: alpha, a: a, lda: lda, beta: beta, c: c, ldc: ldc, packed: p}
	g.run()
}
