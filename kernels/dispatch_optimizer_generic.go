//go:build !(amd64 || arm64) || purego || noasm

package kernels

// The optimizer kernels where there is no assembly: the Go twins.

func rmsprop(_ isa, w, g, ms []float32, lr, rho, eps float32, epsOutside bool) {
	rmspropGeneric(w, g, ms, lr, rho, eps, epsOutside)
}

func adam(_ isa, w, g, m, v []float32, alpha, beta1, beta2, eps float32) {
	adamGeneric(w, g, m, v, alpha, beta1, beta2, eps)
}

func sgd(_ isa, w, g, vel []float32, lr, momentum float32, nesterov bool) {
	sgdGeneric(w, g, vel, lr, momentum, nesterov)
}
