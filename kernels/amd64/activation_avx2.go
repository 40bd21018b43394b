//go:build amd64 && !purego && !noasm

package amd64

// The functions ActivateRowsAVX2 applies.
const (
	FnExp     = 0 // e^x
	FnSigmoid = 1 // 1/(1+e^-x)
	FnTanh    = 2 // tanh(x)
)

// ActivateRowsAVX2 replaces x[r*ld+j] by fn(x[r*ld+j]) for r < rows, j < cols, with AVX2 and
// FMA3. Absolute error against float64 is below 1e-6 for sigmoid and tanh, relative error below
// 3e-7 for exp; results saturate to 0, ±1 and +Inf, and NaN stays NaN. The caller guarantees
// fn is one of FnExp, FnSigmoid, FnTanh and len(x) ≥ (rows-1)*ld+cols when rows, cols > 0.
//
//go:noescape
func ActivateRowsAVX2(x []float32, rows, cols, ld, fn int)

// SoftmaxRowsAVX2 replaces each row x[r*ld : r*ld+cols] for r < rows by its softmax,
// e^(x_j - max x) / Σ e^(x_i - max x), with AVX2 and FMA3. A NaN or +Inf makes its row NaN, as
// in Keras. The caller guarantees len(x) ≥ (rows-1)*ld+cols when rows, cols > 0.
//
//go:noescape
func SoftmaxRowsAVX2(x []float32, rows, cols, ld int)
