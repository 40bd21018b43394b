//go:build !purego && !noasm

package peak

import "github.com/klauspost/cpuid/v2"

// flopsPerIter: 48 FMAs on 8 lanes.
const flopsPerIter = 48 * 8 * 2

func haveProbe() bool { return cpuid.CPU.Supports(cpuid.AVX2, cpuid.FMA3) }

// fma runs n iterations of 48 8-lane FMAs on 12 independent accumulators.
//
//go:noescape
func fma(n int)
