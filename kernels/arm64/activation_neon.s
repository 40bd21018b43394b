//go:build arm64 && !purego && !noasm

#include "textflag.h"
#include "const_neon.h"

// Scalar constants, broadcast into V16-V30 by the kernels: those of exp_avx2.h.
DATA ·neonConst+0(SB)/4, $0x3fb8aa3b // log2e
DATA ·neonConst+4(SB)/4, $0x3f318000 // ln2Hi
DATA ·neonConst+8(SB)/4, $0xb95e8083 // ln2Lo
DATA ·neonConst+12(SB)/4, $0x3f800001 // c0
DATA ·neonConst+16(SB)/4, $0x3f7ffffb // c1
DATA ·neonConst+20(SB)/4, $0x3efffe8d // c2
DATA ·neonConst+24(SB)/4, $0x3e2aad0c // c3
DATA ·neonConst+28(SB)/4, $0x3d2baf77 // c4
DATA ·neonConst+32(SB)/4, $0x3c07f2e3 // c5
DATA ·neonConst+36(SB)/4, $0x4b40007f // round127
DATA ·neonConst+40(SB)/4, $0x4b400000 // round0
DATA ·neonConst+44(SB)/4, $0x42b00000 // expHi
DATA ·neonConst+48(SB)/4, $0xc2aeac50 // expLo
DATA ·neonConst+52(SB)/4, $0x42b20000 // wideHi
DATA ·neonConst+56(SB)/4, $0xc2d00000 // wideLo
DATA ·neonConst+60(SB)/4, $0x3f800000 // one
DATA ·neonConst+64(SB)/4, $0x80000000 // signBit
DATA ·neonConst+68(SB)/4, $0xc0000000 // minusTwo
DATA ·neonConst+72(SB)/4, $0x0000007f // bias127
DATA ·neonConst+76(SB)/4, $0xff800000 // negInf
GLOBL ·neonConst(SB), RODATA|NOPTR, $80

// func ActivateRowsNEON(x []float32, rows, cols, ld, fn int)
// Eight floats at a time as two independent halves, interleaved, so that one half's long chain
// of dependent steps overlaps the other's.
TEXT ·ActivateRowsNEON(SB), NOSPLIT, $0-56
	MOVD x_base+0(FP), R0
	MOVD rows+24(FP), R1
	MOVD cols+32(FP), R2
	MOVD ld+40(FP), R3
	LSL  $2, R3, R3
	MOVD fn+48(FP), R4
	CBZ  R4, exp
	LOAD_GATE_CONSTS
	CMP  $1, R4
	BEQ  sigmoidrow

tanhrow:
	MOVD R0, R5
	MOVD R2, R6

