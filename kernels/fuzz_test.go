package kernels

import (
	"encoding/binary"
	"math"
	"math/rand/v2"
	"runtime/debug"
	"strings"
	"testing"

	"gonum.org/v1/gonum/blas"
)

// shapeFrom turns fuzz bytes into small dimensions and paddings, some of them bad on purpose.
func shapeFrom(data []byte, i int) int {
	if i >= len(data) {
		return 1
	}
	return int(int8(data[i])) % 40
}

// FuzzSgemm: any arguments either panic with a "blas: " message or match the reference, under
// every implementation.
func FuzzSgemm(f *testing.F) {
	f.Add([]byte{7, 15, 16, 0, 0, 0, 0, 0}, uint64(1), float32(1), float32(0))
	f.Add([]byte{13, 33, 9, 1, 2, 3, 1, 1}, uint64(2), float32(-0.5), float32(2))
	f.Add([]byte{0, 0, 0, 0, 0, 0, 0, 0}, uint64(3), float32(0), float32(1))
	f.Add([]byte{0xff, 3, 3, 0, 0, 0, 0, 0}, uint64(4), float32(1), float32(1))
	f.Add([]byte{11, 33, 39, 0, 30, 1, 0, 0, 1}, uint64(5), float32(1), float32(0))
	f.Fuzz(func(t *testing.T, data []byte, seed uint64, alpha, beta float32) {
		if math.IsNaN(float64(alpha)) || math.IsInf(float64(alpha), 0) || math.Abs(float64(alpha)) > 1e3 ||
			math.IsNaN(float64(beta)) || math.IsInf(float64(beta), 0) || math.Abs(float64(beta)) > 1e3 {
			return
		}
		m, n, k := shapeFrom(data, 0), shapeFrom(data, 1), shapeFrom(data, 2)
		tA, tB := transposes[shapeFrom(data, 6)&1], transposes[shapeFrom(data, 7)&1]
		ar, ac := m, k
		if tA == blas.Trans {
			ar, ac = k, m
		}
		br, bc := k, n
		if tB == blas.Trans {
			br, bc = n, k
		}
		lda, ldb, ldc := ac+shapeFrom(data, 3), bc+shapeFrom(data, 4), n+shapeFrom(data, 5)
		if len(data) > 8 && data[8]&1 == 1 && ldb > bc {
			// B's rows far apart, up to about a page: the wide kernel then reads a few rows'
			// B in place over more than L1 holds.
			ldb = bc + 33*(ldb-bc)
		}
		rng := rand.New(rand.NewPCG(seed, 0))
		mk := func(r, c, ld int) *matrix {
			if r < 0 || c < 0 || ld < max(1, c) {
				return &matrix{buf: make([]float32, 8), rows: 1, cols: 1, ld: 1}
			}
			return newMatrix(rng, r, c, ld, int(seed%3))
		}
		a, b, c0 := mk(ar, ac, lda), mk(br, bc, ldb), mk(m, n, ldc)
		valid := m >= 0 && n >= 0 && k >= 0 && lda >= max(1, ac) && ldb >= max(1, bc) && ldc >= max(1, n)
		var want, tol []float64
		if valid {
			want, tol = refGemm(tA, tB, m, n, k, alpha, a, b, beta, c0)
		}
		for _, name := range testedImpls() {
			c := c0.clone()
			msg := func() (msg any) {
				defer use(t, name)()
				defer func() { msg = recover() }()
				Sgemm(tA, tB, m, n, k, alpha, a.view(), lda, b.view(), ldb, beta, c.view(), ldc)
				return nil
			}()
			if !valid {
				// The arguments are checked in Go, the same for every implementation.
				if s, ok := msg.(string); !ok || !strings.HasPrefix(s, "blas: ") {
					t.Fatalf("invalid arguments m=%d n=%d k=%d lda=%d ldb=%d ldc=%d: panic %v, not a blas message", m, n, k, lda, ldb, ldc, msg)
				}
				return
			}
			if msg != nil {
				t.Fatalf("%s: valid arguments panicked: %v", name, msg)
			}
			c.checkGuards(t)
			for i := 0; i < m; i++ {
				for j := 0; j < n; j++ {
					if got := float64(c.at(i, j)); !(math.Abs(got-want[i*n+j]) <= tol[i*n+j]) {
						t.Fatalf("%s: C[%d,%d] = %v, want %v", name, i, j, got, want[i*n+j])
					}
				}
			}
		}
	})
}

// FuzzDense: arbitrary inputs, NaN and Inf included, never crash or write outside y, and match
// the reference wherever float32 cannot overflow, under every implementation.
func FuzzDense(f *testing.F) {
	f.Add([]byte{5, 3, 15, 5}, []byte{1, 2, 3, 4})
	f.Add([]byte{1, 1, 1, 0}, []byte{0x7f, 0xc0, 0, 0})
	f.Fuzz(func(t *testing.T, dims, values []byte) {
		rows, in, out := shapeFrom(dims, 0), shapeFrom(dims, 1), shapeFrom(dims, 2)
		act := Activation(shapeFrom(dims, 3) % 7)
		if rows < 0 || in < 0 || out < 0 || !act.valid() {
			return
		}
		val := func(i int) float32 {
			if len(values) < 4 {
				return float32(i%7) - 3
			}
			j := i * 4 % (len(values) - 3)
			return math.Float32frombits(binary.LittleEndian.Uint32(values[j:]))
		}
		x, w, bias := make([]float32, rows*in), make([]float32, in*out), make([]float32, out)
		for i := range x {
			x[i] = val(i)
		}
		for i := range w {
			w[i] = val(i + 7)
		}
		for i := range bias {
			bias[i] = val(i + 11)
		}
		// Where float32 sums may overflow though float64 ones do not, only the guards are checked.
		bound := 0.0
		for _, v := range x {
			bound = math.Max(bound, math.Abs(float64(v)))
		}
		wmax := 0.0
		for _, v := range append(w, bias...) {
			wmax = math.Max(wmax, math.Abs(float64(v)))
		}
		bound = bound*wmax*float64(in) + wmax
		var want []float64
		if bound < 1e30 {
			want = refDense(x, rows, in, out, w, bias, act)
		}
		tol := 2*float64(in+2)*bound/(1<<23) + 1e-5
		for _, name := range testedImpls() {
			restore := use(t, name)
			y := newMatrix(rand.New(rand.NewPCG(1, 1)), rows, out, max(1, out), 0)
			Dense(y.view(), x, rows, in, out, w, bias, act)
			restore()
			y.checkGuards(t)
			for i, wv := range want {
				if got := float64(y.view()[i]); !(math.Abs(got-wv) <= tol) {
					t.Fatalf("%s: rows=%d in=%d out=%d %v: y[%d] = %v, want %v ± %.3g", name, rows, in, out, act, i, got, wv, tol)
				}
			}
		}
	})
}

