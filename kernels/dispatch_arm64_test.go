//go:build !purego && !noasm

package kernels

import (
	"os"
	"testing"
)

// TestSelectedNEON proves that arm64 runs its assembly by default, not the generic fallback.
func TestSelectedNEON(t *testing.T) {
	if os.Getenv("FASTGRU_KERNELS") != "" {
		t.Skip("FASTGRU_KERNELS chooses the implementation")
	}
	if got := Selected(); got != "neon" {
		t.Fatalf("Selected() = %q on arm64, want neon", got)
	}
}
