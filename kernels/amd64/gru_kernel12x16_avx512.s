//go:build amd64 && !purego && !noasm

#include "textflag.h"
#include "exp_avx512.h"

// One k step of a tile on a row-major A read in place, rows R8, R8+R9, R8+2·R9, R10, … R13+2·R9
// at byte offset ao along them, and packed B micro-panels at R12 (and R14), at byte offset bo.
// ZR: the z panel's row in Z24 and the r panel's in Z25 share each broadcast of A; row i
// accumulates in Zi (z) and Z(12+i) (r). H: row i in Zi, A's value broadcast by the FMA itself.
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

// func GRUKernelZR12x16AVX512(kc, m int, a []float32, lda int, bz, br, z, rh, h []float32, ldc int, x []float32, ldx, xr int)
// Its frame: the z tile (0-767) and the r tile (768-1535), a row of 16 floats each 64 bytes
// apart; the next row to store (1536), the tile's first row to store (1544) and how many (1552).
TEXT ·GRUKernelZR12x16AVX512(SB), $1560-216
	VBROADCASTSS ·exp512Hi(SB), Z31
	VBROADCASTSS ·exp512Lo(SB), Z30
	MOVQ $0, 1536(SP)

zrtile:
	PICK_TILE(1536(SP), 1544(SP), 1552(SP), zrpicked)
	MOVQ bz_base+48(FP), R12
	MOVQ br_base+72(FP), R14
	CMPQ SI, $8
	JEQ  zreight
	JLT  zrsix

	// Twelve rows.
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
	TESTQ BX, BX
	JZ    zr12rest

	PCALIGN $64
zr12loop4:
	KSTEP12_ZR(0, 0)
	KSTEP12_ZR(4, 64)
	KSTEP12_ZR(8, 128)
	KSTEP12_ZR(12, 192)
	ADDQ $16, R8
	ADDQ $16, R10
	ADDQ $16, R11
	ADDQ $16, R13
	ADDQ $256, R12
	ADDQ $256, R14
	DECQ BX
	JNZ  zr12loop4

zr12rest:
	TESTQ AX, AX
	JZ    zr12done

zr12loop1:
	KSTEP12_ZR(0, 0)
	ADDQ $4, R8
	ADDQ $4, R10
	ADDQ $4, R11
	ADDQ $4, R13
	ADDQ $64, R12
	ADDQ $64, R14
	DECQ AX
	JNZ  zr12loop1

zr12done:
	VMOVUPS Z0, 0(SP)
	VMOVUPS Z1, 64(SP)
	VMOVUPS Z2, 128(SP)
	VMOVUPS Z3, 192(SP)
	VMOVUPS Z4, 256(SP)
	VMOVUPS Z5, 320(SP)
	VMOVUPS Z6, 384(SP)
	VMOVUPS Z7, 448(SP)
	VMOVUPS Z8, 512(SP)
	VMOVUPS Z9, 576(SP)
	VMOVUPS Z10, 640(SP)
	VMOVUPS Z11, 704(SP)
	VMOVUPS Z12, 768(SP)
	VMOVUPS Z13, 832(SP)
	VMOVUPS Z14, 896(SP)
	VMOVUPS Z15, 960(SP)
	VMOVUPS Z16, 1024(SP)
	VMOVUPS Z17, 1088(SP)
	VMOVUPS Z18, 1152(SP)
	VMOVUPS Z19, 1216(SP)
	VMOVUPS Z20, 1280(SP)
	VMOVUPS Z21, 1344(SP)
	VMOVUPS Z22, 1408(SP)
	VMOVUPS Z23, 1472(SP)
	JMP  zrgates

	// Eight rows.
zreight:
	VPXORD Z0, Z0, Z0
	VPXORD Z1, Z1, Z1
	VPXORD Z2, Z2, Z2
	VPXORD Z3, Z3, Z3
	VPXORD Z4, Z4, Z4
	VPXORD Z5, Z5, Z5
	VPXORD Z6, Z6, Z6
	VPXORD Z7, Z7, Z7
	VPXORD Z12, Z12, Z12
	VPXORD Z13, Z13, Z13
	VPXORD Z14, Z14, Z14
	VPXORD Z15, Z15, Z15
	VPXORD Z16, Z16, Z16
	VPXORD Z17, Z17, Z17
	VPXORD Z18, Z18, Z18
	VPXORD Z19, Z19, Z19
	TESTQ BX, BX
	JZ    zr8rest

	PCALIGN $64
