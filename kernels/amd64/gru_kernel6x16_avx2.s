//go:build amd64 && !purego && !noasm

#include "textflag.h"
#include "exp_avx2.h"
#include "kstep_avx2.h"

// Four tanh of the H kernel, Y0, Y3, Y6 and Y9 with two temporaries each, interleaved; their
// signs wait in the frame (432-559). The argument of e^x, -2|x|, needs no upper clamp.
#define TANH4_H \
	VANDPS ·signBit(SB), Y0, Y1       \
	VANDPS ·signBit(SB), Y3, Y4       \
	VANDPS ·signBit(SB), Y6, Y7       \
	VANDPS ·signBit(SB), Y9, Y10      \
	VMOVUPS Y1, 432(SP)               \
	VMOVUPS Y4, 464(SP)               \
	VMOVUPS Y7, 496(SP)               \
	VMOVUPS Y10, 528(SP)              \
	VXORPS Y1, Y0, Y0                 \
	VXORPS Y4, Y3, Y3                 \
	VXORPS Y7, Y6, Y6                 \
	VXORPS Y10, Y9, Y9                \
	VMULPS ·minusTwo(SB), Y0, Y0      \
	VMULPS ·minusTwo(SB), Y3, Y3      \
	VMULPS ·minusTwo(SB), Y6, Y6      \
	VMULPS ·minusTwo(SB), Y9, Y9      \
	VMAXPS Y0, Y14, Y0                \
	VMAXPS Y3, Y14, Y3                \
	VMAXPS Y6, Y14, Y6                \
	VMAXPS Y9, Y14, Y9                \
	VMOVUPS ·round127(SB), Y1         \
	VMOVUPS ·round127(SB), Y4         \
	VMOVUPS ·round127(SB), Y7         \
	VMOVUPS ·round127(SB), Y10        \
	VFMADD231PS ·log2e(SB), Y0, Y1    \
	VFMADD231PS ·log2e(SB), Y3, Y4    \
	VFMADD231PS ·log2e(SB), Y6, Y7    \
	VFMADD231PS ·log2e(SB), Y9, Y10   \
	VSUBPS ·round127(SB), Y1, Y2      \
	VSUBPS ·round127(SB), Y4, Y5      \
	VSUBPS ·round127(SB), Y7, Y8      \
	VSUBPS ·round127(SB), Y10, Y11    \
	VFNMADD231PS ·ln2Hi(SB), Y2, Y0   \
	VFNMADD231PS ·ln2Hi(SB), Y5, Y3   \
	VFNMADD231PS ·ln2Hi(SB), Y8, Y6   \
	VFNMADD231PS ·ln2Hi(SB), Y11, Y9  \
	VFNMADD231PS ·ln2Lo(SB), Y2, Y0   \
	VFNMADD231PS ·ln2Lo(SB), Y5, Y3   \
	VFNMADD231PS ·ln2Lo(SB), Y8, Y6   \
	VFNMADD231PS ·ln2Lo(SB), Y11, Y9  \
	VMOVUPS ·expC5(SB), Y2            \
	VMOVUPS ·expC5(SB), Y5            \
	VMOVUPS ·expC5(SB), Y8            \
	VMOVUPS ·expC5(SB), Y11           \
	VFMADD213PS ·expC4(SB), Y0, Y2    \
	VFMADD213PS ·expC4(SB), Y3, Y5    \
	VFMADD213PS ·expC4(SB), Y6, Y8    \
	VFMADD213PS ·expC4(SB), Y9, Y11   \
	VFMADD213PS ·expC3(SB), Y0, Y2    \
	VFMADD213PS ·expC3(SB), Y3, Y5    \
	VFMADD213PS ·expC3(SB), Y6, Y8    \
	VFMADD213PS ·expC3(SB), Y9, Y11   \
	VFMADD213PS ·expC2(SB), Y0, Y2    \
	VFMADD213PS ·expC2(SB), Y3, Y5    \
	VFMADD213PS ·expC2(SB), Y6, Y8    \
	VFMADD213PS ·expC2(SB), Y9, Y11   \
	VFMADD213PS ·expC1(SB), Y0, Y2    \
	VFMADD213PS ·expC1(SB), Y3, Y5    \
	VFMADD213PS ·expC1(SB), Y6, Y8    \
	VFMADD213PS ·expC1(SB), Y9, Y11   \
	VFMADD213PS ·expC0(SB), Y0, Y2    \
	VFMADD213PS ·expC0(SB), Y3, Y5    \
	VFMADD213PS ·expC0(SB), Y6, Y8    \
	VFMADD213PS ·expC0(SB), Y9, Y11   \
	VPSLLD $23, Y1, Y1                \
	VPSLLD $23, Y4, Y4                \
	VPSLLD $23, Y7, Y7                \
	VPSLLD $23, Y10, Y10              \
	VMULPS Y1, Y2, Y0                 \
	VMULPS Y4, Y5, Y3                 \
	VMULPS Y7, Y8, Y6                 \
	VMULPS Y10, Y11, Y9               \
	VMOVUPS ·one(SB), Y1              \
	VMOVUPS ·one(SB), Y4              \
	VMOVUPS ·one(SB), Y7              \
	VMOVUPS ·one(SB), Y10             \
	VSUBPS Y0, Y1, Y2                 \
	VSUBPS Y3, Y4, Y5                 \
	VSUBPS Y6, Y7, Y8                 \
	VSUBPS Y9, Y10, Y11               \
	VADDPS Y1, Y0, Y0                 \
	VADDPS Y4, Y3, Y3                 \
	VADDPS Y7, Y6, Y6                 \
	VADDPS Y10, Y9, Y9                \
	VDIVPS Y0, Y2, Y0                 \
	VDIVPS Y3, Y5, Y3                 \
	VDIVPS Y6, Y8, Y6                 \
	VDIVPS Y9, Y11, Y9                \
	VORPS 432(SP), Y0, Y0             \
	VORPS 464(SP), Y3, Y3             \
	VORPS 496(SP), Y6, Y6             \
	VORPS 528(SP), Y9, Y9            

