package peak

import (
	"testing"
	"time"
)

func TestGFLOPS(t *testing.T) {
	g := GFLOPS(20 * time.Millisecond)
	if haveProbe() && !(g > 1 && g < 1e5) {
		t.Fatalf("GFLOPS() = %v on a CPU with a probe", g)
	}
	t.Logf("%.1f GFLOP/s per core", g)
}
