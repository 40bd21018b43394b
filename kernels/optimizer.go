package kernels

// The optimizers' updates, one pass over all of a model's weights w with their gradient g and the
// optimizer's state, elementwise. Every slice must have len(w) elements.

// RMSpropUpdate is RMSprop's step (Keras, TF.js; momentum 0, not centred): per element
//
//	ms = rho·ms + (1-rho)·g², w -= lr·g/sqrt(ms + eps)
//
// or, with epsOutside (Keras ≤ 2.3, tf.keras 2.0–2.10), w -= lr·g/(sqrt(ms) + eps).
func RMSpropUpdate(w, g, ms []float32, lr, rho, eps float32, epsOutside bool) {
	checkUpdate(len(w), len(g), len(ms), len(ms))
	v := vectorPart(len(w))
	rmsprop(current(), w[:v], g[:v], ms[:v], lr, rho, eps, epsOutside)
	rmspropGeneric(w[v:], g[v:], ms[v:], lr, rho, eps, epsOutside)
}

// AdamUpdate is Adam's step (Keras 3), alpha being lr·sqrt(1-beta2^t)/(1-beta1^t) at step t:
//
//	m += (g - m)·(1-beta1), v += (g² - v)·(1-beta2), w -= alpha·m/(sqrt(v) + eps)
func AdamUpdate(w, g, m, v []float32, alpha, beta1, beta2, eps float32) {
	checkUpdate(len(w), len(g), len(m), len(v))
	n := vectorPart(len(w))
	adam(current(), w[:n], g[:n], m[:n], v[:n], alpha, beta1, beta2, eps)
	adamGeneric(w[n:], g[n:], m[n:], v[n:], alpha, beta1, beta2, eps)
}

// SGDUpdate is SGD's step (Keras): with momentum 0, w -= lr·g, and vel is not used (it may be
// nil); else
//
//	vel = momentum·vel - lr·g, then w += vel, or with nesterov w += momentum·vel - lr·g
func SGDUpdate(w, g, vel []float32, lr, momentum float32, nesterov bool) {
	if momentum == 0 {
		checkUpdate(len(w), len(g), len(w), len(w))
	} else {
		checkUpdate(len(w), len(g), len(vel), len(vel))
	}
	n := vectorPart(len(w))
	if momentum == 0 {
		// One kernel for both: a zero velocity of the right length would cost a pass of its own.
		sgd(current(), w[:n], g[:n], nil, lr, 0, false)
		sgdGeneric(w[n:], g[n:], nil, lr, 0, false)
		return
	}
	sgd(current(), w[:n], g[:n], vel[:n], lr, momentum, nesterov)
	sgdGeneric(w[n:], g[n:], vel[n:], lr, momentum, nesterov)
}

// vectorPart is the part of n elements the kernels take, whole vectors of 8; Go takes the rest.
func vectorPart(n int) int { return n / 8 * 8 }

func checkUpdate(w, g, s1, s2 int) {
	if g != w || s1 != w || s2 != w {
		panic("kernels: the update's slices differ in length")
	}
}
