//go:build amd64 && !purego && !noasm

package amd64

// The epilogues of GRUKernel6x16AVX2: the gate math of a reset_after=false step on the
// recurrent product's tile.
const (
	GRUModeZ = 0 // c = σ(acc + x): the update gate
	GRUModeR = 1 // c = σ(acc + x)·h: the reset gate times the state, (r⊙h)
	GRUModeH = 2 // c = t + z·(h - t) with t = tanh(acc + x): the new state (c may be h)
)

// GRUKernel6x16AVX2 is the micro-kernel of a fused GRU step with AVX2 and FMA3: for each tile of
// 6 rows of a row-major A read in place (row i at a[i*lda:]) times one packed micro-panel b of kc
// rows of 16,
//
//	acc[i][j] = Σ_{p<kc} a[i*lda+p] · b[p*16+j]
//
// it writes the gates of rows i < m, j < 16, by mode, with x, h and z rows ldx, ldh and ldz
// apart. It reads A in whole tiles: the caller guarantees kc ≥ 1, m ≥ 1, len(a) ≥
// (⌈m/6⌉·6-1)*lda+kc, len(b) ≥ kc*16, the rows below m of c, x, h (modes R and H) and z (mode
// H) of 16 floats in their slices, and bounds m·kc so that one call stays short.
//
//go:noescape
func GRUKernel6x16AVX2(kc, m int, a []float32, lda int, b, c []float32, ldc int, x []float32, ldx int, h []float32, ldh int, z []float32, ldz int, mode int)
