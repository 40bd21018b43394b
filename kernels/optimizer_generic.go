package kernels

import "math"

// rmspropGeneric is the pure-Go twin of RMSpropAVX2: for every i,
//
//	ms[i] = rho·ms[i] + (1-rho)·g[i]², w[i] -= lr·g[i]/sqrt(ms[i] + eps)   (epsOutside: /(sqrt(ms[i]) + eps))
func rmspropGeneric(w, g, ms []float32, lr, rho, eps float32, epsOutside bool) {
	for i := range w {
		gi := g[i]
		m := float32(rho*ms[i]) + float32((1-rho)*float32(gi*gi))
		ms[i] = m
		var d float32
		if epsOutside {
			d = float32(math.Sqrt(float64(m))) + eps
		} else {
			d = float32(math.Sqrt(float64(m + eps)))
		}
		w[i] -= float32(lr*gi) / d
	}
}

// adamGeneric is the pure-Go twin of AdamAVX2: for every i,
//
//	m[i] += (g[i] - m[i])·(1-beta1), v[i] += (g[i]² - v[i])·(1-beta2)
//	w[i] -= alpha·m[i]/(sqrt(v[i]) + eps)
func adamGeneric(w, g, m, v []float32, alpha, beta1, beta2, eps float32) {
	for i := range w {
		gi := g[i]
		mi := m[i] + float32((gi-m[i])*(1-beta1))
		vi := v[i] + float32((float32(gi*gi)-v[i])*(1-beta2))
		m[i], v[i] = mi, vi
		w[i] -= float32(alpha*mi) / (float32(math.Sqrt(float64(vi))) + eps)
	}
}

// sgdGeneric is the pure-Go twin of SGDAVX2: for every i, with vel nil (momentum 0)
// w[i] -= lr·g[i]; else
//
//	vel[i] = momentum·vel[i] - lr·g[i], then w[i] += vel[i], or with nesterov
//	w[i] += momentum·vel[i] - lr·g[i]
func sgdGeneric(w, g, vel []float32, lr, momentum float32, nesterov bool) {
	if vel == nil {
		for i := range w {
			w[i] -= float32(lr * g[i])
		}
		return
	}
	for i := range w {
		step := float32(lr * g[i])
		v := float32(momentum*vel[i]) - step
		vel[i] = v
		if nesterov {
			w[i] += float32(momentum*v) - step
		} else {
			w[i] += v
		}
	}
}
