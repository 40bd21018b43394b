package kernels

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// trainShape is one shape of the training steps' tests: units across the vector width and its
// tails, batches padded to whole tiles or not.
type trainShape struct{ rows, padded, units int }

func (s trainShape) String() string {
	return fmt.Sprintf("rows=%d,padded=%d,units=%d", s.rows, s.padded, s.units)
}

func trainShapes() []trainShape {
	var shapes []trainShape
	for units := 1; units <= 41; units++ {
		shapes = append(shapes, trainShapesOf(units)...)
	}
	for _, units := range []int{47, 48, 49, 64} { // AVX-512's third vector, whole and with tails
		shapes = append(shapes, trainShapesOf(units)...)
	}
	return shapes
}

func trainShapesOf(units int) []trainShape {
	var shapes []trainShape
	for _, rows := range []int{0, 1, 3, 7} {
		shapes = append(shapes, trainShape{rows, rows, units})
		if p := (rows + mr - 1) / mr * mr; p != rows {
			shapes = append(shapes, trainShape{rows, p, units})
		}
	}
	return shapes
}

// sentinel fills the rows of outputs past the first rows: the gate math must leave them alone.
const sentinel = float32(7.25)

// trainOperands makes the matrices of one test call, each with guard cells around it.
type trainOperands struct {
	rng  *rand.Rand
	s    trainShape
	seen int // matrices made so far: their offsets into the guarded buffers vary with it
}

// mat returns rows rows of cols floats, ld apart: those before o.s.rows in [lo, hi), the others
// extra.
func (o *trainOperands) mat(rows, cols, ld int, lo, hi float64, extra float32) *matrix {
	o.seen++
	m := newMatrix(o.rng, rows, cols, ld, o.seen%5)
	for i := 0; i < rows; i++ {
		for j := 0; j < cols; j++ {
			v := float32(lo + (hi-lo)*o.rng.Float64())
			if i >= o.s.rows {
				v = extra
			}
			m.buf[m.off+i*ld+j] = v
		}
	}
	return m
}

// f64 reads m as float64.
func (m *matrix) f64(i, j int) float64 { return float64(m.at(i, j)) }

// refProduct is the float64 product of padded rows of a (k columns) and w (k×n), with the sum of
// the magnitudes of its terms, |a|+ascale times |w|: the scale of the float32 product's error.
func refProduct(rows, k, n int, a, ascale func(i, p int) float64, w func(p, j int) float64) (v, s []float64) {
	v, s = make([]float64, rows*n), make([]float64, rows*n)
	for i := 0; i < rows; i++ {
		for j := 0; j < n; j++ {
			for p := 0; p < k; p++ {
				a, wv := a(i, p), w(p, j)
				v[i*n+j] += a * wv
				s[i*n+j] += (math.Abs(a) + ascale(i, p)) * math.Abs(wv)
			}
		}
	}
	return v, s
}

func noScale(int, int) float64 { return 0 }

func sigm(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

// expected is an output's float64 value and error scale, row-major with rows cols apart; an
// entry of scale -1 must come out exactly.
type expected struct {
	cols       int
	want, scal []float64
}

func newExpected(rows, cols int) *expected {
	return &expected{cols: cols, want: make([]float64, rows*cols), scal: make([]float64, rows*cols)}
}

func (e *expected) set(i, j int, want, scale float64) {
	e.want[i*e.cols+j], e.scal[i*e.cols+j] = want, scale
}

// keep expects row i of m unchanged.
func (e *expected) keep(m *matrix, i int) {
	for j := 0; j < e.cols; j++ {
		e.set(i, j, m.f64(i, j), -1)
	}
}

// check compares m with e within 2e-6·(1 + scale), NaN matching NaN, and its guard cells.
func (e *expected) check(t *testing.T, what string, m *matrix) {
	t.Helper()
	m.checkGuards(t)
	for i := 0; i < m.rows; i++ {
		for j := 0; j < m.cols; j++ {
			got, want, s := m.f64(i, j), e.want[i*e.cols+j], e.scal[i*e.cols+j]
			ok := got == want || math.IsNaN(got) && math.IsNaN(want)
			if s >= 0 {
				ok = ok || math.Abs(got-want) <= 2e-6*(1+s)
			}
			if !ok {
				t.Fatalf("%s[%d,%d] = %v, want %v (scale %.3g)", what, i, j, got, want, s)
			}
		}
	}
}

// unchanged fails t if m differs from before, its guards included.
func unchanged(t *testing.T, what string, m, before *matrix) {
	t.Helper()
	for i := range m.buf {
		if !(m.buf[i] == before.buf[i] || math.IsNaN(float64(m.buf[i])) && math.IsNaN(float64(before.buf[i]))) {
			t.Fatalf("input %s changed at %d: %v, was %v", what, i, m.buf[i], before.buf[i])
		}
	}
}

// trainWeights holds U (units×3·units, row-major) and its packs for the forward and backward
// steps.
type trainWeights struct {
	u                            []float32
	uzr, uh, uzh, uzrT, uhT, uzT *Packed
}

func newTrainWeights(rng *rand.Rand, units int) *trainWeights {
	u := make([]float32, units*3*units)
	for i := range u {
		u[i] = float32(rng.Float64()*2 - 1)
	}
	return &trainWeights{
		u:    u,
		uzr:  PackB(units, 2*units, u, 3*units),
		uh:   PackB(units, units, u[2*units:], 3*units),
		uzh:  PackB(units, 3*units, u, 3*units),
		uzrT: PackBTrans(2*units, units, u, 3*units),
		uhT:  PackBTrans(units, units, u[2*units:], 3*units),
		uzT:  PackBTrans(3*units, units, u, 3*units),
	}
}

// w returns U[p][j] in float64.
func (w *trainWeights) w(units int) func(p, j int) float64 {
	return func(p, j int) float64 { return float64(w.u[p*3*units+j]) }
}

// TestGRUTrainStep checks both forward training steps of every implementation against the float64
// equations, products included: every shape of trainShapes, x rows further apart than 3·units,
// NaN in one x, guard cells around every operand and the rows past the first ones left alone.
func TestGRUTrainStep(t *testing.T) {
	forEachImpl(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(41, 42))
		for _, s := range trainShapes() {
			nan := s.units > 5 && s.rows == 3
			t.Run(s.String(), func(t *testing.T) {
				checkGRUTrainStep(t, rng, s, nan)
				checkGRUTrainStepResetAfter(t, rng, s, nan, s.units%2 == 0)
			})
		}
	})
}

