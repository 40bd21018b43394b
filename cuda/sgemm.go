//go:build cuda

package cuda

import (
	"github.com/fastgru/fastgru/kernels"
	"gonum.org/v1/gonum/blas"
)

// Precision picks the arithmetic of a device product.
type Precision int

const (
	FP32 Precision = iota // FP32 FMAs on the CUDA cores
	TF32                  // TF32 tensor cores (mma.sync): inputs rounded to 10-bit mantissas, FP32 sums
)

func (p Precision) String() string {
	if p == TF32 {
		return "TF32"
	}
	return "FP32"
}

// Sgemm computes C = alpha·op(A)·op(B) + beta·C on device buffers, row-major, with the arguments
// and checks of kernels.Sgemm (a bad argument panics with gonum's message); it returns the
// device's error, if any. With beta == 0, C is not read. The product is queued: Download waits
// for it.
func (d *Device) Sgemm(p Precision, tA, tB blas.Transpose, m, n, k int, alpha float32, a *Buffer, lda int, b *Buffer, ldb int, beta float32, c *Buffer, ldc int) error {
	aT, bT := trans(tA), trans(tB)
	rowsA, colsA, rowsB, colsB := m, k, k, n
	if aT {
		rowsA, colsA = k, m
	}
	if bT {
		rowsB, colsB = n, k
	}
	switch {
	case m < 0:
		panic("blas: m < 0")
	case n < 0:
		panic("blas: n < 0")
	case k < 0:
		panic("blas: k < 0")
	case lda < max(1, colsA):
		panic("blas: bad leading dimension of A")
	case ldb < max(1, colsB):
		panic("blas: bad leading dimension of B")
	case ldc < max(1, n):
		panic("blas: bad leading dimension of C")
	case m > 0 && n > 0 && k > 0 && !fits(a, rowsA, lda, colsA):
		panic("blas: insufficient length of a")
	case m > 0 && n > 0 && k > 0 && !fits(b, rowsB, ldb, colsB):
		panic("blas: insufficient length of b")
	case m > 0 && n > 0 && !fits(c, m, ldc, n):
		panic("blas: insufficient length of c")
	}
	if m == 0 || n == 0 {
		return nil
	}
	rsa, csa, rsb, csb := lda, 1, ldb, 1
	if aT {
		rsa, csa = 1, lda
	}
	if bT {
		rsb, csb = 1, ldb
	}
	if k == 0 {
		alpha = 0 // the kernels' k loop is empty: C = beta·C
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.gemm(p, kernels.Linear, m, n, k, alpha, a, rsa, csa, b, rsb, csb, beta, c, ldc, nil)
}

// Dense computes y = act(x·w + bias) for rows rows of in inputs and out outputs on device
// buffers, row-major, as kernels.Dense does; bias may be nil. In FP32 the softmax of rows of at
// most 128 outputs is fused into the product; otherwise it runs over each row of y after it.
func (d *Device) Dense(p Precision, y, x *Buffer, rows, in, out int, w, bias *Buffer, act kernels.Activation) error {
	switch {
	case rows < 0 || in < 0 || out < 0:
		panic("cuda: negative dimension")
	case act < kernels.Linear || act > kernels.Softmax:
		panic("cuda: unknown activation")
	case !fits(x, rows, in, in) || !fits(y, rows, out, out) || !fits(w, in, out, out):
		panic("cuda: insufficient length of a buffer")
	case bias != nil && bias.n < out:
		panic("cuda: insufficient length of bias")
	}
	if rows == 0 || out == 0 {
		return nil
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	alpha := float32(1)
	if in == 0 {
		alpha = 0
	}
	return d.gemm(p, act, rows, out, in, alpha, x, in, 1, w, out, 1, 0, y, out, bias)
}

// gemm queues the product kernel and, for softmax, the row softmax. d.mu is held.
func (d *Device) gemm(p Precision, act kernels.Activation, m, n, k int, alpha float32, a *Buffer, rsa, csa int, b *Buffer, rsb, csb int, beta float32, c *Buffer, ldc int, bias *Buffer) error {
	kernel := kSgemmF32
	if p == TF32 {
		kernel = kSgemmTF32
	}
	// The FP32 kernel fuses the row softmax when a block's 128 columns hold whole rows; otherwise
	// it runs as a second kernel.
	code := uint64(act)
	fused := act == kernels.Softmax && p == FP32 && n <= 128
	if act == kernels.Softmax && !fused {
		code = uint64(kernels.Linear)
	}
	err := d.launch(kernel, blocks(n, 128), blocks(m, 128),
		a.arg(), uint64(rsa), uint64(csa), b.arg(), uint64(rsb), uint64(csb), c.arg(), uint64(ldc),
		uint64(m), uint64(n), uint64(k), f32(alpha), f32(beta), bias.arg(), code,
		0, 0, 0, 0, 0, 0, 0, 0)
	if err != nil || act != kernels.Softmax || fused {
		return err
	}
	return d.launch(kSoftmax, m, 1, c.arg(), uint64(m), uint64(n), uint64(ldc))
}

func trans(t blas.Transpose) bool {
	switch t {
	case blas.NoTrans:
		return false
	case blas.Trans, blas.ConjTrans:
		return true
	}
	panic("blas: illegal transpose")
}

// fits reports whether rows of cols floats, ld apart, lie in b.
func fits(b *Buffer, rows, ld, cols int) bool {
	if rows == 0 || cols == 0 {
		return true
	}
	return b != nil && cols <= b.n && rows-1 <= (b.n-cols)/ld
}
