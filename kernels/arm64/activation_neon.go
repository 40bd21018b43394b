//go:build arm64 && !purego && !noasm

package arm64

// The functions ActivateRowsNEON applies, the same codes as kernels/amd64's.
const (
	FnExp     = 0 // e^x
	FnSigmoid = 1 // 1/(1+e^-x)
	FnTanh    = 2 // tanh(x)
)

// ActivateRowsNEON replaces x[r*ld+j] by fn(x[r*ld+j]) for r < rows, j < cols, with NEON, by
// the same method and constants as ActivateRowsAVX2: results saturate to 0, ±1 and +Inf, and NaN
// stays NaN. The caller guarantees fn is one of FnExp, FnSigmoid, FnTanh, rows ≥ 1, cols a
// positive multiple of 8, len(x) ≥ (rows-1)*ld+cols, and bounds rows·cols so that one call stays
// short.
//
//go:noescape
func ActivateRowsNEON(x []float32, rows, cols, ld, fn int)

// SoftmaxRowsNEON replaces each row x[r*ld : r*ld+cols] for r < rows by its softmax,
// e^(x_j - max x) / Σ e^(x_i - max x), with NEON. A NaN or +Inf makes its row NaN, as in Keras.
// The caller guarantees rows ≥ 1, cols a positive multiple of 8, len(x) ≥ (rows-1)*ld+cols, and
// bounds rows·cols so that one call stays short.
//
//go:noescape
func SoftmaxRowsNEON(x []float32, rows, cols, ld int)
