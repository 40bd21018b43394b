//go:build amd64 && !purego && !noasm

#include "textflag.h"
#include "exp_avx512.h"

// Each kernel runs a row 16 units at a time under K2 (all lanes), then its last n%16 units under
// K1: the zeroing loads and the stores of one body, masked, touch no float past the row's n, and
// a mask of all lanes costs nothing, so one macro serves both.

// K1: the lanes of n%16 floats, n at n+off(FP); K2: all sixteen. Clobbers AX, CX.
#define TAIL_MASKS(off) \
	MOVQ  n+off(FP), CX \
	ANDQ  $15, CX       \
	MOVL  $1, AX        \
	SHLL  CX, AX        \
	DECL  AX            \
	KMOVW AX, K1        \
	MOVL  $0xffff, AX   \
	KMOVW AX, K2

// Sixteen units of reset_after=true under mask k: x at SI, u at DI, b at R8, sections R9 bytes
// apart, h at BX. z in Z0, r in Z3, c in Z6; h = c + z·(h - c).
#define RESET_AFTER16(k) \
	VMOVUPS.Z   (SI), k, Z0           \
	VMOVUPS.Z   (DI), k, Z1           \
	VADDPS      Z1, Z0, Z0            \
	VMOVUPS.Z   (R8), k, Z1           \
	VADDPS      Z1, Z0, Z0            \
	VMOVUPS.Z   (SI)(R9*1), k, Z3     \
	VMOVUPS.Z   (DI)(R9*1), k, Z4     \
	VADDPS      Z4, Z3, Z3            \
	VMOVUPS.Z   (R8)(R9*1), k, Z4     \
	VADDPS      Z4, Z3, Z3            \
	SIGMOID512(Z0, Z1, Z2, Z31, Z30)  \
	SIGMOID512(Z3, Z4, Z5, Z31, Z30)  \
	VMOVUPS.Z   (DI)(R9*2), k, Z6     \
	VMOVUPS.Z   (R8)(R9*2), k, Z7     \
	VADDPS      Z7, Z6, Z6            \
	VMULPS      Z3, Z6, Z6            \
	VMOVUPS.Z   (SI)(R9*2), k, Z7     \
	VADDPS      Z7, Z6, Z6            \
	TANH512(Z6, Z1, Z2, Z4, Z31, Z30) \
	VMOVUPS.Z   (BX), k, Z1           \
	VSUBPS      Z6, Z1, Z1            \
	VFMADD231PS Z0, Z1, Z6            \
	VMOVUPS     Z6, k, (BX)

// func GRUGatesResetAfterAVX512(h, x, u, b []float32, rows, ldx, ldu, units, n int)
TEXT ·GRUGatesResetAfterAVX512(SB), NOSPLIT, $0-136
	TAIL_MASKS(128)
	MOVQ h_base+0(FP), R12
	MOVQ x_base+24(FP), R13
	MOVQ u_base+48(FP), R14
	MOVQ units+120(FP), R9
	SHLQ $2, R9                  // R9: a section, and a row of h, in bytes
	VBROADCASTSS ·exp512Hi(SB), Z31
	VBROADCASTSS ·exp512Lo(SB), Z30
	MOVQ rows+96(FP), DX
	TESTQ DX, DX
	JZ   done

row:
	MOVQ n+128(FP), CX
	MOVQ R12, BX
	MOVQ R13, SI
	MOVQ R14, DI
	MOVQ b_base+72(FP), R8

loop:
	CMPQ CX, $16
	JLT  tail
	RESET_AFTER16(K2)
	ADDQ $64, BX
	ADDQ $64, SI
	ADDQ $64, DI
	ADDQ $64, R8
	SUBQ $16, CX
	JMP  loop

tail:
	TESTQ CX, CX
	JZ    nextrow
	RESET_AFTER16(K1)

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

