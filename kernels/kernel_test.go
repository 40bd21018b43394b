package kernels

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestMicroKernelTwins calls every micro-kernel and its pure-Go twin on the same packed, row-major,
// column-major and strided A, one to five row tiles of 6, every n up to the kernel's width (one or two
// micro-panels of B, then exactly as long as the kernel reads) and every epilogue, and compares
// them; outputs have guard cells around.
func TestMicroKernelTwins(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	for _, x := range testedISAs() {
		t.Run(x.String(), func(t *testing.T) {
			for i := 0; i < 5000; i++ {
				kc := 1 + rng.IntN(19)
				m, n := 1+rng.IntN(5*mr), 1+rng.IntN(tileCols(x))
				rsa, csa, ta := 1, mr, kc*mr
				switch rng.IntN(4) {
				case 0:
					rsa, csa = kc+rng.IntN(3), 1
					ta = mr * rsa
				case 1:
					rsa, csa, ta = 1, mr+rng.IntN(3), mr+rng.IntN(2)
				case 2: // any strides
					rsa, csa = 2*kc+rng.IntN(3), 2
					ta = mr * rsa
				}
				a := newMatrix(rng, 1, ((m+mr-1)/mr-1)*ta+(kc-1)*csa+(mr-1)*rsa+1, 1, rng.IntN(4)).view()
				b := newMatrix(rng, 1, (n+nr-1)/nr*kc*nr, 1, rng.IntN(4)).view()
				// Or B's rows in place (whole tiles), which the twin reads packed.
				ldb, bRows := 0, b
				if bRowsInPlace(x) && rng.IntN(3) == 0 {
					n = tileCols(x)
					b = make([]float32, 2*kc*nr)
					bm := newMatrix(rng, kc, n, n+rng.IntN(3), rng.IntN(4))
					bRows, ldb = bm.view(), bm.ld
					clear(b)
					for p := 0; p < kc; p++ {
						for j := 0; j < n; j++ {
							b[j/nr*kc*nr+p*nr+j%nr] = bm.at(p, j)
						}
					}
				}
				var bias []float32
				if rng.IntN(2) == 0 {
					// The narrow kernels read a whole micro-panel's bias, the wide one only n.
					bl := nr
					if wideTiles(x) {
						bl = n
					}
					bias = newMatrix(rng, 1, bl, bl, 1).view()
				}
				alpha := []float32{1, -0.5, 3}[rng.IntN(3)]
				beta := []float32{0, 1, 0.5}[rng.IntN(3)]
				epilogue := rng.IntN(3)
				c := newMatrix(rng, m, n, n+rng.IntN(3), rng.IntN(5))
				if beta == 0 {
					c.fill(float32(math.NaN()))
				}
				// A and B on a grid of eighths, so that every sum is exact and the FMAs' single
				// roundings cannot tell the kernels from their twins (a softmax magnifies them).
				for _, v := range [][]float32{a, b, bRows} {
					for i := range v {
						v[i] = float32(math.Round(float64(v[i])*8) / 8)
					}
				}
				if rng.IntN(10) == 0 {
					a[rng.IntN(len(a))] *= 200 // beyond the in-register softmax's range
				}
				want := c.clone()
				wideTwin(kc, m, n, a, rsa, csa, ta, b, want.view(), want.ld, alpha, beta, bias, epilogue)
				if ldb > 0 {
					microKernel(x, kc, m, n, a, rsa, csa, ta, bRows, ldb, c.view(), c.ld, alpha, beta, bias, epilogue)
				} else {
					microKernel(x, kc, m, n, a, rsa, csa, ta, b, 0, c.view(), c.ld, alpha, beta, bias, epilogue)
				}
				c.checkGuards(t)
				for r := 0; r < m; r++ {
					for j := 0; j < n; j++ {
						got, w := c.at(r, j), want.at(r, j)
						if !(math.Abs(float64(got-w)) <= 1e-5*(1+math.Abs(float64(w)))) && !(math.IsNaN(float64(got)) && math.IsNaN(float64(w))) {
							t.Fatalf("kc=%d m=%d n=%d strides=%d,%d,%d ldb=%d alpha=%v beta=%v bias=%v epilogue=%d: [%d,%d] = %v, twin %v",
								kc, m, n, rsa, csa, ta, ldb, alpha, beta, bias != nil, epilogue, r, j, got, w)
						}
					}
				}
			}
		})
	}
}

