package kernels

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// approx is the exact value of a formula, in float64, with a bound on how far the same formula
// evaluated in float32, rounding after every operation, may land from it.
type approx struct{ v, e float64 }

func approxOf(x float32) approx { return approx{v: float64(x)} }

// rounded adds one float32 rounding to a's bound: half an ulp, or 2^-150 among the subnormals.
// Where float32 may overflow, or the value is not a number, the bound is infinite.
func (a approx) rounded() approx {
	a.e += 0x1p-24*(math.Abs(a.v)+a.e) + 0x1p-150
	if !(math.Abs(a.v)+a.e < math.MaxFloat32) {
		a.e = math.Inf(1)
	}
	return a
}

func (a approx) add(b approx) approx { return approx{a.v + b.v, a.e + b.e}.rounded() }
func (a approx) sub(b approx) approx { return approx{a.v - b.v, a.e + b.e}.rounded() }

func (a approx) mul(b approx) approx {
	return approx{a.v * b.v, math.Abs(a.v)*b.e + math.Abs(b.v)*a.e + a.e*b.e}.rounded()
}

func (a approx) div(b approx) approx {
	v, e := a.v/b.v, math.Inf(1)
	if math.Abs(b.v) > b.e {
		e = (a.e + math.Abs(v)*b.e) / (math.Abs(b.v) - b.e)
	}
	return approx{v, e}.rounded()
}

// sqrt's bound is infinite where the float32 operand may be negative.
func (a approx) sqrt() approx {
	v, e := math.Sqrt(a.v), math.Inf(1)
	if a.v-a.e >= 0 {
		e = math.Max(math.Sqrt(a.v+a.e)-v, v-math.Sqrt(a.v-a.e))
	}
	return approx{v, e}.rounded()
}

// admits reports whether got is within twice a's bound of a's value; with an infinite bound,
// known is false.
func (a approx) admits(got float32) (ok, known bool) {
	if !(a.e < math.Inf(1)) {
		return true, false
	}
	return math.Abs(float64(got)-a.v) <= 2*a.e, true
}

// sameFloat reports whether a and b have the same bits, any NaN matching any other.
func sameFloat(a, b float32) bool {
	return math.Float32bits(a) == math.Float32bits(b) || a != a && b != b
}

// optimizer is one update under test, with the state it carries besides w and g.
type optimizer struct {
	name    string
	squares []bool // per state vector: whether it holds squares, never negative
	streams int    // the vectors of float32 the update reads or writes, for GB/s
	update  func(w, g []float32, s [][]float32)
	twin    func(w, g []float32, s [][]float32)
	// ref is the reference of one element: new w, then new state.
	ref func(w, g float32, s []float32) (approx, []approx)
}

func rmspropRef(lr, rho, eps float32, epsOutside bool) func(w, g float32, s []float32) (approx, []approx) {
	return func(w, g float32, s []float32) (approx, []approx) {
		gg := approxOf(g)
		ms := approxOf(rho).mul(approxOf(s[0])).add(approxOf(1).sub(approxOf(rho)).mul(gg.mul(gg)))
		var d approx
		if epsOutside {
			d = ms.sqrt().add(approxOf(eps))
		} else {
			d = ms.add(approxOf(eps)).sqrt()
		}
		return approxOf(w).sub(approxOf(lr).mul(gg).div(d)), []approx{ms}
	}
}

func adamRef(alpha, beta1, beta2, eps float32) func(w, g float32, s []float32) (approx, []approx) {
	return func(w, g float32, s []float32) (approx, []approx) {
		gg, m, v := approxOf(g), approxOf(s[0]), approxOf(s[1])
		m = m.add(gg.sub(m).mul(approxOf(1).sub(approxOf(beta1))))
		v = v.add(gg.mul(gg).sub(v).mul(approxOf(1).sub(approxOf(beta2))))
		return approxOf(w).sub(approxOf(alpha).mul(m).div(v.sqrt().add(approxOf(eps)))), []approx{m, v}
	}
}

func sgdRef(lr, momentum float32, nesterov bool) func(w, g float32, s []float32) (approx, []approx) {
	return func(w, g float32, s []float32) (approx, []approx) {
		step := approxOf(lr).mul(approxOf(g))
		if len(s) == 0 {
			return approxOf(w).sub(step), nil
		}
		vel := approxOf(momentum).mul(approxOf(s[0])).sub(step)
		if nesterov {
			return approxOf(w).add(approxOf(momentum).mul(vel).sub(step)), []approx{vel}
		}
		return approxOf(w).add(vel), []approx{vel}
	}
}

func rmspropCase(lr, rho, eps float32, epsOutside bool) optimizer {
	return optimizer{
		name:    fmt.Sprintf("rmsprop/rho=%v/eps=%v/outside=%v", rho, eps, epsOutside),
		squares: []bool{true}, streams: 5,
		update: func(w, g []float32, s [][]float32) { RMSpropUpdate(w, g, s[0], lr, rho, eps, epsOutside) },
		twin:   func(w, g []float32, s [][]float32) { rmspropGeneric(w, g, s[0], lr, rho, eps, epsOutside) },
		ref:    rmspropRef(lr, rho, eps, epsOutside),
	}
}