func checkGRUTrainStep(t *testing.T, rng *rand.Rand, s trainShape, nan bool) {
	rows, padded, units := s.rows, s.padded, s.units
	ldx := 3*units + 5
	o := &trainOperands{rng: rng, s: s}
	wt := newTrainWeights(rng, units)
	w := wt.w(units)
	h, x := o.mat(padded, units, units, -1, 1, 0), o.mat(rows, 3*units, ldx, -3, 3, 0)
	if nan {
		x.buf[x.off+2*ldx+units+5] = float32(math.NaN()) // r of row 2, unit 5: NaN through its whole candidate
	}
	hn, z, r, rh, c, cu := o.mat(padded, units, units, -1, 1, sentinel), o.mat(padded, units, units, -1, 1, sentinel),
		o.mat(padded, units, units, -1, 1, sentinel), o.mat(padded, units, units, -1, 1, sentinel),
		o.mat(padded, units, units, -1, 1, sentinel), o.mat(padded, units, units, -1, 1, sentinel)
	hu := o.mat(padded, 2*units, 2*units, -1, 1, sentinel)
	h0, x0 := h.clone(), x.clone()
	wHn, wZ, wR, wRh, wC, wCu, wHu := newExpected(padded, units), newExpected(padded, units), newExpected(padded, units),
		newExpected(padded, units), newExpected(padded, units), newExpected(padded, units), newExpected(padded, 2*units)

	vHu, sHu := refProduct(padded, units, 2*units, h.f64, noScale, w)
	copy(wHu.want, vHu)
	copy(wHu.scal, sHu)
	rhv, rhs := make([]float64, padded*units), make([]float64, padded*units) // r⊙h as the product reads it
	zs := make([]float64, padded*units)
	for i := 0; i < padded; i++ {
		if i >= rows {
			for _, e := range []struct {
				e *expected
				m *matrix
			}{{wHn, hn}, {wZ, z}, {wR, r}, {wRh, rh}, {wC, c}} {
				e.e.keep(e.m, i)
			}
			for j := 0; j < units; j++ {
				rhv[i*units+j] = rh.f64(i, j)
			}
			continue
		}
		for j := 0; j < units; j++ {
			zv := sigm(x.f64(i, j) + vHu[i*2*units+j])
			rv := sigm(x.f64(i, units+j) + vHu[i*2*units+units+j])
			zs[i*units+j] = zv * (1 - zv) * sHu[i*2*units+j]
			rsc := rv * (1 - rv) * sHu[i*2*units+units+j]
			wZ.set(i, j, zv, zs[i*units+j])
			wR.set(i, j, rv, rsc)
			rhv[i*units+j], rhs[i*units+j] = rv*h.f64(i, j), rsc*math.Abs(h.f64(i, j))
			wRh.set(i, j, rhv[i*units+j], rhs[i*units+j])
		}
	}
	vCu, sCu := refProduct(padded, units, units, func(i, p int) float64 { return rhv[i*units+p] },
		func(i, p int) float64 { return rhs[i*units+p] }, func(p, j int) float64 { return w(p, 2*units+j) })
	copy(wCu.want, vCu)
	copy(wCu.scal, sCu)
	for i := 0; i < rows; i++ {
		for j := 0; j < units; j++ {
			cv := math.Tanh(x.f64(i, 2*units+j) + vCu[i*units+j])
			cs := (1 - cv*cv) * sCu[i*units+j]
			wC.set(i, j, cv, cs)
			zv := wZ.want[i*units+j]
			wHn.set(i, j, zv*h.f64(i, j)+(1-zv)*cv, cs+2*zs[i*units+j])
		}
	}

	GRUTrainStep(hn.view(), z.view(), r.view(), rh.view(), c.view(), hu.view(), cu.view(), h.view(), x.view(), rows, padded, units, ldx, wt.uzr, wt.uh)
	unchanged(t, "h", h, h0)
	unchanged(t, "x", x, x0)
	wZ.check(t, "z", z)
	wR.check(t, "r", r)
	wRh.check(t, "rh", rh)
	wHu.check(t, "hu", hu)
	wCu.check(t, "cu", cu)
	wC.check(t, "c", c)
	wHn.check(t, "hn", hn)
}

