//go:build amd64 && !purego && !noasm

#include "textflag.h"
#include "exp_avx512.h"
#include "gru_tile_avx512.h"

// func GRUKernelH12x32AVX512(kc, m int, a []float32, lda int, b0, b1, h []float32, ldh int, x []float32, ldx int, z []float32, ldz int)
// Its frame: the tiles of b0 (0-767) and b1 (768-1535), a row of 16 floats each 64 bytes apart;
// the next row to store (1536), the tile's first row to store (1544) and how many (1552).
TEXT ·GRUKernelH12x32AVX512(SB), $1560-192
	VBROADCASTSS ·exp512Hi(SB), Z31
	VBROADCASTSS ·exp512Lo(SB), Z30
	MOVQ $0, 1536(SP)

htile:
	PICK_TILE(1536(SP), 1544(SP), 1552(SP), hpicked)
	MOVQ b0_base+48(FP), R12
	MOVQ b1_base+72(FP), R14
	PAIR_TILE(height, hsix, h12rest, h12loop4, h12loop1, h12done, h8rest, h8loop4, h8loop1, h8done, h6rest, h6loop4, h6loop1, h6done, hgates)

	// h = c + z·(h - c) with c = tanh(x + tile), a row of both tiles at a time.
hgates:
	H_ROWS(1544(SP), 1536(SP), 1552(SP), ldh+120(FP), h_base+96(FP), ldx+152(FP), x_base+128(FP), ldz+184(FP), z_base+160(FP))

	PCALIGN $64
hrow:
	H_BLEND(0, 0, 0, 0, Z0, Z1, Z2, Z3)
	H_BLEND(768, 64, 64, 64, Z4, Z5, Z6, Z7)
	ADDQ $64, R8
	ADDQ R9, DX
	ADDQ R10, SI
	ADDQ R13, R11
	DECQ CX
	JNZ  hrow

	MOVQ 1552(SP), AX
	ADDQ 1536(SP), AX
	MOVQ AX, 1536(SP)
	CMPQ AX, m+8(FP)
	JLT  htile
	VZEROUPPER
	RET