// func GRUKernelZR6x16AVX2(kc, m int, a []float32, lda int, bz, br, z, rh, h []float32, ldc int, x []float32, ldx, xr int)
// Its frame, the z tile (0-383) and the r tile (384-767) and the loop over row tiles (the
// tile's A (768), z (776), rh (784), h (792), x (800), and the rows left (808)), is too large
// for NOSPLIT.
TEXT ·GRUKernelZR6x16AVX2(SB), $816-216
	MOVQ a_base+16(FP), AX
	MOVQ AX, 768(SP)
	MOVQ z_base+96(FP), AX
	MOVQ AX, 776(SP)
	MOVQ rh_base+120(FP), AX
	MOVQ AX, 784(SP)
	MOVQ h_base+144(FP), AX
	MOVQ AX, 792(SP)
	MOVQ x_base+176(FP), AX
	MOVQ AX, 800(SP)
	MOVQ m+8(FP), AX
	MOVQ AX, 808(SP)

zrtile:
	MOVQ 768(SP), R8
	MOVQ lda+40(FP), R9
	SHLQ $2, R9
	LEAQ (R8)(R9*2), R10
	ADDQ R9, R10                 // R10: row 3 of A
	MOVQ bz_base+48(FP), R12
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
	MOVQ kc+0(FP), AX
	MOVQ AX, BX
	SHRQ $2, BX                  // BX: groups of four k steps
	ANDQ $3, AX                  // AX: the rest
	CMPQ 808(SP), $4
	JLE  zfour                 // a last tile of at most four rows: a third fewer FMAs
	TESTQ BX, BX
	JZ   zrest

	PCALIGN $64
zloop4:
	KSTEP_ROWS(0, 0)
	KSTEP_ROWS(4, 64)
	KSTEP_ROWS(8, 128)
	KSTEP_ROWS(12, 192)
	ADDQ $16, R8
	ADDQ $16, R10
	ADDQ $256, R12
	DECQ BX
	JNZ  zloop4

zrest:
	TESTQ AX, AX
	JZ    zdone

zloop1:
	KSTEP_ROWS(0, 0)
	ADDQ $4, R8
	ADDQ $4, R10
	ADDQ $64, R12
	DECQ AX
	JNZ  zloop1
	JMP  zdone

zfour:
	TESTQ BX, BX
	JZ   zfourrest

	PCALIGN $64
