//go:build !amd64 || purego || noasm

package kernels

// The function codes of activateRows where kernels/amd64 does not define them, and the kernels
// with assembly on amd64 only: the fused GRU step's micro-kernels, the whole-sequence GRU, the
// packing of A and the fused softmax cross-entropy.

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

func gruTileH(x isa, kc, m, cols int, a []float32, lda int, b, h []float32, ldh int, xw []float32, ldx int, z []float32, ldz int) {
	checkGRUTileH(x, kc, m, cols, len(a), lda, len(b), len(h), ldh, len(xw), ldx, len(z), ldz)
	for c := 0; c < cols; c += nr {
		gruTileHGeneric(kc, m, a, lda, b[c*kc:], h[c:], ldh, xw[c:], ldx, z[c:], ldz)
	}
}

func packATrans(_ isa, kc, rows int, a []float32, lda int, dst []float32) {
	checkPackATrans(kc, rows, len(a), lda, len(dst))
	packATransGeneric(kc, rows, a, lda, dst)
}

// Sequence16Fast reports whether GRUSequence16 on a batch of rows is faster than GRUStep's
// kernels step by step: never here, where it has no kernel of its own.
func Sequence16Fast(int) bool { return false }

func gruSequence16(_ isa, h, out, xs, w, bias, u []float32, rows, steps, in, units, ldx, xstep, ldo, ostep int) {
	gruSequence16Generic(h, out, xs, w, bias, u, rows, steps, in, units, ldx, xstep, ldo, ostep)
}

func packA(_ isa, kc, rows int, a []float32, lda int, dst []float32) {
	checkPackA(kc, rows, len(a), lda, len(dst))
	packAGeneric(kc, rows, a, lda, dst)
}

func softmaxXent(x isa, p, dz, logits, y []float32, rows, cols int, scale float32) (float64, int) {
	return softmaxXentRows(x, p, dz, logits, y, rows, cols, scale)
}
