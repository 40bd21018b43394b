//go:build !purego && !noasm

package kernels

import "github.com/fastgru/fastgru/kernels/arm64"

// NEON is part of every arm64 core: nothing to detect.
var available = []isa{isaNEON, isaGeneric}

// microKernel runs whole tiles without epilogue straight into C; edge tiles, and tiles with a
// bias or an activation, go through a scratch tile and finishTile.
func microKernel(x isa, kc, m, n int, a []float32, rsa, csa, ta int, b []float32, ldb int, c []float32, ldc int, alpha, beta float32, bias []float32, epilogue int) {
	checkTiles(x, kc, m, n, len(a), rsa, csa, ta, len(b), ldb, len(c), ldc, bias)
	if x != isaNEON {
		sgemmKernel6x16Generic(kc, m, n, a, rsa, csa, ta, b, c, ldc, alpha, beta, bias, epilogue)
		return
	}
	for t := 0; t*mr < m; t++ {
		rows, at, ct := min(mr, m-t*mr), a[t*ta:], c[t*mr*ldc:]
		if rows == mr && n == nr && bias == nil && epilogue == epilogueNone {
			arm64.SgemmKernel6x16NEON(kc, at, rsa, csa, b, ct, ldc, alpha, beta)
			continue
		}
		var tile [mr * nr]float32
		arm64.SgemmKernel6x16NEON(kc, at, rsa, csa, b, tile[:], nr, 1, 0)
		finishTile(&tile, rows, n, ct, ldc, alpha, beta, bias, epilogue)
	}
}

func gemvPacked4(x isa, kc int, a, b []float32, panelStride int, y []float32, alpha, beta float32) {
	checkGemvPacked4(kc, len(a), len(b), panelStride, len(y))
	if x == isaNEON {
		arm64.SgemvPacked4NEON(kc, a, b, panelStride, y, alpha, beta)
		return
	}
	sgemvPacked4Generic(kc, a, b, panelStride, y, alpha, beta)
}

func gemvKernel(x isa, k int, a, b []float32, ldb int, y []float32, alpha, beta float32) {
	checkGemv(k, len(a), len(b), ldb, len(y))
	if x == isaNEON {
		arm64.SgemvKernel64NEON(k, a, b, ldb, y, alpha, beta)
		return
	}
	sgemvKernel64Generic(k, a, b, ldb, y, alpha, beta)
}

func packB(x isa, kc, panels int, b []float32, ldb int, dst []float32) {
	checkPackB(kc, panels, len(b), ldb, len(dst))
	if x == isaNEON {
		arm64.PackBNEON(kc, panels, b, ldb, dst)
		return
	}
	packBGeneric(kc, panels, b, ldb, dst)
}

// activateRows runs whole groups of 8 columns in the kernel and the rest in Go.
func activateRows(x isa, v []float32, rows, cols, ld, fn int) {
	whole := cols / 8 * 8
	if x == isaNEON && rows > 0 && whole > 0 {
		arm64.ActivateRowsNEON(v, rows, whole, ld, fn)
		v, cols = v[whole:], cols-whole
	}
	activateRowsGeneric(v, rows, cols, ld, fn)
}

func gruGatesResetAfter(x isa, h, xw, u, b []float32, rows, ldx, ldu, units, n int) {
	if x == isaNEON {
		arm64.GRUGatesResetAfterNEON(h, xw, u, b, rows, ldx, ldu, units, n)
		return
	}
	gruGatesResetAfterGeneric(h, xw, u, b, rows, ldx, ldu, units, n)
}

func gruGatesZR(x isa, z, rh, h, xw, u []float32, rows, ldx, ldu, units, n int) {
	if x == isaNEON {
		arm64.GRUGatesZRNEON(z, rh, h, xw, u, rows, ldx, ldu, units, n)
		return
	}
	gruGatesZRGeneric(z, rh, h, xw, u, rows, ldx, ldu, units, n)
}

func gruGatesH(x isa, h, z, xw, cu []float32, rows, ldx, units, n int) {
	if x == isaNEON {
		arm64.GRUGatesHNEON(h, z, xw, cu, rows, ldx, units, n)
		return
	}
	gruGatesHGeneric(h, z, xw, cu, rows, ldx, units, n)
}

// softmaxRows runs rows of whole groups of 8 columns in the kernel, others in Go.
func softmaxRows(x isa, v []float32, rows, cols, ld int) {
	if x == isaNEON && rows > 0 && cols > 0 && cols%8 == 0 {
		arm64.SoftmaxRowsNEON(v, rows, cols, ld)
		return
	}
	softmaxRowsGeneric(v, rows, cols, ld)
}
