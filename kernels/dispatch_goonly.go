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

func gruTileZR(x isa, kc, m int, a []float32, lda int, bz, br, z, rh, h []float32, ldc int, xw []float32, ldx, xr int) {
	checkGRUTileZR(x, kc, m, len(a), lda, len(bz), len(br), len(z), len(rh), len(h), ldc, len(xw), ldx, xr)
	gruTileZRGeneric(kc, m, a, lda, bz, br, z, rh, h, ldc, xw, ldx, xr)
}

func gruTileH(x isa, kc, m int, a []float32, lda int, b, h []float32, ldh int, xw []float32, ldx int, z []float32, ldz int) {
	checkGRUTileH(x, kc, m, len(a), lda, len(b), len(h), ldh, len(xw), ldx, len(z), ldz)
	gruTileHGeneric(kc, m, a, lda, b, h, ldh, xw, ldx, z, ldz)
}
