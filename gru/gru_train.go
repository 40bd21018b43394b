package gru

import (
	"github.com/fastgru/fastgru/kernels"
	"gonum.org/v1/gonum/blas"
)

// gruTrain is what a GRU keeps from trainForward for backward. Everything is time-major in
// processing order, the batch padded to whole micro-tiles as in forward: step s's row b of a
// buffer of width w lies at (s·padded + b)·w. The padded rows stay zero.
type gruTrain struct {
	batch, padded int
	steps         int  // the time steps of the input
	fast          bool // sigmoid gates and a tanh candidate: the training step kernels
	xShape        []int
	xt            []float32 // the input, steps·padded × xld: in columns, then a column of ones with a bias
	xld           int
	wext          []float32 // the kernel, then the input bias as its last row
	gx            []float32 // the input kernel's gradient, then the input bias's
	gt            []float32 // a weight gradient transposed
	xw            []float32 // its projection x·W + b, steps·padded × 3·units
	hs            []float32 // the states, (steps+1)·padded × units: hs[s] before step s
	z, r, c       []float32 // the gates and the candidate, steps·padded × units
	rh            []float32 // r⊙h (reset_after=false), steps·padded × units
	u             []float32 // h·U (reset_after=true), steps·padded × 3·units
	az, ar, ac    []float32 // the pre-activations, kept for activations other than the fast ones
	hu, cu        []float32 // one step's recurrent products (reset_after=false)
	da, dau       []float32 // the pre-activations' gradients, steps·padded × 3·units
	dh, dhPrev    []float32 // the state's gradient after and before a step, padded × units
	drh           []float32
	zeros         []float32 // read only: see zeros
	dxt, dx       []float32
	// The recurrent kernel packed transposed for the state's gradient: [U_z U_r]ᵀ and U_hᵀ, or Uᵀ
	// with ResetAfter.
	uzrT, uhT, uT *kernels.Packed
	packedT       bool // the transposed packs hold the current weights
}

// weightsChanged marks the packed recurrent kernel stale after an optimizer step updated the
// weights in place: the next call that runs the GRU packs it again.
func (g *GRU) weightsChanged() {
	g.mu.Lock()
	g.stale = true
	g.mu.Unlock()
}

// repack packs the recurrent kernel again after an optimizer step changed it. g.mu is held.
func (g *GRU) repack() {
	hid, u := g.Units, g.recurrentKernel
	g.recurrent.Repack(u, 3*hid)
	if !g.ResetAfter {
		g.candidate.Repack(u[2*hid:], 3*hid)
	}
	g.stale = false
	g.train.packedT = false
}

// packTransposed packs the transposes the backward steps need, once per weights.
func (g *GRU) packTransposed() {
	t, hid, u := &g.train, g.Units, g.recurrentKernel
	if t.packedT {
		return
	}
	t.packedT = true
	if g.ResetAfter {
		if t.uT == nil {
			t.uT = kernels.PackBTrans(3*hid, hid, u, 3*hid)
		} else {
			t.uT.Repack(u, 3*hid)
		}
		return
	}
	if t.uzrT == nil {
		t.uzrT = kernels.PackBTrans(2*hid, hid, u, 3*hid)
		t.uhT = kernels.PackBTrans(hid, hid, u[2*hid:], 3*hid)
		return
	}
	t.uzrT.Repack(u, 3*hid)
	t.uhT.Repack(u[2*hid:], 3*hid)
}

