//go:build !(amd64 || arm64) || purego || noasm

package kernels

var available = []isa{isaGeneric}

func microKernel(x isa, kc, m, n int, a []float32, rsa, csa, ta int, b []float32, ldb int, c []float32, ldc int, alpha, beta float32, bias []float32, epilogue int) {
	checkTiles(x, kc, m, n, len(a), rsa, csa, ta, len(b), ldb, len(c), ldc, bias)
	sgemmKernel6x16Generic(kc, m, n, a, rsa, csa, ta, b, c, ldc, alpha, beta, bias, epilogue)
}

func gemvPacked4(_ isa, kc int, a, b []float32, panelStride int, y []float32, alpha, beta float32) {
	checkGemvPacked4(kc, len(a), len(b), panelStride, len(y))
	sgemvPacked4Generic(kc, a, b, panelStride, y, alpha, beta)
}

func gemvKernel(_ isa, k int, a, b []float32, ldb int, y []float32, alpha, beta float32) {
	checkGemv(k, len(a), len(b), ldb, len(y))
	sgemvKernel64Generic(k, a, b, ldb, y, alpha, beta)
}

func packB(_ isa, kc, panels int, b []float32, ldb int, dst []float32) {
	checkPackB(kc, panels, len(b), ldb, len(dst))
	packBGeneric(kc, panels, b, ldb, dst)
}

func gruGatesResetAfter(_ isa, h, xw, u, b []float32, rows, ldx, ldu, units, n int) {
	gruGatesResetAfterGeneric(h, xw, u, b, rows, ldx, ldu, units, n)
}

func gruGatesZR(_ isa, z, rh, h, xw, u []float32, rows, ldx, ldu, units, n int) {
	gruGatesZRGeneric(z, rh, h, xw, u, rows, ldx, ldu, units, n)
}

func gruGatesH(_ isa, h, z, xw, cu []float32, rows, ldx, units, n int) {
	gruGatesHGeneric(h, z, xw, cu, rows, ldx, units, n)
}

func activateRows(_ isa, v []float32, rows, cols, ld, fn int) {
	activateRowsGeneric(v, rows, cols, ld, fn)
}

func softmaxRows(_ isa, v []float32, rows, cols, ld int) { softmaxRowsGeneric(v, rows, cols, ld) }
