//go:build amd64 && !purego && !noasm

#include "textflag.h"
#include "exp_avx2.h"
#include "kstep_avx2.h"

// shiftIndex<>+4*(8-s) holds the lane indexes (8-s+i) mod 8, i < 8.
DATA shiftIndex<>+0x00(SB)/8, $0x0000000100000000
DATA shiftIndex<>+0x08(SB)/8, $0x0000000300000002
DATA shiftIndex<>+0x10(SB)/8, $0x0000000500000004
DATA shiftIndex<>+0x18(SB)/8, $0x0000000700000006
DATA shiftIndex<>+0x20(SB)/8, $0x0000000100000000
DATA shiftIndex<>+0x28(SB)/8, $0x0000000300000002
DATA shiftIndex<>+0x30(SB)/8, $0x0000000500000004
DATA shiftIndex<>+0x38(SB)/8, $0x0000000700000006
GLOBL shiftIndex<>(SB), RODATA|NOPTR, $64

// highLanes<>+4*(8-s) selects lanes i ≥ s.
DATA highLanes<>+0x00(SB)/8, $0
DATA highLanes<>+0x08(SB)/8, $0
DATA highLanes<>+0x10(SB)/8, $0
DATA highLanes<>+0x18(SB)/8, $0
DATA highLanes<>+0x20(SB)/8, $0xffffffffffffffff
DATA highLanes<>+0x28(SB)/8, $0xffffffffffffffff
DATA highLanes<>+0x30(SB)/8, $0xffffffffffffffff
DATA highLanes<>+0x38(SB)/8, $0xffffffffffffffff
GLOBL highLanes<>(SB), RODATA|NOPTR, $64

// One k step on a packed A micro-panel at R8 and a packed B micro-panel at R12, at byte offsets
// ao and bo: the two 8-float halves of B's row times the six broadcast entries of A's column.
#define KSTEP_PACKED(ao, bo) \
	VMOVUPS      bo(R12), Y0        \
	VMOVUPS      bo+32(R12), Y1     \
	VBROADCASTSS ao(R8), Y2         \
	VFMADD231PS  Y0, Y2, Y4         \
	VFMADD231PS  Y1, Y2, Y5         \
	VBROADCASTSS ao+4(R8), Y3       \
	VFMADD231PS  Y0, Y3, Y6         \
	VFMADD231PS  Y1, Y3, Y7         \
	VBROADCASTSS ao+8(R8), Y2       \
	VFMADD231PS  Y0, Y2, Y8         \
	VFMADD231PS  Y1, Y2, Y9         \
	VBROADCASTSS ao+12(R8), Y3      \
	VFMADD231PS  Y0, Y3, Y10        \
	VFMADD231PS  Y1, Y3, Y11        \
	VBROADCASTSS ao+16(R8), Y2      \
	VFMADD231PS  Y0, Y2, Y12        \
	VFMADD231PS  Y1, Y2, Y13        \
	VBROADCASTSS ao+20(R8), Y3      \
	VFMADD231PS  Y0, Y3, Y14        \
	VFMADD231PS  Y1, Y3, Y15

// One k step of a tile of at most four rows on a packed A micro-panel: KSTEP_PACKED without rows
// 4 and 5, whose accumulators stay zero and are never stored.
#define KSTEP_PACKED_FOUR(ao, bo) \
	VMOVUPS      bo(R12), Y0        \
	VMOVUPS      bo+32(R12), Y1     \
	VBROADCASTSS ao(R8), Y2         \
	VFMADD231PS  Y0, Y2, Y4         \
	VFMADD231PS  Y1, Y2, Y5         \
	VBROADCASTSS ao+4(R8), Y3       \
	VFMADD231PS  Y0, Y3, Y6         \
	VFMADD231PS  Y1, Y3, Y7         \
	VBROADCASTSS ao+8(R8), Y2       \
	VFMADD231PS  Y0, Y2, Y8         \
	VFMADD231PS  Y1, Y2, Y9         \
	VBROADCASTSS ao+12(R8), Y3      \
	VFMADD231PS  Y0, Y3, Y10        \
	VFMADD231PS  Y1, Y3, Y11

