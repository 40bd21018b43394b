package kernels

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestColumnSums compares every implementation with float64 sums, over row counts around the
// regrouping of few columns into rows of 64, strided and dense, with beta 0 over NaN.
func TestColumnSums(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	forEachImpl(t, func(t *testing.T) {
		for _, cols := range []int{1, 3, 8, 15, 16, 48, 63, 64, 65, 200} {
			for _, rows := range []int{0, 1, 2, 7, 63, 64, 65, 127, 128, 129, 1000} {
				for _, lda := range []int{cols, cols + 3} {
					for _, beta := range []float32{0, 1, -0.5} {
						a := newMatrix(rng, rows, cols, lda, 1)
						dst := newMatrix(rng, 1, cols, cols, 3)
						if beta == 0 {
							dst.fill(float32(math.NaN()))
						}
						want := make([]float64, cols)
						for j := range want {
							if beta != 0 {
								want[j] = float64(beta) * float64(dst.at(0, j))
							}
							for i := 0; i < rows; i++ {
								want[j] += float64(a.at(i, j))
							}
						}
						ColumnSums(dst.view(), a.view(), rows, cols, lda, beta)
						dst.checkGuards(t)
						for j, w := range want {
							if got := float64(dst.at(0, j)); math.Abs(got-w) > 1e-5*float64(rows+1) {
								t.Fatalf("rows %d cols %d lda %d beta %v: sum %d = %v, want %v", rows, cols, lda, beta, j, got, w)
							}
						}
					}
				}
			}
		}
	})
}

// TestSoftmaxCrossEntropy compares the fused softmax and cross-entropy with float64: the
// probabilities, the summed loss with Keras' normalisation and clip, and the logits' gradient,
// for targets that do not sum to one and for rows whose probabilities the clip reaches.
func TestSoftmaxCrossEntropy(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	forEachImpl(t, func(t *testing.T) {
		// Rows of up to 8 go two to a vector in the AVX-512 kernel, an odd one last alone; the
		// clip reaches rows in either place.
		for _, rc := range [][2]int{{1, 1}, {9, 1}, {9, 2}, {1, 3}, {2, 5}, {9, 7}, {1, 8}, {2, 8}, {9, 8}, {33, 8},
			{9, 9}, {9, 15}, {2, 16}, {9, 16}, {9, 17}, {9, 40}} {
			rows, cols := rc[0], rc[1]
			for _, spread := range []float64{1, 10, 40} { // 40: some probabilities below 1e-7
				logits, y := make([]float32, rows*cols), make([]float32, rows*cols)
				for i := range logits {
					logits[i] = float32((rng.Float64()*2 - 1) * spread)
					y[i] = float32(rng.IntN(100)) / 100
				}
				p, dz := make([]float32, len(logits)), make([]float32, len(logits))
				const scale = 0.25
				loss := SoftmaxCrossEntropy(p, dz, logits, y, rows, cols, scale)
				var want float64
				for i := 0; i < rows; i++ {
					l, yr := logits[i*cols:][:cols], y[i*cols:][:cols]
					m := math.Inf(-1)
					for _, v := range l {
						m = math.Max(m, float64(v))
					}
					var s float64
					for _, v := range l {
						s += math.Exp(float64(v) - m)
					}
					// The loss as Keras computes it, and its gradient through the clip.
					var sy, dot float64
					q := make([]float64, cols)
					for k, v := range l {
						q[k] = math.Exp(float64(v)-m) / s
						if math.Abs(float64(p[i*cols+k])-q[k]) > 2e-7 {
							t.Fatalf("rows %d cols %d spread %v: p[%d,%d] = %v, want %v", rows, cols, spread, i, k, p[i*cols+k], q[k])
						}
						want -= float64(yr[k]) * math.Log(math.Min(math.Max(q[k], 1e-7), 1-1e-7))
						sy += float64(yr[k])
						if q[k] >= 1e-7 && q[k] <= 1-1e-7 {
							dot += float64(yr[k])
						}
					}
					for k := range l {
						dq := 0.0
						if q[k] >= 1e-7 && q[k] <= 1-1e-7 {
							dq = -float64(yr[k]) / q[k]
						}
						// dL/dl_k = q_k·(dq_k − Σ_j dq_j·q_j), and Σ_j dq_j·q_j = −dot.
						g := scale * q[k] * (dq + dot)
						if math.Abs(float64(dz[i*cols+k])-g) > 1e-6*(1+math.Abs(g)) {
							t.Fatalf("rows %d cols %d spread %v: dz[%d,%d] = %v, want %v", rows, cols, spread, i, k, dz[i*cols+k], g)
						}
					}
				}
				if math.Abs(loss-want) > 1e-5*(1+math.Abs(want)) {
					t.Fatalf("rows %d cols %d spread %v: loss %v, want %v", rows, cols, spread, loss, want)
				}
				// Without a gradient: the same loss.
				if l2 := SoftmaxCrossEntropy(p, nil, logits, y, rows, cols, scale); math.Abs(l2-loss) > 1e-9*(1+math.Abs(loss)) {
					t.Fatalf("without dz: loss %v, want %v", l2, loss)
				}
			}
		}
	})
}

