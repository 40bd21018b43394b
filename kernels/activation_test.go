package kernels

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
)

// grid returns n+1 evenly spaced points from lo to hi, then the special values.
func grid(lo, hi float64, n int) []float32 {
	x := make([]float32, 0, n+16)
	for i := 0; i <= n; i++ {
		x = append(x, float32(lo+(hi-lo)*float64(i)/float64(n)))
	}
	return x
}

var specials = []float32{0, float32(math.Copysign(0, -1)), 1e-30, -1e-30, 87, 88, 88.5, 88.7, 89, -87, -87.4, -88,
	-100, -103, -104, -110, 100, 1000, -1000, float32(math.Inf(1)), float32(math.Inf(-1))}

func TestActivationAccuracy(t *testing.T) {
	type fn struct {
		name string
		code int
		want func(float64) float64
		abs  float64 // allowed absolute error, or 0
		rel  float64 // allowed relative error, or 0
	}
	fns := []fn{
		{"exp", fnExp, math.Exp, 0, 3e-7},
		{"sigmoid", fnSigmoid, func(x float64) float64 { return 1 / (1 + math.Exp(-x)) }, 1e-6, 0},
		{"tanh", fnTanh, math.Tanh, 1e-6, 0},
	}
	// The AVX-512 kernels' own contract: exp_avx512.h's degree-6 polynomial leaves float32
	// rounding to dominate.
	tight := map[int]float64{fnExp: 1.1e-7, fnSigmoid: 1e-7, fnTanh: 1e-7}
	forEachImpl(t, func(t *testing.T) {
		for _, f := range fns {
			if Selected() == "avx512" {
				if f.rel > 0 {
					f.rel = tight[f.code]
				} else {
					f.abs = tight[f.code]
				}
			}
			x := append(grid(-30, 30, 600001), specials...)
			if f.code == fnExp {
				x = append(x, grid(-103, 88.7, 100001)...)
			}
			y := append([]float32(nil), x...)
			activateRows(current(), y, 1, len(y), len(y), f.code)
			worst := 0.0
			for i, v := range x {
				w := f.want(float64(v))
				got := float64(y[i])
				err := math.Abs(got - w)
				if f.rel > 0 {
					// Below the smallest normal float32 only absolute precision is left.
					err /= math.Max(math.Abs(w), 0x1p-126)
				}
				if w32 := float64(float32(w)); math.IsInf(w32, 0) && got == w32 {
					err = 0
				}
				worst = math.Max(worst, err)
				if !(err <= f.abs+f.rel) {
					t.Fatalf("%s(%v) = %v, want %v (error %.3g)", f.name, v, got, w, err)
				}
			}
			t.Logf("%s: worst error %.3g", f.name, worst)
			// NaN in a kernel's vector and in a Go tail.
			nan := make([]float32, 17)
			nan[3], nan[16] = float32(math.NaN()), float32(math.NaN())
			activateRows(current(), nan, 1, len(nan), len(nan), f.code)
			if !math.IsNaN(float64(nan[3])) || !math.IsNaN(float64(nan[16])) || math.IsNaN(float64(nan[4])) {
				t.Errorf("%s of NaN at 3 and 16 = %v", f.name, nan)
			}
		}
	})
}

func refSoftmax(row []float32) []float64 {
	top := math.Inf(-1)
	for _, v := range row {
		top = math.Max(top, float64(v))
	}
	out := make([]float64, len(row))
	var sum float64
	for j, v := range row {
		out[j] = math.Exp(float64(v) - top)
		sum += out[j]
	}
	for j := range out {
		out[j] /= sum
	}
	return out
}

// TestActivateRows checks every activation on rows of every length across the vector tails (up
// to 41, then 48, 64, 80 and 128 floats ± 1), contiguous and strided, with guard cells between
// and around the rows.
func TestActivateRows(t *testing.T) {
	var lengths []int
	for cols := 0; cols <= 41; cols++ {
		lengths = append(lengths, cols)
	}
	lengths = append(lengths, 47, 48, 49, 63, 64, 65, 79, 80, 81, 127, 128, 129)
	forEachImpl(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(9, 10))
		for act := Linear; act <= Softmax; act++ {
			for _, cols := range lengths {
				for _, shape := range [][2]int{{0, 0}, {1, 0}, {3, 0}, {3, 1}, {3, 2}, {3, 17}} {
					rows, gap := shape[0], shape[1]
					x := newMatrix(rng, rows, cols, max(1, cols+gap), cols%5)
					for i := range x.buf {
						if x.buf[i] != guard {
							x.buf[i] *= 20
						}
					}
					orig := x.clone()
					Activate(act, x.view(), rows, cols, x.ld)
					x.checkGuards(t)
					for r := 0; r < rows; r++ {
						in := make([]float32, cols)
						for j := range in {
							in[j] = orig.at(r, j)
						}
						sm := refSoftmax(in)
						for j, v := range in {
							var w float64
							switch act {
							case Linear:
								w = float64(v)
							case ReLU:
								w = math.Max(float64(v), 0)
							case Sigmoid:
								w = 1 / (1 + math.Exp(-float64(v)))
							case HardSigmoid:
								w = math.Min(math.Max(0.2*float64(v)+0.5, 0), 1)
							case Tanh:
								w = math.Tanh(float64(v))
							case Softmax:
								w = sm[j]
							}
							if got := float64(x.at(r, j)); !(math.Abs(got-w) <= 1e-6) {
								t.Fatalf("%v cols=%d: row %d col %d: got %v, want %v", act, cols, r, j, got, w)
							}
						}
					}
				}
			}
		}
	})
}

// TestSoftmaxNaN: a NaN or +Inf spreads over its own row only, as in Keras.
func TestSoftmaxNaN(t *testing.T) {
	forEachImpl(t, func(t *testing.T) {
		for _, bad := range []float32{float32(math.NaN()), float32(math.Inf(1))} {
			for _, cols := range []int{1, 7, 15, 16, 17, 40} {
				for pos := 0; pos < cols; pos += 3 {
					x := make([]float32, 2*cols)
					for i := range x {
						x[i] = float32(i % 5)
					}
					x[pos] = bad
					Activate(Softmax, x, 2, cols, cols)
					for j := 0; j < cols; j++ {
						if !math.IsNaN(float64(x[j])) {
							t.Fatalf("cols=%d bad at %d: row 0 col %d = %v, want NaN", cols, pos, j, x[j])
						}
						if math.IsNaN(float64(x[cols+j])) {
							t.Fatalf("cols=%d: NaN leaked into row 1", cols)
						}
					}
				}
			}
		}
	})
}

func TestActivatePanics(t *testing.T) {
	x := make([]float32, 10)
	cases := []struct {
		want           string
		act            Activation
		rows, cols, ld int
	}{
		{"kernels: unknown activation", Softmax + 1, 1, 1, 1},
		{"kernels: unknown activation", -1, 1, 1, 1},
		{"kernels: rows < 0", Tanh, -1, 1, 1},
		{"kernels: cols < 0", Tanh, 1, -1, 1},
		{"kernels: bad leading dimension of x", Tanh, 2, 5, 4},
		{"kernels: insufficient length of x", Tanh, 3, 5, 5},
	}
	for _, tc := range cases {
		assert.PanicsWithValue(t, tc.want, func() { Activate(tc.act, x, tc.rows, tc.cols, tc.ld) }, "%+v", tc)
	}
}
