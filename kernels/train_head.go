package kernels

import (
	"math"
	"sync/atomic"
)

// SoftmaxCrossEntropy is a softmax output layer and Keras' categorical cross-entropy in one pass
// over the rows×cols logits: it writes p = softmax(logits) and returns the loss summed over the
// rows (p and dz must not share storage with logits or y, which are read after they are written),
//
//	−Σ_k y_k·log(clip(p_k/Σp, 1e-7, 1−1e-7))   per row, the targets y used as given,
//
// and writes into dz the gradient of scale·loss with respect to the logits: scale·(p·Σy − y)
// while no probability is clipped, which Keras' clip and normalisation do not change; a row where
// the clip is active gets its exact gradient, the clipped probabilities' being zero. dz may be
// nil.
func SoftmaxCrossEntropy(p, dz, logits, y []float32, rows, cols int, scale float32) float64 {
	switch {
	case rows < 0:
		panic("kernels: rows < 0")
	case cols < 0:
		panic("kernels: cols < 0")
	case !fitsDense(len(logits), rows, cols):
		panic("kernels: insufficient length of logits")
	case !fitsDense(len(p), rows, cols):
		panic("kernels: insufficient length of p")
	case !fitsDense(len(y), rows, cols):
		panic("kernels: insufficient length of y")
	case dz != nil && !fitsDense(len(dz), rows, cols):
		panic("kernels: insufficient length of dz")
	}
	if rows == 0 || cols == 0 {
		return 0
	}
	if &p[0] == &logits[0] || &p[0] == &y[0] || dz != nil && (&dz[0] == &logits[0] || &dz[0] == &y[0]) {
		panic("kernels: p or dz shares storage with logits or y")
	}
	loss, clipped := softmaxXent(current(), p, dz, logits, y, rows, cols, scale)
	if clipped > 0 {
		loss += xentClippedRows(p, dz, y, rows, cols, scale)
	}
	return loss
}

// softmaxXentRows is SoftmaxCrossEntropy as softmaxXent: x's softmax over a copy of the logits,
// then the loss and gradient of the rows the clip does not reach, summed, and how many it
// reaches. With x generic, it is the Go twin of the fused kernels.
func softmaxXentRows(x isa, p, dz, logits, y []float32, rows, cols int, scale float32) (float64, int) {
	copy(p[:rows*cols], logits[:rows*cols])
	softmaxRows(x, p, rows, cols, cols)
	// Rows go in groups: first each row's sums and gradient, then the group's logarithms in a
	// loop of their own, whose iterations do not wait on one another.
	const group = 64
	var sy, part, p0 [group]float64
	var loss float64
	clipped := 0
	for i0 := 0; i0 < rows; i0 += group {
		g := min(group, rows-i0)
		for r := 0; r < g; r++ {
			i := i0 + r
			l, pr, yr := logits[i*cols:][:cols], p[i*cols:][:cols], y[i*cols:][:cols]
			var s, d float32 // Σy, and Σ y_k·(l_0 − l_k), each difference exact or nearly
			for k, yk := range yr {
				s += yk
				d += yk * (l[0] - l[k])
			}
			sy[r], part[r], p0[r] = 0, 0, 1
			if rowClipped(pr) {
				clipped++
				continue
			}
			// log p_k = l_k − c for every k, c = l_0 − log p_0: the loss Σ y_k·(c − l_k) =
			// Σ y_k·(l_0 − l_k) − Σy·log p_0 takes one logarithm a row, of a p_0 ≥ ε, within
			// float32's relative error of p itself.
			sy[r], part[r], p0[r] = float64(s), float64(d), float64(pr[0])
			if dz != nil {
				dr := dz[i*cols:][:cols]
				for k := range dr {
					dr[k] = scale * (pr[k]*s - yr[k])
				}
			}
		}
		for r := 0; r < g; r++ {
			loss += part[r] - sy[r]*logPositive(p0[r])
		}
	}
	return loss, clipped
}

// rowClipped reports whether Keras' clip of the probabilities reaches a row of p: a single class
// has p = 1, beyond it, and otherwise a p above 1−ε needs another below ε.
func rowClipped(p []float32) bool {
	clipped := len(p) == 1
	for _, v := range p {
		if v < float32(xentEps) { // rare: a branch the CPU predicts
			clipped = true
		}
	}
	return clipped
}

// xentClippedRows is the summed loss of the rows that the clip reaches, with their gradient
// written into dz (if not nil).
func xentClippedRows(p, dz, y []float32, rows, cols int, scale float32) float64 {
	var loss float64
	for i := 0; i < rows; i++ {
		pr := p[i*cols:][:cols]
		if !rowClipped(pr) {
			continue
		}
		var dr []float32
		if dz != nil {
			dr = dz[i*cols:][:cols]
		}
		loss += xentClippedRow(dr, pr, y[i*cols:][:cols], scale)
	}
	return loss
}