// Sixteen units of reset_after=false's first half at byte offset AX under mask k: x and u at the
// z section R13, R14 and the r section SI, DI; z to R10, rh to R11, h at R12.
#define ZR16(k) \
	VMOVUPS.Z (R13)(AX*1), k, Z0     \
	VMOVUPS.Z (R14)(AX*1), k, Z1     \
	VADDPS    Z1, Z0, Z0             \
	VMOVUPS.Z (SI)(AX*1), k, Z3      \
	VMOVUPS.Z (DI)(AX*1), k, Z4      \
	VADDPS    Z4, Z3, Z3             \
	SIGMOID512(Z0, Z1, Z2, Z31, Z30) \
	SIGMOID512(Z3, Z4, Z5, Z31, Z30) \
	VMOVUPS   Z0, k, (R10)(AX*1)     \
	VMOVUPS.Z (R12)(AX*1), k, Z4     \
	VMULPS    Z4, Z3, Z3             \
	VMOVUPS   Z3, k, (R11)(AX*1)

// func GRUGatesZRAVX512(z, rh, h, x, u []float32, rows, ldx, ldu, units, n int)
TEXT ·GRUGatesZRAVX512(SB), NOSPLIT, $0-160
	TAIL_MASKS(152)
	MOVQ z_base+0(FP), R10
	MOVQ rh_base+24(FP), R11
	MOVQ h_base+48(FP), R12
	MOVQ x_base+72(FP), R13
	MOVQ u_base+96(FP), R14
	MOVQ units+144(FP), R9
	SHLQ $2, R9
	VBROADCASTSS ·exp512Hi(SB), Z31
	VBROADCASTSS ·exp512Lo(SB), Z30
	MOVQ rows+120(FP), DX
	TESTQ DX, DX
	JZ   done

row:
	MOVQ n+152(FP), CX
	XORQ AX, AX                  // AX: the offset along the row
	LEAQ (R13)(R9*1), SI         // SI, DI: x and u at the r section
	LEAQ (R14)(R9*1), DI

loop:
	CMPQ CX, $16
	JLT  tail
	ZR16(K2)
	ADDQ $64, AX
	SUBQ $16, CX
	JMP  loop

tail:
	TESTQ CX, CX
	JZ    nextrow
	ZR16(K1)

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

// Sixteen units of reset_after=false's second half at byte offset AX under mask k: x at R13, cu
// at R14, z at R10, h at R12; h = c + z·(h - c) with c = tanh(x + cu).
#define H16(k) \
	VMOVUPS.Z   (R13)(AX*1), k, Z0    \
	VMOVUPS.Z   (R14)(AX*1), k, Z1    \
	VADDPS      Z1, Z0, Z0            \
	TANH512(Z0, Z1, Z2, Z3, Z31, Z30) \
	VMOVUPS.Z   (R12)(AX*1), k, Z1    \
	VSUBPS      Z0, Z1, Z1            \
	VMOVUPS.Z   (R10)(AX*1), k, Z2    \
	VFMADD231PS Z2, Z1, Z0            \
	VMOVUPS     Z0, k, (R12)(AX*1)

// func GRUGatesHAVX512(h, z, x, cu []float32, rows, ldx, units, n int)
TEXT ·GRUGatesHAVX512(SB), NOSPLIT, $0-128
	TAIL_MASKS(120)
	MOVQ h_base+0(FP), R12
	MOVQ z_base+24(FP), R10
	MOVQ x_base+48(FP), R13
	MOVQ cu_base+72(FP), R14
	MOVQ units+112(FP), R9
	SHLQ $2, R9
	VBROADCASTSS ·exp512Hi(SB), Z31
	VBROADCASTSS ·exp512Lo(SB), Z30
	MOVQ rows+96(FP), DX
	TESTQ DX, DX
	JZ   done

row:
	MOVQ n+120(FP), CX
	XORQ AX, AX

loop:
	CMPQ CX, $16
	JLT  tail
	H16(K2)
	ADDQ $64, AX
	SUBQ $16, CX
	JMP  loop

tail:
	TESTQ CX, CX
	JZ    nextrow
	H16(K1)

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