func checkGRUTrainStepResetAfter(t *testing.T, rng *rand.Rand, s trainShape, nan, bias bool) {
	rows, padded, units := s.rows, s.padded, s.units
	ldx := 3*units + 3
	o := &trainOperands{rng: rng, s: s}
	wt := newTrainWeights(rng, units)
	h, x := o.mat(padded, units, units, -1, 1, 0), o.mat(rows, 3*units, ldx, -3, 3, 0)
	if nan {
		x.buf[x.off+2*ldx+units+5] = float32(math.NaN()) // r of row 2, unit 5: NaN in that candidate
	}
	var b *matrix
	bv := func(int) float64 { return 0 }
	var bias32 []float32
	if bias {
		b = o.mat(1, 3*units, 3*units, -1, 1, 0)
		bias32 = b.view()
		bv = func(j int) float64 { return b.f64(0, j) }
	}
	hn, z, r, c := o.mat(padded, units, units, -1, 1, sentinel), o.mat(padded, units, units, -1, 1, sentinel),
		o.mat(padded, units, units, -1, 1, sentinel), o.mat(padded, units, units, -1, 1, sentinel)
	u := o.mat(padded, 3*units, 3*units, -1, 1, sentinel)
	h0, x0 := h.clone(), x.clone()
	wHn, wZ, wR, wC, wU := newExpected(padded, units), newExpected(padded, units), newExpected(padded, units),
		newExpected(padded, units), newExpected(padded, 3*units)

	vU, sU := refProduct(padded, units, 3*units, h.f64, noScale, wt.w(units))
	copy(wU.want, vU)
	copy(wU.scal, sU)
	for i := 0; i < padded; i++ {
		if i >= rows {
			wHn.keep(hn, i)
			wZ.keep(z, i)
			wR.keep(r, i)
			wC.keep(c, i)
			continue
		}
		ui := vU[i*3*units:]
		si := sU[i*3*units:]
		for j := 0; j < units; j++ {
			zv := sigm(x.f64(i, j) + ui[j] + bv(j))
			rv := sigm(x.f64(i, units+j) + ui[units+j] + bv(units+j))
			uh := ui[2*units+j] + bv(2*units+j)
			cv := math.Tanh(x.f64(i, 2*units+j) + rv*uh)
			zs, rs := zv*(1-zv)*si[j], rv*(1-rv)*si[units+j]
			cs := (1 - cv*cv) * (rs*math.Abs(uh) + rv*si[2*units+j])
			wZ.set(i, j, zv, zs)
			wR.set(i, j, rv, rs)
			wC.set(i, j, cv, cs)
			wHn.set(i, j, zv*h.f64(i, j)+(1-zv)*cv, cs+2*zs)
		}
	}

	GRUTrainStepResetAfter(hn.view(), z.view(), r.view(), c.view(), u.view(), h.view(), x.view(), bias32, rows, padded, units, ldx, wt.uzh)
	unchanged(t, "h", h, h0)
	unchanged(t, "x", x, x0)
	wU.check(t, "u", u)
	wZ.check(t, "z", z)
	wR.check(t, "r", r)
	wC.check(t, "c", c)
	wHn.check(t, "hn", hn)
}

// TestGRUBackStep checks both backward steps of every implementation against the float64
// equations, products with the unpacked U included: every shape of trainShapes, dy with ldy 0
// (one row for all) and with rows further apart than units, NaN in one dh, guard cells around
// every operand, the extra rows of da and dau left zero and the rows of dhPrev past the first
// ones unchanged.
func TestGRUBackStep(t *testing.T) {
	forEachImpl(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(43, 44))
		for _, s := range trainShapes() {
			for _, ldy := range []int{0, s.units + 3} {
				nan := s.units > 5 && s.rows == 3 && ldy == 0
				t.Run(fmt.Sprintf("%v,ldy=%d", s, ldy), func(t *testing.T) {
					checkGRUBackStep(t, rng, s, ldy, nan)
					checkGRUBackStepResetAfter(t, rng, s, ldy, nan, s.units%2 == 1)
				})
			}
		}
	})
}

// backInputs are what a forward step kept and the gradient flowing into its new state.
type backInputs struct {
	h, z, r, c, dh, dy *matrix
	ldy                int
}

func newBackInputs(o *trainOperands, ldy int, nan bool) *backInputs {
	s := o.s
	in := &backInputs{
		h: o.mat(s.padded, s.units, s.units, -1, 1, 0), z: o.mat(s.padded, s.units, s.units, 0, 1, 0),
		r: o.mat(s.padded, s.units, s.units, 0, 1, 0), c: o.mat(s.padded, s.units, s.units, -1, 1, 0),
		dh: o.mat(s.padded, s.units, s.units, -1, 1, 0), ldy: ldy,
	}
	if ldy == 0 {
		in.dy = o.mat(min(s.rows, 1), s.units, s.units, -1, 1, 0)
	} else {
		in.dy = o.mat(s.rows, s.units, ldy, -1, 1, 0)
	}
	if nan {
		in.dh.buf[in.dh.off+2*s.units+5] = float32(math.NaN()) // row 2, unit 5: its row of dhPrev
	}
	return in
}

