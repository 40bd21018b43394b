//go:build amd64 && !purego && !noasm

#include "textflag.h"
#include "exp_avx512.h"

// The frame: each row's state (for the products' broadcasts), each row's r⊙h, where the states
// go when no output is wanted, n-1, in·4 and row 3's output.
#define HBUF 0
#define RHBUF 256
#define NOOUT 512
#define NPAIR 576 // n-1: k below it starts a pair of k steps
#define XBYTES 584 // in·4: the bytes of x_t
#define OUT3 592   // row 3's output: R15 would be lost to the exp's constants where a program
                   // is linked dynamically, as its globals are reached through R15

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

// Rows 0-3 of a product's accumulation for one k step: the row of U (or W) in u, the broadcast
// entries of h (or r⊙h) at off(SP)(DX*4) for row b at off+64b.
#define FMA4(off, u, a0, a1, a2, a3) \
	VFMADD231PS.BCST off(SP)(DX*4), u, a0     \
	VFMADD231PS.BCST off+64(SP)(DX*4), u, a1  \
	VFMADD231PS.BCST off+128(SP)(DX*4), u, a2 \
	VFMADD231PS.BCST off+192(SP)(DX*4), u, a3

// The same with the entries of the rows' inputs x_t, at R8-R11 (moved on through x_t rather than
// indexed, so that each FMA's load stays fused with it).
#define XFMA4(u, a0, a1, a2, a3) \
	VFMADD231PS.BCST (R8), u, a0  \
	VFMADD231PS.BCST (R9), u, a1  \
	VFMADD231PS.BCST (R10), u, a2 \
	VFMADD231PS.BCST (R11), u, a3

// A row of U (or W) at DI, sections z, r, h AX bytes apart, moved on to the next row.
#define NEXTROW \
	LEAQ (DI)(AX*2), DI \
	ADDQ AX, DI

// func GRUSeq16AVX512(rows, steps, n, in int, x []float32, ldx, xstep int, w, bias, u, h, out []float32, ldo, ostep int)
// Registers: R8-R11 the rows' x_t, R12-R14 their outputs (row 3's in the frame), AX n·4 (a section of W or U), BX and
// SI the steps of x and out in bytes, CX the steps left, DX i or k, DI W's or U's row. Z0-Z3 the
// states, Z4-Z7 z, Z8-Z11 r, Z12-Z15 the candidate, Z16-Z23 the sums of odd k then scratch,
// Z24-Z27 rows of W or U, K1 the lanes below n.
TEXT ·GRUSeq16AVX512(SB), $600-208
	MOVQ  n+16(FP), AX
	MOVL  $-1, DX
	BZHIL AX, DX, DX
	KMOVW DX, K1
	MOVQ  n+16(FP), DX
	DECQ  DX
	MOVQ  DX, NPAIR(SP)
	MOVQ  in+24(FP), DX
	SHLQ  $2, DX
	MOVQ  DX, XBYTES(SP)
	SHLQ  $2, AX
	MOVQ  rows+0(FP), CX

	MOVQ x_base+32(FP), R8
	MOVQ ldx+56(FP), DX
	SHLQ $2, DX
	ROWPTRS(R8, R9, R10, R11, DX, CX)
	MOVQ xstep+64(FP), BX
	SHLQ $2, BX

	// The initial states, into Z0-Z3 and the frame.
	MOVQ      h_base+144(FP), R12
	ROWPTRS(R12, R13, R14, R15, AX, CX)
	VMOVUPS.Z (R12), K1, Z0
	VMOVUPS.Z (R13), K1, Z1
	VMOVUPS.Z (R14), K1, Z2
	VMOVUPS.Z (R15), K1, Z3
	VMOVUPS   Z0, HBUF(SP)
	VMOVUPS   Z1, HBUF+64(SP)
	VMOVUPS   Z2, HBUF+128(SP)
	VMOVUPS   Z3, HBUF+192(SP)

	MOVQ out_base+168(FP), R12
	MOVQ ostep+200(FP), SI
	SHLQ $2, SI
	MOVQ ldo+192(FP), DX
	SHLQ $2, DX
	CMPQ out_len+176(FP), $0
	JNE  outrows
	LEAQ NOOUT(SP), R12 // no output: every row's state to the frame, at every step
	XORL SI, SI
	XORL DX, DX

