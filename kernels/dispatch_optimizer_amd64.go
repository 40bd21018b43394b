//go:build !purego && !noasm

package kernels

import "github.com/fastgru/fastgru/kernels/amd64"

// The optimizer kernels of implementation x; len(w) is a multiple of 8. The kernel is chosen
// in the loop, not held in a func value, which would make the slices escape.

// updateChunk bounds the floats of one assembly call: the assembly cannot be preempted, and a
// model's weights may run to millions.
const updateChunk = 1 << 15

func rmsprop(x isa, w, g, ms []float32, lr, rho, eps float32, epsOutside bool) {
	if x != isaAVX2 && x != isaAVX512 {
		rmspropGeneric(w, g, ms, lr, rho, eps, epsOutside)
		return
	}
	for len(w) > 0 {
		n := min(len(w), updateChunk)
		if x == isaAVX512 {
			amd64.RMSpropAVX512(w[:n], g[:n], ms[:n], lr, rho, eps, epsOutside)
		} else {
			amd64.RMSpropAVX2(w[:n], g[:n], ms[:n], lr, rho, eps, epsOutside)
		}
		w, g, ms = w[n:], g[n:], ms[n:]
	}
}

func adam(x isa, w, g, m, v []float32, alpha, beta1, beta2, eps float32) {
	if x != isaAVX2 && x != isaAVX512 {
		adamGeneric(w, g, m, v, alpha, beta1, beta2, eps)
		return
	}
	for len(w) > 0 {
		n := min(len(w), updateChunk)
		if x == isaAVX512 {
			amd64.AdamAVX512(w[:n], g[:n], m[:n], v[:n], alpha, beta1, beta2, eps)
		} else {
			amd64.AdamAVX2(w[:n], g[:n], m[:n], v[:n], alpha, beta1, beta2, eps)
		}
		w, g, m, v = w[n:], g[n:], m[n:], v[n:]
	}
}

func sgd(x isa, w, g, vel []float32, lr, momentum float32, nesterov bool) {
	if x != isaAVX2 && x != isaAVX512 {
		sgdGeneric(w, g, vel, lr, momentum, nesterov)
		return
	}
	for len(w) > 0 {
		n := min(len(w), updateChunk)
		nv := min(n, len(vel)) // 0 for the nil vel of momentum 0
		if x == isaAVX512 {
			amd64.SGDAVX512(w[:n], g[:n], vel[:nv], lr, momentum, nesterov)
		} else {
			amd64.SGDAVX2(w[:n], g[:n], vel[:nv], lr, momentum, nesterov)
		}
		w, g, vel = w[n:], g[n:], vel[nv:]
	}
}
