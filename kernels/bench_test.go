package kernels

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/fastgru/fastgru/internal/shapes"
	"gonum.org/v1/gonum/blas"
)

func benchOperands(s shapes.Shape) (a, b, c []float32) {
	rng := rand.New(rand.NewPCG(7, 8))
	fill := func(n int) []float32 {
		x := make([]float32, n)
		for i := range x {
			x[i] = float32(rng.Float64()*2 - 1)
		}
		return x
	}
	return fill(s.M * s.K), fill(s.K * s.N), fill(s.M * s.N)
}

// BenchmarkSgemm runs every benchmark shape under every implementation, single-threaded:
// go test -bench 'Sgemm/avx2/' ./kernels
func BenchmarkSgemm(b *testing.B) {
	SetThreads(1)
	defer SetThreads(0)
	for _, name := range Implementations() {
		b.Run(name, func(b *testing.B) {
			defer use(b, name)()
			for _, s := range shapes.All {
				b.Run(s.String(), func(b *testing.B) {
					x, y, z := benchOperands(s)
					b.ReportAllocs()
					for b.Loop() {
						Sgemm(blas.NoTrans, blas.NoTrans, s.M, s.N, s.K, 1, x, s.K, y, s.N, 0, z, s.N)
					}
					reportGFLOPS(b, s.Flops())
				})
			}
		})
	}
}

// BenchmarkDenseSeed is the question's Dense(15) over 64×64 rows of 16 units with bias and the
// softmax fused, single-threaded.
func BenchmarkDenseSeed(b *testing.B) {
	SetThreads(1)
	defer SetThreads(0)
	s := shapes.Seed
	for _, name := range Implementations() {
		b.Run(name, func(b *testing.B) {
			defer use(b, name)()
			x, w, y := benchOperands(s)
			bias := w[:s.N]
			b.ReportAllocs()
			for b.Loop() {
				Dense(y, x, s.M, s.K, s.N, w, bias, Softmax)
			}
			reportGFLOPS(b, s.Flops())
		})
	}
}

// BenchmarkMulPackedRow streams a GRU's packed recurrent weights for one batch row, as the B1
// GRU step does (z and r, then h, of 512 units); GB/s counts the weights read.
func BenchmarkMulPackedRow(b *testing.B) {
	defer SetThreads(0)
	for _, name := range Implementations() {
		b.Run(name, func(b *testing.B) {
			defer use(b, name)()
			for _, threads := range []int{1, 2} {
				SetThreads(threads)
				for _, n := range []int{1024, 512} {
					s := shapes.Shape{M: 1, K: 512, N: n}
					x, w, y := benchOperands(s)
					p := PackB(s.K, s.N, w, s.N)
					b.Run(fmt.Sprintf("threads=%d/%dx%dx%d", threads, s.M, s.K, s.N), func(b *testing.B) {
						for b.Loop() {
							MulPacked(1, 1, x, s.K, p, 0, y, s.N)
						}
						b.ReportMetric(float64(4*s.K*s.N)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GB/s")
					})
				}
			}
		})
	}
}

// BenchmarkMulPackedStep is one batch-32 GRU step's recurrent products on 256 units (z and r,
// then h), single-threaded.
func BenchmarkMulPackedStep(b *testing.B) {
	SetThreads(1)
	defer SetThreads(0)
	for _, s := range []shapes.Shape{{M: 32, K: 256, N: 512}, {M: 32, K: 256, N: 256}} {
		x, w, y := benchOperands(s)
		p := PackB(s.K, s.N, w, s.N)
		b.Run(fmt.Sprintf("%dx%dx%d", s.M, s.K, s.N), func(b *testing.B) {
			for b.Loop() {
				MulPacked(s.M, 1, x, s.K, p, 0, y, s.N)
			}
			reportGFLOPS(b, s.Flops())
		})
	}
}

// BenchmarkActivate runs Exp, sigmoid, tanh and the row softmax under every implementation on
// blocks that stay in L1: rows of whole vectors, and short rows with tails. Every element takes
// the same instructions whatever its value, so the values left by the previous call time as well
// as fresh ones (Exp's grow to +Inf, which costs nothing more).
func BenchmarkActivate(b *testing.B) {
	ops := []struct {
		name string
		run  func(x []float32, rows, cols int)
	}{
		{"exp", func(x []float32, _, _ int) { Exp(x) }},
		{"sigmoid", func(x []float32, rows, cols int) { Activate(Sigmoid, x, rows, cols, cols) }},
		{"tanh", func(x []float32, rows, cols int) { Activate(Tanh, x, rows, cols, cols) }},
		{"softmax", func(x []float32, rows, cols int) { Activate(Softmax, x, rows, cols, cols) }},
	}
	for _, name := range Implementations() {
		b.Run(name, func(b *testing.B) {
			defer use(b, name)()
			for _, op := range ops {
				for _, s := range [][2]int{{32, 256}, {256, 40}, {512, 10}} {
					rows, cols := s[0], s[1]
					b.Run(fmt.Sprintf("%s/%dx%d", op.name, rows, cols), func(b *testing.B) {
						_, _, x := benchOperands(shapes.Shape{M: rows, N: cols})
						for b.Loop() {
							op.run(x, rows, cols)
						}
						b.ReportMetric(float64(rows*cols)*float64(b.N)/b.Elapsed().Seconds()/1e9, "Gfloat/s")
					})
				}
			}
		})
	}
}
