//go:build !amd64 || purego || noasm

package kernels

// The kernels with assembly on amd64 only: every other build runs their Go twins.

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

const (
	fnExp = iota
	fnSigmoid
	fnTanh
)
