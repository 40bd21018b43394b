//go:build !purego && !noasm

package kernels

import (
	"github.com/fastgru/fastgru/kernels/amd64"
	"github.com/klauspost/cpuid/v2"
)

// available lists avx512 where the CPU has AVX-512 F, VL, DQ and BW (and BMI2, for the SGEMM
// kernel's masks) and the OS saves the opmask and ZMM registers (cpuid reports AVX-512 only when XCR0 says so).
var available = func() []isa {
	switch {
	case cpuid.CPU.Supports(cpuid.AVX512F, cpuid.AVX512VL, cpuid.AVX512DQ, cpuid.AVX512BW, cpuid.AVX2, cpuid.FMA3, cpuid.BMI2):
		return []isa{isaAVX512, isaAVX2, isaGeneric}
	case cpuid.CPU.Supports(cpuid.AVX2, cpuid.FMA3):
		return []isa{isaAVX2, isaGeneric}
	}
	return []isa{isaGeneric}
}()

func microKernel(x isa, kc, m, n int, a []float32, rsa, csa, ta int, b []float32, ldb int, c []float32, ldc int, alpha, beta float32, bias []float32, epilogue int) {
	checkTiles(x, kc, m, n, len(a), rsa, csa, ta, len(b), ldb, len(c), ldc, bias)
	if x == isaAVX512 {
		amd64.SgemmKernel12x32AVX512(kc, m, n, a, rsa, csa, ta, b, ldb, c, ldc, alpha, beta, bias, epilogue)
		return
	}
	if x == isaAVX2 {
		amd64.SgemmKernel6x16AVX2(kc, m, n, a, rsa, csa, ta, b, c, ldc, alpha, beta, bias, epilogue)
		return
	}
	sgemmKernel6x16Generic(kc, m, n, a, rsa, csa, ta, b, c, ldc, alpha, beta, bias, epilogue)
}

func gemvKernel(x isa, k int, a, b []float32, ldb int, y []float32, alpha, beta float32) {
	checkGemv(k, len(a), len(b), ldb, len(y))
	if x == isaAVX512 {
		amd64.SgemvKernel64AVX512(k, a, b, ldb, y, alpha, beta)
		return
	}
	if x == isaAVX2 {
		amd64.SgemvKernel64AVX2(k, a, b, ldb, y, alpha, beta)
		return
	}
	sgemvKernel64Generic(k, a, b, ldb, y, alpha, beta)
}

func packB(x isa, kc, panels int, b []float32, ldb int, dst []float32) {
	checkPackB(kc, panels, len(b), ldb, len(dst))
	if x == isaAVX512 {
		amd64.PackBAVX512(kc, panels, b, ldb, dst)
		return
	}
	if x == isaAVX2 {
		amd64.PackBAVX2(kc, panels, b, ldb, dst)
		return
	}
	packBGeneric(kc, panels, b, ldb, dst)
}

func gruGatesResetAfter(x isa, h, xw, u, b []float32, rows, ldx, ldu, units, n int) {
	switch x {
	case isaAVX512:
		amd64.GRUGatesResetAfterAVX512(h, xw, u, b, rows, ldx, ldu, units, n)
		return
	case isaAVX2:
		amd64.GRUGatesResetAfterAVX2(h, xw, u, b, rows, ldx, ldu, units, n)
		return
	}
	gruGatesResetAfterGeneric(h, xw, u, b, rows, ldx, ldu, units, n)
}

func gruGatesZR(x isa, z, rh, h, xw, u []float32, rows, ldx, ldu, units, n int) {
	switch x {
	case isaAVX512:
		amd64.GRUGatesZRAVX512(z, rh, h, xw, u, rows, ldx, ldu, units, n)
		return
	case isaAVX2:
		amd64.GRUGatesZRAVX2(z, rh, h, xw, u, rows, ldx, ldu, units, n)
		return
	}
	gruGatesZRGeneric(z, rh, h, xw, u, rows, ldx, ldu, units, n)
}

func gruGatesH(x isa, h, z, xw, cu []float32, rows, ldx, units, n int) {
	switch x {
	case isaAVX512:
		amd64.GRUGatesHAVX512(h, z, xw, cu, rows, ldx, units, n)
		return
	case isaAVX2:
		amd64.GRUGatesHAVX2(h, z, xw, cu, rows, ldx, units, n)
		return
	}
	gruGatesHGeneric(h, z, xw, cu, rows, ldx, units, n)
}

func gemvPacked4(x isa, kc int, a, b []float32, panelStride int, y []float32, alpha, beta float32) {
	checkGemvPacked4(kc, len(a), len(b), panelStride, len(y))
	if x == isaAVX512 {
		amd64.SgemvPacked4AVX512(kc, a, b, panelStride, y, alpha, beta)
		return
	}
	if x == isaAVX2 {
		amd64.SgemvPacked4AVX2(kc, a, b, panelStride, y, alpha, beta)
		return
	}
	sgemvPacked4Generic(kc, a, b, panelStride, y, alpha, beta)
}

