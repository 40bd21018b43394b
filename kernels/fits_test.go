package kernels

import (
	"math"
	"testing"
)

// TestFits checks the length check of strided operands against its definition,
// (rows-1)·ld + cols ≤ length, computed in float64 where it is exact, and at sizes whose product
// overflows an int.
func TestFits(t *testing.T) {
	for _, length := range []int{0, 1, 15, 16, 17, 100, 1 << 20} {
		for _, rows := range []int{-1, 0, 1, 2, 3, 7, 64} {
			for _, ld := range []int{1, 2, 15, 16, 17, 1000} {
				for _, cols := range []int{0, 1, 15, 16, 17} {
					want := rows <= 0 || float64(rows-1)*float64(ld)+float64(cols) <= float64(length)
					if got := fits(length, rows, ld, cols); got != want {
						t.Errorf("fits(%d, %d, %d, %d) = %v, want %v", length, rows, ld, cols, got, want)
					}
				}
			}
		}
	}
	if fits(math.MaxInt, math.MaxInt/2, 4, 1) || fits(1<<40, 1<<40, 1<<40, 1) {
		t.Error("fits accepts rows whose extent overflows an int")
	}
	if !fits(math.MaxInt, 2, math.MaxInt-1, 1) {
		t.Error("fits refuses two rows that end exactly at math.MaxInt")
	}
}
