package gru

import (
	"fmt"
	"math"
	"strings"

	"github.com/fastgru/fastgru/kernels"
)

// lossKind is one of Keras' losses, computed per row of the output's last axis and averaged over
// all rows: batch·time rows for a sequence output.
type lossKind int

const (
	categoricalCrossentropy lossKind = iota
	sparseCategoricalCrossentropy
	binaryCrossentropy
	meanSquaredError
)

var lossNames = map[string]lossKind{
	"categorical_crossentropy":        categoricalCrossentropy,
	"sparse_categorical_crossentropy": sparseCategoricalCrossentropy,
	"binary_crossentropy":             binaryCrossentropy,
	"mse":                             meanSquaredError,
	"mean_squared_error":              meanSquaredError,
}

// crossEntropy reports whether the loss takes the probabilities of a softmax, so that a softmax
// output runs fused with it, from the logits.
func (l lossKind) crossEntropy() bool {
	return l == categoricalCrossentropy || l == sparseCategoricalCrossentropy
}

// checkTargets reports whether y fits batch samples of an output of shape out (after the
// batch): the same shape, or for sparse_categorical_crossentropy one class index per row, with or
// without a last axis of 1.
func (l lossKind) checkTargets(y Tensor, batch int, out []int) error {
	if err := y.check(); err != nil {
		return fmt.Errorf("targets: %w", err)
	}
	want := out
	if l == sparseCategoricalCrossentropy {
		want = out[:len(out)-1]
	}
	fits := len(y.Shape) > 0 && y.Shape[0] == batch && sameShape(y.Shape[1:], want)
	if l == sparseCategoricalCrossentropy && !fits {
		// The other form Keras takes: a last axis of one.
		n := len(y.Shape)
		fits = n == len(out)+1 && y.Shape[0] == batch && y.Shape[n-1] == 1 && sameShape(y.Shape[1:n-1], want)
	}
	if !fits {
		return fmt.Errorf("targets of shape %s do not fit the model's output: expected %s, given %s",
			dims(y.Shape), batchDims(want), batchDims(y.Shape[min(1, len(y.Shape)):]))
	}
	if l == sparseCategoricalCrossentropy {
		classes := out[len(out)-1]
		for i, v := range y.Data {
			if v != float32(int(v)) || v < 0 || int(v) >= classes {
				return fmt.Errorf("target %d is %v, not a class index in [0, %d)", i, v, classes)
			}
		}
	}
	return nil
}

// dims formats a shape as (2, 64, 8).
func dims(shape []int) string {
	s := "("
	for i, d := range shape {
		if i > 0 {
			s += ", "
		}
		s += fmt.Sprint(d)
	}
	return s + ")"
}

// batchDims formats a shape after its batch as (batch, 64, 8).
func batchDims(shape []int) string { return strings.Replace(shapeString(shape), "None", "batch", 1) }

// oneHot writes the one-hot rows of the class indices idx into dst (len(idx) rows of classes).
func oneHot(dst, idx []float32, classes int) {
	clear(dst)
	for i, v := range idx {
		dst[i*classes+int(v)] = 1
	}
}

// lossAndGrad returns the mean loss of the output out (rows×cols) against the targets y, in the
// same layout, and writes the loss's gradient with respect to out into d when d is not nil. With
// logits, out holds the logits of a softmax output (cross-entropies only), p receives the
// probabilities, and d the gradient with respect to the logits.
func (l lossKind) lossAndGrad(d, p, out, y []float32, rows, cols int, logits bool) float64 {
	if rows == 0 || cols == 0 {
		return 0
	}
	n := rows * cols
	out, y = out[:n], y[:n]
	if logits {
		return kernels.SoftmaxCrossEntropy(p, d, out, y, rows, cols, 1/float32(rows)) / float64(rows)
	}
	var sum float64
	switch l {
	case categoricalCrossentropy, sparseCategoricalCrossentropy:
		for i := 0; i < rows; i++ {
			var dr []float32
			if d != nil {
				dr = d[i*cols:][:cols]
			}
			sum += probCrossEntropyRow(dr, out[i*cols:][:cols], y[i*cols:][:cols], 1/float32(rows))
		}
		return sum / float64(rows)
	case binaryCrossentropy:
		// Keras: p clipped to [ε, 1-ε], -(y·log p + (1-y)·log(1-p)), mean over the last axis; the
		// clip passes the gradient inside it, edges included.
		scale := 1 / float64(n)
		for i, pv := range out {
			pc := min(max(float64(pv), xentEps), xentOne)
			yv := float64(y[i])
			sum -= yv*math.Log(pc) + (1-yv)*math.Log(1-pc)
			if d != nil {
				g := 0.0
				if float64(pv) >= xentEps && float64(pv) <= xentOne {
					g = -(yv/pc - (1-yv)/(1-pc))
				}
				d[i] = float32(g * scale)
			}
		}
		return sum / float64(n)
	default: // mean squared error, over the last axis, then the rows
		scale := 2 / float32(n)
		for i, pv := range out {
			e := pv - y[i]
			sum += float64(e) * float64(e)
			if d != nil {
				d[i] = scale * e
			}
		}
		return sum / float64(n)
	}
}

// xentEps and xentOne are the bounds of Keras' clip of the probabilities in its cross-entropies,
// epsilon and 1 - epsilon, as the float32 values Keras clips with.
const (
	xentEps = float64(float32(1e-7))
	xentOne = float64(float32(1 - 1e-7))
)

// probCrossEntropyRow is categorical cross-entropy on a row of probabilities p that did not come
// from a softmax Fit can fuse: q = p/Σp clipped to [ε, 1-ε], -Σ y·log q; d receives
// scale·dloss/dp (nil: none).
func probCrossEntropyRow(d, p, y []float32, scale float32) float64 {
	var s float64
	for _, v := range p {
		s += float64(v)
	}
	var loss, dot float64
	for k, v := range p {
		q := float64(v) / s
		loss -= float64(y[k]) * math.Log(min(max(q, xentEps), xentOne))
		if q >= xentEps && q <= xentOne {
			dot += -float64(y[k]) / q * float64(v)
		}
	}
	if d != nil {
		// d loss/d p_j = dq_j/s - Σ_k dq_k·p_k/s².
		for k, v := range p {
			q, g := float64(v)/s, 0.0
			if q >= xentEps && q <= xentOne {
				g = -float64(y[k]) / q
			}
			d[k] = scale * float32(g/s-dot/(s*s))
		}
	}
	return loss
}