func activateRows(x isa, v []float32, rows, cols, ld, fn int) {
	if x == isaAVX512 {
		amd64.ActivateRowsAVX512(v, rows, cols, ld, fn)
		return
	}
	if x == isaAVX2 {
		amd64.ActivateRowsAVX2(v, rows, cols, ld, fn)
		return
	}
	activateRowsGeneric(v, rows, cols, ld, fn)
}

func softmaxRows(x isa, v []float32, rows, cols, ld int) {
	if x == isaAVX512 {
		amd64.SoftmaxRowsAVX512(v, rows, cols, ld)
		return
	}
	if x == isaAVX2 {
		amd64.SoftmaxRowsAVX2(v, rows, cols, ld)
		return
	}
	softmaxRowsGeneric(v, rows, cols, ld)
}

const (
	fnExp     = amd64.FnExp
	fnSigmoid = amd64.FnSigmoid
	fnTanh    = amd64.FnTanh
)

// fusedGRUStep reports whether x has the fused GRU step's micro-kernels.
func fusedGRUStep(x isa) bool { return x == isaAVX2 || x == isaAVX512 }

func gruTileZR(x isa, kc, m int, a []float32, lda int, bz, br, z, rh, h []float32, ldc int, xw []float32, ldx, xr int) {
	checkGRUTileZR(x, kc, m, len(a), lda, len(bz), len(br), len(z), len(rh), len(h), ldc, len(xw), ldx, xr)
	switch x {
	case isaAVX512:
		amd64.GRUKernelZR12x16AVX512(kc, m, a, lda, bz, br, z, rh, h, ldc, xw, ldx, xr)
		return
	case isaAVX2:
		amd64.GRUKernelZR6x16AVX2(kc, m, a, lda, bz, br, z, rh, h, ldc, xw, ldx, xr)
		return
	}
	gruTileZRGeneric(kc, m, a, lda, bz, br, z, rh, h, ldc, xw, ldx, xr)
}

// gruTileH runs the h tiles of cols columns (16, or 32 with avx512's 12×32 kernel), b their
// consecutive panels.
func gruTileH(x isa, kc, m, cols int, a []float32, lda int, b, h []float32, ldh int, xw []float32, ldx int, z []float32, ldz int) {
	checkGRUTileH(x, kc, m, cols, len(a), lda, len(b), len(h), ldh, len(xw), ldx, len(z), ldz)
	switch {
	case x == isaAVX512 && cols == 2*nr:
		amd64.GRUKernelH12x32AVX512(kc, m, a, lda, b, b[kc*nr:], h, ldh, xw, ldx, z, ldz)
	case x == isaAVX512:
		amd64.GRUKernelH12x16AVX512(kc, m, a, lda, b, h, ldh, xw, ldx, z, ldz)
	case x == isaAVX2:
		amd64.GRUKernelH6x16AVX2(kc, m, a, lda, b, h, ldh, xw, ldx, z, ldz)
	default:
		gruTileHGeneric(kc, m, a, lda, b, h, ldh, xw, ldx, z, ldz)
	}
}

func packATrans(x isa, kc, rows int, a []float32, lda int, dst []float32) {
	checkPackATrans(kc, rows, len(a), lda, len(dst))
	switch x {
	case isaAVX512:
		amd64.PackATransAVX512(kc, rows, a, lda, dst)
	case isaAVX2:
		amd64.PackATransAVX2(kc, rows, a, lda, dst)
	default:
		packATransGeneric(kc, rows, a, lda, dst)
	}
}

// Sequence16Fast reports whether GRUSequence16 on a batch of rows is faster than GRUStep's
// kernels step by step: with avx512, where it runs as one kernel, for the batches of up to four
// rows that one call holds (eight rows ran 10% slower on Sapphire Rapids, as two calls).
func Sequence16Fast(rows int) bool { return current() == isaAVX512 && rows <= seq16Rows }

func gruSequence16(x isa, h, out, xs, w, bias, u []float32, rows, steps, in, units, ldx, xstep, ldo, ostep int) {
	if x != isaAVX512 {
		gruSequence16Generic(h, out, xs, w, bias, u, rows, steps, in, units, ldx, xstep, ldo, ostep)
		return
	}
	chunk := max(1, seq16Work/(3*units*(in+units)))
	for r0 := 0; r0 < rows; r0 += seq16Rows {
		r := min(seq16Rows, rows-r0)
		for t0 := 0; t0 < steps; t0 += chunk {
			var xt, o []float32
			if in > 0 {
				xt = xs[r0*ldx+t0*xstep:]
			}
			if len(out) > 0 {
				o = out[r0*ldo+t0*ostep:]
			}
			amd64.GRUSeq16AVX512(r, min(chunk, steps-t0), units, in, xt, ldx, xstep, w, bias, u, h[r0*units:], o, ldo, ostep)
		}
	}
}

// packA packs rows of a row-major A with avx512's kernel; the others' Go loops are as fast as
// their vectors would be.
func packA(x isa, kc, rows int, a []float32, lda int, dst []float32) {
	checkPackA(kc, rows, len(a), lda, len(dst))
	if x == isaAVX512 {
		amd64.PackAAVX512(kc, rows, a, lda, dst)
		return
	}
	packAGeneric(kc, rows, a, lda, dst)
}