func adamCase(alpha, beta1, beta2, eps float32) optimizer {
	return optimizer{
		name:    fmt.Sprintf("adam/beta1=%v/beta2=%v/eps=%v", beta1, beta2, eps),
		squares: []bool{false, true}, streams: 7,
		update: func(w, g []float32, s [][]float32) { AdamUpdate(w, g, s[0], s[1], alpha, beta1, beta2, eps) },
		twin:   func(w, g []float32, s [][]float32) { adamGeneric(w, g, s[0], s[1], alpha, beta1, beta2, eps) },
		ref:    adamRef(alpha, beta1, beta2, eps),
	}
}

func sgdCase(lr, momentum float32, nesterov bool) optimizer {
	o := optimizer{
		name:    fmt.Sprintf("sgd/momentum=%v/nesterov=%v", momentum, nesterov),
		squares: []bool{false}, streams: 5,
		update: func(w, g []float32, s [][]float32) { SGDUpdate(w, g, s[0], lr, momentum, nesterov) },
		twin:   func(w, g []float32, s [][]float32) { sgdGeneric(w, g, s[0], lr, momentum, nesterov) },
		ref:    sgdRef(lr, momentum, nesterov),
	}
	if momentum == 0 {
		o.squares, o.streams = nil, 3
		o.update = func(w, g []float32, _ [][]float32) { SGDUpdate(w, g, nil, lr, 0, nesterov) }
		o.twin = func(w, g []float32, _ [][]float32) { sgdGeneric(w, g, nil, lr, 0, false) }
	}
	return o
}

// optimizers are the updates with the settings of Keras's defaults and others.
var optimizers = []optimizer{
	rmspropCase(1e-3, 0.9, 1e-7, false),
	rmspropCase(0.01, 0.3, 1e-6, true), // 1-rho inexact in float32
	rmspropCase(1e-3, 0.9, 1e-7, true),
	adamCase(1e-3, 0.9, 0.999, 1e-7),
	adamCase(0.05, 0.3, 0.2, 1e-3),
	sgdCase(0.01, 0, false),
	sgdCase(0.01, 0.9, false),
	sgdCase(0.01, 0.9, true),
}

// optimizerValue is a float of any sign over seven decades, or a square's magnitude.
func optimizerValue(rng *rand.Rand, square bool) float32 {
	x := (rng.Float64()*2 - 1) * math.Pow(10, float64(rng.IntN(7)-3))
	if square {
		return float32(x * x)
	}
	return float32(x)
}

// updateVectors are w, g and an optimizer's state, each a 1×n matrix off floats into a buffer with
// guard cells before and after.
type updateVectors struct {
	w, g *matrix
	s    []*matrix
}

func newVectors(rng *rand.Rand, o optimizer, n, off int) *updateVectors {
	mk := func(square bool) *matrix {
		x := make([]float32, n)
		for i := range x {
			x[i] = optimizerValue(rng, square)
		}
		return guardedVector(x, off)
	}
	vs := &updateVectors{w: mk(false), g: mk(false)}
	for _, sq := range o.squares {
		vs.s = append(vs.s, mk(sq))
	}
	return vs
}

// guardedVector is a copy of x as a 1×len(x) matrix off floats into a buffer of guard cells.
func guardedVector(x []float32, off int) *matrix {
	m := &matrix{buf: make([]float32, off+len(x)+guardLen), off: off, rows: 1, cols: len(x), ld: max(1, len(x))}
	for i := range m.buf {
		m.buf[i] = guard
	}
	copy(m.buf[off:], x)
	return m
}

func (vs *updateVectors) state() [][]float32 {
	s := make([][]float32, len(vs.s))
	for i, m := range vs.s {
		s[i] = m.view()
	}
	return s
}

func (vs *updateVectors) clone() *updateVectors {
	c := &updateVectors{w: vs.w.clone(), g: vs.g.clone()}
	for _, m := range vs.s {
		c.s = append(c.s, m.clone())
	}
	return c
}

func (vs *updateVectors) checkGuards(t *testing.T) {
	t.Helper()
	vs.w.checkGuards(t)
	vs.g.checkGuards(t)
	for _, m := range vs.s {
		m.checkGuards(t)
	}
}

