//go:build amd64 && !purego && !noasm

#include "textflag.h"
#include "exp_avx512.h"

// The frame: each row's state (for the products' broadcasts), each row's r⊙h, where the states
// go when no output is wanted, and n-1.
#define HBUF 0
#define RHBUF 256
#define NOOUT 512
#define NPAIR 576 // n-1: k below it starts a pair of k steps

// p = base + min(b, rows-1)·stride for b = 1, 2, 3 from p0 = base: rows past rows repeat the last.
#define ROWPTRS(p0, p1, p2, p3, stride, rows) \
	LEAQ    (p0)(stride*1), p1 \
	CMPQ    rows, $2           \
	CMOVQLT p0, p1             \
	LEAQ    (p1)(stride*1), p2 \
	CMPQ    rows, $3           \
	CMOVQLT p1, p2             \
	LEAQ    (p2)(stride*1), p3 \
	CMPQ    rows, $4           \
	CMOVQLT p2, p3

// Rows 0-3 of the products' accumulation for one k step: U's row at DI, the broadcast entries
// at off(SP)(DX*4) for row b at off+64b.
#define FMA4(off, u, a0, a1, a2, a3) \
	VFMADD231PS.BCST off(SP)(DX*4), u, a0    \
	VFMADD231PS.BCST off+64(SP)(DX*4), u, a1 \
	VFMADD231PS.BCST off+128(SP)(DX*4), u, a2 \
	VFMADD231PS.BCST off+192(SP)(DX*4), u, a3

// func GRUSeq16AVX512(rows, steps, n int, x []float32, ldx, xstep int, u, h, out []float32, ldo, ostep int)
// Registers: R8-R11 the rows' x_t, R12-R15 their outputs, AX n·4 (a section of x or U), BX and
// SI the steps of x and out in bytes, CX the steps left, DX k, DI U's row k. Z0-Z3 the states,
// Z4-Z7 z, Z8-Z11 r then the candidate, Z12-Z13 U's row, K1 the lanes below n.
TEXT ·GRUSeq16AVX512(SB), $584-152
	MOVQ  n+16(FP), AX
	MOVL  $-1, DX
	BZHIL AX, DX, DX
	KMOVW DX, K1
	SHLQ  $2, AX
	MOVQ  rows+0(FP), CX
	MOVQ  n+16(FP), DX
	DECQ  DX
	MOVQ  DX, NPAIR(SP)

	MOVQ x_base+24(FP), R8
	MOVQ ldx+48(FP), DX
	SHLQ $2, DX
	ROWPTRS(R8, R9, R10, R11, DX, CX)
	MOVQ xstep+56(FP), BX
	SHLQ $2, BX

	// The initial states, into Z0-Z3 and the frame.
	MOVQ      h_base+88(FP), R12
	ROWPTRS(R12, R13, R14, R15, AX, CX)
	VMOVUPS.Z (R12), K1, Z0
	VMOVUPS.Z (R13), K1, Z1
	VMOVUPS.Z (R14), K1, Z2
	VMOVUPS.Z (R15), K1, Z3

	MOVQ  out_base+112(FP), R12
	MOVQ  ostep+144(FP), SI
	SHLQ  $2, SI
	MOVQ  ldo+136(FP), DX
	SHLQ  $2, DX
	CMPQ  out_len+120(FP), $0
	JNE   outrows
	LEAQ  NOOUT(SP), R12 // no output: every row's state to the frame, at every step
	XORL  SI, SI
	XORL  DX, DX

outrows:
	ROWPTRS(R12, R13, R14, R15, DX, CX)
	VMOVUPS   Z0, HBUF(SP)
	VMOVUPS   Z1, HBUF+64(SP)
	VMOVUPS   Z2, HBUF+128(SP)
	VMOVUPS   Z3, HBUF+192(SP)

	VBROADCASTSS ·exp512Hi(SB), Z30
	VBROADCASTSS ·exp512Lo(SB), Z31
	MOVQ         steps+8(FP), CX

step:
	// z and r: x_z and x_r, then h·U_z and h·U_r.
	VMOVUPS.Z (R8), K1, Z4
	VMOVUPS.Z (R9), K1, Z5
	VMOVUPS.Z (R10), K1, Z6
	VMOVUPS.Z (R11), K1, Z7
	VMOVUPS.Z (R8)(AX*1), K1, Z8
	VMOVUPS.Z (R9)(AX*1), K1, Z9
	VMOVUPS.Z (R10)(AX*1), K1, Z10
	VMOVUPS.Z (R11)(AX*1), K1, Z11
	// Two sums for each, over the even and the odd k, so that each chain of FMAs is half as long.
	VPXORD    Z12, Z12, Z12
	VPXORD    Z13, Z13, Z13
	VPXORD    Z14, Z14, Z14
	VPXORD    Z15, Z15, Z15
	VPXORD    Z16, Z16, Z16
	VPXORD    Z17, Z17, Z17
	VPXORD    Z18, Z18, Z18
	VPXORD    Z19, Z19, Z19
	MOVQ      u_base+64(FP), DI
	XORL      DX, DX
	JMP       kzrtest

kzr:
	VMOVUPS.Z (DI), K1, Z20
	VMOVUPS.Z (DI)(AX*1), K1, Z21
	LEAQ      (DI)(AX*2), DI
	ADDQ      AX, DI
	VMOVUPS.Z (DI), K1, Z22
	VMOVUPS.Z (DI)(AX*1), K1, Z23
	LEAQ      (DI)(AX*2), DI
	ADDQ      AX, DI
	FMA4(HBUF, Z20, Z4, Z5, Z6, Z7)
	FMA4(HBUF, Z21, Z8, Z9, Z10, Z11)
	FMA4(HBUF+4, Z22, Z12, Z13, Z14, Z15)
	FMA4(HBUF+4, Z23, Z16, Z17, Z18, Z19)
	ADDQ      $2, DX

