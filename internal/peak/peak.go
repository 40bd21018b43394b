// Package peak measures the float32 FMA throughput of one core: the ceiling that fastgru's
// benchmarks quote their GFLOP/s against.
package peak

import "time"

// GFLOPS runs independent FMA chains on one core for about d and returns the float32 GFLOP/s
// they reached, or 0 where no probe exists for this CPU.
func GFLOPS(d time.Duration) float64 {
	if !haveProbe() {
		return 0
	}
	const iters = 1 << 20
	best := 0.0
	for end := time.Now().Add(d); time.Now().Before(end); {
		t := time.Now()
		fma(iters)
		best = max(best, float64(iters)*flopsPerIter/time.Since(t).Seconds()/1e9)
	}
	return best
}