zr8loop4:
	KSTEP8_ZR(0, 0)
	KSTEP8_ZR(4, 64)
	KSTEP8_ZR(8, 128)
	KSTEP8_ZR(12, 192)
	ADDQ $16, R8
	ADDQ $16, R10
	ADDQ $16, R11
	ADDQ $256, R12
	ADDQ $256, R14
	DECQ BX
	JNZ  zr8loop4

zr8rest:
	TESTQ AX, AX
	JZ    zr8done

zr8loop1:
	KSTEP8_ZR(0, 0)
	ADDQ $4, R8
	ADDQ $4, R10
	ADDQ $4, R11
	ADDQ $64, R12
	ADDQ $64, R14
	DECQ AX
	JNZ  zr8loop1

zr8done:
	VMOVUPS Z0, 0(SP)
	VMOVUPS Z1, 64(SP)
	VMOVUPS Z2, 128(SP)
	VMOVUPS Z3, 192(SP)
	VMOVUPS Z4, 256(SP)
	VMOVUPS Z5, 320(SP)
	VMOVUPS Z6, 384(SP)
	VMOVUPS Z7, 448(SP)
	VMOVUPS Z12, 768(SP)
	VMOVUPS Z13, 832(SP)
	VMOVUPS Z14, 896(SP)
	VMOVUPS Z15, 960(SP)
	VMOVUPS Z16, 1024(SP)
	VMOVUPS Z17, 1088(SP)
	VMOVUPS Z18, 1152(SP)
	VMOVUPS Z19, 1216(SP)
	JMP  zrgates

	// Six rows.
zrsix:
	VPXORD Z0, Z0, Z0
	VPXORD Z1, Z1, Z1
	VPXORD Z2, Z2, Z2
	VPXORD Z3, Z3, Z3
	VPXORD Z4, Z4, Z4
	VPXORD Z5, Z5, Z5
	VPXORD Z12, Z12, Z12
	VPXORD Z13, Z13, Z13
	VPXORD Z14, Z14, Z14
	VPXORD Z15, Z15, Z15
	VPXORD Z16, Z16, Z16
	VPXORD Z17, Z17, Z17
	TESTQ BX, BX
	JZ    zr6rest

	PCALIGN $64
zr6loop4:
	KSTEP6_ZR(0, 0)
	KSTEP6_ZR(4, 64)
	KSTEP6_ZR(8, 128)
	KSTEP6_ZR(12, 192)
	ADDQ $16, R8
	ADDQ $16, R10
	ADDQ $256, R12
	ADDQ $256, R14
	DECQ BX
	JNZ  zr6loop4

zr6rest:
	TESTQ AX, AX
	JZ    zr6done

zr6loop1:
	KSTEP6_ZR(0, 0)
	ADDQ $4, R8
	ADDQ $4, R10
	ADDQ $64, R12
	ADDQ $64, R14
	DECQ AX
	JNZ  zr6loop1

zr6done:
	VMOVUPS Z0, 0(SP)
	VMOVUPS Z1, 64(SP)
	VMOVUPS Z2, 128(SP)
	VMOVUPS Z3, 192(SP)
	VMOVUPS Z4, 256(SP)
	VMOVUPS Z5, 320(SP)
	VMOVUPS Z12, 768(SP)
	VMOVUPS Z13, 832(SP)
	VMOVUPS Z14, 896(SP)
	VMOVUPS Z15, 960(SP)
	VMOVUPS Z16, 1024(SP)
	VMOVUPS Z17, 1088(SP)

	// z = σ(x_z + z tile) and rh = σ(x_r + r tile)·h, a row at a time.