// One k step on an A read in place (rows R8, R8+R9, R8+2·R9, R10, R10+R9, R10+2·R9) and a packed
// B micro-panel at R12, at B byte offset bo.
#define KSTEP_STRIDED(bo) \
	VMOVUPS      bo(R12), Y0        \
	VMOVUPS      bo+32(R12), Y1     \
	VBROADCASTSS (R8), Y2           \
	VFMADD231PS  Y0, Y2, Y4         \
	VFMADD231PS  Y1, Y2, Y5         \
	VBROADCASTSS (R8)(R9*1), Y3     \
	VFMADD231PS  Y0, Y3, Y6         \
	VFMADD231PS  Y1, Y3, Y7         \
	VBROADCASTSS (R8)(R9*2), Y2     \
	VFMADD231PS  Y0, Y2, Y8         \
	VFMADD231PS  Y1, Y2, Y9         \
	VBROADCASTSS (R10), Y3          \
	VFMADD231PS  Y0, Y3, Y10        \
	VFMADD231PS  Y1, Y3, Y11        \
	VBROADCASTSS (R10)(R9*1), Y2    \
	VFMADD231PS  Y0, Y2, Y12        \
	VFMADD231PS  Y1, Y2, Y13        \
	VBROADCASTSS (R10)(R9*2), Y3    \
	VFMADD231PS  Y0, Y3, Y14        \
	VFMADD231PS  Y1, Y3, Y15        \
	ADDQ         R11, R8            \
	ADDQ         R11, R10

// func SgemmKernel6x16AVX2(kc, m, n int, a []float32, rsa, csa, ta int, b []float32, c []float32, ldc int, alpha, beta float32, bias []float32, epilogue int)
// The frame holds the finished tile while the row loop writes its m×n part (0-383), and the
// loop over row tiles: the tile's A (384), its C (392) and the rows left (400).
TEXT ·SgemmKernel6x16AVX2(SB), NOSPLIT, $408-168
	MOVQ a_base+24(FP), AX
	MOVQ AX, 384(SP)
	MOVQ c_base+96(FP), AX
	MOVQ AX, 392(SP)
	MOVQ m+8(FP), AX
	MOVQ AX, 400(SP)

tile:
	MOVQ kc+0(FP), AX
	MOVQ 384(SP), R8
	MOVQ rsa+48(FP), R9
	MOVQ csa+56(FP), R11
	MOVQ b_base+72(FP), R12

	VXORPS Y4, Y4, Y4
	VXORPS Y5, Y5, Y5
	VXORPS Y6, Y6, Y6
	VXORPS Y7, Y7, Y7
	VXORPS Y8, Y8, Y8
	VXORPS Y9, Y9, Y9
	VXORPS Y10, Y10, Y10
	VXORPS Y11, Y11, Y11
	VXORPS Y12, Y12, Y12
	VXORPS Y13, Y13, Y13
	VXORPS Y14, Y14, Y14
	VXORPS Y15, Y15, Y15

	// Fetch the tile of C while the k loop runs: C was last touched a whole block ago. Rows
	// past m are never read; a prefetch of them is only a hint and cannot fault.
	MOVQ 392(SP), DI
	MOVQ ldc+120(FP), SI
	SHLQ $2, SI
	LEAQ (DI)(SI*2), DX
	ADDQ SI, DX
	PREFETCHT0 (DI)
	PREFETCHT0 60(DI)
	PREFETCHT0 (DI)(SI*1)
	PREFETCHT0 60(DI)(SI*1)
	PREFETCHT0 (DI)(SI*2)
	PREFETCHT0 60(DI)(SI*2)
	PREFETCHT0 (DX)
	PREFETCHT0 60(DX)
	PREFETCHT0 (DX)(SI*1)
	PREFETCHT0 60(DX)(SI*1)
	PREFETCHT0 (DX)(SI*2)
	PREFETCHT0 60(DX)(SI*2)

	MOVQ AX, BX
	SHRQ $2, BX                  // BX: groups of four k steps
	ANDQ $3, AX                  // AX: the rest
	CMPQ R9, $1
	JNE  strided
	CMPQ R11, $6
	JNE  strided

	// Packed A: fixed offsets, which Zen 3 runs a quarter faster than addresses in registers.
	// A last tile of at most four rows takes two thirds of the time of a whole one.
	CMPQ 400(SP), $4
	JLE  four
	TESTQ BX, BX
	JZ   packedrest

	PCALIGN $64
