package kernels

// The pure-Go twins of the GRU training kernels, sigmoid gates and tanh candidate. Row i of h
// (and of z, r, rh, c, hn, dh, dhz, drh) starts at i·units; of x, the step's input projection in
// sections z, r, h units apart, at i·ldx; of u, the recurrent product h·U, at i·ldu; of da and
// dau, a row of the three gates' pre-activation gradients, at i·lda; of dy at i·ldy (0: the same
// row for every i). Each computes j < n of every row.

// gruTrainZRGeneric is the pure-Go twin of GRUTrainZRAVX2, reset_after=false's first half keeping
// r for the backward pass:
//
//	z[j] = σ(x[j] + u[j]), r[j] = σ(x[units+j] + u[units+j]), rh[j] = r[j]·h[j]
func gruTrainZRGeneric(z, r, rh, h, x, u []float32, rows, ldx, ldu, units, n int) {
	for i := 0; i < rows; i++ {
		z, r, rh, h, x, u := z[i*units:], r[i*units:], rh[i*units:], h[i*units:], x[i*ldx:], u[i*ldu:]
		for j := range n {
			z[j] = sigmoid64(x[j] + u[j])
			r[j] = sigmoid64(x[units+j] + u[units+j])
			rh[j] = r[j] * h[j]
		}
	}
}

// gruTrainHGeneric is the pure-Go twin of GRUTrainHAVX2, the second half keeping the candidate,
// given x at its h section and cu = (r⊙h)·Uh:
//
//	c[j] = tanh(x[j] + cu[j]), hn[j] = c[j] + z[j]·(h[j] - c[j])
func gruTrainHGeneric(hn, c, h, z, x, cu []float32, rows, ldx, units, n int) {
	for i := 0; i < rows; i++ {
		hn, c, h, z, x, cu := hn[i*units:], c[i*units:], h[i*units:], z[i*units:], x[i*ldx:], cu[i*units:]
		for j := range n {
			c[j] = tanh64(x[j] + cu[j])
			hn[j] = c[j] + z[j]*(h[j]-c[j])
		}
	}
}

// gruTrainResetAfterGeneric is the pure-Go twin of GRUTrainResetAfterAVX2, reset_after=true's
// step keeping z, r and the candidate, given u = h·U and the recurrent bias b (3·units):
//
//	z[j] = σ(x[j] + u[j] + b[j]), r[j] = σ(x[units+j] + u[units+j] + b[units+j])
//	c[j] = tanh(x[2units+j] + r[j]·(u[2units+j] + b[2units+j])), hn[j] = c[j] + z[j]·(h[j] - c[j])
func gruTrainResetAfterGeneric(hn, z, r, c, h, x, u, b []float32, rows, ldx, ldu, units, n int) {
	for i := 0; i < rows; i++ {
		hn, z, r, c, h, x, u := hn[i*units:], z[i*units:], r[i*units:], c[i*units:], h[i*units:], x[i*ldx:], u[i*ldu:]
		for j := range n {
			z[j] = sigmoid64(x[j] + u[j] + b[j])
			r[j] = sigmoid64(x[units+j] + u[units+j] + b[units+j])
			c[j] = tanh64(x[2*units+j] + r[j]*(u[2*units+j]+b[2*units+j]))
			hn[j] = c[j] + z[j]*(h[j]-c[j])
		}
	}
}

// gruBackZCGeneric is the pure-Go twin of GRUBackZCAVX2, reset_after=false's backward step before
// the product with Uhᵀ: from the state's gradient d = dh + dy, the pre-activation gradients of z
// and of the candidate, and the part of the previous state's gradient that flows through z:
//
//	d = dh[j] + dy[j]
//	da[j] = d·(h[j] - c[j])·z[j]·(1 - z[j]), da[2units+j] = d·(1 - z[j])·(1 - c[j]²), dhz[j] = d·z[j]
func gruBackZCGeneric(da, dhz, dh, dy, h, z, c []float32, rows, lda, ldy, units, n int) {
	for i := 0; i < rows; i++ {
		da, dhz, dh, dy, h, z, c := da[i*lda:], dhz[i*units:], dh[i*units:], dy[i*ldy:], h[i*units:], z[i*units:], c[i*units:]
		for j := range n {
			d, zj, cj := dh[j]+dy[j], z[j], c[j]
			da[j] = d * (h[j] - cj) * (zj * (1 - zj))
			da[2*units+j] = d * (1 - zj) * (1 - cj*cj)
			dhz[j] = d * zj
		}
	}
}

// gruBackRGeneric is the pure-Go twin of GRUBackRAVX2, given drh = da_c·Uhᵀ, the gradient of r⊙h:
//
//	da[units+j] = drh[j]·h[j]·r[j]·(1 - r[j]), dh[j] += drh[j]·r[j]
func gruBackRGeneric(da, dh, drh, h, r []float32, rows, lda, units, n int) {
	for i := 0; i < rows; i++ {
		da, dh, drh, h, r := da[i*lda:], dh[i*units:], drh[i*units:], h[i*units:], r[i*units:]
		for j := range n {
			rj := r[j]
			da[units+j] = drh[j] * h[j] * (rj * (1 - rj))
			dh[j] += drh[j] * rj
		}
	}
}

// gruBackResetAfterGeneric is the pure-Go twin of GRUBackResetAfterAVX2, reset_after=true's
// backward step before the product with Uᵀ. With d = dh + dy and uh = u[2units+j] + b[2units+j]:
//
//	dc = d·(1 - z)·(1 - c²), dz = d·(h - c)·z·(1 - z), dr = dc·uh·r·(1 - r)
//	da[j], da[units+j], da[2units+j] = dz, dr, dc   (the input kernel's, and its bias's, gradient)
//	dau[j], dau[units+j], dau[2units+j] = dz, dr, dc·r   (the recurrent kernel's)
//	dhz[j] = d·z
func gruBackResetAfterGeneric(da, dau, dhz, dh, dy, h, z, r, c, u, b []float32, rows, lda, ldy, ldu, units, n int) {
	for i := 0; i < rows; i++ {
		da, dau, dhz, dh, dy := da[i*lda:], dau[i*lda:], dhz[i*units:], dh[i*units:], dy[i*ldy:]
		h, z, r, c, u := h[i*units:], z[i*units:], r[i*units:], c[i*units:], u[i*ldu:]
		for j := range n {
			d, zj, rj, cj := dh[j]+dy[j], z[j], r[j], c[j]
			dc := d * (1 - zj) * (1 - cj*cj)
			dz := d * (h[j] - cj) * (zj * (1 - zj))
			dr := dc * (u[2*units+j] + b[2*units+j]) * (rj * (1 - rj))
			da[j], da[units+j], da[2*units+j] = dz, dr, dc
			dau[j], dau[units+j], dau[2*units+j] = dz, dr, dc*rj
			dhz[j] = d * zj
		}
	}
}