tanhloop:
	VLD1 (R5), [V0.S4, V1.S4]
	VAND V29.B16, V0.B16, V5.B16
	VAND V29.B16, V1.B16, V9.B16
	VEOR V5.B16, V0.B16, V0.B16
	VEOR V9.B16, V1.B16, V1.B16
	WORD $0x6e3edc00 // fmul v0.4s, v0.4s, v30.4s
	WORD $0x6e3edc21 // fmul v1.4s, v1.4s, v30.4s
	WORD $0x4ebaf400 // fmin v0.4s, v0.4s, v26.4s
	WORD $0x4ebaf421 // fmin v1.4s, v1.4s, v26.4s
	WORD $0x4e3bf400 // fmax v0.4s, v0.4s, v27.4s
	WORD $0x4e3bf421 // fmax v1.4s, v1.4s, v27.4s
	VORR V25.B16, V25.B16, V2.B16
	VORR V25.B16, V25.B16, V6.B16
	VFMLA V16.S4, V0.S4, V2.S4
	VFMLA V16.S4, V1.S4, V6.S4
	WORD $0x4eb9d443 // fsub v3.4s, v2.4s, v25.4s
	WORD $0x4eb9d4c7 // fsub v7.4s, v6.4s, v25.4s
	VFMLS V17.S4, V3.S4, V0.S4
	VFMLS V17.S4, V7.S4, V1.S4
	VFMLS V18.S4, V3.S4, V0.S4
	VFMLS V18.S4, V7.S4, V1.S4
	VORR V24.B16, V24.B16, V3.B16
	VORR V24.B16, V24.B16, V7.B16
	VORR V23.B16, V23.B16, V4.B16
	VORR V23.B16, V23.B16, V8.B16
	VFMLA V3.S4, V0.S4, V4.S4
	VFMLA V7.S4, V1.S4, V8.S4
	VORR V22.B16, V22.B16, V3.B16
	VORR V22.B16, V22.B16, V7.B16
	VFMLA V4.S4, V0.S4, V3.S4
	VFMLA V8.S4, V1.S4, V7.S4
	VORR V21.B16, V21.B16, V4.B16
	VORR V21.B16, V21.B16, V8.B16
	VFMLA V3.S4, V0.S4, V4.S4
	VFMLA V7.S4, V1.S4, V8.S4
	VORR V20.B16, V20.B16, V3.B16
	VORR V20.B16, V20.B16, V7.B16
	VFMLA V4.S4, V0.S4, V3.S4
	VFMLA V8.S4, V1.S4, V7.S4
	VORR V19.B16, V19.B16, V4.B16
	VORR V19.B16, V19.B16, V8.B16
	VFMLA V3.S4, V0.S4, V4.S4
	VFMLA V7.S4, V1.S4, V8.S4
	VSHL $23, V2.S4, V2.S4
	VSHL $23, V6.S4, V6.S4
	WORD $0x6e22dc80 // fmul v0.4s, v4.4s, v2.4s
	WORD $0x6e26dd01 // fmul v1.4s, v8.4s, v6.4s
	WORD $0x4ea0d783 // fsub v3.4s, v28.4s, v0.4s
	WORD $0x4ea1d787 // fsub v7.4s, v28.4s, v1.4s
	WORD $0x4e3cd400 // fadd v0.4s, v0.4s, v28.4s
	WORD $0x4e3cd421 // fadd v1.4s, v1.4s, v28.4s
	WORD $0x6e20fc60 // fdiv v0.4s, v3.4s, v0.4s
	WORD $0x6e21fce1 // fdiv v1.4s, v7.4s, v1.4s
	VORR V5.B16, V0.B16, V0.B16
	VORR V9.B16, V1.B16, V1.B16
	VST1.P [V0.S4, V1.S4], 32(R5)
	SUBS $8, R6, R6
	BNE  tanhloop
	ADD  R3, R0, R0
	SUBS $1, R1, R1
	BNE  tanhrow
	RET

sigmoidrow:
	MOVD R0, R5
	MOVD R2, R6

