//go:build !purego && !noasm

package kernels

import "github.com/fastgru/fastgru/kernels/arm64"

// The GRU training kernels of implementation x.

func gruTrainZR(x isa, z, r, rh, h, xw, u []float32, rows, ldx, ldu, units, n int) {
	if x == isaNEON {
		arm64.GRUTrainZRNEON(z, r, rh, h, xw, u, rows, ldx, ldu, units, n)
		return
	}
	gruTrainZRGeneric(z, r, rh, h, xw, u, rows, ldx, ldu, units, n)
}

func gruTrainH(x isa, hn, c, h, z, xw, cu []float32, rows, ldx, units, n int) {
	if x == isaNEON {
		arm64.GRUTrainHNEON(hn, c, h, z, xw, cu, rows, ldx, units, n)
		return
	}
	gruTrainHGeneric(hn, c, h, z, xw, cu, rows, ldx, units, n)
}

func gruTrainResetAfter(x isa, hn, z, r, c, h, xw, u, b []float32, rows, ldx, ldu, units, n int) {
	if x == isaNEON {
		arm64.GRUTrainResetAfterNEON(hn, z, r, c, h, xw, u, b, rows, ldx, ldu, units, n)
		return
	}
	gruTrainResetAfterGeneric(hn, z, r, c, h, xw, u, b, rows, ldx, ldu, units, n)
}

func gruBackZC(x isa, da, dhz, dh, dy, h, z, c []float32, rows, lda, ldy, units, n int) {
	if x == isaNEON {
		arm64.GRUBackZCNEON(da, dhz, dh, dy, h, z, c, rows, lda, ldy, units, n)
		return
	}
	gruBackZCGeneric(da, dhz, dh, dy, h, z, c, rows, lda, ldy, units, n)
}

func gruBackR(x isa, da, dh, drh, h, r []float32, rows, lda, units, n int) {
	if x == isaNEON {
		arm64.GRUBackRNEON(da, dh, drh, h, r, rows, lda, units, n)
		return
	}
	gruBackRGeneric(da, dh, drh, h, r, rows, lda, units, n)
}

func gruBackResetAfter(x isa, da, dau, dhz, dh, dy, h, z, r, c, u, b []float32, rows, lda, ldy, ldu, units, n int) {
	if x == isaNEON {
		arm64.GRUBackResetAfterNEON(da, dau, dhz, dh, dy, h, z, r, c, u, b, rows, lda, ldy, ldu, units, n)
		return
	}
	gruBackResetAfterGeneric(da, dau, dhz, dh, dy, h, z, r, c, u, b, rows, lda, ldy, ldu, units, n)
}