// d is dh + dy of row i, unit j.
func (in *backInputs) d(i, j int) float64 {
	dy := in.dy.f64(0, j)
	if in.ldy > 0 {
		dy = in.dy.f64(i, j)
	}
	return in.dh.f64(i, j) + dy
}

func (in *backInputs) clones() []*matrix {
	return []*matrix{in.h.clone(), in.z.clone(), in.r.clone(), in.c.clone(), in.dh.clone(), in.dy.clone()}
}

func (in *backInputs) unchanged(t *testing.T, before []*matrix) {
	t.Helper()
	for i, m := range []*matrix{in.h, in.z, in.r, in.c, in.dh, in.dy} {
		unchanged(t, []string{"h", "z", "r", "c", "dh", "dy"}[i], m, before[i])
	}
}

func checkGRUBackStep(t *testing.T, rng *rand.Rand, s trainShape, ldy int, nan bool) {
	rows, padded, units := s.rows, s.padded, s.units
	o := &trainOperands{rng: rng, s: s}
	wt := newTrainWeights(rng, units)
	w := wt.w(units)
	in := newBackInputs(o, ldy, nan)
	da, drh, dhPrev := o.mat(padded, 3*units, 3*units, -1, 1, 0), o.mat(padded, units, units, -1, 1, sentinel), o.mat(padded, units, units, -1, 1, sentinel)
	before := in.clones()
	wDa, wDrh, wDh := newExpected(padded, 3*units), newExpected(padded, units), newExpected(padded, units)

	// da_z and da_h, then drh = da_h·U_hᵀ, then da_r, then dhPrev.
	dav := make([]float64, padded*3*units)
	for i := 0; i < rows; i++ {
		for j := 0; j < units; j++ {
			d, h, z, c := in.d(i, j), in.h.f64(i, j), in.z.f64(i, j), in.c.f64(i, j)
			dav[i*3*units+j] = d * (h - c) * z * (1 - z)
			dav[i*3*units+2*units+j] = d * (1 - z) * (1 - c*c)
		}
	}
	vDrh, sDrh := refProduct(padded, units, units, func(i, p int) float64 { return dav[i*3*units+2*units+p] }, noScale,
		func(p, k int) float64 { return w(k, 2*units+p) })
	copy(wDrh.want, vDrh)
	copy(wDrh.scal, sDrh)
	dar := make([]float64, padded*units) // da_r's error scale
	for i := 0; i < rows; i++ {
		for j := 0; j < units; j++ {
			h, r, e := in.h.f64(i, j), in.r.f64(i, j), vDrh[i*units+j]
			dav[i*3*units+units+j] = e * h * r * (1 - r)
			dar[i*units+j] = (math.Abs(e) + sDrh[i*units+j]) * math.Abs(h) * r * (1 - r)
		}
	}
	for i := 0; i < padded; i++ {
		for j := 0; j < 3*units; j++ {
			v := dav[i*3*units+j]
			wDa.set(i, j, v, math.Abs(v))
			if j >= units && j < 2*units {
				wDa.set(i, j, v, dar[i*units+j-units])
			}
		}
	}
	vP, sP := refProduct(padded, 2*units, units, func(i, p int) float64 { return dav[i*3*units+p] },
		func(i, p int) float64 {
			if p < units {
				return 0
			}
			return dar[i*units+p-units]
		}, func(p, k int) float64 { return w(k, p) })
	for i := 0; i < padded; i++ {
		if i >= rows {
			wDh.keep(dhPrev, i)
			continue
		}
		for k := 0; k < units; k++ {
			d, z, r, e := in.d(i, k), in.z.f64(i, k), in.r.f64(i, k), vDrh[i*units+k]
			v := d*z + e*r + vP[i*units+k]
			wDh.set(i, k, v, math.Abs(d*z)+(math.Abs(e)+sDrh[i*units+k])*r+sP[i*units+k])
		}
	}

	GRUBackStep(dhPrev.view(), da.view(), drh.view(), in.dh.view(), in.dy.view(), ldy, in.h.view(), in.z.view(), in.r.view(), in.c.view(),
		rows, padded, units, wt.uzrT, wt.uhT)
	in.unchanged(t, before)
	wDa.check(t, "da", da)
	wDrh.check(t, "drh", drh)
	wDh.check(t, "dhPrev", dhPrev)
}

