//go:build amd64 && !purego && !noasm

#include "textflag.h"
#include "exp_avx512.h"

// The frame: the finished tile for the row-by-row softmax (12 rows of 128 bytes, from the first
// 64-byte boundary), the loop over row tiles, and the reciprocal row sums of the in-register
// softmax.
#define APTR 1600   // the tile's A
#define CPTR 1608   // its C
#define LEFT 1616   // the rows left, this tile's included
#define LAYOUT 1624 // A: 0 packed micro-panels, 1 rows in place (csa = 1), 2 any strides,
                    // 3 columns in place (rsa = 1: a transposed A)
#define RCP 1632    // 16 floats
#define BSTEP 1696  // from one row of B to the next, in bytes: 64 packed, 4·ldb in place

// The accumulators: row i of a tile in Z(2i) (columns 0-15) and Z(2i+1) (columns 16-31); a tile
// of at most 16 columns uses the even ones only. B's row is Z24 and Z25, the broadcast A entries
// Z26-Z31. K1 and K2 mask the columns below n of each half. A tile of at most 6 rows leaves rows
// 6-11 zero, and the epilogues run over them as over the others.

// Row i of A times B's row, for 32 and for 16 columns: A's entry as an embedded broadcast, or
// (for A at any strides, where that runs slower) broadcast to t first.
#define FMA32(a, t, r0, r1) \
	VFMADD231PS.BCST a, Z24, r0 \
	VFMADD231PS.BCST a, Z25, r1

#define FMA16(a, t, r0) \
	VFMADD231PS.BCST a, Z24, r0

#define FMA32R(a, t, r0, r1) \
	VBROADCASTSS a, t       \
	VFMADD231PS  Z24, t, r0 \
	VFMADD231PS  Z25, t, r1

#define FMA16R(a, t, r0) \
	VBROADCASTSS a, t \
	VFMADD231PS  Z24, t, r0

// B's row of 32 columns at byte offset bo: from packed micro-panels (DX: from the first to the
// second), and read in place four k steps a loop (DX = 64), an even step's row at R12, an odd
// one's at R12+R15, R12 then moved on two rows (bo unused).
#define LD32(bo) \
	VMOVUPS bo(R12), Z24 \
	VMOVUPS bo(R12)(DX*1), Z25

#define LDE32(bo) \
	VMOVUPS (R12), Z24 \
	VMOVUPS 64(R12), Z25

#define LDO32(bo) \
	VMOVUPS (R12)(R15*1), Z24 \
	VMOVUPS 64(R12)(R15*1), Z25

// One k step of each tile shape with the fma above (over 32 columns, fa for rows 0, 3, 6 and 9
// and fi for the others), given the addresses of A's entries of the step, and B's row loaded by
// ld from byte offset bo.
#define K4x32(fa, fi, ld, bo, a0, a1, a2, a3) \
	ld(bo)                         \
	fa(a0, Z26, Z0, Z1)            \
	fi(a1, Z27, Z2, Z3)            \
	fi(a2, Z28, Z4, Z5)            \
	fa(a3, Z29, Z6, Z7)

#define K6x32(fa, fi, ld, bo, a0, a1, a2, a3, a4, a5) \
	K4x32(fa, fi, ld, bo, a0, a1, a2, a3) \
	fi(a4, Z30, Z8, Z9)            \
	fi(a5, Z31, Z10, Z11)

#define K12x32(fa, fi, ld, bo, a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11) \
	K6x32(fa, fi, ld, bo, a0, a1, a2, a3, a4, a5) \
	fa(a6, Z26, Z12, Z13)          \
	fi(a7, Z27, Z14, Z15)          \
	fi(a8, Z28, Z16, Z17)          \
	fa(a9, Z29, Z18, Z19)          \
	fi(a10, Z30, Z20, Z21)         \
	fi(a11, Z31, Z22, Z23)

#define K12x16(fma, bo, a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11) \
	VMOVUPS bo(R12), Z24   \
	fma(a0, Z26, Z0)     \
	fma(a1, Z27, Z2)     \
	fma(a2, Z28, Z4)     \
	fma(a3, Z29, Z6)     \
	fma(a4, Z30, Z8)     \
	fma(a5, Z31, Z10)    \
	fma(a6, Z26, Z12)    \
	fma(a7, Z27, Z14)    \
	fma(a8, Z28, Z16)    \
	fma(a9, Z29, Z18)    \
	fma(a10, Z30, Z20)   \
	fma(a11, Z31, Z22)

#define K6x16(fma, bo, a0, a1, a2, a3, a4, a5) \
	VMOVUPS bo(R12), Z24   \
	fma(a0, Z26, Z0)     \
	fma(a1, Z27, Z2)     \
	fma(a2, Z28, Z4)     \
	fma(a3, Z29, Z6)     \
	fma(a4, Z30, Z8)     \
	fma(a5, Z31, Z10)

// The k steps on packed A (sub-tiles at R8 and R13, byte offset ao; a transposed A read in place
// takes these too, one step at a time, R8 and R13 moved on by R11), on A in place (rows at R8,
// R8+R9, R8+2·R9, R10, R10+R9, R10+2·R9, then the same from R13 and DI, byte offset ao), and on A
// at any strides (the same rows, moved on by R11 each step). The embedded broadcasts keep their
// load fused only without an index register: with one, the FMA takes two micro-ops, so over 32
// columns a row of A in place at an indexed address is broadcast once for its two FMAs (four
// micro-ops for six; square 64, 128 and 8192×256·256×256 ran 7-24% faster in the median of
// alternating runs, as fast at best), and A at any strides is broadcast throughout.
#define P12x32(ld, ao, bo) K12x32(FMA32, FMA32, ld, bo, ao(R8), ao+4(R8), ao+8(R8), ao+12(R8), ao+16(R8), ao+20(R8), ao(R13), ao+4(R13), ao+8(R13), ao+12(R13), ao+16(R13), ao+20(R13))
#define P4x32(ld, ao, bo) K4x32(FMA32, FMA32, ld, bo, ao(R8), ao+4(R8), ao+8(R8), ao+12(R8))
#define P6x32(ld, ao, bo) K6x32(FMA32, FMA32, ld, bo, ao(R8), ao+4(R8), ao+8(R8), ao+12(R8), ao+16(R8), ao+20(R8))
#define P12x16(ao, bo) K12x16(FMA16, bo, ao(R8), ao+4(R8), ao+8(R8), ao+12(R8), ao+16(R8), ao+20(R8), ao(R13), ao+4(R13), ao+8(R13), ao+12(R13), ao+16(R13), ao+20(R13))
#define P6x16(ao, bo) K6x16(FMA16, bo, ao(R8), ao+4(R8), ao+8(R8), ao+12(R8), ao+16(R8), ao+20(R8))
#define R12x32(ld, ao, bo) K12x32(FMA32, FMA32R, ld, bo, ao(R8), ao(R8)(R9*1), ao(R8)(R9*2), ao(R10), ao(R10)(R9*1), ao(R10)(R9*2), ao(R13), ao(R13)(R9*1), ao(R13)(R9*2), ao(DI), ao(DI)(R9*1), ao(DI)(R9*2))
#define R6x32(ld, ao, bo) K6x32(FMA32, FMA32R, ld, bo, ao(R8), ao(R8)(R9*1), ao(R8)(R9*2), ao(R10), ao(R10)(R9*1), ao(R10)(R9*2))
#define R12x16(ao, bo) K12x16(FMA16, bo, ao(R8), ao(R8)(R9*1), ao(R8)(R9*2), ao(R10), ao(R10)(R9*1), ao(R10)(R9*2), ao(R13), ao(R13)(R9*1), ao(R13)(R9*2), ao(DI), ao(DI)(R9*1), ao(DI)(R9*2))
#define R6x16(ao, bo) K6x16(FMA16, bo, ao(R8), ao(R8)(R9*1), ao(R8)(R9*2), ao(R10), ao(R10)(R9*1), ao(R10)(R9*2))
#define S12x32(ld, bo) K12x32(FMA32R, FMA32R, ld, bo, (R8), (R8)(R9*1), (R8)(R9*2), (R10), (R10)(R9*1), (R10)(R9*2), (R13), (R13)(R9*1), (R13)(R9*2), (DI), (DI)(R9*1), (DI)(R9*2))
#define S6x32(ld, bo) K6x32(FMA32R, FMA32R, ld, bo, (R8), (R8)(R9*1), (R8)(R9*2), (R10), (R10)(R9*1), (R10)(R9*2))
#define S12x16(bo) K12x16(FMA16R, bo, (R8), (R8)(R9*1), (R8)(R9*2), (R10), (R10)(R9*1), (R10)(R9*2), (R13), (R13)(R9*1), (R13)(R9*2), (DI), (DI)(R9*1), (DI)(R9*2))
#define S6x16(bo) K6x16(FMA16R, bo, (R8), (R8)(R9*1), (R8)(R9*2), (R10), (R10)(R9*1), (R10)(R9*2))

