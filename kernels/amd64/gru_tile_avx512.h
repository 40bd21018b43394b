// The tiles of the fused GRU step's AVX-512 micro-kernels.

// One k step of a tile on a row-major A read in place, rows R8, R8+R9, R8+2·R9, R10, … R13+2·R9
// at byte offset ao along them, and packed B micro-panels at R12 (and R14), at byte offset bo.
// ZR, over two panels (z and r, or two of U_h for the 12×32 h kernel): the first panel's row in
// Z24 and the second's in Z25 share each broadcast of A; row i accumulates in Zi (first) and
// Z(12+i) (second). H, over one panel: row i in Zi, A's value broadcast by the FMA itself.
// The 8- and 6-row steps are the first rows of the 12-row ones, which are built on them; the
// ZR rows alternate Z26 and Z27 for the broadcast.
#define ZR_ROW(addr, t, z, r) \
	VBROADCASTSS addr, t      \
	VFMADD231PS  Z24, t, z    \
	VFMADD231PS  Z25, t, r

#define H_ROW(addr, acc) \
	VFMADD231PS.BCST addr, Z24, acc

#define KSTEP6_ZR(ao, bo) \
	VMOVUPS bo(R12), Z24 \
	VMOVUPS bo(R14), Z25 \
	ZR_ROW(ao(R8), Z26, Z0, Z12) \
	ZR_ROW(ao(R8)(R9*1), Z27, Z1, Z13) \
	ZR_ROW(ao(R8)(R9*2), Z26, Z2, Z14) \
	ZR_ROW(ao(R10), Z27, Z3, Z15) \
	ZR_ROW(ao(R10)(R9*1), Z26, Z4, Z16) \
	ZR_ROW(ao(R10)(R9*2), Z27, Z5, Z17)

#define KSTEP8_ZR(ao, bo) \
	KSTEP6_ZR(ao, bo) \
	ZR_ROW(ao(R11), Z26, Z6, Z18) \
	ZR_ROW(ao(R11)(R9*1), Z27, Z7, Z19)

#define KSTEP12_ZR(ao, bo) \
	KSTEP8_ZR(ao, bo) \
	ZR_ROW(ao(R11)(R9*2), Z26, Z8, Z20) \
	ZR_ROW(ao(R13), Z27, Z9, Z21) \
	ZR_ROW(ao(R13)(R9*1), Z26, Z10, Z22) \
	ZR_ROW(ao(R13)(R9*2), Z27, Z11, Z23)

#define KSTEP6_H(ao, bo) \
	VMOVUPS bo(R12), Z24 \
	H_ROW(ao(R8), Z0) \
	H_ROW(ao(R8)(R9*1), Z1) \
	H_ROW(ao(R8)(R9*2), Z2) \
	H_ROW(ao(R10), Z3) \
	H_ROW(ao(R10)(R9*1), Z4) \
	H_ROW(ao(R10)(R9*2), Z5)

#define KSTEP8_H(ao, bo) \
	KSTEP6_H(ao, bo) \
	H_ROW(ao(R11), Z6) \
	H_ROW(ao(R11)(R9*1), Z7)

#define KSTEP12_H(ao, bo) \
	KSTEP8_H(ao, bo) \
	H_ROW(ao(R11)(R9*2), Z8) \
	H_ROW(ao(R13), Z9) \
	H_ROW(ao(R13)(R9*1), Z10) \
	H_ROW(ao(R13)(R9*2), Z11)

// Picks the next tile and points at its rows. The tile has T rows: 12 while more than 8 are left
// of at least 12, else 8 while more than 6 are left of at least 8, else 6. It starts at
// s = max(0, min(row0, m-T)) and ends at min(s+T, m), so that it reads rows below max(m, 6)
// only, and stores the rows from row0 on. row0 (the first row not yet stored) is read from the
// frame at row0; the tile's first row to store, relative to s, is written at first and the count
// of rows to store at count. Leaves T in SI; A's rows from s in R8 (row 0), R10 (3), R11 (6) and
// R13 (9), R9 apart; the groups of four k steps in BX and the rest in AX.
#define PICK_TILE(row0, first, count, picked) \
	MOVQ    m+8(FP), CX          \
	MOVQ    row0, DX             \
	MOVQ    CX, AX               \
	SUBQ    DX, AX               \
	MOVQ    $6, SI               \
	CMPQ    AX, $6               \
	JLE     picked               \
	CMPQ    CX, $8               \
	JLT     picked               \
	MOVQ    $8, SI               \
	CMPQ    AX, $8               \
	JLE     picked               \
	CMPQ    CX, $12              \
	JLT     picked               \
	MOVQ    $12, SI              \
