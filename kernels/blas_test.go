package kernels

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/gonum"
)

// TestGonumBackend: with blas32.Use(Implementation{}), gonum's blas32.Gemm runs fastgru's Sgemm
// and agrees with gonum's own.
func TestGonumBackend(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 16))
	general := func(r, c int) blas32.General {
		g := blas32.General{Rows: r, Cols: c, Stride: c + 1, Data: make([]float32, r*(c+1))}
		for i := range g.Data {
			g.Data[i] = float32(rng.Float64()*2 - 1)
		}
		return g
	}
	a, b := general(40, 30), general(50, 30)
	got, want := general(40, 50), general(40, 50)
	copy(want.Data, got.Data)

	blas32.Use(Implementation{})
	defer blas32.Use(gonum.Implementation{})
	blas32.Gemm(blas.NoTrans, blas.Trans, 0.5, a, b, 2, got)
	gonum.Implementation{}.Sgemm(blas.NoTrans, blas.Trans, 40, 50, 30, 0.5, a.Data, a.Stride, b.Data, b.Stride, 2, want.Data, want.Stride)
	for i := range got.Data {
		if math.Abs(float64(got.Data[i]-want.Data[i])) > 1e-5 {
			t.Fatalf("element %d: %v, gonum %v", i, got.Data[i], want.Data[i])
		}
	}
	// The routines fastgru does not accelerate are gonum's.
	x := blas32.Vector{N: 3, Inc: 1, Data: []float32{1, 2, 3}}
	if d := blas32.Dot(x, x); d != 14 {
		t.Errorf("Dot through the backend = %v", d)
	}
}
