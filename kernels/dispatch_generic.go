//go:build !amd64 || purego || noasm

package kernels

var available = []isa{isaGeneric}

func microKernel(_ isa, kc, m, n int, a []float32, rsa, csa int, b []float32, c []float32, ldc int, alpha, beta float32, bias []float32, epilogue int) {
	checkTile(kc, m, n, len(a), rsa, csa, len(b), len(c), ldc, bias)
	sgemmKernel6x16Generic(kc, m, n, a, rsa, csa, b, c, ldc, alpha, beta, bias, epilogue)
}

func activateRows(_ isa, v []float32, rows, cols, ld, fn int) {
	activateRowsGeneric(v, rows, cols, ld, fn)
}

func softmaxRows(_ isa, v []float32, rows, cols, ld int) { softmaxRowsGeneric(v, rows, cols, ld) }

const (
	fnExp = iota
	fnSigmoid
	fnTanh
)
