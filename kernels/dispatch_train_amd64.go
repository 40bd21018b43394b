//go:build !purego && !noasm

package kernels

// The GRU training kernels of implementation x.

func gruTrainZR(x isa, z, r, rh, h, xw, u []float32, rows, ldx, ldu, units, n int) {
	gruTrainZRGeneric(z, r, rh, h, xw, u, rows, ldx, ldu, units, n)
}

func gruTrainH(x isa, hn, c, h, z, xw, cu []float32, rows, ldx, units, n int) {
	gruTrainHGeneric(hn, c, h, z, xw, cu, rows, ldx, units, n)
}

func gruTrainResetAfter(x isa, hn, z, r, c, h, xw, u, b []float32, rows, ldx, ldu, units, n int) {
	gruTrainResetAfterGeneric(hn, z, r, c, h, xw, u, b, rows, ldx, ldu, units, n)
}

func gruBackZC(x isa, da, dhz, dh, dy, h, z, c []float32, rows, lda, ldy, units, n int) {
	gruBackZCGeneric(da, dhz, dh, dy, h, z, c, rows, lda, ldy, units, n)
}

func gruBackR(x isa, da, dh, drh, h, r []float32, rows, lda, units, n int) {
	gruBackRGeneric(da, dh, drh, h, r, rows, lda, units, n)
}

func gruBackResetAfter(x isa, da, dau, dhz, dh, dy, h, z, r, c, u, b []float32, rows, lda, ldy, ldu, units, n int) {
	gruBackResetAfterGeneric(da, dau, dhz, dh, dy, h, z, r, c, u, b, rows, lda, ldy, ldu, units, n)
}
