package kernels

import (
	"math"
	"math/rand/v2"
	"runtime/debug"
	"strings"
	"testing"
)

// refSequence16 is GRUSequence16 in float64: the states of every step of every row.
func refSequence16(h0, x, w, bias, u []float32, rows, steps, in, n, ldx, xstep int) [][]float64 {
	states := make([][]float64, rows*steps)
	sig := func(v float64) float64 { return 1 / (1 + math.Exp(-v)) }
	for b := 0; b < rows; b++ {
		h := make([]float64, n)
		for j := range h {
			h[j] = float64(h0[b*n+j])
		}
		for t := 0; t < steps; t++ {
			p := make([]float64, 3*n)
			for j := range p {
				p[j] = float64(bias[j])
				for i := 0; i < in; i++ {
					p[j] += float64(x[b*ldx+t*xstep+i]) * float64(w[i*3*n+j])
				}
			}
			z, rh, next := make([]float64, n), make([]float64, n), make([]float64, n)
			for j := 0; j < n; j++ {
				sz, sr := p[j], p[n+j]
				for k := 0; k < n; k++ {
					sz += h[k] * float64(u[k*3*n+j])
					sr += h[k] * float64(u[k*3*n+n+j])
				}
				z[j], rh[j] = sig(sz), sig(sr)*h[j]
			}
			for j := 0; j < n; j++ {
				sc := p[2*n+j]
				for k := 0; k < n; k++ {
					sc += rh[k] * float64(u[k*3*n+2*n+j])
				}
				c := math.Tanh(sc)
				next[j] = c + z[j]*(h[j]-c)
			}
			h = next
			states[b*steps+t] = next
		}
	}
	return states
}

// TestGRUSequence16 compares every implementation with float64 over batches around the kernel's
// four rows, every number of units up to 16, no inputs and some, steps past one call's, outputs
// strided or none, a nil bias, a NaN in one row that stays there, and guard cells around every
// operand.
func TestGRUSequence16(t *testing.T) {
	rng := rand.New(rand.NewPCG(41, 42))
	forEachImpl(t, func(t *testing.T) {
		for _, rows := range []int{1, 3, 4, 5, 9} {
			for _, n := range []int{1, 5, 15, 16} {
				for _, in := range []int{0, 3, 15} {
					for _, steps := range []int{1, 3, 100} {
						if steps > 3 && (rows > 5 || n == 5 || in == 3) {
							continue
						}
						checkSequence16(t, rng, rows, steps, in, n)
					}
				}
			}
		}
	})
}

func checkSequence16(t *testing.T, rng *rand.Rand, rows, steps, in, n int) {
	xstep := in + 2
	ldx := steps*xstep + 1
	x := newMatrix(rng, rows, steps*xstep, ldx, 1)
	w := newMatrix(rng, max(in, 1), 3*n, 3*n, 2)
	bias := newMatrix(rng, 1, 3*n, 3*n, 1)
	u := newMatrix(rng, n, 3*n, 3*n, 2)
	h := newMatrix(rng, rows, n, n, 3)
	for _, withOut := range []bool{false, true} {
		h0 := h.clone()
		ostep, ldo := n+1, steps*(n+1)+3
		out := newMatrix(rng, rows, steps*ostep, ldo, 1)
		o := out.view()
		if !withOut {
			o = nil
		}
		b := bias.view()
		if withOut {
			b = nil // zero
		}
		if rows > 1 && in > 0 {
			x.buf[x.off+ldx] = float32(math.NaN()) // row 1, step 0
		}
		refBias := make([]float32, 3*n)
		if b != nil {
			copy(refBias, b)
		}
		want := refSequence16(h0.view(), x.view(), w.view(), refBias, u.view(), rows, steps, in, n, ldx, xstep)
		GRUSequence16(h0.view(), o, x.view(), w.view(), b, u.view(), rows, steps, in, n, ldx, xstep, ldo, ostep)
		h0.checkGuards(t)
		out.checkGuards(t)
		for r := 0; r < rows; r++ {
			for s := 0; s < steps; s++ {
				if !withOut && s != steps-1 {
					continue
				}
				for j := 0; j < n; j++ {
					w := want[r*steps+s][j]
					got := float64(h0.at(r, j))
					if withOut {
						got = float64(out.at(r, s*ostep+j))
					}
					if math.IsNaN(w) != math.IsNaN(got) || math.Abs(got-w) > 2e-5 {
						t.Fatalf("rows %d units %d in %d steps %d out %v: row %d step %d unit %d = %v, want %v",
							rows, n, in, steps, withOut, r, s, j, got, w)
					}
				}
			}
		}
		x.buf[x.off+ldx] = 0.5
	}
}

