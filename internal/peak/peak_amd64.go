//go:build !purego && !noasm

package peak

import "github.com/klauspost/cpuid/v2"

// probes are the FMA loops of the implementations that have one: 48 FMAs per iteration on 8
// lanes (ymm) or 16 (zmm).
var probes = map[string]probe{
	"avx2":   {flopsPerIter: 48 * 8 * 2, run: fmaAVX2, ok: cpuid.CPU.Supports(cpuid.AVX2, cpuid.FMA3)},
	"avx512": {flopsPerIter: 48 * 16 * 2, run: fmaAVX512, ok: cpuid.CPU.Supports(cpuid.AVX512F)},
}

// fmaAVX2 runs n iterations of 48 8-lane FMAs on 12 independent accumulators.
//
//go:noescape
func fmaAVX2(n int)

// fmaAVX512 runs n iterations of 48 16-lane FMAs on 16 independent accumulators.
//
//go:noescape
func fmaAVX512(n int)