// stepAndCheck runs one update on vs and checks it against the Go twin, bit for bit, and against
// the reference; with known, every reference bound must be finite.
func stepAndCheck(t *testing.T, o optimizer, vs *updateVectors, known bool) {
	t.Helper()
	before, twin := vs.clone(), vs.clone()
	o.twin(twin.w.view(), twin.g.view(), twin.state())
	o.update(vs.w.view(), vs.g.view(), vs.state())
	vs.checkGuards(t)
	w, g, s := before.w.view(), before.g.view(), before.state()
	got, gotS, want, wantS := vs.w.view(), vs.state(), twin.w.view(), twin.state()
	si := make([]float32, len(s))
	// check's what is -1 for w, else the index of the state vector.
	check := func(what, i int, got, twin float32, ref approx) {
		t.Helper()
		name := "w"
		if what >= 0 {
			name = fmt.Sprint("state", what)
		}
		if !sameFloat(got, twin) {
			t.Fatalf("n=%d %s[%d] = %v, Go twin %v (w %v, g %v, state %v)", len(w), name, i, got, twin, w[i], g[i], si)
		}
		if ok, finite := ref.admits(got); !ok || known && !finite {
			t.Fatalf("n=%d %s[%d] = %v, want %v ± %.3g (w %v, g %v, state %v)", len(w), name, i, got, ref.v, 2*ref.e, w[i], g[i], si)
		}
	}
	for i := range w {
		for k := range s {
			si[k] = s[k][i]
		}
		rw, rs := o.ref(w[i], g[i], si)
		check(-1, i, got[i], want[i], rw)
		for k := range s {
			check(k, i, gotS[k][i], wantS[k][i], rs[k])
		}
	}
}

// TestOptimizerUpdates: every update under every implementation, three steps carrying the state,
// against the Go twin bit for bit and the float64 reference, for every length across the
// kernels' blocks and tails, and one step of a length beyond one assembly call's 1<<15 floats,
// at odd offsets between guard cells.
func TestOptimizerUpdates(t *testing.T) {
	lengths := []int{127, 128, 129, 255, 1000}
	for n := range 71 {
		lengths = append(lengths, n)
	}
	forEachImpl(t, func(t *testing.T) {
		for k, o := range optimizers {
			t.Run(o.name, func(t *testing.T) {
				rng := rand.New(rand.NewPCG(uint64(k), 3))
				stepAndCheck(t, o, newVectors(rng, o, 1<<15+43, 3), true)
				for _, n := range lengths {
					vs := newVectors(rng, o, n, 1+2*(n%3))
					for range 3 {
						stepAndCheck(t, o, vs, true)
						for i := range vs.g.view() {
							vs.g.buf[vs.g.off+i] = optimizerValue(rng, false)
						}
					}
				}
			})
		}
	})
}

// TestOptimizerNaN: a NaN gradient makes its own weight NaN and no other.
func TestOptimizerNaN(t *testing.T) {
	forEachImpl(t, func(t *testing.T) {
		for _, o := range optimizers {
			const n = 45 // 40 in the kernels, 5 in Go
			vs := newVectors(rand.New(rand.NewPCG(5, 6)), o, n, 0)
			nan := map[int]bool{0: true, 20: true, 39: true, 42: true}
			for i := range nan {
				vs.g.buf[i] = float32(math.NaN())
			}
			o.update(vs.w.view(), vs.g.view(), vs.state())
			for i, w := range vs.w.view() {
				if math.IsNaN(float64(w)) != nan[i] {
					t.Errorf("%s: w[%d] = %v with g[%d] = %v", o.name, i, w, i, vs.g.buf[i])
				}
			}
		}
	})
}

// TestOptimizerLengths: a slice of another length than w's panics; SGD without momentum
// ignores vel.
func TestOptimizerLengths(t *testing.T) {
	updates := map[string]func(v [][]float32){
		"RMSprop": func(v [][]float32) { RMSpropUpdate(v[0], v[1], v[2], 1e-3, 0.9, 1e-7, false) },
		"Adam":    func(v [][]float32) { AdamUpdate(v[0], v[1], v[2], v[3], 1e-3, 0.9, 0.999, 1e-7) },
		"SGD":     func(v [][]float32) { SGDUpdate(v[0], v[1], v[2], 0.01, 0.9, false) },
	}
	for name, update := range updates {
		slices := 3
		if name == "Adam" {
			slices = 4
		}
		for _, n := range []int{0, 8, 13} {
			for odd := range slices {
				for _, d := range []int{-1, 1} {
					if n+d < 0 {
						continue
					}
					v := make([][]float32, 4)
					for i := range v {
						v[i] = make([]float32, n)
					}
					v[odd] = make([]float32, n+d)
					func() {
						defer func() {
							if r, ok := recover().(string); !ok || !strings.HasPrefix(r, "kernels: ") {
								t.Errorf("%s: n=%d, slice %d of %d floats: panic %q", name, n, odd, n+d, r)
							}
						}()
						update(v)
					}()
				}
			}
		}
	}
	w, g := make([]float32, 13), make([]float32, 13)
	SGDUpdate(w, g, nil, 0.01, 0, false)
	SGDUpdate(w, g, make([]float32, 3), 0.01, 0, true)
}

// TestOptimizerNoAllocs: the updates allocate nothing.
func TestOptimizerNoAllocs(t *testing.T) {
	for _, o := range optimizers {
		vs := newVectors(rand.New(rand.NewPCG(1, 2)), o, 1000, 0)
		w, g, s := vs.w.view(), vs.g.view(), vs.state()
		if allocs := testing.AllocsPerRun(10, func() { o.update(w, g, s) }); allocs != 0 {
			t.Errorf("%s: %v allocations per update", o.name, allocs)
		}
	}
}