// trainForward runs forward keeping the states, gates and candidates of every step.
func (g *GRU) trainForward(x Tensor, _ bool) Tensor {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.stale {
		g.repack()
	}
	t := &g.train
	batch, steps, hid, in := x.Shape[0], x.Shape[1], g.Units, g.in
	h3 := 3 * hid
	// Whole micro-tiles of 6 rows let every step's products go straight to the micro-kernel; they
	// pay in a small batch, as in forward, and in a large one whose padding costs little.
	padded := batch
	if up := (batch + 5) / 6 * 6; batch > 1 && batch < 12 || (up-batch)*16 <= batch {
		padded = up
	}
	if padded != t.padded || batch != t.batch || steps != t.steps {
		// Rows that were a sample's are now padding, or the layout moved: start from zeros.
		t.batch, t.padded, t.steps = batch, padded, steps
		for _, b := range []*[]float32{&t.xt, &t.hs, &t.rh, &t.da, &t.dau, &t.dh, &t.dhPrev} {
			clear((*b)[:cap(*b)])
		}
	}
	t.fast = !g.keras3Gate && g.gate == kernels.Sigmoid && g.act == kernels.Tanh
	t.xShape = append(t.xShape[:0], x.Shape...)
	n := steps * padded
	// With a bias, x gets a column of ones, and the kernel the bias as its last row: the bias's
	// gradient is then the last column of the kernel's, from the same product.
	xld := in
	if !g.NoBias {
		xld = in + 1
	}
	if xld != t.xld {
		t.xld = xld
		clear(t.xt[:cap(t.xt)])
	}
	xt := reuse(&t.xt, n*xld)
	// x is read in order: it is the least likely to be in cache.
	for b := 0; b < batch; b++ {
		for s := 0; s < steps; s++ {
			row := xt[(s*padded+b)*xld:][:xld]
			copy(row, x.Data[(b*steps+g.timeAt(s, steps))*in:][:in])
			if xld > in {
				row[in] = 1
			}
		}
	}
	xw := reuse(&t.xw, n*h3)
	if g.NoBias {
		kernels.Dense(xw, xt, n, in, h3, g.kernel, nil, kernels.Linear)
	} else {
		wext := reuse(&t.wext, xld*h3)
		copy(wext[copy(wext, g.kernel):], g.inBias)
		kernels.Sgemm(blas.NoTrans, blas.NoTrans, n, h3, xld, 1, xt, xld, wext, h3, 0, xw, h3)
	}
	hs := reuse(&t.hs, (steps+1)*padded*hid)
	clear(hs[:padded*hid])
	for _, b := range []*[]float32{&t.z, &t.r, &t.c} {
		reuse(b, n*hid)
	}
	if g.ResetAfter {
		reuse(&t.u, n*h3)
	} else {
		reuse(&t.rh, n*hid)
		reuse(&t.hu, padded*2*hid)
		reuse(&t.cu, padded*hid)
	}
	if !t.fast {
		for _, b := range []*[]float32{&t.az, &t.ar, &t.ac} {
			reuse(b, n*hid)
		}
	}
	ph := padded * hid
	for s := 0; s < steps; s++ {
		h, hn, xs := hs[s*ph:][:ph], hs[(s+1)*ph:][:ph], xw[s*padded*h3:][:padded*h3]
		z, r, c := t.z[s*ph:][:ph], t.r[s*ph:][:ph], t.c[s*ph:][:ph]
		switch {
		case t.fast && g.ResetAfter:
			kernels.GRUTrainStepResetAfter(hn, z, r, c, t.u[s*padded*h3:][:padded*h3], h, xs, g.stepBias(), batch, padded, hid, h3, g.recurrent)
		case t.fast:
			kernels.GRUTrainStep(hn, z, r, t.rh[s*ph:][:ph], c, t.hu, t.cu, h, xs, batch, padded, hid, h3, g.recurrent, g.candidate)
		default:
			g.trainStep(s, h, hn, xs)
		}
	}
	return g.trainOutput(batch, padded)
}

// stepBias is the recurrent bias of reset_after's steps: the layer's, or zeros without a bias,
// which the kernels would otherwise make at each call for many units.
func (g *GRU) stepBias() []float32 {
	if g.recurrentBias != nil {
		return g.recurrentBias
	}
	return g.zeros()
}

// zeros returns 3·units zeros, made once and never written: the output gradient of the steps
// whose output is not returned, and reset_after's recurrent bias without one.
func (g *GRU) zeros() []float32 {
	if len(g.train.zeros) != 3*g.Units {
		g.train.zeros = make([]float32, 3*g.Units)
	}
	return g.train.zeros
}

// timeAt is the time step that processing step s of steps reads.
func (g *GRU) timeAt(s, steps int) int {
	if g.GoBackwards {
		return steps - 1 - s
	}
	return s
}