zfour4:
	KSTEP_ROWS_FOUR(0, 0)
	KSTEP_ROWS_FOUR(4, 64)
	KSTEP_ROWS_FOUR(8, 128)
	KSTEP_ROWS_FOUR(12, 192)
	ADDQ $16, R8
	ADDQ $16, R10
	ADDQ $256, R12
	DECQ BX
	JNZ  zfour4

zfourrest:
	TESTQ AX, AX
	JZ    zdone

zfour1:
	KSTEP_ROWS_FOUR(0, 0)
	ADDQ $4, R8
	ADDQ $4, R10
	ADDQ $64, R12
	DECQ AX
	JNZ  zfour1

zdone:
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
	MOVQ 768(SP), R8
	MOVQ lda+40(FP), R9
	SHLQ $2, R9
	LEAQ (R8)(R9*2), R10
	ADDQ R9, R10                 // R10: row 3 of A
	MOVQ br_base+72(FP), R12
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
	MOVQ kc+0(FP), AX
	MOVQ AX, BX
	SHRQ $2, BX                  // BX: groups of four k steps
	ANDQ $3, AX                  // AX: the rest
	CMPQ 808(SP), $4
	JLE  rfour                 // a last tile of at most four rows: a third fewer FMAs
	TESTQ BX, BX
	JZ   rrest

	PCALIGN $64
rloop4:
	KSTEP_ROWS(0, 0)
	KSTEP_ROWS(4, 64)
	KSTEP_ROWS(8, 128)
	KSTEP_ROWS(12, 192)
	ADDQ $16, R8
	ADDQ $16, R10
	ADDQ $256, R12
	DECQ BX
	JNZ  rloop4

rrest:
	TESTQ AX, AX
	JZ    rdone

rloop1:
	KSTEP_ROWS(0, 0)
	ADDQ $4, R8
	ADDQ $4, R10
	ADDQ $64, R12
	DECQ AX
	JNZ  rloop1
	JMP  rdone

rfour:
	TESTQ BX, BX
	JZ   rfourrest

	PCALIGN $64
rfour4:
	KSTEP_ROWS_FOUR(0, 0)
	KSTEP_ROWS_FOUR(4, 64)
	KSTEP_ROWS_FOUR(8, 128)
	KSTEP_ROWS_FOUR(12, 192)
	ADDQ $16, R8
	ADDQ $16, R10
	ADDQ $256, R12
	DECQ BX
	JNZ  rfour4

rfourrest:
	TESTQ AX, AX
	JZ    rdone

rfour1:
	KSTEP_ROWS_FOUR(0, 0)
	ADDQ $4, R8
	ADDQ $4, R10
	ADDQ $64, R12
	DECQ AX
	JNZ  rfour1

rdone:
	VMOVUPS Y4, 384(SP)
	VMOVUPS Y5, 416(SP)
	VMOVUPS Y6, 448(SP)
	VMOVUPS Y7, 480(SP)
	VMOVUPS Y8, 512(SP)
	VMOVUPS Y9, 544(SP)
	VMOVUPS Y10, 576(SP)
	VMOVUPS Y11, 608(SP)
	VMOVUPS Y12, 640(SP)
	VMOVUPS Y13, 672(SP)
	VMOVUPS Y14, 704(SP)
	VMOVUPS Y15, 736(SP)

	// z = σ(x_z + z tile) and rh = σ(x_r + r tile)·h, a row at a time as four interleaved
	// sigmoids.
	VMOVUPS ·expHi(SB), Y15
	VMOVUPS ·expLo(SB), Y14
	MOVQ 808(SP), CX
	MOVQ $6, AX
	CMPQ CX, AX
	CMOVQGT AX, CX               // CX: this tile's rows
	MOVQ SP, R8                  // R8: the tiles' row
	MOVQ 776(SP), DI             // DI: z's
	MOVQ 784(SP), R11            // R11: rh's
	MOVQ 792(SP), DX             // DX: h's
	MOVQ 800(SP), SI             // SI: x's
	MOVQ ldc+168(FP), R9
	SHLQ $2, R9
	MOVQ ldx+200(FP), R10
	SHLQ $2, R10
	MOVQ xr+208(FP), R13
	SHLQ $2, R13
	ADDQ SI, R13                 // R13: x's r section

	PCALIGN $64