// Four k steps with the step macro s (one of the above over 32 columns) on B's rows in place,
// A's entries at byte offsets a0-a3 from the step's registers.
#define STEPS4I(s, a0, a1, a2, a3) \
	s(LDE32, a0, 0)        \
	s(LDO32, a1, 0)        \
	LEAQ (R12)(R15*2), R12 \
	s(LDE32, a2, 0)        \
	s(LDO32, a3, 0)        \
	LEAQ (R12)(R15*2), R12

// While R14 > 0, fetch the row of C at CX and move CX to the next: C was last touched a whole
// block ago. Each group of four k steps fetches one row of the tile: its 24-36 lines fetched at
// once, at the tile's start, occupy the fill buffers that the loads of A and B need (a C that
// comes from memory then costs 12% of the time, against 5% spread out like this). Rows past m are
// never read; a prefetch of them is only a hint and cannot fault. The label l ends the macro.
#define PREFETCH32(l) \
	TESTQ      R14, R14 \
	JZ         l        \
	PREFETCHT0 (CX)     \
	PREFETCHT0 64(CX)   \
	PREFETCHT0 124(CX)  \
	ADDQ       SI, CX   \
	DECQ       R14      \
l:

#define PREFETCH16(l) \
	TESTQ      R14, R14 \
	JZ         l        \
	PREFETCHT0 (CX)     \
	PREFETCHT0 60(CX)   \
	ADDQ       SI, CX   \
	DECQ       R14      \
l:

// The row sums of the in-register softmax, folded pairwise into one vector. COMB1: rows a and b
// (16 lanes each) into a, a's in its low half and b's in its high half; COMB1N the same into u,
// keeping a and b. COMB2: two such pairs into a, one row a quarter. COMB3: two vectors of four
// rows a quarter into a, each quarter [a0+a1, a2+a3, b0+b1, b2+b3].
#define COMB1(a, b, t) \
	VSHUFF32X4 $0x44, b, a, t \
	VSHUFF32X4 $0xee, b, a, a \
	VADDPS     t, a, a

#define COMB1N(a, b, t, u) \
	VSHUFF32X4 $0x44, b, a, t \
	VSHUFF32X4 $0xee, b, a, u \
	VADDPS     t, u, u

#define COMB2(a, b, t) \
	VSHUFF32X4 $0x88, b, a, t \
	VSHUFF32X4 $0xdd, b, a, a \
	VADDPS     t, a, a

#define COMB3(a, b, t) \
	VSHUFPS $0x88, b, a, t \
	VSHUFPS $0xdd, b, a, a \
	VADDPS  t, a, a

// Row i of C (at R11) times beta (Z30) added to its accumulators, then on to the next row unless
// it was the last of the CX left; and the same for the stores (at DI). The loads and stores are
// masked to the columns below n.
#define BETA32(r0, r1, k, out) \
	VFMADD231PS (R11), Z30, K1, r0   \
	VFMADD231PS 64(R11), Z30, K2, r1 \
	CMPQ        CX, $k               \
	JLE         out                  \
	ADDQ        SI, R11

#define BETA16(r0, k, out) \
	VFMADD231PS (R11), Z30, K1, r0 \
	CMPQ        CX, $k             \
	JLE         out                \
	ADDQ        SI, R11

#define STORE32(r0, r1, k) \
	VMOVUPS r0, K1, (DI)   \
	VMOVUPS r1, K2, 64(DI) \
	CMPQ    CX, $k         \
	JLE     nexttile       \
	ADDQ    SI, DI

#define STORE16(r0, k) \
	VMOVUPS r0, K1, (DI) \
	CMPQ    CX, $k       \
	JLE     nexttile     \
	ADDQ    SI, DI

// The k loops of one packed sub-tile of A (R8) over 32 columns with the step macro s: four
// steps a loop on packed B, or on B's rows in place (R15 > 0), then the rest one step at a time.
// The labels are the loops' own.
#define PACKED_LOOPS(s, l, lf, r, o, i, iff) \
	TESTQ   BX, BX                         \
	JZ      r                              \
	TESTQ   R15, R15                       \
	JNZ     i                              \
	PCALIGN $64                            \
l:                                         \
	PREFETCH32(lf)                         \
	s(LD32, 0, 0)                          \
	s(LD32, 24, 64)                        \
	s(LD32, 48, 128)                       \
	s(LD32, 72, 192)                       \
	ADDQ    $96, R8                        \
	ADDQ    $256, R12                      \
	DECQ    BX                             \
	JNZ     l                              \
r:                                         \
	TESTQ   AX, AX                         \
	JZ      finish32                       \
o:                                         \
	s(LD32, 0, 0)                          \
	ADDQ    $24, R8                        \
	ADDQ    BSTEP(SP), R12                 \
	DECQ    AX                             \
	JNZ     o                              \
	JMP     finish32                       \
	PCALIGN $64                            \
