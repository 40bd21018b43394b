//go:build amd64 && !purego && !noasm

#include "textflag.h"
#include "exp_avx512.h"
#include "gru_tile_avx512.h"

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
	PAIR_TILE(zreight, zrsix, zr12rest, zr12loop4, zr12loop1, zr12done, zr8rest, zr8loop4, zr8loop1, zr8done, zr6rest, zr6loop4, zr6loop1, zr6done, zrgates)

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
	ONE_TILE(height, hsix, h12rest, h12loop4, h12loop1, h12done, h8rest, h8loop4, h8loop1, h8done, h6rest, h6loop4, h6loop1, h6done, hgates)

	// h = c + z·(h - c) with c = tanh(x + tile), a row at a time.
hgates:
	H_ROWS(776(SP), 768(SP), 784(SP), ldh+96(FP), h_base+72(FP), ldx+128(FP), x_base+104(FP), ldz+160(FP), z_base+136(FP))

	PCALIGN $64
hrow:
	H_BLEND(0, 0, 0, 0, Z0, Z1, Z2, Z3)
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