// logPositive is the natural logarithm of a positive normal x, to about 1e-15 relative, for the
// cross-entropy's one logarithm per row: as log(m·2^e) with m in [√½, √2), the series of
// 2·atanh((m-1)/(m+1)) to its seventh term, a fraction of math.Log's time.
func logPositive(x float64) float64 {
	if x != x {
		return x // a row of NaN probabilities: its loss is NaN
	}
	b := math.Float64bits(x)
	e := int(b>>52&0x7ff) - 1023
	m := math.Float64frombits(b&^(0x7ff<<52) | 1023<<52) // x's mantissa, in [1, 2)
	if m > math.Sqrt2 {
		m, e = m/2, e+1
	}
	s := (m - 1) / (m + 1)
	s2 := s * s
	return float64(e)*math.Ln2 + 2*s*(1+s2*(1.0/3+s2*(1.0/5+s2*(1.0/7+s2*(1.0/9+s2*(1.0/11+s2*(1.0/13)))))))
}

// xentEps and xentOne are the bounds of Keras' clip of the probabilities in its cross-entropies,
// epsilon and 1 - epsilon, as the float32 values Keras clips with.
const (
	xentEps = float64(float32(1e-7))
	xentOne = float64(float32(1 - 1e-7))
)

// xentClippedRow is one row's loss and gradient where the clip is active: q = p/Σp clipped,
// −y/q through the clip (zero outside [ε, 1−ε], edges included), the normalisation and the
// softmax, in float64.
func xentClippedRow(dr, p, y []float32, scale float32) float64 {
	var s float64
	for _, pk := range p {
		s += float64(pk)
	}
	// dq is dL/dq_k, recomputed where needed rather than kept, so that nothing is allocated.
	dq := func(k int) float64 {
		q := float64(p[k]) / s
		if q < xentEps || q > xentOne {
			return 0
		}
		return -float64(y[k]) / q
	}
	var loss, dot float64 // dot: Σ_k dL/dq_k·p_k
	for k, pk := range p {
		loss -= float64(y[k]) * math.Log(min(max(float64(pk)/s, xentEps), xentOne))
		dot += dq(k) * float64(pk)
	}
	if dr == nil {
		return loss
	}
	// dL/dp_j = dq_j/s − dot/s², then the softmax: dl_j = p_j·(dp_j − Σ_k dp_k·p_k).
	dp := func(k int) float64 { return dq(k)/s - dot/(s*s) }
	var pdp float64
	for k, pk := range p {
		pdp += dp(k) * float64(pk)
	}
	for k, pk := range p {
		dr[k] = scale * float32(float64(pk)*(dp(k)-pdp))
	}
	return loss
}

// ColumnSums sets dst[j] = beta·dst[j] + Σ_i a[i·lda+j] for j < cols: the gradient of a bias
// added to every row of a product. The rows stream once through the one-row product kernel: a
// dense a of few columns is read as g times fewer rows of g·cols columns, a multiple of the
// kernel's 64, whose g partial sums are then added up.
func ColumnSums(dst, a []float32, rows, cols, lda int, beta float32) {
	switch {
	case rows < 0:
		panic("kernels: rows < 0")
	case cols < 0:
		panic("kernels: cols < 0")
	case lda < max(1, cols):
		panic("kernels: bad leading dimension of a")
	case len(dst) < cols:
		panic("kernels: insufficient length of dst")
	case !fits(len(a), rows, lda, cols):
		panic("kernels: insufficient length of a")
	}
	if cols == 0 {
		return
	}
	g := 1
	if lda == cols {
		g = gemvCols / gcd(cols, gemvCols)
	}
	if g == 1 || rows < 2*g {
		c := gemm{isa: current(), m: 1, n: cols, k: rows, alpha: 1, a: ones(rows), lda: max(1, rows),
			b: a, ldb: lda, beta: beta, c: dst, ldc: cols}
		c.run()
		return
	}
	q, wide := rows/g, g*cols
	ws := getWorkspace()
	grow(&ws.sums, wide)
	sums := ws.sums[:wide]
	c := gemm{isa: current(), m: 1, n: wide, k: q, alpha: 1, a: ones(q), lda: q, b: a, ldb: wide, c: sums, ldc: wide}
	c.run()
	for j := range cols {
		v := float32(0)
		if beta != 0 {
			v = beta * dst[j]
		}
		for t := 0; t < g; t++ {
			v += sums[t*cols+j]
		}
		for i := q * g; i < rows; i++ {
			v += a[i*cols+j]
		}
		dst[j] = v
	}
	putWorkspace(ws)
}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// onesBuf holds the ones of ColumnSums, grown as needed and shared: nothing writes to it.
var onesBuf atomic.Pointer[[]float32]

func ones(n int) []float32 {
	if b := onesBuf.Load(); b != nil && len(*b) >= n {
		return (*b)[:n]
	}
	b := make([]float32, max(n, 4096))
	for i := range b {
		b[i] = 1
	}
	onesBuf.Store(&b)
	return b[:n]
}

// checkXent guards the fused softmax and cross-entropy kernels, which trust their arguments.
func checkXent(p, dz, logits, y []float32, rows, cols int) {
	n := rows * cols
	if rows < 1 || cols < 2 || cols > 16 || len(p) < n || len(logits) < n || len(y) < n || dz != nil && len(dz) < n {
		panic("kernels: internal error: softmax cross-entropy arguments out of range")
	}
}
