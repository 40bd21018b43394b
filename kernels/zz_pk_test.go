package kernels
import ("testing"; "time"; "gonum.org/v1/gonum/blas"; "github.com/fastgru/fastgru/internal/peak"; "github.com/fastgru/fastgru/internal/shapes")
func BenchmarkPk(b *testing.B) {
	SetThreads(1); defer SetThreads(0)
	for _, s := range []shapes.Shape{{"square", 2048, 2048, 2048}, {"dense", 4096, 1024, 1024}} {
	x, y, z := benchOperands(s)
	sum := 0.0
	for i := 0; i < 4; i++ {
		p := peak.GFLOPS(200 * time.Millisecond)
		t := time.Now()
		Sgemm(blas.NoTrans, blas.NoTrans, s.M, s.N, s.K, 1, x, s.K, y, s.N, 0, z, s.N)
		g := s.Flops() / time.Since(t).Seconds() / 1e9
		p2 := peak.GFLOPS(200 * time.Millisecond)
		sum += 200*g/(p+p2)
	}
	b.Logf("%v: mean %.1f%% of bracketing peak", s, sum/4)
	}
}