zrgates:
	MOVQ 1544(SP), R8
	SHLQ $6, R8
	ADDQ SP, R8                  // R8: the tiles' first row to store
	MOVQ 1536(SP), AX
	MOVQ ldc+168(FP), R9
	SHLQ $2, R9
	MOVQ AX, DX
	IMULQ R9, DX
	MOVQ z_base+96(FP), DI
	ADDQ DX, DI                  // DI: z's row
	MOVQ rh_base+120(FP), R11
	ADDQ DX, R11                 // R11: rh's
	ADDQ h_base+144(FP), DX      // DX: h's
	MOVQ ldx+200(FP), R10
	SHLQ $2, R10
	MOVQ AX, SI
	IMULQ R10, SI
	ADDQ x_base+176(FP), SI      // SI: x's
	MOVQ xr+208(FP), R13
	LEAQ (SI)(R13*4), R13        // R13: x's r section
	MOVQ 1552(SP), CX

	PCALIGN $64
zrrow:
	VMOVUPS (R8), Z0
	VADDPS  (SI), Z0, Z0
	VMOVUPS 768(R8), Z3
	VADDPS  (R13), Z3, Z3
	SIGMOID512(Z0, Z1, Z2, Z31, Z30)
	SIGMOID512(Z3, Z4, Z5, Z31, Z30)
	VMOVUPS Z0, (DI)
	VMULPS  (DX), Z3, Z3
	VMOVUPS Z3, (R11)
	ADDQ $64, R8
	ADDQ R9, DI
	ADDQ R9, R11
	ADDQ R9, DX
	ADDQ R10, SI
	ADDQ R10, R13
	DECQ CX
	JNZ  zrrow

	MOVQ 1552(SP), AX
	ADDQ 1536(SP), AX
	MOVQ AX, 1536(SP)
	CMPQ AX, m+8(FP)
	JLT  zrtile
	VZEROUPPER
	RET

// func GRUKernelH12x16AVX512(kc, m int, a []float32, lda int, b, h []float32, ldh int, x []float32, ldx int, z []float32, ldz int)
// Its frame: the tile (0-767), a row of 16 floats each 64 bytes apart; the next row to store
// (768), the tile's first row to store (776) and how many (784): too large for NOSPLIT.
TEXT ·GRUKernelH12x16AVX512(SB), $792-168
	VBROADCASTSS ·exp512Hi(SB), Z31
	VBROADCASTSS ·exp512Lo(SB), Z30
	MOVQ $0, 768(SP)

htile:
	PICK_TILE(768(SP), 776(SP), 784(SP), hpicked)
	MOVQ b_base+48(FP), R12
	CMPQ SI, $8
	JEQ  height
	JLT  hsix

	// Twelve rows.
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
	TESTQ BX, BX
	JZ    h12rest

	PCALIGN $64
h12loop4:
	KSTEP12_H(0, 0)
	KSTEP12_H(4, 64)
	KSTEP12_H(8, 128)
	KSTEP12_H(12, 192)
	ADDQ $16, R8
	ADDQ $16, R10
	ADDQ $16, R11
	ADDQ $16, R13
	ADDQ $256, R12
	DECQ BX
	JNZ  h12loop4

h12rest:
	TESTQ AX, AX
	JZ    h12done

h12loop1:
	KSTEP12_H(0, 0)
	ADDQ $4, R8
	ADDQ $4, R10
	ADDQ $4, R11
	ADDQ $4, R13
	ADDQ $64, R12
	DECQ AX
	JNZ  h12loop1

h12done:
	VMOVUPS Z0, 0(SP)
	VMOVUPS Z1, 64(SP)
	VMOVUPS Z2, 128(SP)
	VMOVUPS Z3, 192(SP)
	VMOVUPS Z4, 256(SP)
	VMOVUPS Z5, 320(SP)
	VMOVUPS Z6, 384(SP)
	VMOVUPS Z7, 448(SP)
	VMOVUPS Z8, 512(SP)
	VMOVUPS Z9, 576(SP)
	VMOVUPS Z10, 640(SP)
	VMOVUPS Z11, 704(SP)
	JMP  hgates

	// Eight rows.
height:
	VPXORD Z0, Z0, Z0
	VPXORD Z1, Z1, Z1
	VPXORD Z2, Z2, Z2
	VPXORD Z3, Z3, Z3
	VPXORD Z4, Z4, Z4
	VPXORD Z5, Z5, Z5
	VPXORD Z6, Z6, Z6
	VPXORD Z7, Z7, Z7
	TESTQ BX, BX
	JZ    h8rest

	PCALIGN $64