i:                                         \
	PREFETCH32(iff)                        \
	STEPS4I(s, 0, 24, 48, 72)              \
	ADDQ    $96, R8                        \
	DECQ    BX                             \
	JNZ     i                              \
	JMP     r

// func SgemmKernel12x32AVX512(kc, m, n int, a []float32, rsa, csa, ta int, b []float32, ldb int, c []float32, ldc int, alpha, beta float32, bias []float32, epilogue int)
TEXT ·SgemmKernel12x32AVX512(SB), $1728-176
	// K1: the columns below n of 0-15; K2: of 16-31.
	MOVQ  n+16(FP), CX
	MOVL  $0xffff, AX
	BZHIL CX, AX, BX
	KMOVW BX, K1
	XORL  DX, DX
	SUBQ  $16, CX
	CMOVQLT DX, CX
	BZHIL CX, AX, BX
	KMOVW BX, K2

	MOVQ a_base+24(FP), AX
	MOVQ AX, APTR(SP)
	MOVQ c_base+104(FP), AX
	MOVQ AX, CPTR(SP)
	MOVQ m+8(FP), AX
	MOVQ AX, LEFT(SP)
	MOVQ rsa+48(FP), AX
	MOVQ csa+56(FP), BX
	MOVQ $2, CX
	MOVQ $1, DX
	CMPQ BX, $1
	CMOVQEQ DX, CX
	XORL DX, DX
	CMPQ BX, $6
	JNE  trans
	CMPQ AX, $1
	CMOVQEQ DX, CX
	JMP  laid
trans:
	MOVQ $3, DX
	CMPQ BX, $1
	JEQ  laid
	CMPQ AX, $1
	CMOVQEQ DX, CX
laid:
	MOVQ CX, LAYOUT(SP)

tile:
	MOVQ CPTR(SP), CX
	MOVQ ldc+128(FP), SI
	SHLQ $2, SI
	MOVQ $12, R14                // R14: the rows of C to fetch
	MOVQ APTR(SP), R8
	MOVQ ta+64(FP), R13
	LEAQ (R8)(R13*4), R13        // R13: sub-tile 1, never read by a tile of ≤ 6 rows
	MOVQ rsa+48(FP), R9
	SHLQ $2, R9
	MOVQ csa+56(FP), R11
	SHLQ $2, R11
	LEAQ (R8)(R9*2), R10
	ADDQ R9, R10                 // R10: row 3
	LEAQ (R13)(R9*2), DI
	ADDQ R9, DI                  // DI: row 9
	MOVQ b_base+72(FP), R12
	MOVQ kc+0(FP), AX
	MOVQ ldb+96(FP), R15         // R15: B's rows in place, 4·ldb, or 0: packed
	SHLQ $2, R15
	MOVQ $64, BX
	CMOVQNE R15, BX
	MOVQ BX, BSTEP(SP)
	MOVQ $64, DX                 // DX: columns 16-31 of B's row from 0-15, in bytes
	JNE  groups
	MOVQ AX, DX
	SHLQ $6, DX
groups:
	MOVQ AX, BX
	SHRQ $2, BX                  // BX: groups of four k steps
	ANDQ $3, AX                  // AX: the rest
	CMPQ n+16(FP), $16
	JGT  wide

	VPXORD Z0, Z0, Z0
	VPXORD Z2, Z2, Z2
	VPXORD Z4, Z4, Z4
	VPXORD Z6, Z6, Z6
	VPXORD Z8, Z8, Z8
	VPXORD Z10, Z10, Z10
	VPXORD Z12, Z12, Z12
	VPXORD Z14, Z14, Z14
	VPXORD Z16, Z16, Z16
	VPXORD Z18, Z18, Z18
	VPXORD Z20, Z20, Z20
	VPXORD Z22, Z22, Z22
	CMPQ LEFT(SP), $6
	JLE  six16
	CMPQ LAYOUT(SP), $1
	JLT  p12x16
	JEQ  r12x16
	CMPQ LAYOUT(SP), $3
	JEQ  t12x16
	JMP  s12x16

six16:
	CMPQ LAYOUT(SP), $1
	JLT  p6x16
	JEQ  r6x16
	CMPQ LAYOUT(SP), $3
	JEQ  t6x16
	JMP  s6x16

wide:
	VPXORD Z0, Z0, Z0
	VPXORD Z1, Z1, Z1
	VPXORD Z2, Z2, Z2
	VPXORD Z3, Z3, Z3
	VPXORD Z4, Z4, Z4
	VPXORD Z5, Z5, Z5
	VPXORD Z6, Z6, Z6
	VPXORD Z7, Z7, Z7
	VPXORD Z8, Z8, Z8
	VPXORD Z9, Z9, Z9
	VPXORD Z10, Z10, Z10
	VPXORD Z11, Z11, Z11
	VPXORD Z12, Z12, Z12
	VPXORD Z13, Z13, Z13
	VPXORD Z14, Z14, Z14
	VPXORD Z15, Z15, Z15
	VPXORD Z16, Z16, Z16
	VPXORD Z17, Z17, Z17
	VPXORD Z18, Z18, Z18
	VPXORD Z19, Z19, Z19
	VPXORD Z20, Z20, Z20
	VPXORD Z21, Z21, Z21
	VPXORD Z22, Z22, Z22
	VPXORD Z23, Z23, Z23
	CMPQ LEFT(SP), $6
	JLE  six32
	CMPQ LAYOUT(SP), $1
	JLT  p12x32
	JEQ  r12x32
	CMPQ LAYOUT(SP), $3
	JEQ  t12x32
	JMP  s12x32

six32:
	CMPQ LAYOUT(SP), $1
	JLT  pack6x32
	JEQ  r6x32
	CMPQ LAYOUT(SP), $3
	JEQ  t6x32
	JMP  s6x32

	// 12 rows by 32 columns: packed A, rows in place, columns in place, any strides. The first
	// two also run four steps a loop over B's rows in place (the loops ending in i); the last
	// two, and every loop's last steps, move on to B's next row by BSTEP.
p12x32:
	TESTQ BX, BX
	JZ    p12x32r
	TESTQ R15, R15
	JNZ   p12x32i
	PCALIGN $64
p12x32l:
	PREFETCH32(p12x32lf)
	P12x32(LD32, 0, 0)
	P12x32(LD32, 24, 64)
	P12x32(LD32, 48, 128)
	P12x32(LD32, 72, 192)
	ADDQ $96, R8
	ADDQ $96, R13
	ADDQ $256, R12
	DECQ BX
	JNZ  p12x32l
p12x32r:
	TESTQ AX, AX
	JZ    finish32
p12x32o:
	P12x32(LD32, 0, 0)
	ADDQ $24, R8
	ADDQ $24, R13
	ADDQ BSTEP(SP), R12
	DECQ AX
	JNZ  p12x32o
	JMP  finish32

	PCALIGN $64
p12x32i:
	PREFETCH32(p12x32if)
	STEPS4I(P12x32, 0, 24, 48, 72)
	ADDQ $96, R8
	ADDQ $96, R13
	DECQ BX
	JNZ  p12x32i
	JMP  p12x32r

