//go:build cuda

package cuda

import (
	"errors"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/fastgru/fastgru/gru"
	"github.com/fastgru/fastgru/kernels"
	"gonum.org/v1/gonum/blas"
)

// These tests need a CUDA device: gorgonia.org/cu's init exits the process without one. CI only
// compiles them (go test -c); cuda/scripts/device-check.sh runs them on a GPU machine.

var dev *Device

func TestMain(m *testing.M) {
	var err error
	if dev, err = Open(0); err != nil {
		println(err.Error())
		os.Exit(1)
	}
	code := m.Run()
	dev.Close()
	os.Exit(code)
}

func random(rng *rand.Rand, n int) []float32 {
	v := make([]float32, n)
	for i := range v {
		v[i] = float32(rng.Float64()*2 - 1)
	}
	return v
}

func upload(t testing.TB, v []float32) *Buffer {
	t.Helper()
	b, err := dev.Alloc(max(1, len(v)))
	if err == nil {
		err = b.Upload(v)
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Free() })
	return b
}

func download(t testing.TB, b *Buffer, n int) []float32 {
	t.Helper()
	v := make([]float32, n)
	if err := b.Download(v); err != nil {
		t.Fatal(err)
	}
	return v
}

// near reports whether got is within the precision's tolerance of want: 1e-5 (relative to the
// operands' scale k) for FP32, 2e-3 relative for TF32.
func near(p Precision, got, want float32, scale float64) bool {
	if math.IsNaN(float64(want)) {
		return math.IsNaN(float64(got))
	}
	d := math.Abs(float64(got - want))
	if p == TF32 {
		return d <= 2e-3*math.Max(scale, math.Abs(float64(want)))
	}
	return d <= 1e-5*math.Max(1, scale)
}

// TestSgemm compares the device's products with kernels.Sgemm: sizes across the 128 and 32 tiles,
// all transposes, padded leading dimensions, alpha and beta, beta = 0 over NaN.
func TestSgemm(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	type shape struct{ m, n, k int }
	for _, p := range []Precision{FP32, TF32} {
		for _, s := range []shape{{1, 1, 1}, {7, 5, 3}, {127, 129, 17}, {128, 128, 128}, {300, 200, 257}, {1, 1000, 64}, {513, 65, 0}} {
			for _, tA := range []blas.Transpose{blas.NoTrans, blas.Trans} {
				for _, tB := range []blas.Transpose{blas.NoTrans, blas.Trans} {
					for _, ab := range [][2]float32{{1, 0}, {-0.5, 2}} {
						ra, ca, rb, cb := s.m, s.k, s.k, s.n
						if tA == blas.Trans {
							ra, ca = ca, ra
						}
						if tB == blas.Trans {
							rb, cb = cb, rb
						}
						lda, ldb, ldc := ca+3, cb+1, s.n+2
						a, b, c := random(rng, ra*lda), random(rng, rb*ldb), random(rng, s.m*ldc)
						if ab[1] == 0 {
							for i := range c {
								c[i] = float32(math.NaN())
							}
						}
						want := append([]float32(nil), c...)
						kernels.Sgemm(tA, tB, s.m, s.n, s.k, ab[0], a, lda, b, ldb, ab[1], want, ldc)
						cb2 := upload(t, c)
						if err := dev.Sgemm(p, tA, tB, s.m, s.n, s.k, ab[0], upload(t, a), lda, upload(t, b), ldb, ab[1], cb2, ldc); err != nil {
							t.Fatal(err)
						}
						got := download(t, cb2, len(c))
						for i := 0; i < s.m; i++ {
							for j := 0; j < s.n; j++ {
								if g, w := got[i*ldc+j], want[i*ldc+j]; !near(p, g, w, math.Sqrt(float64(s.k))) {
									t.Fatalf("%v %v %v%v alpha,beta=%v: C[%d,%d] = %v, CPU %v", p, s, tA, tB, ab, i, j, g, w)
								}
							}
						}
					}
				}
			}
		}
	}
}

