package kernels

import "math"

// activateRowsGeneric is the pure-Go twin of ActivateRowsAVX2: it replaces x[r*ld+j] by
// fn(x[r*ld+j]) for r < rows, j < cols, computing in float64.
func activateRowsGeneric(x []float32, rows, cols, ld, fn int) {
	for r := 0; r < rows; r++ {
		row := x[r*ld : r*ld+cols]
		for j, v := range row {
			t := float64(v)
			switch fn {
			case fnExp:
				t = math.Exp(t)
			case fnSigmoid:
				t = 1 / (1 + math.Exp(-t))
			case fnTanh:
				t = math.Tanh(t)
			}
			row[j] = float32(t)
		}
	}
}

// softmaxRowsGeneric is the pure-Go twin of SoftmaxRowsAVX2: each row x[r*ld : r*ld+cols]
// becomes e^(x_j - max x) / Σ e^(x_i - max x).
func softmaxRowsGeneric(x []float32, rows, cols, ld int) {
	for r := 0; r < rows; r++ {
		row := x[r*ld : r*ld+cols]
		top := float32(math.Inf(-1))
		for _, v := range row {
			if v > top || v != v {
				top = v
			}
		}
		var sum float32
		for j, v := range row {
			e := float32(math.Exp(float64(v - top)))
			row[j] = e
			sum += e
		}
		inv := 1 / sum
		for j := range row {
			row[j] *= inv
		}
	}
}
