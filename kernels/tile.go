package kernels

// wideTiles reports whether x's micro-kernel covers 12×32 tiles of C, two micro-panels of A by
// two of B (avx512), rather than one by one (6×16, the others).
func wideTiles(x isa) bool { return x == isaAVX512 }

// tileCols is how many columns of C one micro-kernel call of x covers.
func tileCols(x isa) int {
	if wideTiles(x) {
		return 2 * nr
	}
	return nr
}

// tileRows is how many rows of C one micro-tile of x covers.
func tileRows(x isa) int {
	if wideTiles(x) {
		return 2 * mr
	}
	return mr
}

// bRowsInPlace reports whether x's micro-kernel can read B's rows in place (ldb > 0) besides
// packed micro-panels, for tiles of its whole width: with plain loads, as zero-masked ones for a
// column tail ran the AVX-512 kernel 7% slower on Sapphire Rapids (a tail's panel is packed).
func bRowsInPlace(x isa) bool { return wideTiles(x) }

// l1Floats is the floats of a level-1 data cache: 32 KiB, the smallest of the x86 and Arm cores
// that fastgru tunes for.
const l1Floats = 32 << 10 / 4

// tlbFloats is the floats that the second-level TLB of a core maps in 4 KiB pages: 8 MiB, Sapphire
// Rapids' 2048 entries (Zen 3 and 4 have 2048 and 3072).
const tlbFloats = 8 << 20 / 4

// packACols is the columns past which a row-major A is packed, by x's kernels over several k
// blocks, by the wide kernel over one too: a block of A is used once for each column tile. With
// avx512's packing kernel (four times as fast as the Go loop, which had kept A in place up to
// 1024 columns), packed A ran 10% faster over 1024 columns on Sapphire Rapids (square 1024 and
// 4096×1024·1024×1024). Within one k block, the wide kernel on a row-major A in place ran as
// fast at best over 512-3072 columns and 3-6% slower in the median of alternating calls
// (2048×128·128×768, 32×256·256×768); over 128 columns packing cost up to 8%.
func packACols(x isa) int {
	if wideTiles(x) {
		return 16 * nr
	}
	return 4 * nr
}