r12x32:
	TESTQ BX, BX
	JZ    r12x32r
	TESTQ R15, R15
	JNZ   r12x32i
	PCALIGN $64
r12x32l:
	PREFETCH32(r12x32lf)
	R12x32(LD32, 0, 0)
	R12x32(LD32, 4, 64)
	R12x32(LD32, 8, 128)
	R12x32(LD32, 12, 192)
	ADDQ $16, R8
	ADDQ $16, R10
	ADDQ $16, R13
	ADDQ $16, DI
	ADDQ $256, R12
	DECQ BX
	JNZ  r12x32l
r12x32r:
	TESTQ AX, AX
	JZ    finish32
r12x32o:
	R12x32(LD32, 0, 0)
	ADDQ $4, R8
	ADDQ $4, R10
	ADDQ $4, R13
	ADDQ $4, DI
	ADDQ BSTEP(SP), R12
	DECQ AX
	JNZ  r12x32o
	JMP  finish32

	PCALIGN $64
r12x32i:
	PREFETCH32(r12x32if)
	STEPS4I(R12x32, 0, 4, 8, 12)
	ADDQ $16, R8
	ADDQ $16, R10
	ADDQ $16, R13
	ADDQ $16, DI
	DECQ BX
	JNZ  r12x32i
	JMP  r12x32r

t12x32:
	MOVQ kc+0(FP), AX
	PCALIGN $64
t12x32l:
	PREFETCH32(t12x32lf)
	P12x32(LD32, 0, 0)
	ADDQ R11, R8
	ADDQ R11, R13
	ADDQ BSTEP(SP), R12
	DECQ AX
	JNZ  t12x32l
	JMP  finish32

s12x32:
	MOVQ kc+0(FP), AX
	PCALIGN $64
s12x32l:
	PREFETCH32(s12x32lf)
	S12x32(LD32, 0)
	ADDQ R11, R8
	ADDQ R11, R10
	ADDQ R11, R13
	ADDQ R11, DI
	ADDQ BSTEP(SP), R12
	DECQ AX
	JNZ  s12x32l
	JMP  finish32

	// At most 6 rows by 32 columns; packed A of at most 4 rows (an edge's) in 8 accumulators,
	// which still hide the FMAs' latency (square 64 2% faster, 40×64·64×64 4%).
pack6x32:
	CMPQ LEFT(SP), $4
	JGT  p6x32
	PACKED_LOOPS(P4x32, p4x32l, p4x32lf, p4x32r, p4x32o, p4x32i, p4x32if)

p6x32:
	PACKED_LOOPS(P6x32, p6x32l, p6x32lf, p6x32r, p6x32o, p6x32i, p6x32if)

r6x32:
	TESTQ BX, BX
	JZ    r6x32r
	TESTQ R15, R15
	JNZ   r6x32i
	PCALIGN $64
r6x32l:
	PREFETCH32(r6x32lf)
	R6x32(LD32, 0, 0)
	R6x32(LD32, 4, 64)
	R6x32(LD32, 8, 128)
	R6x32(LD32, 12, 192)
	ADDQ $16, R8
	ADDQ $16, R10
	ADDQ $256, R12
	DECQ BX
	JNZ  r6x32l
r6x32r:
	TESTQ AX, AX
	JZ    finish32
r6x32o:
	R6x32(LD32, 0, 0)
	ADDQ $4, R8
	ADDQ $4, R10
	ADDQ BSTEP(SP), R12
	DECQ AX
	JNZ  r6x32o
	JMP  finish32

	PCALIGN $64
r6x32i:
	PREFETCH32(r6x32if)
	STEPS4I(R6x32, 0, 4, 8, 12)
	ADDQ $16, R8
	ADDQ $16, R10
	DECQ BX
	JNZ  r6x32i
	JMP  r6x32r

t6x32:
	MOVQ kc+0(FP), AX
	PCALIGN $64
t6x32l:
	PREFETCH32(t6x32lf)
	P6x32(LD32, 0, 0)
	ADDQ R11, R8
	ADDQ BSTEP(SP), R12
	DECQ AX
	JNZ  t6x32l
	JMP  finish32

s6x32:
	MOVQ kc+0(FP), AX
	PCALIGN $64
s6x32l:
	PREFETCH32(s6x32lf)
	S6x32(LD32, 0)
	ADDQ R11, R8
	ADDQ R11, R10
	ADDQ BSTEP(SP), R12
	DECQ AX
	JNZ  s6x32l
	JMP  finish32

	// 12 rows by 16 columns.
p12x16:
	TESTQ BX, BX
	JZ    p12x16r
	PCALIGN $64
p12x16l:
	PREFETCH16(p12x16lf)
	P12x16(0, 0)
	P12x16(24, 64)
	P12x16(48, 128)
	P12x16(72, 192)
	ADDQ $96, R8
	ADDQ $96, R13
	ADDQ $256, R12
	DECQ BX
	JNZ  p12x16l
p12x16r:
	TESTQ AX, AX
	JZ    finish16
p12x16o:
	P12x16(0, 0)
	ADDQ $24, R8
	ADDQ $24, R13
	ADDQ $64, R12
	DECQ AX
	JNZ  p12x16o
	JMP  finish16

r12x16:
	TESTQ BX, BX
	JZ    r12x16r
	PCALIGN $64
r12x16l:
	PREFETCH16(r12x16lf)
	R12x16(0, 0)
	R12x16(4, 64)
	R12x16(8, 128)
	R12x16(12, 192)
	ADDQ $16, R8
	ADDQ $16, R10
	ADDQ $16, R13
	ADDQ $16, DI
	ADDQ $256, R12
	DECQ BX
	JNZ  r12x16l
r12x16r:
	TESTQ AX, AX
	JZ    finish16
r12x16o:
	R12x16(0, 0)
	ADDQ $4, R8
	ADDQ $4, R10
	ADDQ $4, R13
	ADDQ $4, DI
	ADDQ $64, R12
	DECQ AX
	JNZ  r12x16o
	JMP  finish16

t12x16:
	MOVQ kc+0(FP), AX
	PCALIGN $64
t12x16l:
	PREFETCH16(t12x16lf)
	P12x16(0, 0)
	ADDQ R11, R8
	ADDQ R11, R13
	ADDQ $64, R12
	DECQ AX
	JNZ  t12x16l
	JMP  finish16

s12x16:
	MOVQ kc+0(FP), AX
	PCALIGN $64
s12x16l:
	PREFETCH16(s12x16lf)
	S12x16(0)
	ADDQ R11, R8
	ADDQ R11, R10
	ADDQ R11, R13
	ADDQ R11, DI
	ADDQ $64, R12
	DECQ AX
	JNZ  s12x16l
	JMP  finish16

	// At most 6 rows by 16 columns.
p6x16:
	TESTQ BX, BX
	JZ    p6x16r
	PCALIGN $64