sigmoidloop:
	VLD1 (R5), [V0.S4, V1.S4]
	VEOR V29.B16, V0.B16, V0.B16
	VEOR V29.B16, V1.B16, V1.B16
	WORD $0x4ebaf400 // fmin v0.4s, v0.4s, v26.4s
	WORD $0x4ebaf421 // fmin v1.4s, v1.4s, v26.4s
	WORD $0x4e3bf400 // fmax v0.4s, v0.4s, v27.4s
	WORD $0x4e3bf421 // fmax v1.4s, v1.4s, v27.4s
	VORR V25.B16, V25.B16, V2.B16
	VORR V25.B16, V25.B16, V6.B16
	VFMLA V16.S4, V0.S4, V2.S4
	VFMLA V16.S4, V1.S4, V6.S4
	WORD $0x4eb9d443 // fsub v3.4s, v2.4s, v25.4s
	WORD $0x4eb9d4c7 // fsub v7.4s, v6.4s, v25.4s
	VFMLS V17.S4, V3.S4, V0.S4
	VFMLS V17.S4, V7.S4, V1.S4
	VFMLS V18.S4, V3.S4, V0.S4
	VFMLS V18.S4, V7.S4, V1.S4
	VORR V24.B16, V24.B16, V3.B16
	VORR V24.B16, V24.B16, V7.B16
	VORR V23.B16, V23.B16, V4.B16
	VORR V23.B16, V23.B16, V8.B16
	VFMLA V3.S4, V0.S4, V4.S4
	VFMLA V7.S4, V1.S4, V8.S4
	VORR V22.B16, V22.B16, V3.B16
	VORR V22.B16, V22.B16, V7.B16
	VFMLA V4.S4, V0.S4, V3.S4
	VFMLA V8.S4, V1.S4, V7.S4
	VORR V21.B16, V21.B16, V4.B16
	VORR V21.B16, V21.B16, V8.B16
	VFMLA V3.S4, V0.S4, V4.S4
	VFMLA V7.S4, V1.S4, V8.S4
	VORR V20.B16, V20.B16, V3.B16
	VORR V20.B16, V20.B16, V7.B16
	VFMLA V4.S4, V0.S4, V3.S4
	VFMLA V8.S4, V1.S4, V7.S4
	VORR V19.B16, V19.B16, V4.B16
	VORR V19.B16, V19.B16, V8.B16
	VFMLA V3.S4, V0.S4, V4.S4
	VFMLA V7.S4, V1.S4, V8.S4
	VSHL $23, V2.S4, V2.S4
	VSHL $23, V6.S4, V6.S4
	WORD $0x6e22dc80 // fmul v0.4s, v4.4s, v2.4s
	WORD $0x6e26dd01 // fmul v1.4s, v8.4s, v6.4s
	WORD $0x4e3cd400 // fadd v0.4s, v0.4s, v28.4s
	WORD $0x4e3cd421 // fadd v1.4s, v1.4s, v28.4s
	WORD $0x6e20ff80 // fdiv v0.4s, v28.4s, v0.4s
	WORD $0x6e21ff81 // fdiv v1.4s, v28.4s, v1.4s
	VST1.P [V0.S4, V1.S4], 32(R5)
	SUBS $8, R6, R6
	BNE  sigmoidloop
	ADD  R3, R0, R0
	SUBS $1, R1, R1
	BNE  sigmoidrow
	RET

exp:
	LOAD_EXP_CONSTS

exprow:
	MOVD R0, R5
	MOVD R2, R6