packed4:
	KSTEP_PACKED(0, 0)
	KSTEP_PACKED(24, 64)
	KSTEP_PACKED(48, 128)
	KSTEP_PACKED(72, 192)
	ADDQ $96, R8
	ADDQ $256, R12
	DECQ BX
	JNZ  packed4

packedrest:
	TESTQ AX, AX
	JZ    scale

packed1:
	KSTEP_PACKED(0, 0)
	ADDQ $24, R8
	ADDQ $64, R12
	DECQ AX
	JNZ  packed1
	JMP  scale

four:
	TESTQ BX, BX
	JZ   fourrest

	PCALIGN $64
four4:
	KSTEP_PACKED_FOUR(0, 0)
	KSTEP_PACKED_FOUR(24, 64)
	KSTEP_PACKED_FOUR(48, 128)
	KSTEP_PACKED_FOUR(72, 192)
	ADDQ $96, R8
	ADDQ $256, R12
	DECQ BX
	JNZ  four4

fourrest:
	TESTQ AX, AX
	JZ    scale

four1:
	KSTEP_PACKED_FOUR(0, 0)
	ADDQ $24, R8
	ADDQ $64, R12
	DECQ AX
	JNZ  four1
	JMP  scale

strided:
	SHLQ $2, R9
	LEAQ (R8)(R9*2), R10
	ADDQ R9, R10                 // R10: row 3 of A
	CMPQ R11, $1
	JEQ  rows
	SHLQ $2, R11
	TESTQ BX, BX
	JZ   stridedrest

	PCALIGN $64
strided4:
	KSTEP_STRIDED(0)
	KSTEP_STRIDED(64)
	KSTEP_STRIDED(128)
	KSTEP_STRIDED(192)
	ADDQ $256, R12
	DECQ BX
	JNZ  strided4

stridedrest:
	TESTQ AX, AX
	JZ    scale

strided1:
	KSTEP_STRIDED(0)
	ADDQ $64, R12
	DECQ AX
	JNZ  strided1
	JMP  scale

	// A row-major A in place (csa = 1): fixed offsets along the rows, as for packed A.
rows:
	TESTQ BX, BX
	JZ   rowsrest

	PCALIGN $64
rows4:
	KSTEP_ROWS(0, 0)
	KSTEP_ROWS(4, 64)
	KSTEP_ROWS(8, 128)
	KSTEP_ROWS(12, 192)
	ADDQ $16, R8
	ADDQ $16, R10
	ADDQ $256, R12
	DECQ BX
	JNZ  rows4

rowsrest:
	TESTQ AX, AX
	JZ    scale

rows1:
	KSTEP_ROWS(0, 0)
	ADDQ $4, R8
	ADDQ $4, R10
	ADDQ $64, R12
	DECQ AX
	JNZ  rows1

scale:
	MOVL alpha+128(FP), BX
	CMPL BX, $0x3f800000         // alpha == 1: nothing to scale
	JEQ  bias
	VBROADCASTSS alpha+128(FP), Y0
	VMULPS Y0, Y4, Y4
	VMULPS Y0, Y5, Y5
	VMULPS Y0, Y6, Y6
	VMULPS Y0, Y7, Y7
	VMULPS Y0, Y8, Y8
	VMULPS Y0, Y9, Y9
	VMULPS Y0, Y10, Y10
	VMULPS Y0, Y11, Y11
	VMULPS Y0, Y12, Y12
	VMULPS Y0, Y13, Y13
	VMULPS Y0, Y14, Y14
	VMULPS Y0, Y15, Y15

bias:
	MOVQ bias_base+136(FP), BX
	TESTQ BX, BX
	JZ   softmax
	VMOVUPS (BX), Y0
	VMOVUPS 32(BX), Y1
	VADDPS Y0, Y4, Y4
	VADDPS Y1, Y5, Y5
	VADDPS Y0, Y6, Y6
	VADDPS Y1, Y7, Y7
	VADDPS Y0, Y8, Y8
	VADDPS Y1, Y9, Y9
	VADDPS Y0, Y10, Y10
	VADDPS Y1, Y11, Y11
	VADDPS Y0, Y12, Y12
	VADDPS Y1, Y13, Y13
	VADDPS Y0, Y14, Y14
	VADDPS Y1, Y15, Y15

	// Softmax over whole rows right in the accumulators when no value needs the row's max shifted
	// out: for |x| ≤ 80 no e^x overflows and e^x/Σe^x is the softmax. Otherwise, with NaN or with
	// beta, the row loop below shifts by the max.