// FuzzActivate: any floats through every activation, on rows of up to 69 floats with gaps of 0
// to 2 between them, match the float64 reference under every implementation; NaN stays in its
// own row, and the gaps keep their bits.
func FuzzActivate(f *testing.F) {
	f.Add([]byte{0, 0, 0xc0, 0x7f, 1, 2, 3, 4}, uint8(5), uint8(3))
	f.Add([]byte{0, 0, 0x80, 0x7f, 0, 0, 0x80, 0xff}, uint8(4), uint8(2))
	f.Add(make([]byte, 4*70), uint8(8), uint8(17))
	f.Fuzz(func(t *testing.T, values []byte, act, cols uint8) {
		a := Activation(act % 6)
		c := max(1, int(cols)%70)
		ld := c + int(act/6)%3
		rows := 0
		if n := len(values) / 4; n >= c {
			rows = (n-c)/ld + 1
		}
		x := make([]float32, max(0, (rows-1)*ld+c))
		for i := range x {
			x[i] = math.Float32frombits(binary.LittleEndian.Uint32(values[4*i:]))
		}
		want := make([][]float64, rows)
		for r := range want {
			want[r] = make([]float64, c)
			for j, v := range x[r*ld : r*ld+c] {
				want[r][j] = float64(v)
			}
			activate64(a, want[r])
		}
		for _, name := range testedImpls() {
			restore := use(t, name)
			y := append([]float32(nil), x...)
			Activate(a, y, rows, c, ld)
			restore()
			for i := range y {
				r, j := i/ld, i%ld
				if j >= c {
					if math.Float32bits(y[i]) != math.Float32bits(x[i]) {
						t.Fatalf("%s: %v wrote the gap at %d", name, a, i)
					}
					continue
				}
				got, w := float64(y[i]), want[r][j]
				if math.IsNaN(w) != math.IsNaN(got) && !math.IsInf(float64(x[i]), 0) {
					t.Fatalf("%s: %v(%v) = %v, want %v", name, a, x[i], got, w)
				}
				if !math.IsNaN(w) && !math.IsInf(w, 0) && math.Abs(w) < 1e30 && !(math.Abs(got-w) <= 1e-6*(1+math.Abs(w))) {
					t.Fatalf("%s: %v row %v: col %d = %v, want %v", name, a, x[r*ld:r*ld+c], j, got, w)
				}
			}
		}
	})
}

// FuzzGRUStep: any dimensions and slice lengths (one slice sometimes a float short) either panic
// with a "kernels: " message or run the step, fused or not, under every implementation; never a
// runtime panic from an access past a slice. TestGRUStep checks the values.
func FuzzGRUStep(f *testing.F) {
	f.Add([]byte{4, 6, 16, 0, 0}, uint64(1), false)
	f.Add([]byte{7, 12, 32, 3, 0xff}, uint64(2), true)
	f.Add([]byte{1, 1, 5, 0, 0}, uint64(3), false)
	f.Add([]byte{13, 13, 16, 0, 0}, uint64(4), false)
	f.Fuzz(func(t *testing.T, data []byte, seed uint64, resetAfter bool) {
		rows, padded, units := shapeFrom(data, 0), shapeFrom(data, 1), shapeFrom(data, 2)
		ldx, short := 3*units+shapeFrom(data, 3), shapeFrom(data, 4)%3 // short: one slice too short
		if units < 1 || units > 64 || padded > 64 || rows < -1 {
			return
		}
		step := func() {
			rng := rand.New(rand.NewPCG(seed, 1))
			vec := uniform(rng, 1)
			uw := vec(units * 3 * units)
			h, x := vec(padded*units), vec(rows*ldx)
			if short > 0 && len(x) > 0 {
				x = x[:len(x)-1]
			}
			defer func() {
				if r := recover(); r != nil {
					if s, ok := r.(string); !ok || !strings.HasPrefix(s, "kernels: ") {
						t.Fatalf("%s: panic %v\n%s", Selected(), r, debug.Stack())
					}
				}
			}()
			if resetAfter {
				GRUStepResetAfter(h, vec(3*padded*units), x, vec(3*units), rows, padded, units, ldx, PackB(units, 3*units, uw, 3*units))
				return
			}
			GRUStep(h, vec(padded*units), vec(padded*units), vec(2*padded*units), vec(padded*units), x, rows, padded, units, ldx,
				PackB(units, 2*units, uw, 3*units), PackB(units, units, uw[2*units:], 3*units))
		}
		for _, name := range testedImpls() {
			restore := use(t, name)
			step()
			restore()
		}
	})
}
