//go:build amd64 && !purego && !noasm

package amd64

// ActivateRowsAVX512 replaces x[r*ld+j] by fn(x[r*ld+j]) for r < rows, j < cols, with AVX-512
// F and DQ. Absolute error against float64 is below 1e-7 for sigmoid and tanh, relative error
// below 1.1e-7 for exp (relative to 2^-126 where e^x is subnormal); results saturate to 0, ±1
// and +Inf, except that sigmoid stops at 2^-126 below -87.3 (a subnormal result would cost a
// microcode assist), and NaN stays NaN. The caller guarantees fn is one of FnExp, FnSigmoid,
// FnTanh and len(x) ≥ (rows-1)*ld+cols when rows, cols > 0.
//
//go:noescape
func ActivateRowsAVX512(x []float32, rows, cols, ld, fn int)

// SoftmaxRowsAVX512 replaces each row x[r*ld : r*ld+cols] for r < rows by its softmax,
// e^(x_j - max x) / Σ e^(x_i - max x), with AVX-512 F and DQ; where x_j - max x < -80 it takes
// e^-80 for e^(x_j - max x), which changes the output by less than 1.8e-35. A NaN or +Inf makes
// its row NaN, as in Keras. The caller guarantees len(x) ≥ (rows-1)*ld+cols when rows, cols > 0.
//
//go:noescape
func SoftmaxRowsAVX512(x []float32, rows, cols, ld int)
