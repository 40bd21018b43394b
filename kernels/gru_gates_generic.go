package kernels

import "math"

func sigmoid64(x float32) float32 { return float32(1 / (1 + math.Exp(-float64(x)))) }

func tanh64(x float32) float32 { return float32(math.Tanh(float64(x))) }

// gruGatesResetAfterGeneric is the pure-Go twin of GRUGatesResetAfterAVX2: for j < n,
//
//	z = σ(x[j] + u[j] + b[j]), r = σ(x[ld+j] + u[ld+j] + b[ld+j])
//	h[j] = c + z·(h[j] - c) with c = tanh(x[2ld+j] + r·(u[2ld+j] + b[2ld+j]))
func gruGatesResetAfterGeneric(h, x, u, b []float32, ld, n int) {
	for j := range h[:n] {
		z := sigmoid64(x[j] + u[j] + b[j])
		r := sigmoid64(x[ld+j] + u[ld+j] + b[ld+j])
		c := tanh64(x[2*ld+j] + r*(u[2*ld+j]+b[2*ld+j]))
		h[j] = c + z*(h[j]-c)
	}
}

// gruGatesZRGeneric is the pure-Go twin of GRUGatesZRAVX2: for j < n,
//
//	z[j] = σ(x[j] + u[j]), rh[j] = σ(x[ld+j] + u[ld+j])·h[j]
func gruGatesZRGeneric(z, rh, h, x, u []float32, ld, n int) {
	for j := range h[:n] {
		z[j] = sigmoid64(x[j] + u[j])
		rh[j] = sigmoid64(x[ld+j]+u[ld+j]) * h[j]
	}
}

// gruGatesHGeneric is the pure-Go twin of GRUGatesHAVX2: for j < n,
//
//	h[j] = c + z[j]·(h[j] - c) with c = tanh(x[j] + cu[j])
func gruGatesHGeneric(h, z, x, cu []float32, n int) {
	for j := range h[:n] {
		c := tanh64(x[j] + cu[j])
		h[j] = c + z[j]*(h[j]-c)
	}
}
