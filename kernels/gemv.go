package kernels

import "sync/atomic"

// gemvMaxK caps the k of one kernel call, so that the assembly returns to Go often enough to be
// preempted.
const gemvMaxK = 2048

// rowTimesMatrix computes a one-row product, y = act(alpha·a·op(B) + beta·y + bias) with B stored
// k×n: every element of B is used once, so instead of packing, B streams through the kernel row
// by row at memory speed, 64 columns at a time.
func (g *gemm) rowTimesMatrix(ws *workspace) {
	a := g.a
	if g.aTrans {
		grow(&ws.aEdge, g.k)
		for p := range g.k {
			ws.aEdge[p] = g.a[p*g.lda]
		}
		a = ws.aEdge
	}
	y := g.c[:g.n]
	full := g.n / gemvCols * gemvCols
	// A B larger than L2, as the same weights at every step of a recurrent network, runs its
	// columns in alternate directions from one call to the next (see rowTimesPacked).
	back := g.k*g.n >= rowSweepFloats && rowSweeps.Add(1)%2 == 0
	for pc := 0; pc < g.k; pc += gemvMaxK {
		kc := min(gemvMaxK, g.k-pc)
		beta := g.beta
		if pc > 0 {
			beta = 1
		}
		for i := 0; i < full; i += gemvCols {
			j := i
			if back {
				j = full - gemvCols - i
			}
			gemvKernel(g.isa, kc, a[pc:], g.b[pc*g.ldb+j:], g.ldb, y[j:], g.alpha, beta)
		}
		for j := full; j < g.n; j++ {
			var s float32
			for p, ap := range a[pc : pc+kc] {
				s += ap * g.b[(pc+p)*g.ldb+j]
			}
			y[j] = axpby(g.alpha, s, beta, y[j])
		}
	}
	g.rowEpilogue(y)
}

// rowTimesPacked computes a one-row product with B packed ahead: four micro-panels at a time,
// each read front to back, for every k block; columns past whole groups of four panels in Go.
//
// A matrix too large for a core's L2, such as a GRU's recurrent kernel of 512 units, is read
// from L3 at every step; every other call runs it backwards (its k blocks too, when two of them
// with alpha 1 and beta 0 are two terms that add alike in either order, fused or not), so that it
// starts where the last call ended, on the part still in L2. Each column's sums are the same
// either way, so are the results.
func (g *gemm) rowTimesPacked() {
	p, y := g.packed, g.c[:g.n]
	full := g.n / (4 * nr) * (4 * nr)
	back := len(p.data) >= rowSweepFloats && p.sweeps.Add(1)%2 == 0
	blocksK := (p.k + p.kc - 1) / p.kc
	reverseK := back && g.alpha == 1 && g.beta == 0 && blocksK == 2
	for i := range blocksK {
		b := i
		if reverseK {
			b = blocksK - 1 - i
		}
		pc := b * p.kc
		kc := min(p.kc, p.k-pc)
		beta := g.beta
		if i > 0 {
			beta = 1
		}
		a := g.a[pc : pc+kc]
		for i := 0; i < full; i += 4 * nr {
			j := i
			if back {
				j = full - 4*nr - i
			}
			gemvPacked4(g.isa, kc, a, p.panel(pc, g.packedCol0+j), kc*nr, y[j:], g.alpha, beta)
		}
		for j := full; j < g.n; j++ {
			col := g.packedCol0 + j
			panel := p.panel(pc, col)
			var s float32
			for q, aq := range a {
				s += aq * panel[q*nr+col%nr]
			}
			y[j] = axpby(g.alpha, s, beta, y[j])
		}
	}
	g.rowEpilogue(y)
}

// rowSweeps counts the one-row products with a B in place large enough to alternate.
var rowSweeps atomic.Uint32

// rowSweepFloats is the size of a matrix from which the one-row products alternate their
// direction: a quarter of the smallest L2 of the CPUs it runs on, below which the whole matrix
// stays in L2 anyway.
const rowSweepFloats = 1 << 16

// rowEpilogue adds the bias to the one row y and applies the activation.
func (g *gemm) rowEpilogue(y []float32) {
	if g.bias != nil {
		for j, b := range g.bias {
			y[j] += b
		}
	}
	applyRows(g.isa, g.act, y, 1, g.n, g.n)
}