// trainOutput copies the states out in Keras' layout: (batch, time, units) in processing order,
// or the last state (batch, units).
func (g *GRU) trainOutput(batch, padded int) Tensor {
	steps, hid, hs := g.train.steps, g.Units, g.train.hs
	if !g.ReturnSequences {
		out := Tensor{Shape: reuseShape(&g.outShape, batch, hid), Data: reuse(&g.out, batch*hid)}
		copy(out.Data, hs[steps*padded*hid:][:batch*hid])
		return out
	}
	out := Tensor{Shape: reuseShape(&g.outShape, batch, steps, hid), Data: reuse(&g.out, batch*steps*hid)}
	for b := 0; b < batch; b++ {
		for s := 0; s < steps; s++ {
			copy(out.Data[(b*steps+s)*hid:][:hid], hs[((s+1)*padded+b)*hid:][:hid])
		}
	}
	return out
}

// trainStep is one step with any activations, keeping the pre-activations for their derivatives.
func (g *GRU) trainStep(s int, h, hn, xs []float32) {
	t := &g.train
	batch, padded, hid := t.batch, t.padded, g.Units
	h3, ph := 3*hid, padded*hid
	z, r, c := t.z[s*ph:][:ph], t.r[s*ph:][:ph], t.c[s*ph:][:ph]
	az, ar, ac := t.az[s*ph:][:ph], t.ar[s*ph:][:ph], t.ac[s*ph:][:ph]
	var u []float32 // h·U, sections z, r (and h with ResetAfter), rows ldu apart
	ldu := 2 * hid
	if g.ResetAfter {
		u, ldu = t.u[s*padded*h3:][:padded*h3], h3
	} else {
		u = t.hu
	}
	kernels.MulPacked(padded, 1, h, hid, g.recurrent, 0, u, ldu)
	rb := g.recurrentBias
	for b := 0; b < batch; b++ {
		xr, ur := xs[b*h3:][:h3], u[b*ldu:][:ldu]
		for j := 0; j < hid; j++ {
			az[b*hid+j] = xr[j] + ur[j]
			ar[b*hid+j] = xr[hid+j] + ur[hid+j]
			if rb != nil {
				az[b*hid+j] += rb[j]
				ar[b*hid+j] += rb[hid+j]
			}
		}
	}
	n := batch * hid
	copy(z[:n], az[:n])
	copy(r[:n], ar[:n])
	g.gates(z[:n])
	g.gates(r[:n])
	if g.ResetAfter {
		for b := 0; b < batch; b++ {
			xr, ur := xs[b*h3:][:h3], u[b*ldu:][:ldu]
			for j := 0; j < hid; j++ {
				uh := ur[2*hid+j]
				if rb != nil {
					uh += rb[2*hid+j]
				}
				ac[b*hid+j] = xr[2*hid+j] + r[b*hid+j]*uh
			}
		}
	} else {
		rh := t.rh[s*ph:][:ph]
		for i := range n {
			rh[i] = r[i] * h[i]
		}
		kernels.MulPacked(padded, 1, rh, hid, g.candidate, 0, t.cu, hid)
		for b := 0; b < batch; b++ {
			xr := xs[b*h3:][:h3]
			for j := 0; j < hid; j++ {
				ac[b*hid+j] = xr[2*hid+j] + t.cu[b*hid+j]
			}
		}
	}
	copy(c[:n], ac[:n])
	kernels.Activate(g.act, c, batch, hid, hid)
	for i := range n {
		hn[i] = c[i] + z[i]*(h[i]-c[i])
	}
}