// wideTwin is the pure-Go twin of the micro-kernels of any width: sgemmKernel6x16Generic on each
// micro-panel of B (consecutive, kc*nr floats apart), the softmax over the whole row after.
func wideTwin(kc, m, n int, a []float32, rsa, csa, ta int, b []float32, c []float32, ldc int, alpha, beta float32, bias []float32, epilogue int) {
	if n <= nr {
		sgemmKernel6x16Generic(kc, m, n, a, rsa, csa, ta, b, c, ldc, alpha, beta, bias, epilogue)
		return
	}
	ep := epilogue
	if ep == epilogueSoftmax {
		ep = epilogueNone
	}
	var b1 []float32
	if bias != nil {
		b1 = bias[nr:]
	}
	sgemmKernel6x16Generic(kc, m, nr, a, rsa, csa, ta, b, c, ldc, alpha, beta, bias, ep)
	sgemmKernel6x16Generic(kc, m, n-nr, a, rsa, csa, ta, b[kc*nr:], c[nr:], ldc, alpha, beta, b1, ep)
	if epilogue == epilogueSoftmax {
		softmaxRowsGeneric(c, m, n, ldc)
	}
}

// TestGemvKernelTwins compares every row-times-matrix kernel with its pure-Go twin.
func TestGemvKernelTwins(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	for _, x := range testedISAs() {
		t.Run(x.String(), func(t *testing.T) {
			for i := 0; i < 500; i++ {
				k, ldb := 1+rng.IntN(40), gemvCols+rng.IntN(5)
				a := newMatrix(rng, 1, k, k, rng.IntN(3)).view()
				b := newMatrix(rng, k, gemvCols, ldb, rng.IntN(3)).view()
				alpha, beta := []float32{1, -0.5}[rng.IntN(2)], []float32{0, 1, 0.5}[rng.IntN(3)]
				y := newMatrix(rng, 1, gemvCols, gemvCols, 1+rng.IntN(3))
				if beta == 0 {
					y.fill(float32(math.NaN()))
				}
				want := y.clone()
				sgemvKernel64Generic(k, a, b, ldb, want.view(), alpha, beta)
				gemvKernel(x, k, a, b, ldb, y.view(), alpha, beta)
				y.checkGuards(t)
				for j := 0; j < gemvCols; j++ {
					if got, w := y.at(0, j), want.at(0, j); !(math.Abs(float64(got-w)) <= 1e-5*(1+math.Abs(float64(w)))) {
						t.Fatalf("k=%d ldb=%d alpha=%v beta=%v: y[%d] = %v, twin %v", k, ldb, alpha, beta, j, got, w)
					}
				}
			}
		})
	}
}

func TestMicroKernelChecksArguments(t *testing.T) {
	for _, x := range testedISAs() {
		a, b, c := make([]float32, 2*mr*4), make([]float32, 4*nr), make([]float32, 2*mr*2*nr)
		assert.Panics(t, func() {
			microKernel(x, 4, 2*mr, nr, a[:len(a)-1], 1, mr, mr*4, b, 0, c, nr, 1, 0, nil, epilogueNone)
		}, "%v: a tile past the end of A", x)
		assert.Panics(t, func() {
			microKernel(x, 4, 2*mr, tileCols(x)+1, a, 1, mr, mr*4, append(b, b...), 0, c, 2*nr, 1, 0, nil, epilogueNone)
		}, "%v: more columns than the kernel has", x)
		if wideTiles(x) {
			assert.Panics(t, func() {
				microKernel(x, 4, 2*mr, nr+1, a, 1, mr, mr*4, b, 0, c, 2*nr, 1, 0, nil, epilogueNone)
			}, "%v: a second micro-panel past the end of B", x)
			assert.Panics(t, func() {
				microKernel(x, 4, 2*mr, nr+3, a, 1, mr, mr*4, append(b, b...), 0, c, 2*nr, 1, 0, make([]float32, nr+2), epilogueNone)
			}, "%v: a bias shorter than n", x)
		}
		w, bb := tileCols(x), append(b, b...)
		assert.Panics(t, func() {
			microKernel(x, 4, 2*mr, w, a, 1, mr, mr*4, bb, w-1, c, 2*nr, 1, 0, nil, epilogueNone)
		}, "%v: B's rows in place overlapping", x)
		if bRowsInPlace(x) {
			assert.Panics(t, func() {
				microKernel(x, 4, 2*mr, w, a, 1, mr, mr*4, bb[:3*w+w-1], w, c, 2*nr, 1, 0, nil, epilogueNone)
			}, "%v: B's last row in place past its end", x)
			assert.Panics(t, func() {
				microKernel(x, 4, 2*mr, w-1, a, 1, mr, mr*4, bb, w, c, 2*nr, 1, 0, nil, epilogueNone)
			}, "%v: B's rows in place, narrower than the kernel", x)
		} else {
			assert.Panics(t, func() {
				microKernel(x, 4, 2*mr, w, a, 1, mr, mr*4, bb, w, c, 2*nr, 1, 0, nil, epilogueNone)
			}, "%v: B in place, which this kernel cannot read", x)
		}
	}
}

