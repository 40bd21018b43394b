//go:build !amd64 || purego || noasm

package kernels

// The function codes of activateRows where kernels/amd64 does not define them.

const (
	fnExp = iota
	fnSigmoid
	fnTanh
)
