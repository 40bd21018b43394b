package kernels

// Dense computes y[r,:] = act(x[r,:]·w + bias) for r < rows: Keras' Dense, and TimeDistributed
// Dense, over every row of a (batch·time)×in input as one product. x is rows×in, w is in×out
// (Keras' kernel layout), bias has out entries or is nil, y is rows×out; all dense and
// row-major. The bias and activation are applied to each block of y while it is in cache.
func Dense(y, x []float32, rows, in, out int, w, bias []float32, act Activation) {
	switch {
	case rows < 0:
		panic("kernels: rows < 0")
	case in < 0:
		panic("kernels: in < 0")
	case out < 0:
		panic("kernels: out < 0")
	case !act.valid():
		panic(badActivation)
	case !fitsDense(len(x), rows, in):
		panic("kernels: insufficient length of x")
	case !fitsDense(len(w), in, out):
		panic("kernels: insufficient length of w")
	case bias != nil && len(bias) != out:
		panic("kernels: len(bias) != out")
	case !fitsDense(len(y), rows, out):
		panic("kernels: insufficient length of y")
	}
	if rows == 0 || out == 0 {
		return
	}
	g := gemm{isa: current(), m: rows, n: out, k: in, alpha: 1, a: x, lda: in, b: w, ldb: out,
		c: y, ldc: out, bias: bias, act: act}
	g.run()
}

// fitsDense reports whether a dense rows×cols matrix fits in length, without overflow.
func fitsDense(length, rows, cols int) bool { return cols == 0 || rows <= length/cols }