zrrow:
	VMOVUPS (R8), Y0
	VADDPS  (SI), Y0, Y0
	VMOVUPS 32(R8), Y3
	VADDPS  32(SI), Y3, Y3
	VMOVUPS 384(R8), Y6
	VADDPS  (R13), Y6, Y6
	VMOVUPS 416(R8), Y9
	VADDPS  32(R13), Y9, Y9
	SIGMOID4(Y0, Y1, Y2, Y3, Y4, Y5, Y6, Y7, Y8, Y9, Y10, Y11)
	VMOVUPS Y0, (DI)
	VMOVUPS Y3, 32(DI)
	VMULPS  (DX), Y6, Y6
	VMULPS  32(DX), Y9, Y9
	VMOVUPS Y6, (R11)
	VMOVUPS Y9, 32(R11)
	ADDQ $64, R8
	ADDQ R9, DI
	ADDQ R9, R11
	ADDQ R9, DX
	ADDQ R10, SI
	ADDQ R10, R13
	DECQ CX
	JNZ  zrrow

	// The next row tile.
	MOVQ 808(SP), AX
	SUBQ $6, AX
	JLE  zrend
	MOVQ AX, 808(SP)
	MOVQ lda+40(FP), AX
	IMULQ $24, AX
	ADDQ AX, 768(SP)
	MOVQ ldc+168(FP), AX
	IMULQ $24, AX
	ADDQ AX, 776(SP)
	MOVQ ldc+168(FP), AX
	IMULQ $24, AX
	ADDQ AX, 784(SP)
	MOVQ ldc+168(FP), AX
	IMULQ $24, AX
	ADDQ AX, 792(SP)
	MOVQ ldx+200(FP), AX
	IMULQ $24, AX
	ADDQ AX, 800(SP)
	JMP  zrtile

zrend:
	VZEROUPPER
	RET

// func GRUKernelH6x16AVX2(kc, m int, a []float32, lda int, b, h []float32, ldh int, x []float32, ldx int, z []float32, ldz int)
// The frame holds the tile (0-383), the loop over row tiles: the tile's A (384), h (392), x
// (400), z (408), and the rows left (416); and TANH4_H's signs (432-559).
TEXT ·GRUKernelH6x16AVX2(SB), NOSPLIT, $560-168
	MOVQ a_base+16(FP), AX
	MOVQ AX, 384(SP)
	MOVQ h_base+72(FP), AX
	MOVQ AX, 392(SP)
	MOVQ x_base+104(FP), AX
	MOVQ AX, 400(SP)
	MOVQ z_base+136(FP), AX
	MOVQ AX, 408(SP)
	MOVQ m+8(FP), AX
	MOVQ AX, 416(SP)

htile:
	MOVQ 384(SP), R8
	MOVQ lda+40(FP), R9
	SHLQ $2, R9
	LEAQ (R8)(R9*2), R10
	ADDQ R9, R10                 // R10: row 3 of A
	MOVQ b_base+48(FP), R12
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
	MOVQ kc+0(FP), AX
	MOVQ AX, BX
	SHRQ $2, BX                  // BX: groups of four k steps
	ANDQ $3, AX                  // AX: the rest
	CMPQ 416(SP), $4
	JLE  hfour                 // a last tile of at most four rows: a third fewer FMAs
	TESTQ BX, BX
	JZ   hrest

	PCALIGN $64
hloop4:
	KSTEP_ROWS(0, 0)
	KSTEP_ROWS(4, 64)
	KSTEP_ROWS(8, 128)
	KSTEP_ROWS(12, 192)
	ADDQ $16, R8
	ADDQ $16, R10
	ADDQ $256, R12
	DECQ BX
	JNZ  hloop4

hrest:
	TESTQ AX, AX
	JZ    hdone

hloop1:
	KSTEP_ROWS(0, 0)
	ADDQ $4, R8
	ADDQ $4, R10
	ADDQ $64, R12
	DECQ AX
	JNZ  hloop1
	JMP  hdone

hfour:
	TESTQ BX, BX
	JZ   hfourrest

	PCALIGN $64
hfour4:
	KSTEP_ROWS_FOUR(0, 0)
	KSTEP_ROWS_FOUR(4, 64)
	KSTEP_ROWS_FOUR(8, 128)
	KSTEP_ROWS_FOUR(12, 192)
	ADDQ $16, R8
	ADDQ $16, R10
	ADDQ $256, R12
	DECQ BX
	JNZ  hfour4

