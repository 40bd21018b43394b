package kernels

import "math"

func sigmoid64(x float32) float32 { return float32(1 / (1 + math.Exp(-float64(x)))) }

func tanh64(x float32) float32 { return float32(math.Tanh(float64(x))) }

// gruGatesResetAfterGeneric is the pure-Go twin of GRUGatesResetAfterAVX2: for each row and
// j < n, with row i of h at i·units, of x at i·ldx, of u at i·ldu, sections units apart:
//
//	z = σ(x[j] + u[j] + b[j]), r = σ(x[units+j] + u[units+j] + b[units+j])
//	h[j] = c + z·(h[j] - c) with c = tanh(x[2units+j] + r·(u[2units+j] + b[2units+j]))
func gruGatesResetAfterGeneric(h, x, u, b []float32, rows, ldx, ldu, units, n int) {
	for i := 0; i < rows; i++ {
		h, x, u := h[i*units:], x[i*ldx:], u[i*ldu:]
		for j := range n {
			z := sigmoid64(x[j] + u[j] + b[j])
			r := sigmoid64(x[units+j] + u[units+j] + b[units+j])
			c := tanh64(x[2*units+j] + r*(u[2*units+j]+b[2*units+j]))
			h[j] = c + z*(h[j]-c)
		}
	}
}

// gruGatesZRGeneric is the pure-Go twin of GRUGatesZRAVX2: for each row and j < n,
//
//	z[j] = σ(x[j] + u[j]), rh[j] = σ(x[units+j] + u[units+j])·h[j]
func gruGatesZRGeneric(z, rh, h, x, u []float32, rows, ldx, ldu, units, n int) {
	for i := 0; i < rows; i++ {
		z, rh, h, x, u := z[i*units:], rh[i*units:], h[i*units:], x[i*ldx:], u[i*ldu:]
		for j := range n {
			z[j] = sigmoid64(x[j] + u[j])
			rh[j] = sigmoid64(x[units+j]+u[units+j]) * h[j]
		}
	}
}

// gruGatesHGeneric is the pure-Go twin of GRUGatesHAVX2: for each row and j < n,
//
//	h[j] = c + z[j]·(h[j] - c) with c = tanh(x[j] + cu[j])
func gruGatesHGeneric(h, z, x, cu []float32, rows, ldx, units, n int) {
	for i := 0; i < rows; i++ {
		h, z, x, cu := h[i*units:], z[i*units:], x[i*ldx:], cu[i*units:]
		for j := range n {
			c := tanh64(x[j] + cu[j])
			h[j] = c + z[j]*(h[j]-c)
		}
	}
}