picked:                          \
	MOVQ    CX, BX               \
	SUBQ    SI, BX               \
	CMPQ    DX, BX               \
	CMOVQLT DX, BX               \
	XORQ    AX, AX               \
	CMPQ    BX, AX               \
	CMOVQLT AX, BX               \
	LEAQ    (BX)(SI*1), DI       \
	CMPQ    DI, CX               \
	CMOVQGT CX, DI               \
	SUBQ    BX, DX               \
	MOVQ    DX, first            \
	SUBQ    row0, DI             \
	MOVQ    DI, count            \
	MOVQ    lda+40(FP), R9       \
	SHLQ    $2, R9               \
	MOVQ    BX, R8               \
	IMULQ   R9, R8               \
	ADDQ    a_base+16(FP), R8    \
	LEAQ    (R8)(R9*2), R10      \
	ADDQ    R9, R10              \
	LEAQ    (R10)(R9*2), R11     \
	ADDQ    R9, R11              \
	LEAQ    (R11)(R9*2), R13     \
	ADDQ    R9, R13              \
	MOVQ    kc+0(FP), AX         \
	MOVQ    AX, BX               \
	SHRQ    $2, BX               \
	ANDQ    $3, AX

// A tile's accumulators zeroed, and stored to the frame: the first panel's rows Z0-Z11 at
// 0-767, the second's Z12-Z23 at 768-1535, a row of 16 floats each 64 bytes apart. Like the k
// steps, the 8- and 12-row ones are built on the 6- and 8-row ones.
#define ZERO6_FIRST \
	VPXORD Z0, Z0, Z0 \
	VPXORD Z1, Z1, Z1 \
	VPXORD Z2, Z2, Z2 \
	VPXORD Z3, Z3, Z3 \
	VPXORD Z4, Z4, Z4 \
	VPXORD Z5, Z5, Z5

#define ZERO8_FIRST \
	ZERO6_FIRST \
	VPXORD Z6, Z6, Z6 \
	VPXORD Z7, Z7, Z7

#define ZERO12_FIRST \
	ZERO8_FIRST \
	VPXORD Z8, Z8, Z8 \
	VPXORD Z9, Z9, Z9 \
	VPXORD Z10, Z10, Z10 \
	VPXORD Z11, Z11, Z11

#define ZERO6_SECOND \
	VPXORD Z12, Z12, Z12 \
	VPXORD Z13, Z13, Z13 \
	VPXORD Z14, Z14, Z14 \
	VPXORD Z15, Z15, Z15 \
	VPXORD Z16, Z16, Z16 \
	VPXORD Z17, Z17, Z17

#define ZERO8_SECOND \
	ZERO6_SECOND \
	VPXORD Z18, Z18, Z18 \
	VPXORD Z19, Z19, Z19

#define ZERO12_SECOND \
	ZERO8_SECOND \
	VPXORD Z20, Z20, Z20 \
	VPXORD Z21, Z21, Z21 \
	VPXORD Z22, Z22, Z22 \
	VPXORD Z23, Z23, Z23

#define STORE6_FIRST \
	VMOVUPS Z0, 0(SP) \
	VMOVUPS Z1, 64(SP) \
	VMOVUPS Z2, 128(SP) \
	VMOVUPS Z3, 192(SP) \
	VMOVUPS Z4, 256(SP) \
	VMOVUPS Z5, 320(SP)

#define STORE8_FIRST \
	STORE6_FIRST \
	VMOVUPS Z6, 384(SP) \
	VMOVUPS Z7, 448(SP)

#define STORE12_FIRST \
	STORE8_FIRST \
	VMOVUPS Z8, 512(SP) \
	VMOVUPS Z9, 576(SP) \
	VMOVUPS Z10, 640(SP) \
	VMOVUPS Z11, 704(SP)

#define STORE6_SECOND \
	VMOVUPS Z12, 768(SP) \
	VMOVUPS Z13, 832(SP) \
	VMOVUPS Z14, 896(SP) \
	VMOVUPS Z15, 960(SP) \
	VMOVUPS Z16, 1024(SP) \
	VMOVUPS Z17, 1088(SP)

#define STORE8_SECOND \
	STORE6_SECOND \
	VMOVUPS Z18, 1152(SP) \
	VMOVUPS Z19, 1216(SP)

#define STORE12_SECOND \
	STORE8_SECOND \
	VMOVUPS Z20, 1280(SP) \
	VMOVUPS Z21, 1344(SP) \
	VMOVUPS Z22, 1408(SP) \
	VMOVUPS Z23, 1472(SP)

#define ZERO6_PAIR ZERO6_FIRST ZERO6_SECOND
#define ZERO8_PAIR ZERO8_FIRST ZERO8_SECOND
#define ZERO12_PAIR ZERO12_FIRST ZERO12_SECOND
#define STORE6_PAIR STORE6_FIRST STORE6_SECOND
#define STORE8_PAIR STORE8_FIRST STORE8_SECOND
#define STORE12_PAIR STORE12_FIRST STORE12_SECOND

// A's rows (from PICK_TILE) moved on by n bytes, and B's panels: R12, and R14 for a pair.
#define NEXT_A6(n) \
	ADDQ $n, R8 \
	ADDQ $n, R10

#define NEXT_A8(n) \
	NEXT_A6(n) \
	ADDQ $n, R11

