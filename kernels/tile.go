package kernels

// tileCols is how many columns of C one micro-kernel call of x covers: two micro-panels of B
// with avx512, one with the others.
func tileCols(x isa) int {
	if x == isaAVX512 {
		return 2 * nr
	}
	return nr
}

// tileRows is how many rows of C one micro-tile of x covers: two micro-panels of A with avx512,
// one with the others.
func tileRows(x isa) int {
	if x == isaAVX512 {
		return 2 * mr
	}
	return mr
}

// packACols is the columns past which a row-major A over several k blocks is packed: a block of
// A is used once for each column tile, and the 12×32 kernel has half as many tiles, each twice
// as fast, as the 6×16 ones. Measured on Sapphire Rapids, it reads A in place 15% faster than
// packed over 256 columns, as fast up to 1024, and 2-3% slower over 2048.
func packACols(x isa) int {
	if tileCols(x) > nr {
		return 64 * nr
	}
	return 4 * nr
}