softmax:
	MOVQ epilogue+160(FP), R10
	CMPQ R10, $2
	JNE  store
	MOVL beta+132(FP), BX
	ANDL $0x7fffffff, BX
	JNZ  store
	// The largest |x| as an integer (NaN compares above every number), against 80.
	VMOVUPS  ·absMask(SB), Y3
	VANDPS   Y3, Y4, Y0
	VANDPS   Y3, Y5, Y1
	VPMAXUD  Y1, Y0, Y0
	VANDPS   Y3, Y6, Y1
	VANDPS   Y3, Y7, Y2
	VPMAXUD  Y2, Y1, Y1
	VPMAXUD  Y1, Y0, Y0
	VANDPS   Y3, Y8, Y1
	VANDPS   Y3, Y9, Y2
	VPMAXUD  Y2, Y1, Y1
	VPMAXUD  Y1, Y0, Y0
	VANDPS   Y3, Y10, Y1
	VANDPS   Y3, Y11, Y2
	VPMAXUD  Y2, Y1, Y1
	VPMAXUD  Y1, Y0, Y0
	VANDPS   Y3, Y12, Y1
	VANDPS   Y3, Y13, Y2
	VPMAXUD  Y2, Y1, Y1
	VPMAXUD  Y1, Y0, Y0
	VANDPS   Y3, Y14, Y1
	VANDPS   Y3, Y15, Y2
	VPMAXUD  Y2, Y1, Y1
	VPMAXUD  Y1, Y0, Y0
	VPCMPGTD ·softmaxRange(SB), Y0, Y0
	VPTEST   Y0, Y0
	JNE      store

	EXP_INRANGE(Y4, Y0, Y1)
	EXP_INRANGE(Y5, Y2, Y3)
	EXP_INRANGE(Y6, Y0, Y1)
	EXP_INRANGE(Y7, Y2, Y3)
	EXP_INRANGE(Y8, Y0, Y1)
	EXP_INRANGE(Y9, Y2, Y3)
	EXP_INRANGE(Y10, Y0, Y1)
	EXP_INRANGE(Y11, Y2, Y3)
	EXP_INRANGE(Y12, Y0, Y1)
	EXP_INRANGE(Y13, Y2, Y3)
	EXP_INRANGE(Y14, Y0, Y1)
	EXP_INRANGE(Y15, Y2, Y3)

	// Columns past n (zeros before e^x) leave the sums: R11, R13 point at their masks.
	MOVQ n+16(FP), DX
	LEAQ ·loadMask(SB), R11
	LEAQ ·loadMask(SB), R13
	MOVQ $8, AX
	CMPQ DX, $8
	CMOVQLT DX, AX
	MOVQ $8, BX
	SUBQ AX, BX
	LEAQ (R11)(BX*4), R11
	MOVQ DX, AX
	SUBQ $8, AX
	MOVQ $0, BX
	CMPQ AX, $0
	CMOVQLT BX, AX
	MOVQ $8, BX
	SUBQ AX, BX
	LEAQ (R13)(BX*4), R13
	VANDPS (R11), Y4, Y4
	VANDPS (R13), Y5, Y5
	VANDPS (R11), Y6, Y6
	VANDPS (R13), Y7, Y7
	VANDPS (R11), Y8, Y8
	VANDPS (R13), Y9, Y9
	VANDPS (R11), Y10, Y10
	VANDPS (R13), Y11, Y11
	VANDPS (R11), Y12, Y12
	VANDPS (R13), Y13, Y13
	VANDPS (R11), Y14, Y14
	VANDPS (R13), Y15, Y15

	// The six row sums into one vector by pairwise adds, one division for all, then each row
	// scaled by its reciprocal.
	VADDPS       Y5, Y4, Y0
	VADDPS       Y7, Y6, Y1
	VADDPS       Y9, Y8, Y2
	VADDPS       Y11, Y10, Y3
	VHADDPS      Y1, Y0, Y0      // per half: rows 0, 0, 1, 1
	VHADDPS      Y3, Y2, Y2      // per half: rows 2, 2, 3, 3
	VHADDPS      Y2, Y0, Y0      // per half: rows 0, 1, 2, 3
	VADDPS       Y13, Y12, Y1
	VADDPS       Y15, Y14, Y2
	VHADDPS      Y2, Y1, Y1      // per half: rows 4, 4, 5, 5
	VHADDPS      Y1, Y1, Y1      // per half: rows 4, 5, 4, 5
	VEXTRACTF128 $1, Y0, X2
	VADDPS       X2, X0, X0
	VEXTRACTF128 $1, Y1, X2
	VADDPS       X2, X1, X1
	VINSERTF128  $1, X1, Y0, Y0  // rows 0, 1, 2, 3, 4, 5, 4, 5
	VMOVUPS      ·one(SB), Y1
	VDIVPS       Y0, Y1, Y0
	VPERMILPS    $0x00, Y0, Y1   // per half: row 0 | row 4
	VPERM2F128   $0x00, Y1, Y1, Y2
	VMULPS       Y2, Y4, Y4
	VMULPS       Y2, Y5, Y5
	VPERM2F128   $0x11, Y1, Y1, Y2
	VMULPS       Y2, Y12, Y12
	VMULPS       Y2, Y13, Y13
	VPERMILPS    $0x55, Y0, Y1   // per half: row 1 | row 5
	VPERM2F128   $0x00, Y1, Y1, Y2
	VMULPS       Y2, Y6, Y6
	VMULPS       Y2, Y7, Y7
	VPERM2F128   $0x11, Y1, Y1, Y2
	VMULPS       Y2, Y14, Y14
	VMULPS       Y2, Y15, Y15
	VPERMILPS    $0xaa, Y0, Y1   // per half: row 2
	VPERM2F128   $0x00, Y1, Y1, Y2
	VMULPS       Y2, Y8, Y8
	VMULPS       Y2, Y9, Y9
	VPERMILPS    $0xff, Y0, Y1   // per half: row 3
	VPERM2F128   $0x00, Y1, Y1, Y2
	VMULPS       Y2, Y10, Y10
	VMULPS       Y2, Y11, Y11
	XORQ R10, R10                // done: store as without epilogue