exploop:
	VLD1 (R5), [V0.S4, V1.S4]
	WORD $0x4ebaf400 // fmin v0.4s, v0.4s, v26.4s
	WORD $0x4ebaf421 // fmin v1.4s, v1.4s, v26.4s
	WORD $0x4e3bf400 // fmax v0.4s, v0.4s, v27.4s
	WORD $0x4e3bf421 // fmax v1.4s, v1.4s, v27.4s
	VORR V25.B16, V25.B16, V2.B16
	VORR V25.B16, V25.B16, V6.B16
	VFMLA V16.S4, V0.S4, V2.S4
	VFMLA V16.S4, V1.S4, V6.S4
	WORD $0x4eb9d443 // fsub v3.4s, v2.4s, v25.4s
	WORD $0x4eb9d4c7 // fsub v7.4s, v6.4s, v25.4s
	VFMLS V17.S4, V3.S4, V0.S4
	VFMLS V17.S4, V7.S4, V1.S4
	VFMLS V18.S4, V3.S4, V0.S4
	VFMLS V18.S4, V7.S4, V1.S4
	VORR V24.B16, V24.B16, V3.B16
	VORR V24.B16, V24.B16, V7.B16
	VORR V23.B16, V23.B16, V4.B16
	VORR V23.B16, V23.B16, V8.B16
	VFMLA V3.S4, V0.S4, V4.S4
	VFMLA V7.S4, V1.S4, V8.S4
	VORR V22.B16, V22.B16, V3.B16
	VORR V22.B16, V22.B16, V7.B16
	VFMLA V4.S4, V0.S4, V3.S4
	VFMLA V8.S4, V1.S4, V7.S4
	VORR V21.B16, V21.B16, V4.B16
	VORR V21.B16, V21.B16, V8.B16
	VFMLA V3.S4, V0.S4, V4.S4
	VFMLA V7.S4, V1.S4, V8.S4
	VORR V20.B16, V20.B16, V3.B16
	VORR V20.B16, V20.B16, V7.B16
	VFMLA V4.S4, V0.S4, V3.S4
	VFMLA V8.S4, V1.S4, V7.S4
	VORR V19.B16, V19.B16, V4.B16
	VORR V19.B16, V19.B16, V8.B16
	VFMLA V3.S4, V0.S4, V4.S4
	VFMLA V7.S4, V1.S4, V8.S4
	VSUB V25.S4, V2.S4, V2.S4
	VSUB V25.S4, V6.S4, V6.S4
	WORD $0x4f3f0445 // sshr v5.4s, v2.4s, #1
	WORD $0x4f3f04c9 // sshr v9.4s, v6.4s, #1
	VSUB V5.S4, V2.S4, V2.S4
	VSUB V9.S4, V6.S4, V6.S4
	VADD V30.S4, V5.S4, V5.S4
	VADD V30.S4, V9.S4, V9.S4
	VADD V30.S4, V2.S4, V2.S4
	VADD V30.S4, V6.S4, V6.S4
	VSHL $23, V5.S4, V5.S4
	VSHL $23, V9.S4, V9.S4
	VSHL $23, V2.S4, V2.S4
	VSHL $23, V6.S4, V6.S4
	WORD $0x6e25dc84 // fmul v4.4s, v4.4s, v5.4s
	WORD $0x6e29dd08 // fmul v8.4s, v8.4s, v9.4s
	WORD $0x6e22dc80 // fmul v0.4s, v4.4s, v2.4s
	WORD $0x6e26dd01 // fmul v1.4s, v8.4s, v6.4s
	VST1.P [V0.S4, V1.S4], 32(R5)
	SUBS $8, R6, R6
	BNE  exploop
	ADD  R3, R0, R0
	SUBS $1, R1, R1
	BNE  exprow
	RET

// func SoftmaxRowsNEON(x []float32, rows, cols, ld int)
// Three passes over each row: its max, then e^(x-max) stored and summed, then the scaling by
// 1/sum. FMAX keeps a NaN, and +Inf - +Inf is one, so either makes the row NaN, as in Keras.
TEXT ·SoftmaxRowsNEON(SB), NOSPLIT, $0-48
	LOAD_GATE_CONSTS
	FMOVS 76(R10), F31
	VDUP V31.S[0], V31.S4
	MOVD x_base+0(FP), R0
	MOVD rows+24(FP), R1
	MOVD cols+32(FP), R2
	MOVD ld+40(FP), R3
	LSL  $2, R3, R3

smrow:
	MOVD R0, R5
	MOVD R2, R6
	VORR V31.B16, V31.B16, V10.B16
	VORR V31.B16, V31.B16, V11.B16
smmax:
	VLD1.P 32(R5), [V0.S4, V1.S4]
	WORD $0x4e20f54a // fmax v10.4s, v10.4s, v0.4s
	WORD $0x4e21f56b // fmax v11.4s, v11.4s, v1.4s
	SUBS $8, R6, R6
	BNE  smmax
	WORD $0x4e2bf54e // fmax v14.4s, v10.4s, v11.4s
	WORD $0x6e2ef5ce // fmaxp v14.4s, v14.4s, v14.4s
	WORD $0x6e2ef5ce // fmaxp v14.4s, v14.4s, v14.4s
	MOVD R0, R5
	MOVD R2, R6
	VEOR V12.B16, V12.B16, V12.B16
	VEOR V13.B16, V13.B16, V13.B16