h8loop4:
	KSTEP8_H(0, 0)
	KSTEP8_H(4, 64)
	KSTEP8_H(8, 128)
	KSTEP8_H(12, 192)
	ADDQ $16, R8
	ADDQ $16, R10
	ADDQ $16, R11
	ADDQ $256, R12
	DECQ BX
	JNZ  h8loop4

h8rest:
	TESTQ AX, AX
	JZ    h8done

h8loop1:
	KSTEP8_H(0, 0)
	ADDQ $4, R8
	ADDQ $4, R10
	ADDQ $4, R11
	ADDQ $64, R12
	DECQ AX
	JNZ  h8loop1

h8done:
	VMOVUPS Z0, 0(SP)
	VMOVUPS Z1, 64(SP)
	VMOVUPS Z2, 128(SP)
	VMOVUPS Z3, 192(SP)
	VMOVUPS Z4, 256(SP)
	VMOVUPS Z5, 320(SP)
	VMOVUPS Z6, 384(SP)
	VMOVUPS Z7, 448(SP)
	JMP  hgates

	// Six rows.
hsix:
	VPXORD Z0, Z0, Z0
	VPXORD Z1, Z1, Z1
	VPXORD Z2, Z2, Z2
	VPXORD Z3, Z3, Z3
	VPXORD Z4, Z4, Z4
	VPXORD Z5, Z5, Z5
	TESTQ BX, BX
	JZ    h6rest

	PCALIGN $64
h6loop4:
	KSTEP6_H(0, 0)
	KSTEP6_H(4, 64)
	KSTEP6_H(8, 128)
	KSTEP6_H(12, 192)
	ADDQ $16, R8
	ADDQ $16, R10
	ADDQ $256, R12
	DECQ BX
	JNZ  h6loop4

h6rest:
	TESTQ AX, AX
	JZ    h6done

h6loop1:
	KSTEP6_H(0, 0)
	ADDQ $4, R8
	ADDQ $4, R10
	ADDQ $64, R12
	DECQ AX
	JNZ  h6loop1

h6done:
	VMOVUPS Z0, 0(SP)
	VMOVUPS Z1, 64(SP)
	VMOVUPS Z2, 128(SP)
	VMOVUPS Z3, 192(SP)
	VMOVUPS Z4, 256(SP)
	VMOVUPS Z5, 320(SP)

	// h = c + z·(h - c) with c = tanh(x + tile), a row at a time.
hgates:
	MOVQ 776(SP), R8
	SHLQ $6, R8
	ADDQ SP, R8                  // R8: the tile's first row to store
	MOVQ 768(SP), AX
	MOVQ ldh+96(FP), R9
	SHLQ $2, R9
	MOVQ AX, DX
	IMULQ R9, DX
	ADDQ h_base+72(FP), DX       // DX: h's row
	MOVQ ldx+128(FP), R10
	SHLQ $2, R10
	MOVQ AX, SI
	IMULQ R10, SI
	ADDQ x_base+104(FP), SI      // SI: x's
	MOVQ ldz+160(FP), R13
	SHLQ $2, R13
	MOVQ AX, R11
	IMULQ R13, R11
	ADDQ z_base+136(FP), R11     // R11: z's
	MOVQ 784(SP), CX

	PCALIGN $64
hrow:
	VMOVUPS (R8), Z0
	VADDPS  (SI), Z0, Z0
	TANH512(Z0, Z1, Z2, Z3, Z31, Z30)
	VMOVUPS (DX), Z1
	VSUBPS  Z0, Z1, Z1
	VFMADD231PS (R11), Z1, Z0
	VMOVUPS Z0, (DX)
	ADDQ $64, R8
	ADDQ R9, DX
	ADDQ R10, SI
	ADDQ R13, R11
	DECQ CX
	JNZ  hrow

	MOVQ 784(SP), AX
	ADDQ 768(SP), AX
	MOVQ AX, 768(SP)
	CMPQ AX, m+8(FP)
	JLT  htile
	VZEROUPPER
	RET