store:
	MOVQ 392(SP), DI
	MOVQ ldc+120(FP), SI
	SHLQ $2, SI
	MOVQ $6, CX
	CMPQ 400(SP), CX
	CMOVQLT 400(SP), CX          // CX: this tile's rows
	MOVQ n+16(FP), DX
	MOVL beta+132(FP), R9
	ANDL $0x7fffffff, R9         // R9 != 0: read C (beta is neither +0 nor -0)
	CMPQ CX, $6
	JNE  spill
	TESTQ R10, R10
	JNZ  spill
	CMPQ DX, $16
	JEQ  full
	CMPQ DX, $8
	JLT  spill
	TESTL R9, R9
	JNZ  spill

	// Six rows of 8 < n < 16 columns with beta = 0: each row as two plain 8-float stores, at
	// column 0 and at column n-8, the second built from both halves so that where the two
	// overlap they write the same values.
	MOVQ DX, BX
	SUBQ $8, BX                  // BX: n - 8 = 8 - s, where the upper half shifts by s = 16 - n
	LEAQ shiftIndex<>(SB), R11
	VMOVUPS (R11)(BX*4), Y0      // Y0: the lanes (8-s+i) mod 8
	LEAQ highLanes<>(SB), R11
	VMOVUPS (R11)(BX*4), Y1      // Y1: lanes i ≥ s come from the upper half
	LEAQ -32(DI)(DX*4), R11      // R11: row 0 at column n-8
	LEAQ (R11)(SI*2), R13
	ADDQ SI, R13                 // R13: row 3 at column n-8
	LEAQ (DI)(SI*2), R10
	ADDQ SI, R10                 // R10: row 3
	VPERMPS   Y4, Y0, Y2
	VPERMPS   Y5, Y0, Y3
	VBLENDVPS Y1, Y3, Y2, Y2
	VMOVUPS   Y4, (DI)
	VMOVUPS   Y2, (R11)
	VPERMPS   Y6, Y0, Y2
	VPERMPS   Y7, Y0, Y3
	VBLENDVPS Y1, Y3, Y2, Y2
	VMOVUPS   Y6, (DI)(SI*1)
	VMOVUPS   Y2, (R11)(SI*1)
	VPERMPS   Y8, Y0, Y2
	VPERMPS   Y9, Y0, Y3
	VBLENDVPS Y1, Y3, Y2, Y2
	VMOVUPS   Y8, (DI)(SI*2)
	VMOVUPS   Y2, (R11)(SI*2)
	VPERMPS   Y10, Y0, Y2
	VPERMPS   Y11, Y0, Y3
	VBLENDVPS Y1, Y3, Y2, Y2
	VMOVUPS   Y10, (R10)
	VMOVUPS   Y2, (R13)
	VPERMPS   Y12, Y0, Y2
	VPERMPS   Y13, Y0, Y3
	VBLENDVPS Y1, Y3, Y2, Y2
	VMOVUPS   Y12, (R10)(SI*1)
	VMOVUPS   Y2, (R13)(SI*1)
	VPERMPS   Y14, Y0, Y2
	VPERMPS   Y15, Y0, Y3
	VBLENDVPS Y1, Y3, Y2, Y2
	VMOVUPS   Y14, (R10)(SI*2)
	VMOVUPS   Y2, (R13)(SI*2)
	JMP       nexttile

	// A whole tile without epilogue goes from the accumulators to C.