func checkGRUBackStepResetAfter(t *testing.T, rng *rand.Rand, s trainShape, ldy int, nan, bias bool) {
	rows, padded, units := s.rows, s.padded, s.units
	o := &trainOperands{rng: rng, s: s}
	wt := newTrainWeights(rng, units)
	w := wt.w(units)
	in := newBackInputs(o, ldy, nan)
	u := o.mat(padded, 3*units, 3*units, -2, 2, 0)
	bv := func(int) float64 { return 0 }
	var b *matrix
	var bias32 []float32
	if bias {
		b = o.mat(1, 3*units, 3*units, -1, 1, 0)
		bias32 = b.view()
		bv = func(j int) float64 { return b.f64(0, j) }
	}
	da, dau, dhPrev := o.mat(padded, 3*units, 3*units, -1, 1, sentinel), o.mat(padded, 3*units, 3*units, -1, 1, 0), o.mat(padded, units, units, -1, 1, sentinel)
	before, u0 := in.clones(), u.clone()
	wDa, wDau, wDh := newExpected(padded, 3*units), newExpected(padded, 3*units), newExpected(padded, units)

	dauv := make([]float64, padded*3*units)
	for i := 0; i < padded; i++ {
		if i >= rows {
			wDa.keep(da, i)
			wDau.keep(dau, i)
			continue
		}
		for j := 0; j < units; j++ {
			d, h, z, r, c := in.d(i, j), in.h.f64(i, j), in.z.f64(i, j), in.r.f64(i, j), in.c.f64(i, j)
			dc := d * (1 - z) * (1 - c*c)
			dz := d * (h - c) * z * (1 - z)
			dr := dc * (u.f64(i, 2*units+j) + bv(2*units+j)) * r * (1 - r)
			for k, v := range []float64{dz, dr, dc} {
				wDa.set(i, k*units+j, v, math.Abs(v))
			}
			for k, v := range []float64{dz, dr, dc * r} {
				wDau.set(i, k*units+j, v, math.Abs(v))
				dauv[i*3*units+k*units+j] = v
			}
		}
	}
	vP, sP := refProduct(padded, 3*units, units, func(i, p int) float64 { return dauv[i*3*units+p] }, noScale,
		func(p, k int) float64 { return w(k, p) })
	for i := 0; i < padded; i++ {
		if i >= rows {
			wDh.keep(dhPrev, i)
			continue
		}
		for k := 0; k < units; k++ {
			dz := in.d(i, k) * in.z.f64(i, k)
			wDh.set(i, k, dz+vP[i*units+k], math.Abs(dz)+sP[i*units+k])
		}
	}

	GRUBackStepResetAfter(dhPrev.view(), da.view(), dau.view(), in.dh.view(), in.dy.view(), ldy, in.h.view(), in.z.view(), in.r.view(), in.c.view(),
		u.view(), bias32, rows, padded, units, wt.uzT)
	in.unchanged(t, before)
	unchanged(t, "u", u, u0)
	wDa.check(t, "da", da)
	wDau.check(t, "dau", dau)
	wDh.check(t, "dhPrev", dhPrev)
}

// TestGRUTrainTwins compares every training kernel of every implementation with its pure-Go
// twin, tightly: the vector part of rows whose units run on past n (any n under AVX-512's masks),
// strided x, u, da and dy (ldy 0 too), NaN in one input; the whole guarded buffers must agree, so
// a write past n or between rows shows.
func TestGRUTrainTwins(t *testing.T) {
	rng := rand.New(rand.NewPCG(45, 46))
	near := func(got, want []float32) int {
		for j := range got {
			g, w := float64(got[j]), float64(want[j])
			if !(math.Abs(g-w) <= 1e-6*(1+math.Abs(w))) && !(math.IsNaN(g) && math.IsNaN(w)) {
				return j
			}
		}
		return -1
	}
	for _, x := range testedISAs() {
		t.Run(x.String(), func(t *testing.T) {
			for _, units := range []int{8, 13, 15, 16, 17, 24, 31, 32, 33, 40, 47, 48, 49, 64} {
				ns := []int{8, units / 8 * 8}
				if x == isaAVX512 {
					ns = append(ns, 1, units-1, units)
				}
				for _, n := range ns {
					for _, rows := range []int{1, 2, 5} {
						for _, ldy := range []int{0, units + 1} {
							checkTrainTwins(t, rng, x, rows, units, n, ldy, near)
						}
					}
				}
			}
		})
	}
}

