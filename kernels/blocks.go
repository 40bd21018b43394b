package kernels

import "github.com/klauspost/cpuid/v2"

// blocks are BLIS's cache blocking sizes: a kc×nr micro-panel of B and an mr×kc one of A share
// L1, an mc×kc block of A fills about half of L2, a kc×nc block of B a part of L3.
var blocks = blockSizes(cpuid.CPU.Cache.L2, cpuid.CPU.Cache.L3)

type blocking struct {
	mc, kc, nc int
	// mcWide is mc for the 12×32 micro-kernel (0: mc). Its blocks of A are smaller: on Sapphire
	// Rapids (2 MiB L2), eight 12-row tiles run 4-6% faster than twelve over 1024 or more columns,
	// the same over fewer.
	mcWide int
	// ncWide is nc for the 12×32 micro-kernel (0: nc): where half of L2 holds a block of B of
	// 1024 columns or more, its block is kept there, for the blocks of A after the first to
	// reuse. On Sapphire Rapids, with 1024 columns rather than all from L3, 128×1024·1024×3072
	// ran 3-4% faster, 512×512·512×4096 9%, square 2048 the same; 512 columns, which pack each
	// block of A twice as often, ran 2-4% slower on large squares. Smaller L2s keep B's block in
	// L3.
	ncWide int
}

// rows is the rows of x's blocks of A.
func (b blocking) rows(x isa) int {
	if wideTiles(x) && b.mcWide > 0 {
		return b.mcWide
	}
	return b.mc
}

// cols is the columns of x's blocks of B.
func (b blocking) cols(x isa) int {
	if wideTiles(x) && b.ncWide > 0 {
		return b.ncWide
	}
	return b.nc
}

// blockSizes derives the blocking from the cache sizes in bytes; a size cpuid could not read
// (-1) falls back to a common one.
func blockSizes(l2, l3 int) blocking {
	const kc = 256
	if l2 <= 0 {
		l2 = 512 << 10
	}
	if l3 <= 0 {
		l3 = 8 << 20
	}
	mc := min(max(l2/2/(kc*4)/mr*mr, 8*mr), 24*mr)
	// nc is whole 12×32 tiles' columns, so that wide products keep the wide micro-kernel.
	nc := min(max(l3/4/(kc*4)/(2*nr)*(2*nr), 16*nr), 254*nr)
	b := blocking{mc: mc, kc: kc, nc: nc, mcWide: min(mc/(2*mr), 8) * 2 * mr}
	if inL2 := l2 / 2 / (kc * 4) / (2 * nr) * (2 * nr); inL2 >= 1024 {
		b.ncWide = min(inL2, nc)
	}
	return b
}