// TestGRUSequence16Panics: bad arguments, sizes whose products overflow among them, panic before
// any kernel reads a float.
func TestGRUSequence16Panics(t *testing.T) {
	v := func(n int) []float32 { return make([]float32, n) }
	for name, f := range map[string]func(){
		"units":       func() { GRUSequence16(v(4), nil, v(3), v(0), nil, v(3), 1, 1, 1, 0, 0, 1, 0, 0) },
		"units > 16":  func() { GRUSequence16(v(17), nil, v(51), v(0), nil, v(867), 1, 1, 0, 17, 51, 51, 0, 0) },
		"h overflows": func() { GRUSequence16(v(16), nil, v(48), v(0), nil, v(768), 1<<60, 1, 0, 16, 0, 0, 0, 0) },
		"x overflows": func() {
			GRUSequence16(v(48), nil, v(16), v(48), nil, v(768), 3, 1, 1, 16, 1<<62+1<<40, 1, 0, 0)
		},
		"steps overflow": func() { GRUSequence16(v(16), nil, v(16), v(48), nil, v(768), 1, 1<<62, 1, 16, 0, 4, 0, 0) },
		"short x":        func() { GRUSequence16(v(16), nil, v(5), v(3*16*3), nil, v(768), 1, 2, 3, 16, 6, 3, 0, 0) },
		"short out":      func() { GRUSequence16(v(16), v(31), v(0), v(0), nil, v(768), 1, 2, 0, 16, 0, 0, 16, 16) },
		"short w":        func() { GRUSequence16(v(16), nil, v(3), v(3*16*3-1), nil, v(768), 1, 1, 3, 16, 3, 3, 0, 0) },
		"short bias":     func() { GRUSequence16(v(16), nil, v(0), v(0), v(47), v(768), 1, 1, 0, 16, 0, 0, 0, 0) },
		"short u":        func() { GRUSequence16(v(16), nil, v(0), v(0), nil, v(767), 1, 1, 0, 16, 0, 0, 0, 0) },
	} {
		func() {
			defer func() {
				if r, _ := recover().(string); !strings.HasPrefix(r, "kernels: ") {
					t.Errorf("%s: recovered %q, want a kernels panic", name, r)
				}
			}()
			f()
		}()
	}
}

// FuzzGRUSequence16: any shape, strides and lengths, one slice possibly short: a gonum-style
// panic or a result, never a runtime panic from an access past a slice; every implementation's
// states within float32 rounding of generic's for inputs in [-1, 1].
func FuzzGRUSequence16(f *testing.F) {
	f.Add([]byte{4, 64, 16, 0, 0, 0, 15}, uint64(1))
	f.Add([]byte{5, 3, 7, 2, 1, 1, 3}, uint64(2))
	f.Add([]byte{1, 1, 1, 0, 0, 2, 0}, uint64(3))
	f.Fuzz(func(t *testing.T, data []byte, seed uint64) {
		rows, steps, units := shapeFrom(data, 0), shapeFrom(data, 1), shapeFrom(data, 2)
		pad, short := shapeFrom(data, 3)%4, shapeFrom(data, 4)%5 // short: one slice too short
		withOut := shapeFrom(data, 5)%2 == 0
		if rows < 0 || rows > 9 || steps < 0 || steps > 300 || units < 0 || units > 17 {
			return
		}
		in := shapeFrom(data, 6) % 20
		xstep, ostep := in+pad, units+pad
		ldx, ldo := steps*xstep, steps*ostep
		run := func() (h, out []float32) {
			rng := rand.New(rand.NewPCG(seed, 1))
			vec := uniform(rng, 1)
			x, w, bias, u := vec(rows*ldx), vec(3*units*in), vec(3*units), vec(3*units*units)
			h = vec(rows * units)
			if withOut {
				out = vec(rows * ldo)
			}
			cut := func(v []float32) []float32 {
				if len(v) > 0 {
					return v[:len(v)-1]
				}
				return v
			}
			switch short {
			case 1:
				x = cut(x)
			case 2:
				u = cut(u)
			case 3:
				h = cut(h)
			case 4:
				out = cut(out)
			}
			defer func() {
				if r := recover(); r != nil {
					if s, ok := r.(string); !ok || !strings.HasPrefix(s, "kernels: ") {
						t.Fatalf("%s: panic %v\n%s", Selected(), r, debug.Stack())
					}
					h = nil
				}
			}()
			GRUSequence16(h, out, x, w, bias, u, rows, steps, in, units, ldx, xstep, ldo, ostep)
			return h, out
		}
		defer use(t, "generic")()
		wantH, wantOut := run()
		for _, name := range testedImpls() {
			restore := use(t, name)
			h, out := run()
			restore()
			if (h == nil) != (wantH == nil) {
				t.Fatalf("%s: panicked %v, generic %v", name, h == nil, wantH == nil)
			}
			for i := range h {
				if math.Abs(float64(h[i]-wantH[i])) > 1e-5 {
					t.Fatalf("%s: h[%d] = %v, generic %v", name, i, h[i], wantH[i])
				}
			}
			for i := range out {
				if math.Abs(float64(out[i]-wantOut[i])) > 1e-5 {
					t.Fatalf("%s: out[%d] = %v, generic %v", name, i, out[i], wantOut[i])
				}
			}
		}
	})
}