p6x16l:
	PREFETCH16(p6x16lf)
	P6x16(0, 0)
	P6x16(24, 64)
	P6x16(48, 128)
	P6x16(72, 192)
	ADDQ $96, R8
	ADDQ $256, R12
	DECQ BX
	JNZ  p6x16l
p6x16r:
	TESTQ AX, AX
	JZ    finish16
p6x16o:
	P6x16(0, 0)
	ADDQ $24, R8
	ADDQ $64, R12
	DECQ AX
	JNZ  p6x16o
	JMP  finish16

r6x16:
	TESTQ BX, BX
	JZ    r6x16r
	PCALIGN $64
r6x16l:
	PREFETCH16(r6x16lf)
	R6x16(0, 0)
	R6x16(4, 64)
	R6x16(8, 128)
	R6x16(12, 192)
	ADDQ $16, R8
	ADDQ $16, R10
	ADDQ $256, R12
	DECQ BX
	JNZ  r6x16l
r6x16r:
	TESTQ AX, AX
	JZ    finish16
r6x16o:
	R6x16(0, 0)
	ADDQ $4, R8
	ADDQ $4, R10
	ADDQ $64, R12
	DECQ AX
	JNZ  r6x16o
	JMP  finish16

t6x16:
	MOVQ kc+0(FP), AX
	PCALIGN $64
t6x16l:
	PREFETCH16(t6x16lf)
	P6x16(0, 0)
	ADDQ R11, R8
	ADDQ $64, R12
	DECQ AX
	JNZ  t6x16l
	JMP  finish16

s6x16:
	MOVQ kc+0(FP), AX
	PCALIGN $64
s6x16l:
	PREFETCH16(s6x16lf)
	S6x16(0)
	ADDQ R11, R8
	ADDQ R11, R10
	ADDQ $64, R12
	DECQ AX
	JNZ  s6x16l
	JMP  finish16

	// The tile of up to 32 columns: alpha, bias, then the softmax in registers where it can run.
finish32:
	MOVL alpha+136(FP), BX
	CMPL BX, $0x3f800000         // alpha == 1: nothing to scale
	JEQ  bias32
	VBROADCASTSS alpha+136(FP), Z24
	VMULPS Z24, Z0, Z0
	VMULPS Z24, Z1, Z1
	VMULPS Z24, Z2, Z2
	VMULPS Z24, Z3, Z3
	VMULPS Z24, Z4, Z4
	VMULPS Z24, Z5, Z5
	VMULPS Z24, Z6, Z6
	VMULPS Z24, Z7, Z7
	VMULPS Z24, Z8, Z8
	VMULPS Z24, Z9, Z9
	VMULPS Z24, Z10, Z10
	VMULPS Z24, Z11, Z11
	VMULPS Z24, Z12, Z12
	VMULPS Z24, Z13, Z13
	VMULPS Z24, Z14, Z14
	VMULPS Z24, Z15, Z15
	VMULPS Z24, Z16, Z16
	VMULPS Z24, Z17, Z17
	VMULPS Z24, Z18, Z18
	VMULPS Z24, Z19, Z19
	VMULPS Z24, Z20, Z20
	VMULPS Z24, Z21, Z21
	VMULPS Z24, Z22, Z22
	VMULPS Z24, Z23, Z23

bias32:
	MOVQ bias_base+144(FP), BX
	TESTQ BX, BX
	JZ   softmax32
	VMOVUPS.Z (BX), K1, Z24
	VMOVUPS.Z 64(BX), K2, Z25
	VADDPS Z24, Z0, Z0
	VADDPS Z25, Z1, Z1
	VADDPS Z24, Z2, Z2
	VADDPS Z25, Z3, Z3
	VADDPS Z24, Z4, Z4
	VADDPS Z25, Z5, Z5
	VADDPS Z24, Z6, Z6
	VADDPS Z25, Z7, Z7
	VADDPS Z24, Z8, Z8
	VADDPS Z25, Z9, Z9
	VADDPS Z24, Z10, Z10
	VADDPS Z25, Z11, Z11
	VADDPS Z24, Z12, Z12
	VADDPS Z25, Z13, Z13
	VADDPS Z24, Z14, Z14
	VADDPS Z25, Z15, Z15
	VADDPS Z24, Z16, Z16
	VADDPS Z25, Z17, Z17
	VADDPS Z24, Z18, Z18
	VADDPS Z25, Z19, Z19
	VADDPS Z24, Z20, Z20
	VADDPS Z25, Z21, Z21
	VADDPS Z24, Z22, Z22
	VADDPS Z25, Z23, Z23

	// Softmax over whole rows right in the accumulators when no value needs the row's max
	// shifted out: for |x| ≤ 80 no e^x overflows or goes subnormal (nor meets EXP512's clamp),
	// and e^x/Σe^x is the softmax. Otherwise, with NaN or with beta, the rows go one by one
	// through the frame, shifted by their max.
