package gru

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
)

// InitWeights gives every weight Keras' default initial value, drawn from a generator seeded by
// seed: glorot_uniform kernels (uniform in ±sqrt(6/(fan_in+fan_out))), orthogonal recurrent
// kernels (the units×3·units matrix with orthonormal rows, as Keras makes it), zero biases.
func (s *Sequential) InitWeights(seed uint64) error {
	return s.SetWeights(s.initialWeights(seed))
}

// initialWeights draws Keras' initial weights.
func (s *Sequential) initialWeights(seed uint64) []Tensor {
	rng := rand.New(rand.NewPCG(seed, 0x5851f42d4c957f2d))
	var w []Tensor
	for _, l := range s.layers {
		shapes := l.weightShapes()
		for i, shape := range shapes {
			n, _ := size(shape)
			t := Tensor{Shape: shape, Data: make([]float32, n)}
			_, isGRU := l.(*GRU)
			switch {
			case i == 0:
				glorotUniform(rng, t.Data, shape[0], shape[1])
			case i == 1 && isGRU:
				orthogonal(rng, t.Data, shape[0], shape[1])
			}
			w = append(w, t)
		}
	}
	return w
}

func glorotUniform(rng *rand.Rand, w []float32, fanIn, fanOut int) {
	limit := math.Sqrt(6 / float64(max(fanIn+fanOut, 1)))
	for i := range w {
		w[i] = float32((2*rng.Float64() - 1) * limit)
	}
}

// orthogonal fills the rows×cols matrix w as Keras' Orthogonal initializer does: the Q of the QR
// decomposition of a normal random matrix, its signs fixed by R's diagonal, transposed when w is
// wider than tall.
func orthogonal(rng *rand.Rand, w []float32, rows, cols int) {
	if rows == 0 || cols == 0 {
		return
	}
	r, c := max(rows, cols), min(rows, cols)
	a := mat.NewDense(r, c, nil)
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			a.Set(i, j, rng.NormFloat64())
		}
	}
	var qr mat.QR
	qr.Factorize(a)
	var q, rr mat.Dense
	qr.QTo(&q)
	qr.RTo(&rr)
	for i := 0; i < rows; i++ {
		for j := 0; j < cols; j++ {
			qi, qj := i, j
			if rows < cols {
				qi, qj = j, i
			}
			v := q.At(qi, qj)
			if rr.At(qj, qj) < 0 {
				v = -v
			}
			w[i*cols+j] = float32(v)
		}
	}
}