hfourrest:
	TESTQ AX, AX
	JZ    hdone

hfour1:
	KSTEP_ROWS_FOUR(0, 0)
	ADDQ $4, R8
	ADDQ $4, R10
	ADDQ $64, R12
	DECQ AX
	JNZ  hfour1

hdone:
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

	// h = c + z·(h - c) with c = tanh(x + tile), a row at a time as two interleaved halves.
	VMOVUPS ·expHi(SB), Y15
	VMOVUPS ·expLo(SB), Y14
	MOVQ 416(SP), CX
	MOVQ $6, AX
	CMPQ CX, AX
	CMOVQGT AX, CX
	MOVQ SP, R8
	MOVQ 392(SP), DX             // DX: h's
	MOVQ 400(SP), SI             // SI: x's
	MOVQ 408(SP), R11            // R11: z's
	MOVQ ldh+96(FP), R9
	SHLQ $2, R9
	MOVQ ldx+128(FP), R10
	SHLQ $2, R10
	MOVQ ldz+160(FP), R13
	SHLQ $2, R13

	PCALIGN $64
hrow:
	CMPQ CX, $2
	JLT  hrow1

	// Two rows at a time: four interleaved tanh.
	VMOVUPS (R8), Y0
	VADDPS  (SI), Y0, Y0
	VMOVUPS 32(R8), Y3
	VADDPS  32(SI), Y3, Y3
	VMOVUPS 64(R8), Y6
	VADDPS  (SI)(R10*1), Y6, Y6
	VMOVUPS 96(R8), Y9
	VADDPS  32(SI)(R10*1), Y9, Y9
	TANH4_H
	VMOVUPS (DX), Y1
	VSUBPS  Y0, Y1, Y1
	VFMADD231PS (R11), Y1, Y0
	VMOVUPS 32(DX), Y4
	VSUBPS  Y3, Y4, Y4
	VFMADD231PS 32(R11), Y4, Y3
	VMOVUPS (DX)(R9*1), Y7
	VSUBPS  Y6, Y7, Y7
	VFMADD231PS (R11)(R13*1), Y7, Y6
	VMOVUPS 32(DX)(R9*1), Y10
	VSUBPS  Y9, Y10, Y10
	VFMADD231PS 32(R11)(R13*1), Y10, Y9
	VMOVUPS Y0, (DX)
	VMOVUPS Y3, 32(DX)
	VMOVUPS Y6, (DX)(R9*1)
	VMOVUPS Y9, 32(DX)(R9*1)
	ADDQ $128, R8
	LEAQ (DX)(R9*2), DX
	LEAQ (SI)(R10*2), SI
	LEAQ (R11)(R13*2), R11
	SUBQ $2, CX
	JNZ  hrow
	JMP  hnexttile

hrow1:
	VMOVUPS (R8), Y0
	VADDPS  (SI), Y0, Y0
	VMOVUPS 32(R8), Y3
	VADDPS  32(SI), Y3, Y3
	TANH2(Y0, Y1, Y2, Y4, Y3, Y5, Y6, Y7)
	VMOVUPS (DX), Y1
	VSUBPS  Y0, Y1, Y1
	VFMADD231PS (R11), Y1, Y0
	VMOVUPS 32(DX), Y5
	VSUBPS  Y3, Y5, Y5
	VFMADD231PS 32(R11), Y5, Y3
	VMOVUPS Y0, (DX)
	VMOVUPS Y3, 32(DX)
	ADDQ $64, R8
	ADDQ R9, DX
	ADDQ R10, SI
	ADDQ R13, R11
	DECQ CX
	JNZ  hrow

hnexttile:
	MOVQ 416(SP), AX
	SUBQ $6, AX
	JLE  hend
	MOVQ AX, 416(SP)
	MOVQ lda+40(FP), AX
	IMULQ $24, AX
	ADDQ AX, 384(SP)
	MOVQ ldh+96(FP), AX
	IMULQ $24, AX
	ADDQ AX, 392(SP)
	MOVQ ldx+128(FP), AX
	IMULQ $24, AX
	ADDQ AX, 400(SP)
	MOVQ ldz+160(FP), AX
	IMULQ $24, AX
	ADDQ AX, 408(SP)
	JMP  htile

hend:
	VZEROUPPER
	RET