softmax32:
	MOVQ epilogue+168(FP), R10
	CMPQ R10, $2
	JNE  store32
	MOVL beta+140(FP), BX
	ANDL $0x7fffffff, BX
	JNZ  store32
	// The largest |x| of the tile, NaN above every number as an unsigned integer, against 80.
	VRANGEPS $0x0b, Z1, Z0, Z24
	VRANGEPS $0x0b, Z3, Z2, Z25
	VRANGEPS $0x0b, Z5, Z4, Z26
	VRANGEPS $0x0b, Z7, Z6, Z27
	VRANGEPS $0x0b, Z9, Z8, Z28
	VRANGEPS $0x0b, Z11, Z10, Z29
	VRANGEPS $0x0b, Z13, Z12, Z30
	VRANGEPS $0x0b, Z15, Z14, Z31
	VRANGEPS $0x0b, Z25, Z24, Z24
	VRANGEPS $0x0b, Z27, Z26, Z26
	VRANGEPS $0x0b, Z29, Z28, Z28
	VRANGEPS $0x0b, Z31, Z30, Z30
	VRANGEPS $0x0b, Z17, Z16, Z25
	VRANGEPS $0x0b, Z19, Z18, Z27
	VRANGEPS $0x0b, Z21, Z20, Z29
	VRANGEPS $0x0b, Z23, Z22, Z31
	VRANGEPS $0x0b, Z26, Z24, Z24
	VRANGEPS $0x0b, Z30, Z28, Z28
	VRANGEPS $0x0b, Z27, Z25, Z25
	VRANGEPS $0x0b, Z31, Z29, Z29
	VRANGEPS $0x0b, Z28, Z24, Z24
	VRANGEPS $0x0b, Z29, Z25, Z25
	VRANGEPS $0x0b, Z25, Z24, Z24
	VPCMPUD.BCST $6, ·softmaxRange(SB), Z24, K3
	KORTESTW K3, K3
	JNZ  store32

	VBROADCASTSS ·exp512Hi(SB), Z30
	VBROADCASTSS ·exp512Lo(SB), Z31
	EXP512(Z0, Z24, Z25, Z30, Z31)
	EXP512(Z1, Z26, Z27, Z30, Z31)
	EXP512(Z2, Z28, Z29, Z30, Z31)
	EXP512(Z3, Z24, Z25, Z30, Z31)
	EXP512(Z4, Z26, Z27, Z30, Z31)
	EXP512(Z5, Z28, Z29, Z30, Z31)
	EXP512(Z6, Z24, Z25, Z30, Z31)
	EXP512(Z7, Z26, Z27, Z30, Z31)
	EXP512(Z8, Z28, Z29, Z30, Z31)
	EXP512(Z9, Z24, Z25, Z30, Z31)
	EXP512(Z10, Z26, Z27, Z30, Z31)
	EXP512(Z11, Z28, Z29, Z30, Z31)
	EXP512(Z12, Z24, Z25, Z30, Z31)
	EXP512(Z13, Z26, Z27, Z30, Z31)
	EXP512(Z14, Z28, Z29, Z30, Z31)
	EXP512(Z15, Z24, Z25, Z30, Z31)
	EXP512(Z16, Z26, Z27, Z30, Z31)
	EXP512(Z17, Z28, Z29, Z30, Z31)
	EXP512(Z18, Z24, Z25, Z30, Z31)
	EXP512(Z19, Z26, Z27, Z30, Z31)
	EXP512(Z20, Z28, Z29, Z30, Z31)
	EXP512(Z21, Z24, Z25, Z30, Z31)
	EXP512(Z22, Z26, Z27, Z30, Z31)
	EXP512(Z23, Z28, Z29, Z30, Z31)

	// Columns past n leave the sums.
	CMPQ n+16(FP), $32
	JEQ  sums32
	VMOVAPS.Z Z1, K2, Z1
	VMOVAPS.Z Z3, K2, Z3
	VMOVAPS.Z Z5, K2, Z5
	VMOVAPS.Z Z7, K2, Z7
	VMOVAPS.Z Z9, K2, Z9
	VMOVAPS.Z Z11, K2, Z11
	VMOVAPS.Z Z13, K2, Z13
	VMOVAPS.Z Z15, K2, Z15
	VMOVAPS.Z Z17, K2, Z17
	VMOVAPS.Z Z19, K2, Z19
	VMOVAPS.Z Z21, K2, Z21
	VMOVAPS.Z Z23, K2, Z23

	// The twelve row sums into one vector, row r at lane 4·(r%4) + r/4; one division for all,
	// then each row times its reciprocal, broadcast from the frame.
sums32:
	VADDPS Z1, Z0, Z24
	VADDPS Z3, Z2, Z25
	COMB1(Z24, Z25, Z26)
	VADDPS Z5, Z4, Z25
	VADDPS Z7, Z6, Z26
	COMB1(Z25, Z26, Z27)
	COMB2(Z24, Z25, Z26)         // Z24: rows 0-3
	VADDPS Z9, Z8, Z25
	VADDPS Z11, Z10, Z26
	COMB1(Z25, Z26, Z27)
	VADDPS Z13, Z12, Z26
	VADDPS Z15, Z14, Z27
	COMB1(Z26, Z27, Z28)
	COMB2(Z25, Z26, Z27)         // Z25: rows 4-7
	VADDPS Z17, Z16, Z26
	VADDPS Z19, Z18, Z27
	COMB1(Z26, Z27, Z28)
	VADDPS Z21, Z20, Z27
	VADDPS Z23, Z22, Z28
	COMB1(Z27, Z28, Z29)
	COMB2(Z26, Z27, Z28)         // Z26: rows 8-11
	COMB3(Z24, Z25, Z27)
	COMB3(Z26, Z26, Z27)
	COMB3(Z24, Z26, Z27)
	VBROADCASTSS ·one(SB), Z25
	VDIVPS Z24, Z25, Z24
	VMOVUPS Z24, RCP(SP)
	VMULPS.BCST RCP+0(SP), Z0, Z0
	VMULPS.BCST RCP+0(SP), Z1, Z1
	VMULPS.BCST RCP+16(SP), Z2, Z2
	VMULPS.BCST RCP+16(SP), Z3, Z3
	VMULPS.BCST RCP+32(SP), Z4, Z4
	VMULPS.BCST RCP+32(SP), Z5, Z5
	VMULPS.BCST RCP+48(SP), Z6, Z6
	VMULPS.BCST RCP+48(SP), Z7, Z7
	VMULPS.BCST RCP+4(SP), Z8, Z8
	VMULPS.BCST RCP+4(SP), Z9, Z9
	VMULPS.BCST RCP+20(SP), Z10, Z10
	VMULPS.BCST RCP+20(SP), Z11, Z11
	VMULPS.BCST RCP+36(SP), Z12, Z12
	VMULPS.BCST RCP+36(SP), Z13, Z13
	VMULPS.BCST RCP+52(SP), Z14, Z14
	VMULPS.BCST RCP+52(SP), Z15, Z15
	VMULPS.BCST RCP+8(SP), Z16, Z16
	VMULPS.BCST RCP+8(SP), Z17, Z17
	VMULPS.BCST RCP+24(SP), Z18, Z18
	VMULPS.BCST RCP+24(SP), Z19, Z19
	VMULPS.BCST RCP+40(SP), Z20, Z20
	VMULPS.BCST RCP+40(SP), Z21, Z21
	VMULPS.BCST RCP+56(SP), Z22, Z22
	VMULPS.BCST RCP+56(SP), Z23, Z23
	XORQ R10, R10                // done: store as without epilogue

	// beta·C, ReLU, then the stores, row by row up to the rows left (CX).
store32:
	MOVQ CPTR(SP), DI
	MOVQ ldc+128(FP), SI
	SHLQ $2, SI
	MOVQ LEFT(SP), CX
	MOVL beta+140(FP), R9
	ANDL $0x7fffffff, R9         // beta is neither +0 nor -0: read C
	JZ   relu32
	VBROADCASTSS beta+140(FP), Z30
	MOVQ DI, R11
	BETA32(Z0, Z1, 1, relu32)
	BETA32(Z2, Z3, 2, relu32)
	BETA32(Z4, Z5, 3, relu32)
	BETA32(Z6, Z7, 4, relu32)
	BETA32(Z8, Z9, 5, relu32)
	BETA32(Z10, Z11, 6, relu32)
	BETA32(Z12, Z13, 7, relu32)
	BETA32(Z14, Z15, 8, relu32)
	BETA32(Z16, Z17, 9, relu32)
	BETA32(Z18, Z19, 10, relu32)
	BETA32(Z20, Z21, 11, relu32)
	VFMADD231PS (R11), Z30, K1, Z22
	VFMADD231PS 64(R11), Z30, K2, Z23

