//go:build amd64 && !purego && !noasm

package amd64

// The optimizers' elementwise updates of a model's weights w, with AVX-512 F. Each rounds the
// same float32 steps in the same order as its pure-Go twin in package kernels, with no fused
// multiply-add and with exact square roots and divisions, so the two agree bit for bit (and with
// the AVX2 kernels). The caller guarantees that len(w) is a multiple of 8 and that every other
// slice it reads holds len(w) floats.

// RMSpropAVX512 is RMSprop's step:
//
//	for i := range w {
//		m := float32(rho*ms[i]) + float32((1-rho)*float32(g[i]*g[i]))
//		ms[i] = m
//		d := sqrt(m + eps) // with epsOutside, sqrt(m) + eps
//		w[i] -= float32(lr*g[i]) / d
//	}
//
//go:noescape
func RMSpropAVX512(w, g, ms []float32, lr, rho, eps float32, epsOutside bool)

// AdamAVX512 is Adam's step, alpha holding the bias corrections:
//
//	for i := range w {
//		m[i] += float32((g[i] - m[i]) * (1 - beta1))
//		v[i] += float32((float32(g[i]*g[i]) - v[i]) * (1 - beta2))
//		w[i] -= float32(alpha*m[i]) / (sqrt(v[i]) + eps)
//	}
//
//go:noescape
func AdamAVX512(w, g, m, v []float32, alpha, beta1, beta2, eps float32)

// SGDAVX512 is SGD's step. With vel empty it is w[i] -= float32(lr*g[i]); else
//
//	for i := range w {
//		step := float32(lr * g[i])
//		vel[i] = float32(momentum*vel[i]) - step
//		w[i] += vel[i] // with nesterov, w[i] += float32(momentum*vel[i]) - step
//	}
//
//go:noescape
func SGDAVX512(w, g, vel []float32, lr, momentum float32, nesterov bool)