full:
	LEAQ (DI)(SI*2), R10
	ADDQ SI, R10                 // R10: row 3 of C
	TESTL R9, R9
	JZ   fullstore
	VBROADCASTSS beta+132(FP), Y0
	VFMADD231PS (DI), Y0, Y4
	VFMADD231PS 32(DI), Y0, Y5
	VFMADD231PS (DI)(SI*1), Y0, Y6
	VFMADD231PS 32(DI)(SI*1), Y0, Y7
	VFMADD231PS (DI)(SI*2), Y0, Y8
	VFMADD231PS 32(DI)(SI*2), Y0, Y9
	VFMADD231PS (R10), Y0, Y10
	VFMADD231PS 32(R10), Y0, Y11
	VFMADD231PS (R10)(SI*1), Y0, Y12
	VFMADD231PS 32(R10)(SI*1), Y0, Y13
	VFMADD231PS (R10)(SI*2), Y0, Y14
	VFMADD231PS 32(R10)(SI*2), Y0, Y15

fullstore:
	VMOVUPS Y4, (DI)
	VMOVUPS Y5, 32(DI)
	VMOVUPS Y6, (DI)(SI*1)
	VMOVUPS Y7, 32(DI)(SI*1)
	VMOVUPS Y8, (DI)(SI*2)
	VMOVUPS Y9, 32(DI)(SI*2)
	VMOVUPS Y10, (R10)
	VMOVUPS Y11, 32(R10)
	VMOVUPS Y12, (R10)(SI*1)
	VMOVUPS Y13, 32(R10)(SI*1)
	VMOVUPS Y14, (R10)(SI*2)
	VMOVUPS Y15, 32(R10)(SI*2)
	JMP nexttile

	// An edge tile, or an epilogue: the tile goes to the frame, then row by row to C.
spill:
	VMOVUPS Y4, 0(SP)
	VMOVUPS Y5, 32(SP)
	VMOVUPS Y6, 64(SP)
	VMOVUPS Y7, 96(SP)
	VMOVUPS Y8, 128(SP)
	VMOVUPS Y9, 160(SP)
	VMOVUPS Y10, 192(SP)
	VMOVUPS Y11, 224(SP)
	VMOVUPS Y12, 256(SP)
	VMOVUPS Y13, 288(SP)
	VMOVUPS Y14, 320(SP)
	VMOVUPS Y15, 352(SP)

	MOVQ SP, R8                  // R8: the spilled row
	VBROADCASTSS beta+132(FP), Y13
	VXORPS Y12, Y12, Y12
	VMOVUPS ·expHi(SB), Y9
	VMOVUPS ·expLo(SB), Y10
	VMOVUPS ·negInf(SB), Y11

	// Column masks: Y14 covers columns 0-7, Y15 columns 8-15. Masked loads are as fast
	// as plain ones; masked stores are twenty times slower on Zen 3, so stores are split instead.
	LEAQ ·loadMask(SB), R11
	MOVQ $8, AX
	CMPQ DX, $8
	CMOVQLT DX, AX               // AX = min(n, 8)
	MOVQ $8, BX
	SUBQ AX, BX
	VMOVUPS (R11)(BX*4), Y14
	MOVQ DX, AX
	SUBQ $8, AX
	MOVQ $0, BX
	CMPQ AX, $0
	CMOVQLT BX, AX               // AX = max(n-8, 0)
	MOVQ $8, BX
	SUBQ AX, BX
	VMOVUPS (R11)(BX*4), Y15

