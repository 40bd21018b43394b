package kernels_test

import (
	"fmt"

	"github.com/fastgru/fastgru/kernels"
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"
)

// A Dense(3) layer with softmax over a (batch 2, time 2, 2 features) tensor: one product over the
// 4 batch·time rows, with bias and softmax fused.
func ExampleDense() {
	x := []float32{ // 4 rows × 2 features
		1, 0,
		0, 1,
		1, 1,
		0, 0,
	}
	w := []float32{ // 2×3, Keras' kernel layout
		1, 0, 0,
		0, 1, 0,
	}
	bias := []float32{0, 0, 1}
	y := make([]float32, 4*3)
	kernels.Dense(y, x, 4, 2, 3, w, bias, kernels.Softmax)
	for r := 0; r < 4; r++ {
		fmt.Printf("%.3f\n", y[r*3:r*3+3])
	}
	// Output:
	// [0.422 0.155 0.422]
	// [0.155 0.422 0.422]
	// [0.333 0.333 0.333]
	// [0.212 0.212 0.576]
}

// Sgemm has gonum's arguments: C = alpha·op(A)·op(B) + beta·C, row-major.
func ExampleSgemm() {
	a := []float32{1, 2, 3, 4} // 2×2
	b := []float32{5, 6, 7, 8} // 2×2
	c := make([]float32, 4)
	kernels.Sgemm(blas.NoTrans, blas.Trans, 2, 2, 2, 1, a, 2, b, 2, 0, c, 2)
	fmt.Println(c)
	// Output: [17 23 39 53]
}

// Every gonum blas32 user gets fastgru's Sgemm after one call.
func ExampleImplementation() {
	blas32.Use(kernels.Implementation{})
	a := blas32.General{Rows: 1, Cols: 2, Stride: 2, Data: []float32{1, 2}}
	b := blas32.General{Rows: 2, Cols: 1, Stride: 1, Data: []float32{3, 4}}
	c := blas32.General{Rows: 1, Cols: 1, Stride: 1, Data: []float32{0}}
	blas32.Gemm(blas.NoTrans, blas.NoTrans, 1, a, b, 0, c)
	fmt.Println(c.Data)
	// Output: [11]
}