kzrtest:
	CMPQ      DX, NPAIR(SP)
	JLT       kzr
	CMPQ      DX, n+16(FP)
	JEQ       kzrsum
	VMOVUPS.Z (DI), K1, Z20
	VMOVUPS.Z (DI)(AX*1), K1, Z21
	FMA4(HBUF, Z20, Z4, Z5, Z6, Z7)
	FMA4(HBUF, Z21, Z8, Z9, Z10, Z11)

kzrsum:
	VADDPS    Z12, Z4, Z4
	VADDPS    Z13, Z5, Z5
	VADDPS    Z14, Z6, Z6
	VADDPS    Z15, Z7, Z7
	VADDPS    Z16, Z8, Z8
	VADDPS    Z17, Z9, Z9
	VADDPS    Z18, Z10, Z10
	VADDPS    Z19, Z11, Z11

	SIGMOID512(Z4, Z14, Z15, Z30, Z31)
	SIGMOID512(Z5, Z16, Z17, Z30, Z31)
	SIGMOID512(Z6, Z18, Z19, Z30, Z31)
	SIGMOID512(Z7, Z20, Z21, Z30, Z31)
	SIGMOID512(Z8, Z14, Z15, Z30, Z31)
	SIGMOID512(Z9, Z16, Z17, Z30, Z31)
	SIGMOID512(Z10, Z18, Z19, Z30, Z31)
	SIGMOID512(Z11, Z20, Z21, Z30, Z31)
	VMULPS    Z0, Z8, Z8
	VMULPS    Z1, Z9, Z9
	VMULPS    Z2, Z10, Z10
	VMULPS    Z3, Z11, Z11
	VMOVUPS   Z8, RHBUF(SP)
	VMOVUPS   Z9, RHBUF+64(SP)
	VMOVUPS   Z10, RHBUF+128(SP)
	VMOVUPS   Z11, RHBUF+192(SP)

	// The candidate: x_h, then (r⊙h)·U_h.
	VMOVUPS.Z (R8)(AX*2), K1, Z8
	VMOVUPS.Z (R9)(AX*2), K1, Z9
	VMOVUPS.Z (R10)(AX*2), K1, Z10
	VMOVUPS.Z (R11)(AX*2), K1, Z11
	VPXORD    Z12, Z12, Z12
	VPXORD    Z13, Z13, Z13
	VPXORD    Z14, Z14, Z14
	VPXORD    Z15, Z15, Z15
	MOVQ      u_base+64(FP), DI
	LEAQ      (DI)(AX*2), DI
	XORL      DX, DX
	JMP       khtest

kh:
	VMOVUPS.Z (DI), K1, Z20
	LEAQ      (DI)(AX*2), DI
	ADDQ      AX, DI
	VMOVUPS.Z (DI), K1, Z21
	LEAQ      (DI)(AX*2), DI
	ADDQ      AX, DI
	FMA4(RHBUF, Z20, Z8, Z9, Z10, Z11)
	FMA4(RHBUF+4, Z21, Z12, Z13, Z14, Z15)
	ADDQ      $2, DX

khtest:
	CMPQ      DX, NPAIR(SP)
	JLT       kh
	CMPQ      DX, n+16(FP)
	JEQ       khsum
	VMOVUPS.Z (DI), K1, Z20
	FMA4(RHBUF, Z20, Z8, Z9, Z10, Z11)

khsum:
	VADDPS    Z12, Z8, Z8
	VADDPS    Z13, Z9, Z9
	VADDPS    Z14, Z10, Z10
	VADDPS    Z15, Z11, Z11

	TANH512(Z8, Z14, Z15, Z22, Z30, Z31)
	TANH512(Z9, Z16, Z17, Z23, Z30, Z31)
	TANH512(Z10, Z18, Z19, Z24, Z30, Z31)
	TANH512(Z11, Z20, Z21, Z25, Z30, Z31)

	// h = c + z·(h − c), kept, stored for the next step's products and to the output.
	VSUBPS      Z8, Z0, Z0
	VSUBPS      Z9, Z1, Z1
	VSUBPS      Z10, Z2, Z2
	VSUBPS      Z11, Z3, Z3
	VFMADD213PS Z8, Z4, Z0
	VFMADD213PS Z9, Z5, Z1
	VFMADD213PS Z10, Z6, Z2
	VFMADD213PS Z11, Z7, Z3
	VMOVUPS     Z0, HBUF(SP)
	VMOVUPS     Z1, HBUF+64(SP)
	VMOVUPS     Z2, HBUF+128(SP)
	VMOVUPS     Z3, HBUF+192(SP)
	VMOVUPS     Z0, K1, (R12)
	VMOVUPS     Z1, K1, (R13)
	VMOVUPS     Z2, K1, (R14)
	VMOVUPS     Z3, K1, (R15)
	ADDQ        BX, R8
	ADDQ        BX, R9
	ADDQ        BX, R10
	ADDQ        BX, R11
	ADDQ        SI, R12
	ADDQ        SI, R13
	ADDQ        SI, R14
	ADDQ        SI, R15
	DECQ        CX
	JNZ         step

	// The final states back into h.
	MOVQ    rows+0(FP), CX
	MOVQ    h_base+88(FP), DI
	ROWPTRS(DI, DX, R13, R14, AX, CX)
	VMOVUPS Z3, K1, (R14)
	VMOVUPS Z2, K1, (R13)
	VMOVUPS Z1, K1, (DX)
	VMOVUPS Z0, K1, (DI)
	VZEROUPPER
	RET
