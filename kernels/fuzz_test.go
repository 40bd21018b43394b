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

// FuzzSgemm: any arguments either panic with a "blas: " message or match the reference.
func FuzzSgemm(f *testing.F) {
	f.Add([]byte{7, 15, 16, 0, 0, 0, 0, 0}, uint64(1), float32(1), float32(0))
	f.Add([]byte{13, 33, 9, 1, 2, 3, 1, 1}, uint64(2), float32(-0.5), float32(2))
	f.Add([]byte{0, 0, 0, 0, 0, 0, 0, 0}, uint64(3), float32(0), float32(1))
	f.Add([]byte{0xff, 3, 3, 0, 0, 0, 0, 0}, uint64(4), float32(1), float32(1))
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
		rng := rand.New(rand.NewPCG(seed, 0))
		mk := func(r, c, ld int) *matrix {
			if r < 0 || c < 0 || ld < max(1, c) {
				return &matrix{buf: make([]float32, 8), rows: 1, cols: 1, ld: 1}
			}
			return newMatrix(rng, r, c, ld, int(seed%3))
		}
		a, b, c := mk(ar, ac, lda), mk(br, bc, ldb), mk(m, n, ldc)
		valid := m >= 0 && n >= 0 && k >= 0 && lda >= max(1, ac) && ldb >= max(1, bc) && ldc >= max(1, n)
		var want, tol []float64
		if valid {
			want, tol = refGemm(tA, tB, m, n, k, alpha, a, b, beta, c)
		}
		defer func() {
			if r := recover(); r != nil {
				if valid {
					t.Fatalf("valid arguments panicked: %v", r)
				}
				if s, ok := r.(string); !ok || !strings.HasPrefix(s, "blas: ") {
					t.Fatalf("panic %v is not a blas message", r)
				}
			}
		}()
		Sgemm(tA, tB, m, n, k, alpha, a.view(), lda, b.view(), ldb, beta, c.view(), ldc)
		if !valid {
			t.Fatalf("invalid arguments m=%d n=%d k=%d lda=%d ldb=%d ldc=%d did not panic", m, n, k, lda, ldb, ldc)
		}
		c.checkGuards(t)
		for i := 0; i < m; i++ {
			for j := 0; j < n; j++ {
				if got := float64(c.at(i, j)); !(math.Abs(got-want[i*n+j]) <= tol[i*n+j]) {
					t.Fatalf("C[%d,%d] = %v, want %v", i, j, got, want[i*n+j])
				}
			}
		}
	})
}

// FuzzDense: arbitrary inputs, NaN and Inf included, never crash or write outside y, and match
// the reference wherever float32 cannot overflow.
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
		y := newMatrix(rand.New(rand.NewPCG(1, 1)), rows, out, max(1, out), 0)
		Dense(y.view(), x, rows, in, out, w, bias, act)
		y.checkGuards(t)
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
		if !(bound < 1e30) {
			return
		}
		tol := 2*float64(in+2)*bound/(1<<23) + 1e-5
		for i, wv := range refDense(x, rows, in, out, w, bias, act) {
			if got := float64(y.view()[i]); !(math.Abs(got-wv) <= tol) {
				t.Fatalf("rows=%d in=%d out=%d %v: y[%d] = %v, want %v ± %.3g", rows, in, out, act, i, got, wv, tol)
			}
		}
	})
}

// FuzzActivate: any floats through every activation match the float64 reference, and NaN stays
// in its own row.
func FuzzActivate(f *testing.F) {
	f.Add([]byte{0, 0, 0xc0, 0x7f, 1, 2, 3, 4}, uint8(5), uint8(3))
	f.Add([]byte{0, 0, 0x80, 0x7f, 0, 0, 0x80, 0xff}, uint8(4), uint8(2))
	f.Fuzz(func(t *testing.T, values []byte, act, cols uint8) {
		a := Activation(act % 6)
		n := len(values) / 4
		c := max(1, int(cols)%20)
		rows := n / c
		x := make([]float32, rows*c)
		for i := range x {
			x[i] = math.Float32frombits(binary.LittleEndian.Uint32(values[4*i:]))
		}
		y := append([]float32(nil), x...)
		Activate(a, y, rows, c, c)
		for r := 0; r < rows; r++ {
			want := make([]float64, c)
			for j, v := range x[r*c : r*c+c] {
				want[j] = float64(v)
			}
			activate64(a, want)
			for j, w := range want {
				got := float64(y[r*c+j])
				if math.IsNaN(w) != math.IsNaN(got) && !math.IsInf(float64(x[r*c+j]), 0) {
					t.Fatalf("%v(%v) = %v, want %v", a, x[r*c+j], got, w)
				}
				if !math.IsNaN(w) && !math.IsInf(w, 0) && math.Abs(w) < 1e30 && !(math.Abs(got-w) <= 1e-6*(1+math.Abs(w))) {
					t.Fatalf("%v row %v: col %d = %v, want %v", a, x[r*c:r*c+c], j, got, w)
				}
			}
		}
	})
}

// FuzzGRUStep: any dimensions and slice lengths (one slice sometimes a float short) either panic
// with a "kernels: " message or run the step, fused or not; never a runtime panic from an access
// past a slice. TestGRUStep checks the values.
func FuzzGRUStep(f *testing.F) {
	f.Add([]byte{4, 6, 16, 0, 0}, uint64(1), false)
	f.Add([]byte{7, 12, 32, 3, 0xff}, uint64(2), true)
	f.Add([]byte{1, 1, 5, 0, 0}, uint64(3), false)
	f.Fuzz(func(t *testing.T, data []byte, seed uint64, resetAfter bool) {
		rows, padded, units := shapeFrom(data, 0), shapeFrom(data, 1), shapeFrom(data, 2)
		ldx, short := 3*units+shapeFrom(data, 3), shapeFrom(data, 4)%3 // short: one slice too short
		if units < 1 || units > 64 || padded > 64 || rows < -1 {
			return
		}
		rng := rand.New(rand.NewPCG(seed, 1))
		vec := func(n int) []float32 {
			v := make([]float32, max(n, 0))
			for i := range v {
				v[i] = float32(rng.Float64()*2 - 1)
			}
			return v
		}
		uw := vec(units * 3 * units)
		h, x := vec(padded*units), vec(rows*ldx)
		if short > 0 && len(x) > 0 {
			x = x[:len(x)-1]
		}
		defer func() {
			if r := recover(); r != nil {
				if s, ok := r.(string); !ok || !strings.HasPrefix(s, "kernels: ") {
					t.Fatalf("panic %v\n%s", r, debug.Stack())
				}
			}
		}()
		if resetAfter {
			GRUStepResetAfter(h, vec(3*padded*units), x, vec(3*units), rows, padded, units, ldx, PackB(units, 3*units, uw, 3*units))
			return
		}
		GRUStep(h, vec(padded*units), vec(padded*units), vec(2*padded*units), vec(padded*units), x, rows, padded, units, ldx,
			PackB(units, 2*units, uw, 3*units), PackB(units, units, uw[2*units:], 3*units))
	})
}
