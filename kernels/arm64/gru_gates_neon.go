//go:build arm64 && !purego && !noasm

package arm64

// The GRU gate kernels with NEON, twins of kernels/amd64's GRUGates…AVX2 (see those for the
// equations): for each of rows rows, the first n units, n a multiple of 8; row i of h (and z,
// rh, cu) at i·units, of x at i·ldx, of u at i·ldu, sections units apart. The caller guarantees
// the slices hold them.

//go:noescape
func GRUGatesResetAfterNEON(h, x, u, b []float32, rows, ldx, ldu, units, n int)

//go:noescape
func GRUGatesZRNEON(z, rh, h, x, u []float32, rows, ldx, ldu, units, n int)

//go:noescape
func GRUGatesHNEON(h, z, x, cu []float32, rows, ldx, units, n int)