// TestDense compares the device's Dense with kernels.Dense for every activation.
func TestDense(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, p := range []Precision{FP32, TF32} {
		for act := kernels.Linear; act <= kernels.Softmax; act++ {
			for _, s := range [][3]int{{256, 16, 15}, {4096, 16, 15}, {33, 300, 700}} {
				rows, in, out := s[0], s[1], s[2]
				x, w, bias := random(rng, rows*in), random(rng, in*out), random(rng, out)
				want := make([]float32, rows*out)
				kernels.Dense(want, x, rows, in, out, w, bias, act)
				y := upload(t, make([]float32, rows*out))
				if err := dev.Dense(p, y, upload(t, x), rows, in, out, upload(t, w), upload(t, bias), act); err != nil {
					t.Fatal(err)
				}
				for i, g := range download(t, y, rows*out) {
					if !near(p, g, want[i], math.Sqrt(float64(in))) {
						t.Fatalf("%v %v %v: y[%d] = %v, CPU %v", p, act, s, i, g, want[i])
					}
				}
			}
		}
	}
}

// TestModels runs every Keras oracle model of package gru that the device supports (sigmoid
// gates) on the device and compares it with the CPU path.
func TestModels(t *testing.T) {
	models, err := filepath.Glob("../gru/testdata/oracle/*/model.json")
	if err != nil || len(models) == 0 {
		t.Fatalf("no oracle models: %v", err)
	}
	rng := rand.New(rand.NewPCG(5, 6))
	for _, path := range models {
		s, err := gru.LoadTFJS(path)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		in := s.InputShape()
		n := 3
		for _, d := range in {
			n *= d
		}
		x := gru.Tensor{Shape: append([]int{3}, in...), Data: random(rng, n)}
		want, err := s.Predict(x)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range []Precision{FP32, TF32} {
			m, err := dev.Load(s, p)
			if errors.Is(err, ErrUnsupported) {
				t.Logf("%s: %v", path, err)
				break
			}
			if err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			got, err := m.Predict(x)
			m.Free()
			if err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			for i, g := range got.Data {
				if !near(p, g, want.Data[i], 1) {
					t.Fatalf("%s %v: output %d = %v, CPU %v", path, p, i, g, want.Data[i])
				}
			}
		}
	}
}

// BenchmarkSgemm4096 times the device's 4096³ product without copies, as cuBLAS is timed:
// cuda/scripts/device-check.sh compares it with torch.matmul.
func BenchmarkSgemm4096(b *testing.B) {
	const n = 4096
	rng := rand.New(rand.NewPCG(7, 8))
	a, bb, c := upload(b, random(rng, n*n)), upload(b, random(rng, n*n)), upload(b, make([]float32, n*n))
	for _, p := range []Precision{FP32, TF32} {
		b.Run(p.String(), func(b *testing.B) {
			for b.Loop() {
				if err := dev.Sgemm(p, blas.NoTrans, blas.NoTrans, n, n, n, 1, a, n, bb, n, 0, c, n); err != nil {
					b.Fatal(err)
				}
				if err := dev.Synchronize(); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(2*n*n*n*float64(b.N)/b.Elapsed().Seconds()/1e12, "TFLOP/s")
		})
	}
}

// BenchmarkGRU times a GRU(512) on B64 T512 I512 on the device without copies, as cuDNN is timed.
func BenchmarkGRU(b *testing.B) {
	const batch, steps, in, units = 64, 512, 512, 512
	s, err := gru.NewSequential([]int{steps, in}, &gru.GRU{Units: units, ReturnSequences: true})
	if err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(9, 10))
	var w []gru.Tensor
	for _, shape := range s.WeightShapes() {
		n := 1
		for _, d := range shape {
			n *= d
		}
		w = append(w, gru.Tensor{Shape: shape, Data: random(rng, n)})
	}
	if err := s.SetWeights(w); err != nil {
		b.Fatal(err)
	}
	m, err := dev.Load(s, FP32)
	if err != nil {
		b.Fatal(err)
	}
	defer m.Free()
	if err := m.buffers(batch, steps*in); err != nil {
		b.Fatal(err)
	}
	if err := m.work[0].Upload(random(rng, batch*steps*in)); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if err := m.runGRU(m.layers[0], m.work[0], m.work[1], batch, m.work[2:]); err != nil {
			b.Fatal(err)
		}
		if err := dev.Synchronize(); err != nil {
			b.Fatal(err)
		}
	}
	flops := 2.0 * batch * steps * 3 * units * (in + units)
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N)*1e3, "ms/op")
	b.ReportMetric(flops*float64(b.N)/b.Elapsed().Seconds()/1e12, "TFLOP/s")
}
