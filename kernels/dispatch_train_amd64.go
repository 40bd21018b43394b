//go:build !purego && !noasm

package kernels

import "github.com/fastgru/fastgru/kernels/amd64"

// The GRU training kernels of implementation x. The AVX2 kernels take n a multiple of 8, the
// AVX-512 ones any n (see kernelUnits).

// trainISA is the implementation whose kernels x runs n units of a row with. Where n is an odd
// number of 8-unit vectors, AVX-512's last vector would be half empty and most of its loads
// would split cache lines, while AVX2's vectors tile the rows exactly, 32-byte aligned: the six
// AVX2 kernels together ran faster there on Sapphire Rapids, by a third at 8 units, 13% at 24
// and 3-4% at 40 and 56.
func trainISA(x isa, n int) isa {
	if x == isaAVX512 && n%16 == 8 {
		return isaAVX2
	}
	return x
}

func gruTrainZR(x isa, z, r, rh, h, xw, u []float32, rows, ldx, ldu, units, n int) {
	switch trainISA(x, n) {
	case isaAVX512:
		amd64.GRUTrainZRAVX512(z, r, rh, h, xw, u, rows, ldx, ldu, units, n)
	case isaAVX2:
		amd64.GRUTrainZRAVX2(z, r, rh, h, xw, u, rows, ldx, ldu, units, n)
	default:
		gruTrainZRGeneric(z, r, rh, h, xw, u, rows, ldx, ldu, units, n)
	}
}

func gruTrainH(x isa, hn, c, h, z, xw, cu []float32, rows, ldx, units, n int) {
	switch trainISA(x, n) {
	case isaAVX512:
		amd64.GRUTrainHAVX512(hn, c, h, z, xw, cu, rows, ldx, units, n)
	case isaAVX2:
		amd64.GRUTrainHAVX2(hn, c, h, z, xw, cu, rows, ldx, units, n)
	default:
		gruTrainHGeneric(hn, c, h, z, xw, cu, rows, ldx, units, n)
	}
}

func gruTrainResetAfter(x isa, hn, z, r, c, h, xw, u, b []float32, rows, ldx, ldu, units, n int) {
	switch trainISA(x, n) {
	case isaAVX512:
		amd64.GRUTrainResetAfterAVX512(hn, z, r, c, h, xw, u, b, rows, ldx, ldu, units, n)
	case isaAVX2:
		amd64.GRUTrainResetAfterAVX2(hn, z, r, c, h, xw, u, b, rows, ldx, ldu, units, n)
	default:
		gruTrainResetAfterGeneric(hn, z, r, c, h, xw, u, b, rows, ldx, ldu, units, n)
	}
}

func gruBackZC(x isa, da, dhz, dh, dy, h, z, c []float32, rows, lda, ldy, units, n int) {
	switch trainISA(x, n) {
	case isaAVX512:
		amd64.GRUBackZCAVX512(da, dhz, dh, dy, h, z, c, rows, lda, ldy, units, n)
	case isaAVX2:
		amd64.GRUBackZCAVX2(da, dhz, dh, dy, h, z, c, rows, lda, ldy, units, n)
	default:
		gruBackZCGeneric(da, dhz, dh, dy, h, z, c, rows, lda, ldy, units, n)
	}
}

func gruBackR(x isa, da, dh, drh, h, r []float32, rows, lda, units, n int) {
	switch trainISA(x, n) {
	case isaAVX512:
		amd64.GRUBackRAVX512(da, dh, drh, h, r, rows, lda, units, n)
	case isaAVX2:
		amd64.GRUBackRAVX2(da, dh, drh, h, r, rows, lda, units, n)
	default:
		gruBackRGeneric(da, dh, drh, h, r, rows, lda, units, n)
	}
}

func gruBackResetAfter(x isa, da, dau, dhz, dh, dy, h, z, r, c, u, b []float32, rows, lda, ldy, ldu, units, n int) {
	switch trainISA(x, n) {
	case isaAVX512:
		amd64.GRUBackResetAfterAVX512(da, dau, dhz, dh, dy, h, z, r, c, u, b, rows, lda, ldy, ldu, units, n)
	case isaAVX2:
		amd64.GRUBackResetAfterAVX2(da, dau, dhz, dh, dy, h, z, r, c, u, b, rows, lda, ldy, ldu, units, n)
	default:
		gruBackResetAfterGeneric(da, dau, dhz, dh, dy, h, z, r, c, u, b, rows, lda, ldy, ldu, units, n)
	}
}

// softmaxXent is SoftmaxCrossEntropy's pass over the rows (see softmaxXentRows): in one kernel
// with avx512 over rows of up to 16 classes, a single class left to the clip's exact path.
func softmaxXent(x isa, p, dz, logits, y []float32, rows, cols int, scale float32) (float64, int) {
	if x == isaAVX512 && cols > 1 && cols <= 16 {
		checkXent(p, dz, logits, y, rows, cols)
		return amd64.SoftmaxXentAVX512(p, dz, logits, y, rows, cols, scale)
	}
	return softmaxXentRows(x, p, dz, logits, y, rows, cols, scale)
}