// TestGemvPacked4Twins compares every row-times-packed-panels kernel with its pure-Go twin.
func TestGemvPacked4Twins(t *testing.T) {
	rng := rand.New(rand.NewPCG(29, 30))
	for _, x := range testedISAs() {
		t.Run(x.String(), func(t *testing.T) {
			for i := 0; i < 300; i++ {
				kc := 1 + rng.IntN(30)
				stride := kc*nr + rng.IntN(3)
				a := newMatrix(rng, 1, kc, kc, rng.IntN(3)).view()
				b := newMatrix(rng, 1, 3*stride+kc*nr, 3*stride+kc*nr, rng.IntN(3)).view()
				alpha, beta := []float32{1, -0.5}[rng.IntN(2)], []float32{0, 1, 0.5}[rng.IntN(3)]
				y := newMatrix(rng, 1, 4*nr, 4*nr, 1)
				if beta == 0 {
					y.fill(float32(math.NaN()))
				}
				want := y.clone()
				sgemvPacked4Generic(kc, a, b, stride, want.view(), alpha, beta)
				gemvPacked4(x, kc, a, b, stride, y.view(), alpha, beta)
				y.checkGuards(t)
				for j := 0; j < 4*nr; j++ {
					if got, w := y.at(0, j), want.at(0, j); !(math.Abs(float64(got-w)) <= 1e-5*(1+math.Abs(float64(w)))) {
						t.Fatalf("kc=%d: y[%d] = %v, twin %v", kc, j, got, w)
					}
				}
			}
		})
	}
}

// TestPackBTwins compares every B packing kernel with its pure-Go twin.
func TestPackBTwins(t *testing.T) {
	rng := rand.New(rand.NewPCG(23, 24))
	for _, x := range testedISAs() {
		t.Run(x.String(), func(t *testing.T) {
			for i := 0; i < 200; i++ {
				kc, panels := 1+rng.IntN(20), 1+rng.IntN(4)
				ldb := panels*nr + rng.IntN(5)
				b := newMatrix(rng, kc, panels*nr, ldb, rng.IntN(3)).view()
				got := newMatrix(rng, 1, kc*nr*panels, kc*nr*panels, 1)
				want := got.clone()
				packBGeneric(kc, panels, b, ldb, want.view())
				packB(x, kc, panels, b, ldb, got.view())
				got.checkGuards(t)
				assert.Equal(t, want.buf, got.buf, "kc=%d panels=%d ldb=%d", kc, panels, ldb)
			}
		})
	}
}

// aPackers are the two packings of A into a micro-panel, each with its Go twin: a transposed A,
// stored k by k (kc rows of rows floats), and a row-major A (rows rows of kc floats). kcs are the
// k steps their twin tests take (past and below the kernels' unrolling), wide a row length past
// them; guardKCs and guardPad those of the tests against an unreadable page.
var aPackers = []struct {
	name     string
	pack     func(x isa, kc, rows int, a []float32, lda int, dst []float32)
	twin     func(kc, rows int, a []float32, lda int, dst []float32)
	trans    bool
	kcs      []int
	wide     int
	guardKCs []int
	guardPad int
}{
	{"trans", packATrans, packATransGeneric, true, []int{1, 2, 3, 4, 5, 6, 7, 8, 9}, 17, []int{1, 4, 7}, 2},
	{"rows", packA, packAGeneric, false, []int{1, 5, 15, 16, 17, 31, 32, 33, 40}, 100, []int{1, 16, 19}, 1},
}

// aShape is the stored shape of an A packer's operand: its rows and their length.
func aShape(trans bool, kc, rows int) (int, int) {
	if trans {
		return kc, rows
	}
	return rows, kc
}

// TestPackATwins compares every A packing kernel, transposed and row-major, with its pure-Go twin,
// over every row count of a panel and the packer's k steps.
func TestPackATwins(t *testing.T) {
	rng := rand.New(rand.NewPCG(25, 26))
	for _, pk := range aPackers {
		for _, x := range testedISAs() {
			t.Run(pk.name+"/"+x.String(), func(t *testing.T) {
				for rows := 1; rows <= mr; rows++ {
					for _, kc := range pk.kcs {
						r, c := aShape(pk.trans, kc, rows)
						for _, lda := range []int{c, c + 3, pk.wide} {
							a := newMatrix(rng, r, c, lda, rng.IntN(3)).view()
							got := newMatrix(rng, 1, kc*mr, kc*mr, 1)
							want := got.clone()
							pk.twin(kc, rows, a, lda, want.view())
							pk.pack(x, kc, rows, a, lda, got.view())
							got.checkGuards(t)
							assert.Equal(t, want.buf, got.buf, "kc=%d rows=%d lda=%d", kc, rows, lda)
						}
					}
				}
			})
		}
	}
}
