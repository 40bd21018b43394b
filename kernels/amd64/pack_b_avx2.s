//go:build amd64 && !purego && !noasm

#include "textflag.h"

// func PackBAVX2(kc, panels int, b []float32, ldb int, dst []float32)
TEXT ·PackBAVX2(SB), NOSPLIT, $0-72
	MOVQ kc+0(FP), CX
	MOVQ b_base+16(FP), SI
	MOVQ ldb+40(FP), R9
	SHLQ $2, R9
	MOVQ dst_base+48(FP), DI
	MOVQ CX, R11
	SHLQ $6, R11                 // R11: bytes between panels, kc·64
	MOVQ R9, R10
	SHLQ $3, R10                 // R10: eight rows ahead

row:
	PREFETCHT0 (SI)(R10*1)       // a hint: past the end of b it reads and faults nothing
	PREFETCHT0 60(SI)(R10*1)
	MOVQ panels+8(FP), DX
	MOVQ SI, R8
	MOVQ DI, BX

panel:
	VMOVUPS (R8), Y0
	VMOVUPS 32(R8), Y1
	VMOVUPS Y0, (BX)
	VMOVUPS Y1, 32(BX)
	ADDQ $64, R8
	ADDQ R11, BX
	DECQ DX
	JNZ  panel

	ADDQ R9, SI
	ADDQ $64, DI
	DECQ CX
	JNZ  row
	VZEROUPPER
	RET