#define NEXT_A12(n) \
	NEXT_A8(n) \
	ADDQ $n, R13

#define NEXT_B_ONE(n) \
	ADDQ $n, R12

#define NEXT_B_PAIR(n) \
	ADDQ $n, R12 \
	ADDQ $n, R14

// The k loop of one tile height: its accumulators zeroed, four k steps a loop (BX, from
// PICK_TILE), then the rest (AX) one at a time, then the tile stored to the frame. The labels
// are the loops' own.
#define TILE_LOOPS(zero, kstep, nexta, nextb, store, r, l, o, d) \
	zero \
	TESTQ BX, BX \
	JZ    r \
	PCALIGN $64 \
l: \
	kstep(0, 0) \
	kstep(4, 64) \
	kstep(8, 128) \
	kstep(12, 192) \
	nexta(16) \
	nextb(256) \
	DECQ BX \
	JNZ  l \
r: \
	TESTQ AX, AX \
	JZ    d \
o: \
	kstep(0, 0) \
	nexta(4) \
	nextb(64) \
	DECQ AX \
	JNZ  o \
d: \
	store

// The k loop of a tile of T rows (SI, from PICK_TILE) over two panels of B, at R12 and R14, into
// rows' accumulators Zi and Z(12+i), then both tiles stored to the frame. The labels are the
// loops' own; the 12- and 8-row tiles jump to gates and the 6-row one falls through, so the
// caller's epilogue starts at gates right after the macro.
#define PAIR_TILE(eight, six, r12, l12, o12, d12, r8, l8, o8, d8, r6, l6, o6, d6, gates) \
	CMPQ SI, $8 \
	JEQ  eight \
	JLT  six \
	TILE_LOOPS(ZERO12_PAIR, KSTEP12_ZR, NEXT_A12, NEXT_B_PAIR, STORE12_PAIR, r12, l12, o12, d12) \
	JMP  gates \
eight: \
	TILE_LOOPS(ZERO8_PAIR, KSTEP8_ZR, NEXT_A8, NEXT_B_PAIR, STORE8_PAIR, r8, l8, o8, d8) \
	JMP  gates \
six: \
	TILE_LOOPS(ZERO6_PAIR, KSTEP6_ZR, NEXT_A6, NEXT_B_PAIR, STORE6_PAIR, r6, l6, o6, d6)

// The same over one panel of B at R12, into Zi, stored at 0-767.
#define ONE_TILE(eight, six, r12, l12, o12, d12, r8, l8, o8, d8, r6, l6, o6, d6, gates) \
	CMPQ SI, $8 \
	JEQ  eight \
	JLT  six \
	TILE_LOOPS(ZERO12_FIRST, KSTEP12_H, NEXT_A12, NEXT_B_ONE, STORE12_FIRST, r12, l12, o12, d12) \
	JMP  gates \
eight: \
	TILE_LOOPS(ZERO8_FIRST, KSTEP8_H, NEXT_A8, NEXT_B_ONE, STORE8_FIRST, r8, l8, o8, d8) \
	JMP  gates \
six: \
	TILE_LOOPS(ZERO6_FIRST, KSTEP6_H, NEXT_A6, NEXT_B_ONE, STORE6_FIRST, r6, l6, o6, d6)

// Points at the rows of the h tiles' epilogue from the first one to store: the tiles' (R8, from
// the frame slot first), h's (DX), x's (SI) and z's (R11), the next three R9, R10 and R13 apart,
// and leaves the count of rows to store in CX.
#define H_ROWS(first, row0, count, ldh, h, ldx, x, ldz, z) \
	MOVQ  first, R8  \
	SHLQ  $6, R8     \
	ADDQ  SP, R8     \
	MOVQ  row0, AX   \
	MOVQ  ldh, R9    \
	SHLQ  $2, R9     \
	MOVQ  AX, DX     \
	IMULQ R9, DX     \
	ADDQ  h, DX      \
	MOVQ  ldx, R10   \
	SHLQ  $2, R10    \
	MOVQ  AX, SI     \
	IMULQ R10, SI    \
	ADDQ  x, SI      \
	MOVQ  ldz, R13   \
	SHLQ  $2, R13    \
	MOVQ  AX, R11    \
	IMULQ R13, R11   \
	ADDQ  z, R11     \
	MOVQ  count, CX

// One row of an h tile's epilogue: c = tanh(x + tile) from the tile's row at byte offset tile
// from R8 and x's at xo from SI, then h = c + z·(h - c) with h's row at ho from DX and z's at zo
// from R11. It leaves c in c and takes t1-t3 as temporaries.
#define H_BLEND(tile, xo, ho, zo, c, t1, t2, t3) \
	VMOVUPS     tile(R8), c                  \
	VADDPS      xo(SI), c, c                 \
	TANH512(c, t1, t2, t3, Z31, Z30)         \
	VMOVUPS     ho(DX), t1                   \
	VSUBPS      c, t1, t1                    \
	VFMADD231PS zo(R11), t1, c               \
	VMOVUPS     c, ho(DX)
