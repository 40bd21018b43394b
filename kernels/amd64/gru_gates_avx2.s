//go:build amd64 && !purego && !noasm

#include "textflag.h"
#include "exp_avx2.h"

// func GRUGatesResetAfterAVX2(h, x, u, b []float32, rows, ldx, ldu, units, n int)
TEXT ·GRUGatesResetAfterAVX2(SB), NOSPLIT, $0-136
	MOVQ h_base+0(FP), R12
	MOVQ x_base+24(FP), R13
	MOVQ u_base+48(FP), R14
	MOVQ units+120(FP), R9
	SHLQ $2, R9                  // R9: a section, and a row of h, in bytes
	VMOVUPS ·expHi(SB), Y15
	VMOVUPS ·expLo(SB), Y14
	MOVQ rows+96(FP), DX
	TESTQ DX, DX
	JZ   done

row:
	MOVQ n+128(FP), CX
	TESTQ CX, CX
	JZ   nextrow
	MOVQ R12, BX
	MOVQ R13, SI
	MOVQ R14, DI
	MOVQ b_base+72(FP), R8

loop:
	VMOVUPS (SI), Y0
	VADDPS  (DI), Y0, Y0
	VADDPS  (R8), Y0, Y0
	VMOVUPS (SI)(R9*1), Y3
	VADDPS  (DI)(R9*1), Y3, Y3
	VADDPS  (R8)(R9*1), Y3, Y3
	SIGMOID2(Y0, Y1, Y2, Y3, Y4, Y5)
	VMOVAPS Y0, Y8               // z
	VMOVAPS Y3, Y9               // r
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

nextrow:
	ADDQ R9, R12
	MOVQ ldx+104(FP), AX
	LEAQ (R13)(AX*4), R13
	MOVQ ldu+112(FP), AX
	LEAQ (R14)(AX*4), R14
	DECQ DX
	JNZ  row

done:
	VZEROUPPER
	RET

// func GRUGatesZRAVX2(z, rh, h, x, u []float32, rows, ldx, ldu, units, n int)
TEXT ·GRUGatesZRAVX2(SB), NOSPLIT, $0-160
	MOVQ z_base+0(FP), R10
	MOVQ rh_base+24(FP), R11
	MOVQ h_base+48(FP), R12
	MOVQ x_base+72(FP), R13
	MOVQ u_base+96(FP), R14
	MOVQ units+144(FP), R9
	SHLQ $2, R9
	VMOVUPS ·expHi(SB), Y15
	VMOVUPS ·expLo(SB), Y14
	MOVQ rows+120(FP), DX
	TESTQ DX, DX
	JZ   done

row:
	MOVQ n+152(FP), CX
	TESTQ CX, CX
	JZ   nextrow
	XORQ AX, AX                  // AX: the offset along the row

	LEAQ (R13)(R9*1), SI         // SI, DI: x and u at the r section
	LEAQ (R14)(R9*1), DI

	// Sixteen units at a time, their z and r as four interleaved sigmoids, then the last eight.
loop:
	CMPQ CX, $16
	JLT  eight
	VMOVUPS (R13)(AX*1), Y0
	VADDPS  (R14)(AX*1), Y0, Y0
	VMOVUPS (SI)(AX*1), Y3
	VADDPS  (DI)(AX*1), Y3, Y3
	VMOVUPS 32(R13)(AX*1), Y6
	VADDPS  32(R14)(AX*1), Y6, Y6
	VMOVUPS 32(SI)(AX*1), Y9
	VADDPS  32(DI)(AX*1), Y9, Y9
	SIGMOID4(Y0, Y1, Y2, Y3, Y4, Y5, Y6, Y7, Y8, Y9, Y10, Y11)
	VMOVUPS Y0, (R10)(AX*1)
	VMOVUPS Y6, 32(R10)(AX*1)
	VMULPS  (R12)(AX*1), Y3, Y3
	VMOVUPS Y3, (R11)(AX*1)
	VMULPS  32(R12)(AX*1), Y9, Y9
	VMOVUPS Y9, 32(R11)(AX*1)
	ADDQ $64, AX
	SUBQ $16, CX
	JNZ  loop
	JMP  nextrow

eight:
	VMOVUPS (R13)(AX*1), Y0
	VADDPS  (R14)(AX*1), Y0, Y0
	VMOVUPS (SI)(AX*1), Y3
	VADDPS  (DI)(AX*1), Y3, Y3
	SIGMOID2(Y0, Y1, Y2, Y3, Y4, Y5)
	VMOVUPS Y0, (R10)(AX*1)
	VMULPS  (R12)(AX*1), Y3, Y3
	VMOVUPS Y3, (R11)(AX*1)

nextrow:
	ADDQ R9, R10
	ADDQ R9, R11
	ADDQ R9, R12
	MOVQ ldx+128(FP), AX
	LEAQ (R13)(AX*4), R13
	MOVQ ldu+136(FP), AX
	LEAQ (R14)(AX*4), R14
	DECQ DX
	JNZ  row

done:
	VZEROUPPER
	RET

// func GRUGatesHAVX2(h, z, x, cu []float32, rows, ldx, units, n int)
TEXT ·GRUGatesHAVX2(SB), NOSPLIT, $0-128
	MOVQ h_base+0(FP), R12
	MOVQ z_base+24(FP), R10
	MOVQ x_base+48(FP), R13
	MOVQ cu_base+72(FP), R14
	MOVQ units+112(FP), R9
	SHLQ $2, R9
	VMOVUPS ·expHi(SB), Y15
	VMOVUPS ·expLo(SB), Y14
	MOVQ rows+96(FP), DX
	TESTQ DX, DX
	JZ   done

row:
	MOVQ n+120(FP), CX
	TESTQ CX, CX
	JZ   nextrow
	XORQ AX, AX

	// Sixteen units at a time as two interleaved halves, then the last eight alone.
loop:
	CMPQ CX, $16
	JLT  eight
	VMOVUPS (R13)(AX*1), Y0
	VADDPS  (R14)(AX*1), Y0, Y0
	VMOVUPS 32(R13)(AX*1), Y6
	VADDPS  32(R14)(AX*1), Y6, Y6
	TANH2(Y0, Y1, Y2, Y4, Y6, Y7, Y8, Y9)
	VMOVUPS (R12)(AX*1), Y1
	VSUBPS  Y0, Y1, Y1
	VFMADD231PS (R10)(AX*1), Y1, Y0
	VMOVUPS Y0, (R12)(AX*1)
	VMOVUPS 32(R12)(AX*1), Y7
	VSUBPS  Y6, Y7, Y7
	VFMADD231PS 32(R10)(AX*1), Y7, Y6
	VMOVUPS Y6, 32(R12)(AX*1)
	ADDQ $64, AX
	SUBQ $16, CX
	JNZ  loop
	JMP  nextrow

eight:
	VMOVUPS (R13)(AX*1), Y0
	VADDPS  (R14)(AX*1), Y0, Y0
	TANH
	VMOVUPS (R12)(AX*1), Y1
	VSUBPS  Y0, Y1, Y1
	VFMADD231PS (R10)(AX*1), Y1, Y0
	VMOVUPS Y0, (R12)(AX*1)

nextrow:
	ADDQ R9, R12
	ADDQ R9, R10
	ADDQ R9, R14
	MOVQ ldx+104(FP), AX
	LEAQ (R13)(AX*4), R13
	DECQ DX
	JNZ  row

done:
	VZEROUPPER
	RET