func checkTrainTwins(t *testing.T, rng *rand.Rand, x isa, rows, units, n, ldy int, near func(got, want []float32) int) {
	t.Helper()
	ldx, ldu, lda := 3*units+2, 3*units+5, 3*units+1
	o := &trainOperands{rng: rng, s: trainShape{rows, rows, units}}
	in := func(cols, ld int, lo, hi float64) []float32 { return o.mat(rows, cols, ld, lo, hi, 0).view() }
	out := func(cols, ld int) (got, want *matrix) {
		got = o.mat(rows, cols, ld, -1, 1, 0)
		return got, got.clone()
	}
	h, z, r, c := in(units, units, -1, 1), in(units, units, 0, 1), in(units, units, 0, 1), in(units, units, -1, 1)
	xw, u, b := in(3*units, ldx, -4, 4), in(3*units, ldu, -4, 4), o.mat(1, 3*units, 3*units, -1, 1, 0).view()
	dh, drh := in(units, units, -2, 2), in(units, units, -2, 2)
	dy := o.mat(rows, units, ldy, -1, 1, 0).view()
	if ldy == 0 {
		dy = o.mat(1, units, units, -1, 1, 0).view()
	}
	u[(rows-1)*ldu+units+2] = float32(math.NaN())
	dh[(rows-1)*units+3] = float32(math.NaN())
	compare := func(name string, got, want *matrix) {
		t.Helper()
		if j := near(got.buf, want.buf); j >= 0 {
			t.Fatalf("%v %s rows=%d units=%d n=%d ldy=%d: [%d] = %v, twin %v", x, name, rows, units, n, ldy, j, got.buf[j], want.buf[j])
		}
	}

	gz, wz := out(units, units)
	gr, wr := out(units, units)
	grh, wrh := out(units, units)
	gruTrainZR(x, gz.view(), gr.view(), grh.view(), h, xw, u, rows, ldx, ldu, units, n)
	gruTrainZRGeneric(wz.view(), wr.view(), wrh.view(), h, xw, u, rows, ldx, ldu, units, n)
	compare("ZR z", gz, wz)
	compare("ZR r", gr, wr)
	compare("ZR rh", grh, wrh)

	ghn, whn := out(units, units)
	gc, wc := out(units, units)
	gruTrainH(x, ghn.view(), gc.view(), h, z, xw[2*units:], u, rows, ldx, units, n)
	gruTrainHGeneric(whn.view(), wc.view(), h, z, xw[2*units:], u, rows, ldx, units, n)
	compare("H hn", ghn, whn)
	compare("H c", gc, wc)

	ghn, whn = out(units, units)
	gz, wz = out(units, units)
	gr, wr = out(units, units)
	gc, wc = out(units, units)
	gruTrainResetAfter(x, ghn.view(), gz.view(), gr.view(), gc.view(), h, xw, u, b, rows, ldx, ldu, units, n)
	gruTrainResetAfterGeneric(whn.view(), wz.view(), wr.view(), wc.view(), h, xw, u, b, rows, ldx, ldu, units, n)
	compare("ResetAfter hn", ghn, whn)
	compare("ResetAfter z", gz, wz)
	compare("ResetAfter r", gr, wr)
	compare("ResetAfter c", gc, wc)

	gda, wda := out(3*units, lda)
	gdhz, wdhz := out(units, units)
	gruBackZC(x, gda.view(), gdhz.view(), dh, dy, h, z, c, rows, lda, ldy, units, n)
	gruBackZCGeneric(wda.view(), wdhz.view(), dh, dy, h, z, c, rows, lda, ldy, units, n)
	compare("BackZC da", gda, wda)
	compare("BackZC dhz", gdhz, wdhz)

	gruBackR(x, gda.view(), gdhz.view(), drh, h, r, rows, lda, units, n)
	gruBackRGeneric(wda.view(), wdhz.view(), drh, h, r, rows, lda, units, n)
	compare("BackR da", gda, wda)
	compare("BackR dh", gdhz, wdhz)

	gda, wda = out(3*units, lda)
	gdau, wdau := out(3*units, lda)
	gdhz, wdhz = out(units, units)
	gruBackResetAfter(x, gda.view(), gdau.view(), gdhz.view(), dh, dy, h, z, r, c, u, b, rows, lda, ldy, ldu, units, n)
	gruBackResetAfterGeneric(wda.view(), wdau.view(), wdhz.view(), dh, dy, h, z, r, c, u, b, rows, lda, ldy, ldu, units, n)
	compare("BackResetAfter da", gda, wda)
	compare("BackResetAfter dau", gdau, wdau)
	compare("BackResetAfter dhz", gdhz, wdhz)
}