outrows:
	ROWPTRS(R12, R13, R14, R15, DX, CX)
	MOVQ         R15, OUT3(SP)
	VBROADCASTSS ·exp512Hi(SB), Z30
	VBROADCASTSS ·exp512Lo(SB), Z31
	MOVQ         steps+8(FP), CX

step:
	// The input projection x_t·W + b of every gate, which does not wait for the state: the FMAs
	// fill the time the last step's chain leaves.
	MOVQ      bias_base+96(FP), DI
	VMOVUPS.Z (DI), K1, Z4
	VMOVUPS.Z (DI)(AX*1), K1, Z8
	VMOVUPS.Z (DI)(AX*2), K1, Z12
	VMOVAPS   Z4, Z5
	VMOVAPS   Z4, Z6
	VMOVAPS   Z4, Z7
	VMOVAPS   Z8, Z9
	VMOVAPS   Z8, Z10
	VMOVAPS   Z8, Z11
	VMOVAPS   Z12, Z13
	VMOVAPS   Z12, Z14
	VMOVAPS   Z12, Z15
	MOVQ      w_base+72(FP), DI
	XORL      DX, DX
	CMPQ      in+24(FP), $0
	JEQ       xdone

xin:
	VMOVUPS.Z (DI), K1, Z24
	VMOVUPS.Z (DI)(AX*1), K1, Z25
	VMOVUPS.Z (DI)(AX*2), K1, Z26
	NEXTROW
	XFMA4(Z24, Z4, Z5, Z6, Z7)
	XFMA4(Z25, Z8, Z9, Z10, Z11)
	XFMA4(Z26, Z12, Z13, Z14, Z15)
	ADDQ      $4, R8
	ADDQ      $4, R9
	ADDQ      $4, R10
	ADDQ      $4, R11
	INCQ      DX
	CMPQ      DX, in+24(FP)
	JLT       xin
	SUBQ      XBYTES(SP), R8
	SUBQ      XBYTES(SP), R9
	SUBQ      XBYTES(SP), R10
	SUBQ      XBYTES(SP), R11

xdone:
	// h·U_z and h·U_r, two sums for each, over the even and the odd k, so that each chain of
	// FMAs is half as long.
	VPXORD    Z16, Z16, Z16
	VPXORD    Z17, Z17, Z17
	VPXORD    Z18, Z18, Z18
	VPXORD    Z19, Z19, Z19
	VPXORD    Z20, Z20, Z20
	VPXORD    Z21, Z21, Z21
	VPXORD    Z22, Z22, Z22
	VPXORD    Z23, Z23, Z23
	MOVQ      u_base+120(FP), DI
	XORL      DX, DX
	JMP       kzrtest

kzr:
	VMOVUPS.Z (DI), K1, Z24
	VMOVUPS.Z (DI)(AX*1), K1, Z25
	NEXTROW
	VMOVUPS.Z (DI), K1, Z26
	VMOVUPS.Z (DI)(AX*1), K1, Z27
	NEXTROW
	FMA4(HBUF, Z24, Z4, Z5, Z6, Z7)
	FMA4(HBUF, Z25, Z8, Z9, Z10, Z11)
	FMA4(HBUF+4, Z26, Z16, Z17, Z18, Z19)
	FMA4(HBUF+4, Z27, Z20, Z21, Z22, Z23)
	ADDQ      $2, DX

kzrtest:
	CMPQ      DX, NPAIR(SP)
	JLT       kzr
	CMPQ      DX, n+16(FP)
	JEQ       kzrsum
	VMOVUPS.Z (DI), K1, Z24
	VMOVUPS.Z (DI)(AX*1), K1, Z25
	FMA4(HBUF, Z24, Z4, Z5, Z6, Z7)
	FMA4(HBUF, Z25, Z8, Z9, Z10, Z11)

