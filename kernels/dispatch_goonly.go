//go:build !amd64 || purego || noasm

package kernels

// The softmax rows have assembly on amd64 only: every other build runs their Go twin.

func softmaxRows(_ isa, v []float32, rows, cols, ld int) { softmaxRowsGeneric(v, rows, cols, ld) }

const (
	fnExp = iota
	fnSigmoid
	fnTanh
)