// TestGRUTrainPanics checks the messages of the training steps' argument checks.
func TestGRUTrainPanics(t *testing.T) {
	const u = 4
	wt := newTrainWeights(rand.New(rand.NewPCG(47, 48)), u)
	buf := func(n int) []float32 { return make([]float32, n) }
	for _, c := range []struct {
		want string
		f    func()
	}{
		{"kernels: padded < rows", func() {
			GRUTrainStep(buf(8), buf(8), buf(8), buf(8), buf(8), buf(16), buf(8), buf(8), buf(24), 2, 1, u, 12, wt.uzr, wt.uh)
		}},
		{"kernels: bad shape of uzr", func() {
			GRUTrainStep(buf(8), buf(8), buf(8), buf(8), buf(8), buf(16), buf(8), buf(8), buf(24), 2, 2, u, 12, wt.uh, wt.uh)
		}},
		{"kernels: bad shape of uh", func() {
			GRUTrainStep(buf(8), buf(8), buf(8), buf(8), buf(8), buf(16), buf(8), buf(8), buf(24), 2, 2, u, 12, wt.uzr, wt.uzr)
		}},
		{"kernels: insufficient length of rh", func() {
			GRUTrainStep(buf(8), buf(8), buf(8), buf(7), buf(8), buf(16), buf(8), buf(8), buf(24), 2, 2, u, 12, wt.uzr, wt.uh)
		}},
		{"kernels: insufficient length of hu", func() {
			GRUTrainStep(buf(8), buf(8), buf(8), buf(8), buf(8), buf(15), buf(8), buf(8), buf(24), 2, 2, u, 12, wt.uzr, wt.uh)
		}},
		{"kernels: insufficient length of x", func() {
			GRUTrainStep(buf(8), buf(8), buf(8), buf(8), buf(8), buf(16), buf(8), buf(8), buf(26), 2, 2, u, 15, wt.uzr, wt.uh)
		}},
		{"kernels: bad leading dimension of x", func() {
			GRUTrainStep(buf(8), buf(8), buf(8), buf(8), buf(8), buf(16), buf(8), buf(8), buf(24), 2, 2, u, 11, wt.uzr, wt.uh)
		}},
		{"kernels: bad shape of uzh", func() {
			GRUTrainStepResetAfter(buf(8), buf(8), buf(8), buf(8), buf(24), buf(8), buf(24), nil, 2, 2, u, 12, wt.uzT)
		}},
		{"kernels: insufficient length of u", func() {
			GRUTrainStepResetAfter(buf(8), buf(8), buf(8), buf(8), buf(23), buf(8), buf(24), nil, 2, 2, u, 12, wt.uzh)
		}},
		{"kernels: insufficient length of b", func() {
			GRUTrainStepResetAfter(buf(8), buf(8), buf(8), buf(8), buf(24), buf(8), buf(24), buf(11), 2, 2, u, 12, wt.uzh)
		}},
		{"kernels: units < 1", func() {
			GRUTrainStepResetAfter(nil, nil, nil, nil, nil, nil, nil, nil, 0, 0, 0, 0, wt.uzh)
		}},
		// The forward packs in place of the transposed ones.
		{"kernels: bad shape of uzrT", func() {
			GRUBackStep(buf(8), buf(24), buf(8), buf(8), buf(8), u, buf(8), buf(8), buf(8), buf(8), 2, 2, u, wt.uzr, wt.uhT)
		}},
		{"kernels: bad shape of uhT", func() {
			GRUBackStep(buf(8), buf(24), buf(8), buf(8), buf(8), u, buf(8), buf(8), buf(8), buf(8), 2, 2, u, wt.uzrT, wt.uzrT)
		}},
		{"kernels: bad shape of uT", func() {
			GRUBackStepResetAfter(buf(8), buf(24), buf(24), buf(8), buf(8), u, buf(8), buf(8), buf(8), buf(8), buf(24), nil, 2, 2, u, wt.uzh)
		}},
		{"kernels: padded < rows", func() {
			GRUBackStep(buf(8), buf(24), buf(8), buf(8), buf(8), u, buf(8), buf(8), buf(8), buf(8), 2, 1, u, wt.uzrT, wt.uhT)
		}},
		{"kernels: insufficient length of da", func() {
			GRUBackStep(buf(8), buf(23), buf(8), buf(8), buf(8), u, buf(8), buf(8), buf(8), buf(8), 2, 2, u, wt.uzrT, wt.uhT)
		}},
		{"kernels: insufficient length of c", func() {
			GRUBackStep(buf(8), buf(24), buf(8), buf(8), buf(8), u, buf(8), buf(8), buf(8), buf(7), 2, 2, u, wt.uzrT, wt.uhT)
		}},
		{"kernels: bad leading dimension of dy", func() {
			GRUBackStep(buf(8), buf(24), buf(8), buf(8), buf(8), u-1, buf(8), buf(8), buf(8), buf(8), 2, 2, u, wt.uzrT, wt.uhT)
		}},
		{"kernels: bad leading dimension of dy", func() {
			GRUBackStep(buf(8), buf(24), buf(8), buf(8), buf(8), -1, buf(8), buf(8), buf(8), buf(8), 2, 2, u, wt.uzrT, wt.uhT)
		}},
		{"kernels: insufficient length of dy", func() {
			GRUBackStep(buf(8), buf(24), buf(8), buf(8), buf(u-1), 0, buf(8), buf(8), buf(8), buf(8), 2, 2, u, wt.uzrT, wt.uhT)
		}},
		{"kernels: insufficient length of dy", func() {
			GRUBackStep(buf(8), buf(24), buf(8), buf(8), buf(u+5), u+2, buf(8), buf(8), buf(8), buf(8), 2, 2, u, wt.uzrT, wt.uhT)
		}},
		{"kernels: insufficient length of dau", func() {
			GRUBackStepResetAfter(buf(8), buf(24), buf(23), buf(8), buf(8), u, buf(8), buf(8), buf(8), buf(8), buf(24), nil, 2, 2, u, wt.uzT)
		}},
		{"kernels: insufficient length of u", func() {
			GRUBackStepResetAfter(buf(8), buf(24), buf(24), buf(8), buf(8), u, buf(8), buf(8), buf(8), buf(8), buf(20), nil, 2, 2, u, wt.uzT)
		}},
		{"kernels: insufficient length of b", func() {
			GRUBackStepResetAfter(buf(8), buf(24), buf(24), buf(8), buf(8), u, buf(8), buf(8), buf(8), buf(8), buf(24), buf(11), 2, 2, u, wt.uzT)
		}},
		{"kernels: insufficient length of dy", func() {
			GRUBackStepResetAfter(buf(8), buf(24), buf(24), buf(8), buf(7), u, buf(8), buf(8), buf(8), buf(8), buf(24), nil, 2, 2, u, wt.uzT)
		}},
	} {
		func() {
			defer func() {
				if r := recover(); r != c.want {
					t.Errorf("panic %v, want %q", r, c.want)
				}
			}()
			c.f()
		}()
	}
}

