//go:build amd64 && !purego && !noasm

package amd64

// SoftmaxXentAVX512 is a softmax output layer and Keras' categorical cross-entropy over rows of
// 1 < cols ≤ 16 logits (dense, cols apart), with AVX-512 (F, DQ): for each row,
//
//	p_k  = e^(l_k − max l) / Σ_j e^(l_j − max l)          (as SoftmaxRowsAVX512)
//	dz_k = scale·(p_k·Σy − y_k)                            (skipped when dz is nil)
//	loss = Σ_k y_k·(max l + log Σ_j e^(l_j − max l) − l_k)
//
// It returns the losses summed in float64 over the rows where no p_k is below float32(1e-7),
// and how many rows have one: the clip of Keras' cross-entropy changes those rows' loss and
// gradient, which the caller computes again. Rows of at most 8 go two to a vector. The caller
// guarantees rows ≥ 1, 1 < cols ≤ 16 and len(p), len(logits), len(y) (and len(dz) when dz is not
// nil) ≥ rows·cols.
//
//go:noescape
func SoftmaxXentAVX512(p, dz, logits, y []float32, rows, cols int, scale float32) (loss float64, clipped int)
