// Package peak measures the float32 FMA throughput of one core for each kernels implementation:
// the ceiling that fastgru's benchmarks quote their GFLOP/s against.
package peak

import (
	"sync"
	"time"
)

// probe is one implementation's FMA loop.
type probe struct {
	flopsPerIter float64
	run          func(n int)
	ok           bool // the CPU can run it
}

// GFLOPS runs independent FMA chains of the named implementation's vector width (such as "avx2"
// or "avx512") on one core for about d and returns the float32 GFLOP/s they reached, or 0 where
// no probe exists for it on this CPU.
func GFLOPS(impl string, d time.Duration) float64 {
	p, found := probes[impl]
	if !found || !p.ok {
		return 0
	}
	const iters = 1 << 20
	best := 0.0
	for end := time.Now().Add(d); time.Now().Before(end); {
		t := time.Now()
		p.run(iters)
		best = max(best, float64(iters)*p.flopsPerIter/time.Since(t).Seconds()/1e9)
	}
	return best
}

var cached sync.Map // implementation name → GFLOP/s

// Cached is GFLOPS(impl, 200ms), measured once per process: for benchmarks that quote a % of
// peak on every result.
func Cached(impl string) float64 {
	if g, ok := cached.Load(impl); ok {
		return g.(float64)
	}
	g := GFLOPS(impl, 200*time.Millisecond)
	cached.Store(impl, g)
	return g
}