// TestGRUTrainNoAllocs: warmed training steps allocate nothing, reset_after's without a bias
// either.
func TestGRUTrainNoAllocs(t *testing.T) {
	const rows, padded, units = 5, 6, 24
	wt := newTrainWeights(rand.New(rand.NewPCG(49, 50)), units)
	buf := func(sections int) []float32 { return make([]float32, padded*sections*units) }
	hn, z, r, rh, c, cu, h, dh, dhPrev, drh := buf(1), buf(1), buf(1), buf(1), buf(1), buf(1), buf(1), buf(1), buf(1), buf(1)
	hu, u, x, da, dau := buf(2), buf(3), buf(3), buf(3), buf(3)
	dy := slices.Clone(h[:units])
	for name, f := range map[string]func(){
		"GRUTrainStep": func() { GRUTrainStep(hn, z, r, rh, c, hu, cu, h, x, rows, padded, units, 3*units, wt.uzr, wt.uh) },
		"GRUTrainStepResetAfter": func() {
			GRUTrainStepResetAfter(hn, z, r, c, u, h, x, nil, rows, padded, units, 3*units, wt.uzh)
		},
		"GRUBackStep": func() {
			GRUBackStep(dhPrev, da, drh, dh, dy, 0, h, z, r, c, rows, padded, units, wt.uzrT, wt.uhT)
		},
		"GRUBackStepResetAfter": func() {
			GRUBackStepResetAfter(dhPrev, da, dau, dh, dy, 0, h, z, r, c, u, nil, rows, padded, units, wt.uzT)
		},
	} {
		f()
		if allocs := testing.AllocsPerRun(20, f); allocs != 0 {
			t.Errorf("%s: %v allocations per call", name, allocs)
		}
	}
}

// TestGRUTrainStepsSplit runs both kinds of step on calls large enough for their gate kernels to
// be split by rows over 2 and 3 threads (and one just too small), against the same float64
// equations: every share must compute its own rows, and only them.
func TestGRUTrainStepsSplit(t *testing.T) {
	defer SetThreads(0)
	forEachImpl(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(45, 46))
		for _, threads := range []int{2, 3} {
			SetThreads(threads)
			// Many rows of few units keep the float64 products cheap; 9 units have a tail.
			for _, s := range []trainShape{{parallelMinGates/16 + 3, parallelMinGates/16 + 6, 16}, {parallelMinGates/9 + 1, parallelMinGates/9 + 1, 9}, {parallelMinGates/16 - 1, parallelMinGates / 16, 16}} {
				for _, ldy := range []int{0, s.units + 3} {
					t.Run(fmt.Sprintf("threads=%d,%v,ldy=%d", threads, s, ldy), func(t *testing.T) {
						checkGRUTrainStep(t, rng, s, false)
						checkGRUTrainStepResetAfter(t, rng, s, false, true)
						checkGRUBackStep(t, rng, s, ldy, false)
						checkGRUBackStepResetAfter(t, rng, s, ldy, false, true)
					})
				}
			}
		}
	})
}

// TestGRUTrainStepThreads runs every training step on one thread and split by rows over two and
// three: the same results to the bit, as each row's arithmetic does not depend on the split, for
// batches of one micro-panel per thread and more, and with rows in the last panel only partly.
func TestGRUTrainStepThreads(t *testing.T) {
	defer SetThreads(0)
	forEachImpl(t, func(t *testing.T) {
		for _, s := range [][2]int{{32, 64}, {128, 32}, {13, 64}, {7, 100}} {
			run := func(threads int) *trainBench {
				SetThreads(threads)
				o := newTrainBench(s[0], s[1])
				GRUTrainStep(o.hn, o.z, o.r, o.rh, o.c, o.hu, o.cu, o.h, o.x, o.rows, o.padded, o.units, 3*o.units, o.wt.uzr, o.wt.uh)
				GRUBackStep(o.dhPrev, o.da, o.drh, o.dh, o.dy, o.units, o.h, o.z, o.r, o.c, o.rows, o.padded, o.units, o.wt.uzrT, o.wt.uhT)
				GRUTrainStepResetAfter(o.hn, o.z, o.r, o.c, o.u, o.h, o.x, o.b, o.rows, o.padded, o.units, 3*o.units, o.wt.uzh)
				GRUBackStepResetAfter(o.dhPrev, o.da, o.dau, o.dh, o.dy, o.units, o.h, o.z, o.r, o.c, o.u, o.b, o.rows, o.padded, o.units, o.wt.uzT)
				return o
			}
			want := run(1)
			for _, threads := range []int{2, 3} {
				got := run(threads)
				for name, v := range map[string][2][]float32{"hn": {got.hn, want.hn}, "z": {got.z, want.z}, "r": {got.r, want.r},
					"rh": {got.rh, want.rh}, "c": {got.c, want.c}, "hu": {got.hu, want.hu}, "cu": {got.cu, want.cu}, "u": {got.u, want.u},
					"dhPrev": {got.dhPrev, want.dhPrev}, "da": {got.da, want.da}, "dau": {got.dau, want.dau}, "drh": {got.drh, want.drh}} {
					for i := range v[1] {
						if math.Float32bits(v[0][i]) != math.Float32bits(v[1][i]) {
							t.Fatalf("rows %d units %d threads %d: %s[%d] = %v, one thread %v", s[0], s[1], threads, name, i, v[0][i], v[1][i])
						}
					}
				}
			}
		}
	})
}
