//go:build amd64 && !purego && !noasm

#include "textflag.h"

// func PackATransAVX2(kc, rows int, a []float32, lda int, dst []float32)
// Y15: the load mask of rows floats (·loadMask, in activation_avx2.s).
TEXT ·PackATransAVX2(SB), NOSPLIT, $0-72
	MOVQ    kc+0(FP), CX
	MOVQ    rows+8(FP), DX
	MOVQ    a_base+16(FP), SI
	MOVQ    lda+40(FP), BX
	SHLQ    $2, BX
	MOVQ    dst_base+48(FP), DI
	LEAQ    ·loadMask+32(SB), R8
	SHLQ    $2, DX
	SUBQ    DX, R8
	VMOVDQU (R8), Y15

two:
	CMPQ         CX, $2
	JLT          one
	VMASKMOVPS   (SI), Y15, Y0
	VMASKMOVPS   (SI)(BX*1), Y15, Y1
	VMOVUPS      X0, (DI)
	VEXTRACTF128 $1, Y0, X2
	VMOVQ        X2, 16(DI)
	VMOVUPS      X1, 24(DI)
	VEXTRACTF128 $1, Y1, X3
	VMOVQ        X3, 40(DI)
	LEAQ         (SI)(BX*2), SI
	ADDQ         $48, DI
	SUBQ         $2, CX
	JMP          two

one:
	TESTQ        CX, CX
	JZ           done
	VMASKMOVPS   (SI), Y15, Y0
	VMOVUPS      X0, (DI)
	VEXTRACTF128 $1, Y0, X2
	VMOVQ        X2, 16(DI)

done:
	VZEROUPPER
	RET