func TestTrainHeadPanics(t *testing.T) {
	b := make([]float32, 8)
	for name, f := range map[string]func(){
		"short logits": func() { SoftmaxCrossEntropy(b, b, b[:7], b, 2, 4, 1) },
		"short y":      func() { SoftmaxCrossEntropy(b, b, b, b[:7], 2, 4, 1) },
		"short dz":     func() { SoftmaxCrossEntropy(b, b[:7], b, b, 2, 4, 1) },
		"rows":         func() { SoftmaxCrossEntropy(b, b, b, b, -1, 4, 1) },
		"shared p":     func() { SoftmaxCrossEntropy(b, nil, b, make([]float32, 8), 2, 4, 1) },
		"p on y":       func() { SoftmaxCrossEntropy(b, nil, make([]float32, 8), b, 2, 4, 1) },
		"dz on y":      func() { SoftmaxCrossEntropy(make([]float32, 8), b, make([]float32, 8), b, 2, 4, 1) },
		"sums lda":     func() { ColumnSums(b, b, 2, 4, 3, 0) },
		"sums dst":     func() { ColumnSums(b[:3], b, 2, 4, 4, 0) },
		"sums a":       func() { ColumnSums(b, b, 3, 4, 4, 0) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			f()
		}()
	}
}

// TestSoftmaxCrossEntropyLargeLogits: logits far from zero (a softmax is shift-invariant) lose no
// more than float32 rounding of the differences between them, on every implementation; and a
// row with an infinite logit has a NaN loss, as Keras gives, not an infinite one.
func TestSoftmaxCrossEntropyLargeLogits(t *testing.T) {
	forEachImpl(t, func(t *testing.T) {
		for _, cols := range []int{2, 8, 15, 20} {
			for _, shift := range []float32{0, 1e4, -1e5} {
				const rows = 5
				logits, y := make([]float32, rows*cols), make([]float32, rows*cols)
				var want float64
				for i := 0; i < rows; i++ {
					var m, s float64
					for k := 0; k < cols; k++ {
						d := float32((i+2*k)%7) * 0.5
						logits[i*cols+k] = shift + d
						y[i*cols+k] = float32((i+k)%3) * 0.25
						m = math.Max(m, float64(d))
					}
					for k := 0; k < cols; k++ {
						s += math.Exp(float64(float32((i+2*k)%7)*0.5) - m)
					}
					for k := 0; k < cols; k++ {
						lp := float64(float32((i+2*k)%7)*0.5) - m - math.Log(s)
						want -= float64(y[i*cols+k]) * lp
					}
				}
				p, dz := make([]float32, rows*cols), make([]float32, rows*cols)
				if got := SoftmaxCrossEntropy(p, dz, logits, y, rows, cols, 1); math.Abs(got-want) > 1e-5*(1+math.Abs(want)) {
					t.Fatalf("cols %d shift %v: loss %v, want %v", cols, shift, got, want)
				}
			}
			logits, y := make([]float32, cols), make([]float32, cols)
			logits[1], y[0], y[1] = float32(math.Inf(1)), 0.5, 0.5
			if got := SoftmaxCrossEntropy(make([]float32, cols), make([]float32, cols), logits, y, 1, cols, 1); !math.IsNaN(got) {
				t.Fatalf("cols %d: an infinite logit gives a loss of %v, want NaN", cols, got)
			}
		}
	})
}