kzrsum:
	VADDPS  Z16, Z4, Z4
	VADDPS  Z17, Z5, Z5
	VADDPS  Z18, Z6, Z6
	VADDPS  Z19, Z7, Z7
	VADDPS  Z20, Z8, Z8
	VADDPS  Z21, Z9, Z9
	VADDPS  Z22, Z10, Z10
	VADDPS  Z23, Z11, Z11
	SIGMOID512(Z8, Z16, Z17, Z30, Z31)
	SIGMOID512(Z9, Z18, Z19, Z30, Z31)
	SIGMOID512(Z10, Z20, Z21, Z30, Z31)
	SIGMOID512(Z11, Z22, Z23, Z30, Z31)
	VMULPS  Z0, Z8, Z8
	VMULPS  Z1, Z9, Z9
	VMULPS  Z2, Z10, Z10
	VMULPS  Z3, Z11, Z11
	VMOVUPS Z8, RHBUF(SP)
	VMOVUPS Z9, RHBUF+64(SP)
	VMOVUPS Z10, RHBUF+128(SP)
	VMOVUPS Z11, RHBUF+192(SP)
	SIGMOID512(Z4, Z16, Z17, Z30, Z31)
	SIGMOID512(Z5, Z18, Z19, Z30, Z31)
	SIGMOID512(Z6, Z20, Z21, Z30, Z31)
	SIGMOID512(Z7, Z22, Z23, Z30, Z31)

	// The candidate: (r⊙h)·U_h onto x_h·W_h + b_h, even k into Z12-Z15, odd into Z16-Z19.
	VPXORD    Z16, Z16, Z16
	VPXORD    Z17, Z17, Z17
	VPXORD    Z18, Z18, Z18
	VPXORD    Z19, Z19, Z19
	MOVQ      u_base+120(FP), DI
	LEAQ      (DI)(AX*2), DI
	XORL      DX, DX
	JMP       khtest

kh:
	VMOVUPS.Z (DI), K1, Z24
	NEXTROW
	VMOVUPS.Z (DI), K1, Z25
	NEXTROW
	FMA4(RHBUF, Z24, Z12, Z13, Z14, Z15)
	FMA4(RHBUF+4, Z25, Z16, Z17, Z18, Z19)
	ADDQ      $2, DX

khtest:
	CMPQ      DX, NPAIR(SP)
	JLT       kh
	CMPQ      DX, n+16(FP)
	JEQ       khsum
	VMOVUPS.Z (DI), K1, Z24
	FMA4(RHBUF, Z24, Z12, Z13, Z14, Z15)

khsum:
	VADDPS Z16, Z12, Z12
	VADDPS Z17, Z13, Z13
	VADDPS Z18, Z14, Z14
	VADDPS Z19, Z15, Z15
	TANH512(Z12, Z16, Z17, Z8, Z30, Z31)
	TANH512(Z13, Z18, Z19, Z9, Z30, Z31)
	TANH512(Z14, Z20, Z21, Z10, Z30, Z31)
	TANH512(Z15, Z22, Z23, Z11, Z30, Z31)

	// h = c + z·(h − c), kept, stored for the next step's products and to the output.
	VSUBPS      Z12, Z0, Z0
	VSUBPS      Z13, Z1, Z1
	VSUBPS      Z14, Z2, Z2
	VSUBPS      Z15, Z3, Z3
	VFMADD213PS Z12, Z4, Z0
	VFMADD213PS Z13, Z5, Z1
	VFMADD213PS Z14, Z6, Z2
	VFMADD213PS Z15, Z7, Z3
	VMOVUPS     Z0, HBUF(SP)
	VMOVUPS     Z1, HBUF+64(SP)
	VMOVUPS     Z2, HBUF+128(SP)
	VMOVUPS     Z3, HBUF+192(SP)
	VMOVUPS     Z0, K1, (R12)
	VMOVUPS     Z1, K1, (R13)
	VMOVUPS     Z2, K1, (R14)
	MOVQ        OUT3(SP), DI
	VMOVUPS     Z3, K1, (DI)
	ADDQ        BX, R8
	ADDQ        BX, R9
	ADDQ        BX, R10
	ADDQ        BX, R11
	ADDQ        SI, R12
	ADDQ        SI, R13
	ADDQ        SI, R14
	ADDQ        SI, OUT3(SP)
	DECQ        CX
	JNZ         step

	// The final states back into h.
	MOVQ    rows+0(FP), CX
	MOVQ    h_base+144(FP), DI
	ROWPTRS(DI, DX, R13, R14, AX, CX)
	VMOVUPS Z3, K1, (R14)
	VMOVUPS Z2, K1, (R13)
	VMOVUPS Z1, K1, (DX)
	VMOVUPS Z0, K1, (DI)
	VZEROUPPER
	RET