// backward runs backpropagation through every step, then the weights' gradients of all steps at
// once: dW = xᵀ·da and the bias's column sums over all steps·batch rows, dU = hᵀ·da (for
// reset_after=false's candidate (r⊙h)ᵀ·da_h) stacked the same way.
func (g *GRU) backward(dy Tensor, grads [][]float32, needDX bool) Tensor {
	g.mu.Lock()
	defer g.mu.Unlock()
	t := &g.train
	batch, padded, steps, hid, in := t.batch, t.padded, t.steps, g.Units, g.in
	h3, ph, n := 3*hid, padded*hid, steps*padded
	gw, gu := grads[0], grads[1]
	if batch == 0 || steps == 0 {
		for _, gr := range grads {
			clear(gr)
		}
		if !needDX {
			return Tensor{}
		}
		return Tensor{Shape: t.xShape, Data: reuse(&t.dx, batch*steps*in)}
	}
	g.packTransposed()
	da := reuse(&t.da, n*h3)
	var dau []float32
	if g.ResetAfter {
		dau = reuse(&t.dau, n*h3)
	}
	dh, dhPrev := reuse(&t.dh, ph), reuse(&t.dhPrev, ph)
	clear(dh)
	drh := reuse(&t.drh, ph)
	zero := g.zeros()[:hid]
	for s := steps - 1; s >= 0; s-- {
		dys, ldy := zero, 0
		switch {
		case g.ReturnSequences:
			dys, ldy = dy.Data[s*hid:], steps*hid
		case s == steps-1:
			dys, ldy = dy.Data, hid
		}
		h, z, r, c := t.hs[s*ph:][:ph], t.z[s*ph:][:ph], t.r[s*ph:][:ph], t.c[s*ph:][:ph]
		das := da[s*padded*h3:][:padded*h3]
		switch {
		case t.fast && g.ResetAfter:
			kernels.GRUBackStepResetAfter(dhPrev, das, dau[s*padded*h3:][:padded*h3], dh, dys, ldy, h, z, r, c, t.u[s*padded*h3:][:padded*h3], g.stepBias(), batch, padded, hid, t.uT)
		case t.fast:
			kernels.GRUBackStep(dhPrev, das, drh, dh, dys, ldy, h, z, r, c, batch, padded, hid, t.uzrT, t.uhT)
		default:
			g.backStep(s, dhPrev, dh, dys, ldy)
		}
		dh, dhPrev = dhPrev, dh
	}
	// Each weight gradient is one product over all steps·padded rows; the input's has the bias's
	// as its last row, from x's column of ones.
	hs, xld := t.hs[:n*hid], t.xld
	gx := reuse(&t.gx, xld*h3)
	weightGrad(gx, h3, t.xt, xld, xld, da, h3, h3, n, &t.gt)
	copy(gw, gx[:in*h3])
	if !g.NoBias {
		copy(grads[2], gx[in*h3:])
	}
	if g.ResetAfter {
		weightGrad(gu, h3, hs, hid, hid, dau, h3, h3, n, &t.gt)
		if !g.NoBias {
			kernels.ColumnSums(grads[2][h3:], dau, n, h3, h3, 0)
		}
	} else {
		weightGrad(gu, h3, hs, hid, hid, da, h3, 2*hid, n, &t.gt)
		weightGrad(gu[2*hid:], h3, t.rh, hid, hid, da[2*hid:], h3, hid, n, &t.gt)
	}
	if !needDX {
		return Tensor{}
	}
	dxt := reuse(&t.dxt, n*in)
	if in > 0 {
		kernels.Sgemm(blas.NoTrans, blas.Trans, n, in, h3, 1, da, h3, g.kernel, h3, 0, dxt, in)
	}
	dx := reuse(&t.dx, batch*steps*in)
	for s := 0; s < steps; s++ {
		for b := 0; b < batch; b++ {
			copy(dx[(b*steps+g.timeAt(s, steps))*in:][:in], dxt[(s*padded+b)*in:][:in])
		}
	}
	return Tensor{Shape: t.xShape, Data: dx}
}