relu32:
	CMPQ R10, $1
	JLT  rows32
	JGT  softrows
	VPXORD Z30, Z30, Z30
	VMAXPS Z0, Z30, Z0           // max(0, x): x is the second operand, so NaN stays NaN
	VMAXPS Z1, Z30, Z1
	VMAXPS Z2, Z30, Z2
	VMAXPS Z3, Z30, Z3
	VMAXPS Z4, Z30, Z4
	VMAXPS Z5, Z30, Z5
	VMAXPS Z6, Z30, Z6
	VMAXPS Z7, Z30, Z7
	VMAXPS Z8, Z30, Z8
	VMAXPS Z9, Z30, Z9
	VMAXPS Z10, Z30, Z10
	VMAXPS Z11, Z30, Z11
	VMAXPS Z12, Z30, Z12
	VMAXPS Z13, Z30, Z13
	VMAXPS Z14, Z30, Z14
	VMAXPS Z15, Z30, Z15
	VMAXPS Z16, Z30, Z16
	VMAXPS Z17, Z30, Z17
	VMAXPS Z18, Z30, Z18
	VMAXPS Z19, Z30, Z19
	VMAXPS Z20, Z30, Z20
	VMAXPS Z21, Z30, Z21
	VMAXPS Z22, Z30, Z22
	VMAXPS Z23, Z30, Z23

rows32:
	STORE32(Z0, Z1, 1)
	STORE32(Z2, Z3, 2)
	STORE32(Z4, Z5, 3)
	STORE32(Z6, Z7, 4)
	STORE32(Z8, Z9, 5)
	STORE32(Z10, Z11, 6)
	STORE32(Z12, Z13, 7)
	STORE32(Z14, Z15, 8)
	STORE32(Z16, Z17, 9)
	STORE32(Z18, Z19, 10)
	STORE32(Z20, Z21, 11)
	VMOVUPS Z22, K1, (DI)
	VMOVUPS Z23, K2, 64(DI)
	JMP  nexttile

	// The tile of at most 16 columns, in the even accumulators: as finish32.
finish16:
	MOVL alpha+136(FP), BX
	CMPL BX, $0x3f800000
	JEQ  bias16
	VBROADCASTSS alpha+136(FP), Z24
	VMULPS Z24, Z0, Z0
	VMULPS Z24, Z2, Z2
	VMULPS Z24, Z4, Z4
	VMULPS Z24, Z6, Z6
	VMULPS Z24, Z8, Z8
	VMULPS Z24, Z10, Z10
	VMULPS Z24, Z12, Z12
	VMULPS Z24, Z14, Z14
	VMULPS Z24, Z16, Z16
	VMULPS Z24, Z18, Z18
	VMULPS Z24, Z20, Z20
	VMULPS Z24, Z22, Z22

bias16:
	MOVQ bias_base+144(FP), BX
	TESTQ BX, BX
	JZ   softmax16
	VMOVUPS.Z (BX), K1, Z24
	VADDPS Z24, Z0, Z0
	VADDPS Z24, Z2, Z2
	VADDPS Z24, Z4, Z4
	VADDPS Z24, Z6, Z6
	VADDPS Z24, Z8, Z8
	VADDPS Z24, Z10, Z10
	VADDPS Z24, Z12, Z12
	VADDPS Z24, Z14, Z14
	VADDPS Z24, Z16, Z16
	VADDPS Z24, Z18, Z18
	VADDPS Z24, Z20, Z20
	VADDPS Z24, Z22, Z22

softmax16:
	MOVQ epilogue+168(FP), R10
	CMPQ R10, $2
	JNE  store16
	MOVL beta+140(FP), BX
	ANDL $0x7fffffff, BX
	JNZ  store16
	VRANGEPS $0x0b, Z2, Z0, Z24
	VRANGEPS $0x0b, Z6, Z4, Z25
	VRANGEPS $0x0b, Z10, Z8, Z26
	VRANGEPS $0x0b, Z14, Z12, Z27
	VRANGEPS $0x0b, Z18, Z16, Z28
	VRANGEPS $0x0b, Z22, Z20, Z29
	VRANGEPS $0x0b, Z25, Z24, Z24
	VRANGEPS $0x0b, Z27, Z26, Z26
	VRANGEPS $0x0b, Z29, Z28, Z28
	VRANGEPS $0x0b, Z26, Z24, Z24
	VRANGEPS $0x0b, Z28, Z24, Z24
	VPCMPUD.BCST $6, ·softmaxRange(SB), Z24, K3
	KORTESTW K3, K3
	JNZ  store16

	VBROADCASTSS ·exp512Hi(SB), Z30
	VBROADCASTSS ·exp512Lo(SB), Z31
	EXP512(Z0, Z1, Z3, Z30, Z31)
	EXP512(Z2, Z5, Z7, Z30, Z31)
	EXP512(Z4, Z9, Z11, Z30, Z31)
	EXP512(Z6, Z13, Z15, Z30, Z31)
	EXP512(Z8, Z17, Z19, Z30, Z31)
	EXP512(Z10, Z21, Z23, Z30, Z31)
	EXP512(Z12, Z1, Z3, Z30, Z31)
	EXP512(Z14, Z5, Z7, Z30, Z31)
	EXP512(Z16, Z9, Z11, Z30, Z31)
	EXP512(Z18, Z13, Z15, Z30, Z31)
	EXP512(Z20, Z17, Z19, Z30, Z31)
	EXP512(Z22, Z21, Z23, Z30, Z31)

	CMPQ n+16(FP), $16
	JEQ  sums16
	VMOVAPS.Z Z0, K1, Z0
	VMOVAPS.Z Z2, K1, Z2
	VMOVAPS.Z Z4, K1, Z4
	VMOVAPS.Z Z6, K1, Z6
	VMOVAPS.Z Z8, K1, Z8
	VMOVAPS.Z Z10, K1, Z10
	VMOVAPS.Z Z12, K1, Z12
	VMOVAPS.Z Z14, K1, Z14
	VMOVAPS.Z Z16, K1, Z16
	VMOVAPS.Z Z18, K1, Z18
	VMOVAPS.Z Z20, K1, Z20
	VMOVAPS.Z Z22, K1, Z22

sums16:
	COMB1N(Z0, Z2, Z24, Z1)
	COMB1N(Z4, Z6, Z24, Z3)
	COMB2(Z1, Z3, Z24)           // Z1: rows 0-3
	COMB1N(Z8, Z10, Z24, Z5)
	COMB1N(Z12, Z14, Z24, Z7)
	COMB2(Z5, Z7, Z24)           // Z5: rows 4-7
	COMB1N(Z16, Z18, Z24, Z9)
	COMB1N(Z20, Z22, Z24, Z11)
	COMB2(Z9, Z11, Z24)          // Z9: rows 8-11
	COMB3(Z1, Z5, Z24)
	COMB3(Z9, Z9, Z24)
	COMB3(Z1, Z9, Z24)
	VBROADCASTSS ·one(SB), Z25
	VDIVPS Z1, Z25, Z1
	VMOVUPS Z1, RCP(SP)
	VMULPS.BCST RCP+0(SP), Z0, Z0
	VMULPS.BCST RCP+16(SP), Z2, Z2
	VMULPS.BCST RCP+32(SP), Z4, Z4
	VMULPS.BCST RCP+48(SP), Z6, Z6
	VMULPS.BCST RCP+4(SP), Z8, Z8
	VMULPS.BCST RCP+20(SP), Z10, Z10
	VMULPS.BCST RCP+36(SP), Z12, Z12
	VMULPS.BCST RCP+52(SP), Z14, Z14
	VMULPS.BCST RCP+8(SP), Z16, Z16
	VMULPS.BCST RCP+24(SP), Z18, Z18
	VMULPS.BCST RCP+40(SP), Z20, Z20
	VMULPS.BCST RCP+56(SP), Z22, Z22
	XORQ R10, R10

