//go:build arm64 && !purego && !noasm

package arm64

// The GRU training kernels with NEON, twins of kernels/amd64's GRUTrain…AVX2 and GRUBack…AVX2
// (see those for the equations): for each of rows rows, the first n units, n a multiple of 8;
// row i of h (and of z, r, rh, c, hn, cu, dh, dhz, drh) at i·units, of x at i·ldx, of u at
// i·ldu, of da and dau at i·lda, of dy at i·ldy (ldy 0: the same row for every i); x, u, b, da
// and dau hold the z, r and h sections units apart. The caller guarantees the slices hold them.

//go:noescape
func GRUTrainZRNEON(z, r, rh, h, x, u []float32, rows, ldx, ldu, units, n int)

//go:noescape
func GRUTrainHNEON(hn, c, h, z, x, cu []float32, rows, ldx, units, n int)

//go:noescape
func GRUTrainResetAfterNEON(hn, z, r, c, h, x, u, b []float32, rows, ldx, ldu, units, n int)

//go:noescape
func GRUBackZCNEON(da, dhz, dh, dy, h, z, c []float32, rows, lda, ldy, units, n int)

//go:noescape
func GRUBackRNEON(da, dh, drh, h, r []float32, rows, lda, units, n int)

//go:noescape
func GRUBackResetAfterNEON(da, dau, dhz, dh, dy, h, z, r, c, u, b []float32, rows, lda, ldy, ldu, units, n int)