// weightGrad sets g (rows×cols, rows ldg apart) to aᵀ·b, a being n×rows (rows lda apart) and b
// n×cols (ldb): a weight's gradient summed over n rows of a batch. It is one product over the long
// dimension n, computed as it is or transposed, (bᵀ·a)ᵀ through scratch, whichever fills the
// micro-kernel's tiles of 6 rows by 16 columns better: a gradient of few rows and many columns,
// such as a GRU's over few inputs and all three gates, runs transposed.
func weightGrad(g []float32, ldg int, a []float32, lda, rows int, b []float32, ldb, cols, n int, scratch *[]float32) {
	fill := func(m, n int) float64 {
		return float64(m) / float64((m+5)/6*6) * float64(n) / float64((n+15)/16*16)
	}
	if rows == 0 || cols == 0 {
		return
	}
	if fill(cols, rows) <= fill(rows, cols) {
		kernels.Sgemm(blas.Trans, blas.NoTrans, rows, cols, n, 1, a, lda, b, ldb, 0, g, ldg)
		return
	}
	gt := reuse(scratch, cols*rows)
	kernels.Sgemm(blas.Trans, blas.NoTrans, cols, rows, n, 1, b, ldb, a, lda, 0, gt, rows)
	for j := 0; j < cols; j++ {
		for i, v := range gt[j*rows:][:rows] {
			g[i*ldg+j] = v
		}
	}
}

// backStep is the backward pass of trainStep, with the derivatives of any activations.
func (g *GRU) backStep(s int, dhPrev, dh, dy []float32, ldy int) {
	t := &g.train
	batch, padded, hid := t.batch, t.padded, g.Units
	h3, ph := 3*hid, padded*hid
	h, z, r, c := t.hs[s*ph:][:ph], t.z[s*ph:][:ph], t.r[s*ph:][:ph], t.c[s*ph:][:ph]
	az, ar, ac := t.az[s*ph:][:ph], t.ar[s*ph:][:ph], t.ac[s*ph:][:ph]
	da := t.da[s*padded*h3:][:padded*h3]
	for b := 0; b < batch; b++ {
		for j := 0; j < hid; j++ {
			i := b*hid + j
			d := dh[i] + dy[b*ldy+j]
			da[b*h3+j] = d * (h[i] - c[i]) * g.gateGrad(az[i], z[i])
			da[b*h3+2*hid+j] = d * (1 - z[i]) * actGrad(g.act, ac[i], c[i])
			dhPrev[i] = d * z[i]
		}
	}
	if g.ResetAfter {
		dau, u, rb := t.dau[s*padded*h3:][:padded*h3], t.u[s*padded*h3:][:padded*h3], g.recurrentBias
		for b := 0; b < batch; b++ {
			for j := 0; j < hid; j++ {
				i := b*hid + j
				uh := u[b*h3+2*hid+j]
				if rb != nil {
					uh += rb[2*hid+j]
				}
				dc := da[b*h3+2*hid+j]
				da[b*h3+hid+j] = dc * uh * g.gateGrad(ar[i], r[i])
				dau[b*h3+j], dau[b*h3+hid+j], dau[b*h3+2*hid+j] = da[b*h3+j], da[b*h3+hid+j], dc*r[i]
			}
		}
		kernels.MulPacked(padded, 1, dau, h3, t.uT, 1, dhPrev, hid)
		return
	}
	kernels.MulPacked(padded, 1, da[2*hid:], h3, t.uhT, 0, t.drh, hid)
	for b := 0; b < batch; b++ {
		for j := 0; j < hid; j++ {
			i := b*hid + j
			da[b*h3+hid+j] = t.drh[i] * h[i] * g.gateGrad(ar[i], r[i])
			dhPrev[i] += t.drh[i] * r[i]
		}
	}
	kernels.MulPacked(padded, 1, da, h3, t.uzrT, 1, dhPrev, hid)
}

// gateGrad is the derivative of the recurrent activation at a, whose value is y.
func (g *GRU) gateGrad(a, y float32) float32 {
	if g.keras3Gate {
		if v := a/6 + 0.5; v >= 0 && v <= 1 {
			return 1.0 / 6
		}
		return 0
	}
	return actGrad(g.gate, a, y)
}

// actGrad is the derivative of an elementwise activation at a, whose value is y.
func actGrad(act kernels.Activation, a, y float32) float32 {
	switch act {
	case kernels.ReLU:
		if a > 0 {
			return 1
		}
		return 0
	case kernels.Sigmoid:
		return y * (1 - y)
	case kernels.Tanh:
		return 1 - y*y
	case kernels.HardSigmoid:
		return hardSigmoidGrad(a, 0.2)
	}
	return 1 // linear
}