store16:
	MOVQ CPTR(SP), DI
	MOVQ ldc+128(FP), SI
	SHLQ $2, SI
	MOVQ LEFT(SP), CX
	MOVL beta+140(FP), R9
	ANDL $0x7fffffff, R9
	JZ   relu16
	VBROADCASTSS beta+140(FP), Z30
	MOVQ DI, R11
	BETA16(Z0, 1, relu16)
	BETA16(Z2, 2, relu16)
	BETA16(Z4, 3, relu16)
	BETA16(Z6, 4, relu16)
	BETA16(Z8, 5, relu16)
	BETA16(Z10, 6, relu16)
	BETA16(Z12, 7, relu16)
	BETA16(Z14, 8, relu16)
	BETA16(Z16, 9, relu16)
	BETA16(Z18, 10, relu16)
	BETA16(Z20, 11, relu16)
	VFMADD231PS (R11), Z30, K1, Z22

relu16:
	CMPQ R10, $1
	JLT  rows16
	JGT  softrows
	VPXORD Z30, Z30, Z30
	VMAXPS Z0, Z30, Z0
	VMAXPS Z2, Z30, Z2
	VMAXPS Z4, Z30, Z4
	VMAXPS Z6, Z30, Z6
	VMAXPS Z8, Z30, Z8
	VMAXPS Z10, Z30, Z10
	VMAXPS Z12, Z30, Z12
	VMAXPS Z14, Z30, Z14
	VMAXPS Z16, Z30, Z16
	VMAXPS Z18, Z30, Z18
	VMAXPS Z20, Z30, Z20
	VMAXPS Z22, Z30, Z22

rows16:
	STORE16(Z0, 1)
	STORE16(Z2, 2)
	STORE16(Z4, 3)
	STORE16(Z6, 4)
	STORE16(Z8, 5)
	STORE16(Z10, 6)
	STORE16(Z12, 7)
	STORE16(Z14, 8)
	STORE16(Z16, 9)
	STORE16(Z18, 10)
	STORE16(Z20, 11)
	VMOVUPS Z22, K1, (DI)
	JMP  nexttile

	// The softmax row by row, shifted by each row's max, columns past n counting as -Inf: the
	// tile goes to the frame (a tile of ≤ 16 columns with whatever its odd registers hold, which
	// K2 masks out), then each row to C.
softrows:
	LEAQ 63(SP), R8
	ANDQ $-64, R8                // R8: the spilled row, on a cache line
	VMOVAPS Z0, (R8)
	VMOVAPS Z1, 64(R8)
	VMOVAPS Z2, 128(R8)
	VMOVAPS Z3, 192(R8)
	VMOVAPS Z4, 256(R8)
	VMOVAPS Z5, 320(R8)
	VMOVAPS Z6, 384(R8)
	VMOVAPS Z7, 448(R8)
	VMOVAPS Z8, 512(R8)
	VMOVAPS Z9, 576(R8)
	VMOVAPS Z10, 640(R8)
	VMOVAPS Z11, 704(R8)
	VMOVAPS Z12, 768(R8)
	VMOVAPS Z13, 832(R8)
	VMOVAPS Z14, 896(R8)
	VMOVAPS Z15, 960(R8)
	VMOVAPS Z16, 1024(R8)
	VMOVAPS Z17, 1088(R8)
	VMOVAPS Z18, 1152(R8)
	VMOVAPS Z19, 1216(R8)
	VMOVAPS Z20, 1280(R8)
	VMOVAPS Z21, 1344(R8)
	VMOVAPS Z22, 1408(R8)
	VMOVAPS Z23, 1472(R8)
	MOVQ $12, AX
	CMPQ CX, AX
	CMOVQGT AX, CX               // CX: this tile's rows
	VBROADCASTSS ·negInf(SB), Z31
	VBROADCASTSS ·exp512Hi(SB), Z29
	VBROADCASTSS ·exp512Lo(SB), Z30
	VBROADCASTSS ·one(SB), Z28

softrow:
	VMOVAPS Z31, Z0
	VMOVAPS Z31, Z1
	VMOVAPS (R8), K1, Z0
	VMOVAPS 64(R8), K2, Z1
	VMAXPS        Z1, Z0, Z2
	VEXTRACTF32X8 $1, Z2, Y3
	VMAXPS        Y3, Y2, Y2
	VEXTRACTF128  $1, Y2, X3
	VMAXPS        X3, X2, X2
	VPERMILPS     $0x4e, X2, X3
	VMAXPS        X3, X2, X2
	VPERMILPS     $0xb1, X2, X3
	VMAXPS        X3, X2, X2
	VBROADCASTSS  X2, Z2
	VSUBPS        Z2, Z0, Z0
	VSUBPS        Z2, Z1, Z1
	EXP512(Z0, Z2, Z3, Z29, Z30)
	EXP512(Z1, Z4, Z5, Z29, Z30)
	VMOVAPS.Z     Z0, K1, Z0
	VMOVAPS.Z     Z1, K2, Z1
	VADDPS        Z1, Z0, Z2
	VEXTRACTF32X8 $1, Z2, Y3
	VADDPS        Y3, Y2, Y2
	VEXTRACTF128  $1, Y2, X3
	VADDPS        X3, X2, X2
	VPERMILPS     $0x4e, X2, X3
	VADDPS        X3, X2, X2
	VPERMILPS     $0xb1, X2, X3
	VADDPS        X3, X2, X2
	VBROADCASTSS  X2, Z2
	VDIVPS        Z2, Z28, Z2
	VMULPS        Z2, Z0, Z0
	VMULPS        Z2, Z1, Z1
	VMOVUPS       Z0, K1, (DI)
	VMOVUPS       Z1, K2, 64(DI)
	ADDQ $128, R8
	ADDQ SI, DI
	DECQ CX
	JNZ  softrow

nexttile:
	MOVQ LEFT(SP), AX
	SUBQ $12, AX
	JLE  done
	MOVQ AX, LEFT(SP)
	MOVQ ta+64(FP), AX
	SHLQ $3, AX
	ADDQ AX, APTR(SP)
	MOVQ ldc+128(FP), AX
	IMULQ $48, AX
	ADDQ AX, CPTR(SP)
	JMP  tile

done:
	VZEROUPPER
	RET
