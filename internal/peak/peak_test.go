package peak

import (
	"testing"
	"time"
)

func TestGFLOPS(t *testing.T) {
	for name, p := range probes {
		g := GFLOPS(name, 20*time.Millisecond)
		if p.ok && !(g > 1 && g < 1e5) {
			t.Fatalf("GFLOPS(%q) = %v on a CPU with its probe", name, g)
		}
		t.Logf("%s: %.1f GFLOP/s per core", name, g)
	}
	if g := GFLOPS("generic", time.Millisecond); g != 0 {
		t.Fatalf(`GFLOPS("generic") = %v, want 0: the pure-Go kernels have no probe`, g)
	}
}
