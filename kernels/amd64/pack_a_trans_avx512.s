//go:build amd64 && !purego && !noasm

#include "textflag.h"

// func PackATransAVX512(kc, rows int, a []float32, lda int, dst []float32)
// K1: the rows' lanes (the load reads no further, and zeroes the others); K2: the panel's six.
TEXT ·PackATransAVX512(SB), NOSPLIT, $0-72
	MOVQ  kc+0(FP), CX
	MOVQ  rows+8(FP), DX
	MOVQ  a_base+16(FP), SI
	MOVQ  lda+40(FP), BX
	SHLQ  $2, BX
	MOVQ  dst_base+48(FP), DI
	MOVL  $-1, AX
	BZHIL DX, AX, R8
	KMOVW R8, K1
	MOVL  $0x3f, R8
	KMOVW R8, K2

four:
	CMPQ      CX, $4
	JLT       one
	LEAQ      (SI)(BX*2), R9
	VMOVUPS.Z (SI), K1, Y0
	VMOVUPS.Z (SI)(BX*1), K1, Y1
	VMOVUPS.Z (R9), K1, Y2
	VMOVUPS.Z (R9)(BX*1), K1, Y3
	VMOVUPS   Y0, K2, (DI)
	VMOVUPS   Y1, K2, 24(DI)
	VMOVUPS   Y2, K2, 48(DI)
	VMOVUPS   Y3, K2, 72(DI)
	LEAQ      (R9)(BX*2), SI
	ADDQ      $96, DI
	SUBQ      $4, CX
	JMP       four

one:
	TESTQ     CX, CX
	JZ        done
	VMOVUPS.Z (SI), K1, Y0
	VMOVUPS   Y0, K2, (DI)
	ADDQ      BX, SI
	ADDQ      $24, DI
	DECQ      CX
	JMP       one

done:
	VZEROUPPER
	RET