row:
	VMOVUPS (R8), Y0
	VMOVUPS 32(R8), Y1
	TESTL R9, R9
	JZ    relu
	VMASKMOVPS (DI), Y14, Y2
	VFMADD231PS Y13, Y2, Y0
	CMPQ DX, $8
	JLE  relu                    // no access starts past the row's end
	VMASKMOVPS 32(DI), Y15, Y3
	VFMADD231PS Y13, Y3, Y1

relu:
	CMPQ R10, $1
	JLT  rowstore
	JGT  rowsoftmax
	VMAXPS Y0, Y12, Y0           // max(0, x): x is the second operand, so NaN stays NaN
	VMAXPS Y1, Y12, Y1
	JMP  rowstore

	// The row's softmax in registers, columns past n counting as -Inf.
rowsoftmax:
	VBLENDVPS    Y14, Y0, Y11, Y0
	VBLENDVPS    Y15, Y1, Y11, Y1
	VMAXPS       Y1, Y0, Y2
	VEXTRACTF128 $1, Y2, X3
	VMAXPS       X3, X2, X2
	VPERMILPS    $0x4e, X2, X3
	VMAXPS       X3, X2, X2
	VPERMILPS    $0xb1, X2, X3
	VMAXPS       X3, X2, X2
	VBROADCASTSS X2, Y2
	VSUBPS       Y2, Y0, Y0
	VSUBPS       Y2, Y1, Y1
	EXP(Y0, Y2, Y3, Y9, Y10)
	EXP(Y1, Y4, Y5, Y9, Y10)
	VANDPS       Y14, Y0, Y0
	VANDPS       Y15, Y1, Y1
	VADDPS       Y1, Y0, Y2
	VEXTRACTF128 $1, Y2, X3
	VADDPS       X3, X2, X2
	VPERMILPS    $0x4e, X2, X3
	VADDPS       X3, X2, X2
	VPERMILPS    $0xb1, X2, X3
	VADDPS       X3, X2, X2
	VBROADCASTSS X2, Y2
	VMOVUPS      ·one(SB), Y3
	VDIVPS       Y2, Y3, Y2
	VMULPS       Y2, Y0, Y0
	VMULPS       Y2, Y1, Y1

rowstore:
	CMPQ DX, $16
	JNE  partial
	VMOVUPS Y0, (DI)
	VMOVUPS Y1, 32(DI)
	JMP  next

	// n < 16 floats of Y0:Y1 to R11 as 8, 4, 2 and 1.
partial:
	MOVQ DI, R11
	MOVQ DX, AX
	CMPQ AX, $8
	JLT  part4
	VMOVUPS Y0, (R11)
	ADDQ $32, R11
	SUBQ $8, AX
	VMOVAPS Y1, Y0

part4:
	TESTQ $4, AX
	JZ   part2
	VMOVUPS X0, (R11)
	ADDQ $16, R11
	VEXTRACTF128 $1, Y0, X0

part2:
	TESTQ $2, AX
	JZ   part1
	VMOVLPS X0, (R11)
	ADDQ $8, R11
	VMOVHLPS X0, X0, X0

part1:
	TESTQ $1, AX
	JZ   next
	VMOVSS X0, (R11)

next:
	ADDQ $64, R8
	ADDQ SI, DI
	DECQ CX
	JNZ  row

nexttile:
	MOVQ 400(SP), AX
	SUBQ $6, AX
	JLE  done
	MOVQ AX, 400(SP)
	MOVQ ta+64(FP), AX
	SHLQ $2, AX
	ADDQ AX, 384(SP)
	MOVQ ldc+120(FP), AX
	IMULQ $24, AX
	ADDQ AX, 392(SP)
	JMP  tile

done:
	VZEROUPPER
	RET
