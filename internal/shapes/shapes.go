// Package shapes lists the products fastgru is measured on, shared by the kernels benchmarks and
// the bench program.
package shapes

import "fmt"

// Shape is the product of an M×K by a K×N matrix.
type Shape struct {
	Kind    string // "square", "dense" or "gru-step"
	M, N, K int
}

func (s Shape) String() string { return fmt.Sprintf("%s-%dx%dx%d", s.Kind, s.M, s.K, s.N) }

// Flops counts the multiplies and adds of one product.
func (s Shape) Flops() float64 { return 2 * float64(s.M) * float64(s.N) * float64(s.K) }

// Seed is the Dense of the question that started fastgru: batch 64 × time 64 rows, 16 GRU units
// in, 15 classes out.
var Seed = Shape{"dense", 4096, 15, 16}

// All are the shapes of fastgru's benchmarks: square products, Dense layers over batch·time
// rows, and one GRU time step's recurrent product (batch × units by units × 3·units).
var All = []Shape{
	{"square", 64, 64, 64}, {"square", 128, 128, 128}, {"square", 256, 256, 256},
	{"square", 512, 512, 512}, {"square", 1024, 1024, 1024}, {"square", 2048, 2048, 2048},
	Seed, {"dense", 8192, 256, 256}, {"dense", 32768, 64, 128}, {"dense", 4096, 1024, 1024},
	{"gru-step", 32, 768, 256}, {"gru-step", 1, 1536, 512}, {"gru-step", 128, 3072, 1024},
}
