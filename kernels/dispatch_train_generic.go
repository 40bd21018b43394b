//go:build !(amd64 || arm64) || purego || noasm

package kernels

// The GRU training kernels where there is no assembly: the Go twins.

func gruTrainZR(_ isa, z, r, rh, h, xw, u []float32, rows, ldx, ldu, units, n int) {
	gruTrainZRGeneric(z, r, rh, h, xw, u, rows, ldx, ldu, units, n)
}

func gruTrainH(_ isa, hn, c, h, z, xw, cu []float32, rows, ldx, units, n int) {
	gruTrainHGeneric(hn, c, h, z, xw, cu, rows, ldx, units, n)
}

func gruTrainResetAfter(_ isa, hn, z, r, c, h, xw, u, b []float32, rows, ldx, ldu, units, n int) {
	gruTrainResetAfterGeneric(hn, z, r, c, h, xw, u, b, rows, ldx, ldu, units, n)
}

func gruBackZC(_ isa, da, dhz, dh, dy, h, z, c []float32, rows, lda, ldy, units, n int) {
	gruBackZCGeneric(da, dhz, dh, dy, h, z, c, rows, lda, ldy, units, n)
}

func gruBackR(_ isa, da, dh, drh, h, r []float32, rows, lda, units, n int) {
	gruBackRGeneric(da, dh, drh, h, r, rows, lda, units, n)
}

func gruBackResetAfter(_ isa, da, dau, dhz, dh, dy, h, z, r, c, u, b []float32, rows, lda, ldy, ldu, units, n int) {
	gruBackResetAfterGeneric(da, dau, dhz, dh, dy, h, z, r, c, u, b, rows, lda, ldy, ldu, units, n)
}
