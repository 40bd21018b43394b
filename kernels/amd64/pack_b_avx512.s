//go:build amd64 && !purego && !noasm

#include "textflag.h"

// func PackBAVX512(kc, panels int, b []float32, ldb int, dst []float32)
TEXT ·PackBAVX512(SB), NOSPLIT, $0-72
	MOVQ kc+0(FP), CX
	MOVQ b_base+16(FP), SI
	MOVQ ldb+40(FP), R9
	SHLQ $2, R9
	MOVQ dst_base+48(FP), DI
	MOVQ CX, R11
	SHLQ $6, R11                 // R11: bytes between panels, kc·64
	LEAQ (R9)(R9*2), R12         // R12: three rows
	MOVQ R9, R10
	SHLQ $3, R10                 // R10: eight rows ahead
	SUBQ $4, CX
	JLT  rows

quad:
	// A prefetch is a hint: past the end of b it reads and faults nothing.
	LEAQ       (SI)(R10*1), R13
	PREFETCHT0 (R13)
	PREFETCHT0 60(R13)
	PREFETCHT0 (R13)(R9*1)
	PREFETCHT0 60(R13)(R9*1)
	PREFETCHT0 (R13)(R9*2)
	PREFETCHT0 60(R13)(R9*2)
	PREFETCHT0 (R13)(R12*1)
	PREFETCHT0 60(R13)(R12*1)
	MOVQ panels+8(FP), DX
	MOVQ SI, R8
	MOVQ DI, BX

quadPanel:
	VMOVUPS (R8), Z0
	VMOVUPS (R8)(R9*1), Z1
	VMOVUPS (R8)(R9*2), Z2
	VMOVUPS (R8)(R12*1), Z3
	VMOVUPS Z0, (BX)
	VMOVUPS Z1, 64(BX)
	VMOVUPS Z2, 128(BX)
	VMOVUPS Z3, 192(BX)
	ADDQ $64, R8
	ADDQ R11, BX
	DECQ DX
	JNZ  quadPanel

	LEAQ (SI)(R9*4), SI
	ADDQ $256, DI
	SUBQ $4, CX
	JGE  quad

rows:
	// The last kc%4 rows, one at a time.
	ADDQ $4, CX
	JZ   done

row:
	MOVQ panels+8(FP), DX
	MOVQ SI, R8
	MOVQ DI, BX

panel:
	VMOVUPS (R8), Z0
	VMOVUPS Z0, (BX)
	ADDQ $64, R8
	ADDQ R11, BX
	DECQ DX
	JNZ  panel

	ADDQ R9, SI
	ADDQ $64, DI
	DECQ CX
	JNZ  row

done:
	VZEROUPPER
	RET
