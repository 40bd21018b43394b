package kernels

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
)

// refDense is Keras' Dense in float64.
func refDense(x []float32, rows, in, out int, w, bias []float32, act Activation) []float64 {
	y := make([]float64, rows*out)
	for r := 0; r < rows; r++ {
		row := y[r*out : r*out+out]
		for j := range row {
			s := 0.0
			if bias != nil {
				s = float64(bias[j])
			}
			for p := 0; p < in; p++ {
				s += float64(x[r*in+p]) * float64(w[p*out+j])
			}
			row[j] = s
		}
		activate64(act, row)
	}
	return y
}

// activate64 applies act to row in float64, softmax over the whole row.
func activate64(act Activation, row []float64) {
	switch act {
	case ReLU:
		for j, v := range row {
			row[j] = math.Max(v, 0)
		}
	case Sigmoid:
		for j, v := range row {
			row[j] = 1 / (1 + math.Exp(-v))
		}
	case HardSigmoid:
		for j, v := range row {
			row[j] = math.Min(math.Max(0.2*v+0.5, 0), 1)
		}
	case Tanh:
		for j, v := range row {
			row[j] = math.Tanh(v)
		}
	case Softmax:
		top := math.Inf(-1)
		for _, v := range row {
			top = math.Max(top, v)
		}
		sum := 0.0
		for j, v := range row {
			row[j] = math.Exp(v - top)
			sum += row[j]
		}
		for j := range row {
			row[j] /= sum
		}
	}
}

func checkDense(t *testing.T, rng *rand.Rand, rows, in, out int, withBias bool, act Activation) {
	t.Helper()
	x := newMatrix(rng, rows, in, max(1, in), 0).view()
	w := newMatrix(rng, in, out, max(1, out), 0).view()
	var bias []float32
	if withBias {
		bias = newMatrix(rng, 1, out, max(1, out), 0).view()
	}
	y := newMatrix(rng, rows, out, max(1, out), 3)
	y.fill(float32(math.NaN()))
	Dense(y.view(), x, rows, in, out, w, bias, act)
	y.checkGuards(t)
	want := refDense(x, rows, in, out, w, bias, act)
	tol := 4e-6 * float64(in+2)
	for r := 0; r < rows; r++ {
		for j := 0; j < out; j++ {
			if got := float64(y.at(r, j)); !(math.Abs(got-want[r*out+j]) <= tol) {
				t.Fatalf("rows=%d in=%d out=%d bias=%v %v: y[%d,%d] = %v, want %v", rows, in, out, withBias, act, r, j, got, want[r*out+j])
			}
		}
	}
}

// TestDense covers every activation with and without bias, on outputs that fit one micro-tile
// (softmax fused in the kernel) and wider ones, across k blocks and threads.
func TestDense(t *testing.T) {
	forEachImpl(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(11, 12))
		for act := Linear; act <= Softmax; act++ {
			for _, rows := range []int{0, 1, 5, 6, 7, 11, 12, 13, 25} {
				for _, in := range []int{0, 1, 3, 16} {
					for _, out := range []int{0, 1, 7, 8, 9, 15, 16, 17, 31, 32, 33, 64, 65} {
						checkDense(t, rng, rows, in, out, (rows+in+out)%2 == 0, act)
					}
				}
			}
			t.Run("blocks", func(t *testing.T) {
				smallBlocks(t, blocking{mc: 2 * mr, kc: 8, nc: 2 * nr})
				for _, out := range []int{15, 16, 31, 40} {
					checkDense(t, rng, 29, 19, out, true, act)
				}
			})
			// The wide kernel's narrower blocks, which a softmax over rows up to nc widens.
			t.Run("wide blocks", func(t *testing.T) {
				smallBlocks(t, blocking{mc: 2 * mr, kc: 8, nc: 8 * nr, mcWide: 4 * mr, ncWide: 2 * nr})
				for _, out := range []int{31, 33, 97, 128, 129} {
					checkDense(t, rng, 29, 19, out, true, act)
				}
			})
			// Rows wider than a block, split into blocks of equal size (96+33 and 96+65 columns
			// for the wide kernel, 80+49 and 96+65 for the others).
			t.Run("even blocks", func(t *testing.T) {
				smallBlocks(t, blocking{mc: 2 * mr, kc: 8, nc: 8 * nr, mcWide: 4 * mr, ncWide: 8 * nr})
				for _, out := range []int{129, 161} {
					checkDense(t, rng, 29, 19, out, true, act)
				}
			})
			checkDense(t, rng, 1, 40, 150, true, act)
			SetThreads(2)
			checkDense(t, rng, 1, 300, 1000, true, act)
			checkDense(t, rng, 700, 64, 15, true, act)
			checkDense(t, rng, 701, 40, 31, true, act)
			checkDense(t, rng, 300, 64, 100, true, act)
			SetThreads(0)
		}
	})
}

// TestDenseNaN: a NaN in one input row reaches that row's outputs only, in rows of one micro-panel
// and of two.
func TestDenseNaN(t *testing.T) {
	forEachImpl(t, func(t *testing.T) {
		for _, act := range []Activation{Linear, ReLU, Sigmoid, Tanh, Softmax} {
			for _, out := range []int{15, 31} {
				const rows, in = 9, 5
				x := make([]float32, rows*in)
				w := make([]float32, in*out)
				for i := range w {
					w[i] = float32(i%7) - 3
				}
				x[4*in+2] = float32(math.NaN())
				y := make([]float32, rows*out)
				Dense(y, x, rows, in, out, w, nil, act)
				for i, v := range y {
					if nan := math.IsNaN(float64(v)); nan != (i/out == 4) {
						t.Fatalf("%v: y[%d,%d] = %v", act, i/out, i%out, v)
					}
				}
			}
		}
	})
}

func TestDensePanics(t *testing.T) {
	s := make([]float32, 12)
	cases := []struct {
		want          string
		y, x, w, bias []float32
		rows, in, out int
		act           Activation
	}{
		{"kernels: rows < 0", s, s, s, nil, -1, 2, 2, Linear},
		{"kernels: in < 0", s, s, s, nil, 2, -1, 2, Linear},
		{"kernels: out < 0", s, s, s, nil, 2, 2, -1, Linear},
		{"kernels: unknown activation", s, s, s, nil, 2, 2, 2, 17},
		{"kernels: insufficient length of x", s, s[:3], s, nil, 2, 2, 2, Linear},
		{"kernels: insufficient length of w", s, s, s[:3], nil, 2, 2, 2, Linear},
		{"kernels: len(bias) != out", s, s, s, s[:3], 2, 2, 2, Linear},
		{"kernels: insufficient length of y", s[:3], s, s, nil, 2, 2, 2, Linear},
		{"kernels: insufficient length of y", nil, nil, nil, nil, 2, 0, 2, Linear},
	}
	for _, tc := range cases {
		assert.PanicsWithValue(t, tc.want, func() { Dense(tc.y, tc.x, tc.rows, tc.in, tc.out, tc.w, tc.bias, tc.act) }, "%+v", tc)
	}
}

// TestDenseNoInputs: with in == 0, x and w hold nothing and y is act(bias).
func TestDenseNoInputs(t *testing.T) {
	y := make([]float32, 6)
	Dense(y, nil, 3, 0, 2, nil, []float32{1, -1}, ReLU)
	assert.Equal(t, []float32{1, 0, 1, 0, 1, 0}, y)
}
