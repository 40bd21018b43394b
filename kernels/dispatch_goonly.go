//go:build !amd64 || purego || noasm

package kernels

// The function codes of activateRows where kernels/amd64 does not define them, and the fused
// GRU step's micro-kernel, which has assembly on amd64 only.

const (
	fnExp = iota
	fnSigmoid
	fnTanh
)

func fusedGRUStep(isa) bool { return false }

func gruTile(_ isa, kc, m int, a []float32, lda int, b, c []float32, ldc int, xw []float32, ldx int, h []float32, ldh int, z []float32, ldz int, mode int) {
	checkGRUTile(kc, m, len(a), lda, len(b), len(c), ldc, len(xw), ldx, len(h), ldh, len(z), ldz, mode)
	gruTileGeneric(kc, m, a, lda, b, c, ldc, xw, ldx, h, ldh, z, ldz, mode)
}
