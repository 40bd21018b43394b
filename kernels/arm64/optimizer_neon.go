//go:build arm64 && !purego && !noasm

package arm64

// The optimizers' elementwise updates with NEON, twins of kernels/amd64's …AVX2 (see those for
// the loops): the same float32 roundings in the same order as the pure-Go twins in package
// kernels, with no fused multiply-add, so all three agree bit for bit. The caller guarantees that
// len(w) is a multiple of 8, that every other slice it reads holds len(w) floats, and bounds
// len(w) so that one call stays short.

// RMSpropNEON is RMSprop's step: ms = rho·ms + (1-rho)·g², w -= lr·g/sqrt(ms + eps), or with
// epsOutside w -= lr·g/(sqrt(ms) + eps).
//
//go:noescape
func RMSpropNEON(w, g, ms []float32, lr, rho, eps float32, epsOutside bool)

// AdamNEON is Adam's step, alpha holding the bias corrections: m += (g - m)·(1-beta1),
// v += (g² - v)·(1-beta2), w -= alpha·m/(sqrt(v) + eps).
//
//go:noescape
func AdamNEON(w, g, m, v []float32, alpha, beta1, beta2, eps float32)

// SGDNEON is SGD's step: with vel empty w -= lr·g; else vel = momentum·vel - lr·g, then w += vel,
// or with nesterov w += momentum·vel - lr·g.
//
//go:noescape
func SGDNEON(w, g, vel []float32, lr, momentum float32, nesterov bool)