smexp:
	VLD1 (R5), [V0.S4, V1.S4]
	WORD $0x4eaed400 // fsub v0.4s, v0.4s, v14.4s
	WORD $0x4eaed421 // fsub v1.4s, v1.4s, v14.4s
	WORD $0x4ebaf400 // fmin v0.4s, v0.4s, v26.4s
	WORD $0x4ebaf421 // fmin v1.4s, v1.4s, v26.4s
	WORD $0x4e3bf400 // fmax v0.4s, v0.4s, v27.4s
	WORD $0x4e3bf421 // fmax v1.4s, v1.4s, v27.4s
	VORR V25.B16, V25.B16, V2.B16
	VORR V25.B16, V25.B16, V6.B16
	VFMLA V16.S4, V0.S4, V2.S4
	VFMLA V16.S4, V1.S4, V6.S4
	WORD $0x4eb9d443 // fsub v3.4s, v2.4s, v25.4s
	WORD $0x4eb9d4c7 // fsub v7.4s, v6.4s, v25.4s
	VFMLS V17.S4, V3.S4, V0.S4
	VFMLS V17.S4, V7.S4, V1.S4
	VFMLS V18.S4, V3.S4, V0.S4
	VFMLS V18.S4, V7.S4, V1.S4
	VORR V24.B16, V24.B16, V3.B16
	VORR V24.B16, V24.B16, V7.B16
	VORR V23.B16, V23.B16, V4.B16
	VORR V23.B16, V23.B16, V8.B16
	VFMLA V3.S4, V0.S4, V4.S4
	VFMLA V7.S4, V1.S4, V8.S4
	VORR V22.B16, V22.B16, V3.B16
	VORR V22.B16, V22.B16, V7.B16
	VFMLA V4.S4, V0.S4, V3.S4
	VFMLA V8.S4, V1.S4, V7.S4
	VORR V21.B16, V21.B16, V4.B16
	VORR V21.B16, V21.B16, V8.B16
	VFMLA V3.S4, V0.S4, V4.S4
	VFMLA V7.S4, V1.S4, V8.S4
	VORR V20.B16, V20.B16, V3.B16
	VORR V20.B16, V20.B16, V7.B16
	VFMLA V4.S4, V0.S4, V3.S4
	VFMLA V8.S4, V1.S4, V7.S4
	VORR V19.B16, V19.B16, V4.B16
	VORR V19.B16, V19.B16, V8.B16
	VFMLA V3.S4, V0.S4, V4.S4
	VFMLA V7.S4, V1.S4, V8.S4
	VSHL $23, V2.S4, V2.S4
	VSHL $23, V6.S4, V6.S4
	WORD $0x6e22dc80 // fmul v0.4s, v4.4s, v2.4s
	WORD $0x6e26dd01 // fmul v1.4s, v8.4s, v6.4s
	WORD $0x4e20d58c // fadd v12.4s, v12.4s, v0.4s
	WORD $0x4e21d5ad // fadd v13.4s, v13.4s, v1.4s
	VST1.P [V0.S4, V1.S4], 32(R5)
	SUBS $8, R6, R6
	BNE  smexp
	WORD $0x4e2dd58c // fadd v12.4s, v12.4s, v13.4s
	WORD $0x6e2cd58c // faddp v12.4s, v12.4s, v12.4s
	WORD $0x6e2cd58c // faddp v12.4s, v12.4s, v12.4s
	WORD $0x6e2cff8c // fdiv v12.4s, v28.4s, v12.4s
	MOVD R0, R5
	MOVD R2, R6
smscale:
	VLD1 (R5), [V0.S4, V1.S4]
	WORD $0x6e2cdc00 // fmul v0.4s, v0.4s, v12.4s
	WORD $0x6e2cdc21 // fmul v1.4s, v1.4s, v12.4s
	VST1.P [V0.S4, V1.S4], 32(R5)
	SUBS $8, R6, R6
	BNE  smscale
	ADD  R3, R0, R0
	SUBS $1, R1, R1
	BNE  smrow
	RET
