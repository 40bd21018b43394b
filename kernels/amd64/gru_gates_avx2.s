//go:build !purego && !noasm

#include "textflag.h"
#include "exp_avx2.h"

// func GRUGatesResetAfterAVX2(h, x, u, b []float32, ld, n int)
TEXT ·GRUGatesResetAfterAVX2(SB), NOSPLIT, $0-112
	MOVQ h_base+0(FP), BX
	MOVQ x_base+24(FP), SI
	MOVQ u_base+48(FP), DI
	MOVQ b_base+72(FP), R8
	MOVQ ld+96(FP), R9
	SHLQ $2, R9
	MOVQ n+104(FP), CX
	VMOVUPS ·expHi(SB), Y15
	VMOVUPS ·expLo(SB), Y14
	TESTQ CX, CX
	JZ   done

loop:
	VMOVUPS (SI), Y0
	VADDPS  (DI), Y0, Y0
	VADDPS  (R8), Y0, Y0
	SIGMOID
	VMOVAPS Y0, Y8               // z
	VMOVUPS (SI)(R9*1), Y0
	VADDPS  (DI)(R9*1), Y0, Y0
	VADDPS  (R8)(R9*1), Y0, Y0
	SIGMOID
	VMOVAPS Y0, Y9               // r
	VMOVUPS (DI)(R9*2), Y0
	VADDPS  (R8)(R9*2), Y0, Y0
	VMULPS  Y9, Y0, Y0
	VADDPS  (SI)(R9*2), Y0, Y0
	TANH                         // c
	VMOVUPS (BX), Y1
	VSUBPS  Y0, Y1, Y1
	VFMADD231PS Y8, Y1, Y0       // c + z·(h - c)
	VMOVUPS Y0, (BX)
	ADDQ $32, BX
	ADDQ $32, SI
	ADDQ $32, DI
	ADDQ $32, R8
	SUBQ $8, CX
	JNZ  loop

done:
	VZEROUPPER
	RET

// func GRUGatesZRAVX2(z, rh, h, x, u []float32, ld, n int)
TEXT ·GRUGatesZRAVX2(SB), NOSPLIT, $0-136
	MOVQ z_base+0(FP), R10
	MOVQ rh_base+24(FP), R11
	MOVQ h_base+48(FP), BX
	MOVQ x_base+72(FP), SI
	MOVQ u_base+96(FP), DI
	MOVQ ld+120(FP), R9
	SHLQ $2, R9
	MOVQ n+128(FP), CX
	VMOVUPS ·expHi(SB), Y15
	VMOVUPS ·expLo(SB), Y14
	TESTQ CX, CX
	JZ   done

loop:
	VMOVUPS (SI), Y0
	VADDPS  (DI), Y0, Y0
	SIGMOID
	VMOVUPS Y0, (R10)
	VMOVUPS (SI)(R9*1), Y0
	VADDPS  (DI)(R9*1), Y0, Y0
	SIGMOID
	VMULPS  (BX), Y0, Y0
	VMOVUPS Y0, (R11)
	ADDQ $32, R10
	ADDQ $32, R11
	ADDQ $32, BX
	ADDQ $32, SI
	ADDQ $32, DI
	SUBQ $8, CX
	JNZ  loop

done:
	VZEROUPPER
	RET

// func GRUGatesHAVX2(h, z, x, cu []float32, n int)
TEXT ·GRUGatesHAVX2(SB), NOSPLIT, $0-104
	MOVQ h_base+0(FP), BX
	MOVQ z_base+24(FP), R10
	MOVQ x_base+48(FP), SI
	MOVQ cu_base+72(FP), DI
	MOVQ n+96(FP), CX
	VMOVUPS ·expHi(SB), Y15
	VMOVUPS ·expLo(SB), Y14
	TESTQ CX, CX
	JZ   done

loop:
	VMOVUPS (SI), Y0
	VADDPS  (DI), Y0, Y0
	TANH
	VMOVUPS (BX), Y1
	VSUBPS  Y0, Y1, Y1
	VFMADD231PS (R10), Y1, Y0
	VMOVUPS Y0, (BX)
	ADDQ $32, BX
	ADDQ $32, R10
	ADDQ $32, SI
	ADDQ $32, DI
	SUBQ $8, CX
	JNZ  loop

done:
	VZEROUPPER
	RET
