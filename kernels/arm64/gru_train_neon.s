//go:build arm64 && !purego && !noasm

#include "textflag.h"
#include "const_neon.h"

// Each kernel takes 8 units at a time as two independent halves, interleaved: the forward ones
// with V16-V30 holding the constants of ActivateRowsNEON's sigmoid and tanh (x in V0 and V1,
// their temporaries in V2-V9), the backward ones with V28 holding ones. Pointers move along their
// rows as they are read or written, R23 bytes (n units) a row; at its end those of rows units
// apart skip the R10 bytes past n, and the others start again from a row base moved on by their
// stride, or (GRUBackResetAfterNEON) move on by their stride less R23.

// func GRUTrainZRNEON(z, r, rh, h, x, u []float32, rows, ldx, ldu, units, n int)
TEXT ·GRUTrainZRNEON(SB), NOSPLIT, $0-184
	LOAD_GATE_CONSTS
	MOVD z_base+0(FP), R0
	MOVD r_base+24(FP), R1
	MOVD rh_base+48(FP), R2
	MOVD h_base+72(FP), R4
	MOVD x_base+96(FP), R5
	MOVD u_base+120(FP), R7
	MOVD units+168(FP), R9
	LSL  $2, R9, R9
	MOVD n+176(FP), R23
	LSL  $2, R23, R23
	SUB  R23, R9, R10
	MOVD rows+144(FP), R3
	CBZ  R3, zrdone
	CBZ  R23, zrdone

zrrow:
	MOVD R23, R6
	MOVD R5, R11                 // x: z, then r
	ADD  R9, R5, R12
	MOVD R7, R13                 // u: z, then r
	ADD  R9, R7, R14

zrloop:
	VLD1.P 32(R11), [V0.S4, V1.S4]
	VLD1.P 32(R13), [V14.S4, V15.S4]
	WORD $0x4e2ed400 // fadd v0.4s, v0.4s, v14.4s
	WORD $0x4e2fd421 // fadd v1.4s, v1.4s, v15.4s
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
	VST1.P [V0.S4, V1.S4], 32(R0)
	VLD1.P 32(R12), [V0.S4, V1.S4]
	VLD1.P 32(R14), [V14.S4, V15.S4]
	WORD $0x4e2ed400 // fadd v0.4s, v0.4s, v14.4s
	WORD $0x4e2fd421 // fadd v1.4s, v1.4s, v15.4s
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
	VST1.P [V0.S4, V1.S4], 32(R1)
	VLD1.P 32(R4), [V14.S4, V15.S4]
	WORD $0x6e2edc00 // fmul v0.4s, v0.4s, v14.4s
	WORD $0x6e2fdc21 // fmul v1.4s, v1.4s, v15.4s
	VST1.P [V0.S4, V1.S4], 32(R2)
	SUBS $32, R6, R6
	BNE  zrloop

	ADD  R10, R0, R0
	ADD  R10, R1, R1
	ADD  R10, R2, R2
	ADD  R10, R4, R4
	MOVD ldx+152(FP), R6
	ADD  R6<<2, R5, R5
	MOVD ldu+160(FP), R6
	ADD  R6<<2, R7, R7
	SUBS $1, R3, R3
	BNE  zrrow

zrdone:
	RET

// func GRUTrainHNEON(hn, c, h, z, x, cu []float32, rows, ldx, units, n int)
TEXT ·GRUTrainHNEON(SB), NOSPLIT, $0-176
	LOAD_GATE_CONSTS
	MOVD hn_base+0(FP), R0
	MOVD c_base+24(FP), R1
	MOVD h_base+48(FP), R2
	MOVD z_base+72(FP), R4
	MOVD x_base+96(FP), R5
	MOVD cu_base+120(FP), R7
	MOVD units+160(FP), R9
	LSL  $2, R9, R9
	MOVD n+168(FP), R23
	LSL  $2, R23, R23
	SUB  R23, R9, R10
	MOVD rows+144(FP), R3
	CBZ  R3, hdone
	CBZ  R23, hdone

hrow:
	MOVD R23, R6
	MOVD R5, R11

hloop:
	VLD1.P 32(R11), [V0.S4, V1.S4]
	VLD1.P 32(R7), [V14.S4, V15.S4]
	WORD $0x4e2ed400 // fadd v0.4s, v0.4s, v14.4s
	WORD $0x4e2fd421 // fadd v1.4s, v1.4s, v15.4s
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
	VST1.P [V0.S4, V1.S4], 32(R1)
	VLD1.P 32(R2), [V14.S4, V15.S4]
	VLD1.P 32(R4), [V10.S4, V11.S4]
	WORD $0x4ea0d5ce // fsub v14.4s, v14.4s, v0.4s
	WORD $0x4ea1d5ef // fsub v15.4s, v15.4s, v1.4s
	VFMLA V10.S4, V14.S4, V0.S4
	VFMLA V11.S4, V15.S4, V1.S4
	VST1.P [V0.S4, V1.S4], 32(R0)
	SUBS $32, R6, R6
	BNE  hloop

	ADD  R10, R0, R0
	ADD  R10, R1, R1
	ADD  R10, R2, R2
	ADD  R10, R4, R4
	ADD  R10, R7, R7
	MOVD ldx+152(FP), R6
	ADD  R6<<2, R5, R5
	SUBS $1, R3, R3
	BNE  hrow

hdone:
	RET

// func GRUTrainResetAfterNEON(hn, z, r, c, h, x, u, b []float32, rows, ldx, ldu, units, n int)
TEXT ·GRUTrainResetAfterNEON(SB), NOSPLIT, $0-232
	LOAD_GATE_CONSTS
	MOVD hn_base+0(FP), R0
	MOVD z_base+24(FP), R1
	MOVD r_base+48(FP), R2
	MOVD c_base+72(FP), R4
	MOVD h_base+96(FP), R5
	MOVD x_base+120(FP), R7
	MOVD u_base+144(FP), R8
	MOVD units+216(FP), R9
	LSL  $2, R9, R9
	MOVD n+224(FP), R23
	LSL  $2, R23, R23
	SUB  R23, R9, R10
	MOVD rows+192(FP), R3
	CBZ  R3, radone
	CBZ  R23, radone

rarow:
	MOVD R23, R6
	MOVD R7, R11                 // x: z, r, h sections
	ADD  R9, R11, R12
	ADD  R9, R12, R13
	MOVD R8, R14                 // u
	ADD  R9, R14, R15
	ADD  R9, R15, R19
	MOVD b_base+168(FP), R20     // b
	ADD  R9, R20, R21
	ADD  R9, R21, R22

raloop:
	VLD1.P 32(R11), [V0.S4, V1.S4]
	VLD1.P 32(R14), [V14.S4, V15.S4]
	VLD1.P 32(R20), [V12.S4, V13.S4]
	WORD $0x4e2ed400 // fadd v0.4s, v0.4s, v14.4s
	WORD $0x4e2fd421 // fadd v1.4s, v1.4s, v15.4s
	WORD $0x4e2cd400 // fadd v0.4s, v0.4s, v12.4s
	WORD $0x4e2dd421 // fadd v1.4s, v1.4s, v13.4s
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
	VST1.P [V0.S4, V1.S4], 32(R1)
	VORR V0.B16, V0.B16, V10.B16
	VORR V1.B16, V1.B16, V11.B16
	VLD1.P 32(R12), [V0.S4, V1.S4]
	VLD1.P 32(R15), [V14.S4, V15.S4]
	VLD1.P 32(R21), [V12.S4, V13.S4]
	WORD $0x4e2ed400 // fadd v0.4s, v0.4s, v14.4s
	WORD $0x4e2fd421 // fadd v1.4s, v1.4s, v15.4s
	WORD $0x4e2cd400 // fadd v0.4s, v0.4s, v12.4s
	WORD $0x4e2dd421 // fadd v1.4s, v1.4s, v13.4s
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
	VST1.P [V0.S4, V1.S4], 32(R2)
	VLD1.P 32(R19), [V14.S4, V15.S4]
	VLD1.P 32(R22), [V2.S4, V3.S4]
	WORD $0x4e22d5ce // fadd v14.4s, v14.4s, v2.4s
	WORD $0x4e23d5ef // fadd v15.4s, v15.4s, v3.4s
	WORD $0x6e20ddce // fmul v14.4s, v14.4s, v0.4s
	WORD $0x6e21ddef // fmul v15.4s, v15.4s, v1.4s
	VLD1.P 32(R13), [V0.S4, V1.S4]
	WORD $0x4e2ed400 // fadd v0.4s, v0.4s, v14.4s
	WORD $0x4e2fd421 // fadd v1.4s, v1.4s, v15.4s
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
	VST1.P [V0.S4, V1.S4], 32(R4)
	VLD1.P 32(R5), [V14.S4, V15.S4]
	WORD $0x4ea0d5ce // fsub v14.4s, v14.4s, v0.4s
	WORD $0x4ea1d5ef // fsub v15.4s, v15.4s, v1.4s
	VFMLA V10.S4, V14.S4, V0.S4
	VFMLA V11.S4, V15.S4, V1.S4
	VST1.P [V0.S4, V1.S4], 32(R0)
	SUBS $32, R6, R6
	BNE  raloop

	ADD  R10, R0, R0
	ADD  R10, R1, R1
	ADD  R10, R2, R2
	ADD  R10, R4, R4
	ADD  R10, R5, R5
	MOVD ldx+200(FP), R6
	ADD  R6<<2, R7, R7
	MOVD ldu+208(FP), R6
	ADD  R6<<2, R8, R8
	SUBS $1, R3, R3
	BNE  rarow

radone:
	RET

// func GRUBackZCNEON(da, dhz, dh, dy, h, z, c []float32, rows, lda, ldy, units, n int)
TEXT ·GRUBackZCNEON(SB), NOSPLIT, $0-208
	MOVD $·neonConst(SB), R10
	FMOVS 60(R10), F28
	VDUP V28.S[0], V28.S4
	MOVD dhz_base+24(FP), R0
	MOVD dh_base+48(FP), R1
	MOVD h_base+96(FP), R2
	MOVD z_base+120(FP), R4
	MOVD c_base+144(FP), R5
	MOVD da_base+0(FP), R7
	MOVD dy_base+72(FP), R8
	MOVD units+192(FP), R9
	LSL  $2, R9, R9
	MOVD n+200(FP), R23
	LSL  $2, R23, R23
	SUB  R23, R9, R10
	MOVD rows+168(FP), R3
	CBZ  R3, zcdone
	CBZ  R23, zcdone

zcrow:
	MOVD R23, R6
	MOVD R7, R11                 // da: z, then h
	ADD  R9<<1, R7, R12
	MOVD R8, R13

zcloop:
	VLD1.P 32(R1), [V0.S4, V1.S4]   // dh
	VLD1.P 32(R13), [V2.S4, V3.S4]  // dy
	WORD $0x4e22d400 // fadd v0.4s, v0.4s, v2.4s
	WORD $0x4e23d421 // fadd v1.4s, v1.4s, v3.4s
	VLD1.P 32(R4), [V2.S4, V3.S4]   // z
	VLD1.P 32(R5), [V4.S4, V5.S4]   // c
	VLD1.P 32(R2), [V6.S4, V7.S4]   // h
	WORD $0x6e22dc08 // fmul v8.4s, v0.4s, v2.4s
	WORD $0x6e23dc29 // fmul v9.4s, v1.4s, v3.4s
	VST1.P [V8.S4, V9.S4], 32(R0)   // d·z
	WORD $0x4ea2d788 // fsub v8.4s, v28.4s, v2.4s
	WORD $0x4ea3d789 // fsub v9.4s, v28.4s, v3.4s
	WORD $0x4ea4d4c6 // fsub v6.4s, v6.4s, v4.4s
	WORD $0x4ea5d4e7 // fsub v7.4s, v7.4s, v5.4s
	WORD $0x6e20dcc6 // fmul v6.4s, v6.4s, v0.4s
	WORD $0x6e21dce7 // fmul v7.4s, v7.4s, v1.4s
	WORD $0x6e28dc42 // fmul v2.4s, v2.4s, v8.4s
	WORD $0x6e29dc63 // fmul v3.4s, v3.4s, v9.4s
	WORD $0x6e22dcc6 // fmul v6.4s, v6.4s, v2.4s
	WORD $0x6e23dce7 // fmul v7.4s, v7.4s, v3.4s
	VST1.P [V6.S4, V7.S4], 32(R11)  // d·(h - c)·z·(1 - z)
	VORR V28.B16, V28.B16, V10.B16
	VORR V28.B16, V28.B16, V11.B16
	VFMLS V4.S4, V4.S4, V10.S4
	VFMLS V5.S4, V5.S4, V11.S4
	WORD $0x6e28dc00 // fmul v0.4s, v0.4s, v8.4s
	WORD $0x6e29dc21 // fmul v1.4s, v1.4s, v9.4s
	WORD $0x6e2adc00 // fmul v0.4s, v0.4s, v10.4s
	WORD $0x6e2bdc21 // fmul v1.4s, v1.4s, v11.4s
	VST1.P [V0.S4, V1.S4], 32(R12)  // d·(1 - z)·(1 - c²)
	SUBS $32, R6, R6
	BNE  zcloop

	ADD  R10, R0, R0
	ADD  R10, R1, R1
	ADD  R10, R2, R2
	ADD  R10, R4, R4
	ADD  R10, R5, R5
	MOVD lda+176(FP), R6
	ADD  R6<<2, R7, R7
	MOVD ldy+184(FP), R6
	ADD  R6<<2, R8, R8
	SUBS $1, R3, R3
	BNE  zcrow

zcdone:
	RET

// func GRUBackRNEON(da, dh, drh, h, r []float32, rows, lda, units, n int)
TEXT ·GRUBackRNEON(SB), NOSPLIT, $0-152
	MOVD $·neonConst(SB), R10
	FMOVS 60(R10), F28
	VDUP V28.S[0], V28.S4
	MOVD dh_base+24(FP), R0
	MOVD drh_base+48(FP), R1
	MOVD h_base+72(FP), R2
	MOVD r_base+96(FP), R4
	MOVD units+136(FP), R9
	LSL  $2, R9, R9
	MOVD da_base+0(FP), R7
	ADD  R9, R7, R7              // da at its r section
	MOVD n+144(FP), R23
	LSL  $2, R23, R23
	SUB  R23, R9, R10
	MOVD rows+120(FP), R3
	CBZ  R3, brdone
	CBZ  R23, brdone

brrow:
	MOVD R23, R6
	MOVD R7, R11

brloop:
	VLD1.P 32(R4), [V0.S4, V1.S4]   // r
	WORD $0x4ea0d782 // fsub v2.4s, v28.4s, v0.4s
	WORD $0x4ea1d783 // fsub v3.4s, v28.4s, v1.4s
	WORD $0x6e22dc02 // fmul v2.4s, v0.4s, v2.4s
	WORD $0x6e23dc23 // fmul v3.4s, v1.4s, v3.4s
	VLD1.P 32(R1), [V4.S4, V5.S4]   // drh
	VLD1.P 32(R2), [V6.S4, V7.S4]   // h
	WORD $0x6e26dc86 // fmul v6.4s, v4.4s, v6.4s
	WORD $0x6e27dca7 // fmul v7.4s, v5.4s, v7.4s
	WORD $0x6e22dcc6 // fmul v6.4s, v6.4s, v2.4s
	WORD $0x6e23dce7 // fmul v7.4s, v7.4s, v3.4s
	VST1.P [V6.S4, V7.S4], 32(R11)  // drh·h·r·(1 - r)
	VLD1 (R0), [V8.S4, V9.S4]
	VFMLA V0.S4, V4.S4, V8.S4
	VFMLA V1.S4, V5.S4, V9.S4
	VST1.P [V8.S4, V9.S4], 32(R0)   // dh + drh·r
	SUBS $32, R6, R6
	BNE  brloop

	ADD  R10, R0, R0
	ADD  R10, R1, R1
	ADD  R10, R2, R2
	ADD  R10, R4, R4
	MOVD lda+128(FP), R6
	ADD  R6<<2, R7, R7
	SUBS $1, R3, R3
	BNE  brrow

brdone:
	RET

// func GRUBackResetAfterNEON(da, dau, dhz, dh, dy, h, z, r, c, u, b []float32, rows, lda, ldy, ldu, units, n int)
TEXT ·GRUBackResetAfterNEON(SB), NOSPLIT, $0-312
	MOVD $·neonConst(SB), R10
	FMOVS 60(R10), F28
	VDUP V28.S[0], V28.S4
	MOVD units+296(FP), R9
	LSL  $2, R9, R9
	MOVD n+304(FP), R23
	LSL  $2, R23, R23
	SUB  R23, R9, R10
	MOVD rows+264(FP), R3
	CBZ  R3, badone
	CBZ  R23, badone
	MOVD dhz_base+48(FP), R0
	MOVD dh_base+72(FP), R1
	MOVD h_base+120(FP), R2
	MOVD z_base+144(FP), R4
	MOVD r_base+168(FP), R5
	MOVD c_base+192(FP), R7
	MOVD da_base+0(FP), R11              // da: z, r, h sections
	ADD  R9, R11, R12
	ADD  R9, R12, R13
	MOVD dau_base+24(FP), R14            // dau
	ADD  R9, R14, R15
	ADD  R9, R15, R19
	MOVD dy_base+96(FP), R20
	MOVD u_base+216(FP), R21
	ADD  R9<<1, R21, R21              // u and b at their h sections
	MOVD b_base+240(FP), R22
	ADD  R9<<1, R22, R22

barow:
	MOVD R23, R6

baloop:
	VLD1.P 32(R1), [V0.S4, V1.S4]   // dh
	VLD1.P 32(R20), [V2.S4, V3.S4]  // dy
	WORD $0x4e22d400 // fadd v0.4s, v0.4s, v2.4s
	WORD $0x4e23d421 // fadd v1.4s, v1.4s, v3.4s
	VLD1.P 32(R4), [V2.S4, V3.S4]   // z
	WORD $0x6e22dc08 // fmul v8.4s, v0.4s, v2.4s
	WORD $0x6e23dc29 // fmul v9.4s, v1.4s, v3.4s
	VST1.P [V8.S4, V9.S4], 32(R0)   // d·z
	WORD $0x4ea2d78a // fsub v10.4s, v28.4s, v2.4s
	WORD $0x4ea3d78b // fsub v11.4s, v28.4s, v3.4s
	VLD1.P 32(R7), [V4.S4, V5.S4]   // c
	VORR V28.B16, V28.B16, V12.B16
	VORR V28.B16, V28.B16, V13.B16
	VFMLS V4.S4, V4.S4, V12.S4
	VFMLS V5.S4, V5.S4, V13.S4
	WORD $0x6e2adc0e // fmul v14.4s, v0.4s, v10.4s
	WORD $0x6e2bdc2f // fmul v15.4s, v1.4s, v11.4s
	WORD $0x6e2cddce // fmul v14.4s, v14.4s, v12.4s
	WORD $0x6e2dddef // fmul v15.4s, v15.4s, v13.4s
	VLD1.P 32(R2), [V6.S4, V7.S4]   // h
	WORD $0x4ea4d4c6 // fsub v6.4s, v6.4s, v4.4s
	WORD $0x4ea5d4e7 // fsub v7.4s, v7.4s, v5.4s
	WORD $0x6e20dcc6 // fmul v6.4s, v6.4s, v0.4s
	WORD $0x6e21dce7 // fmul v7.4s, v7.4s, v1.4s
	WORD $0x6e2adc42 // fmul v2.4s, v2.4s, v10.4s
	WORD $0x6e2bdc63 // fmul v3.4s, v3.4s, v11.4s
	WORD $0x6e22dcc6 // fmul v6.4s, v6.4s, v2.4s
	WORD $0x6e23dce7 // fmul v7.4s, v7.4s, v3.4s
	VLD1.P 32(R5), [V8.S4, V9.S4]   // r
	WORD $0x4ea8d78a // fsub v10.4s, v28.4s, v8.4s
	WORD $0x4ea9d78b // fsub v11.4s, v28.4s, v9.4s
	WORD $0x6e2add0a // fmul v10.4s, v8.4s, v10.4s
	WORD $0x6e2bdd2b // fmul v11.4s, v9.4s, v11.4s
	VLD1.P 32(R21), [V12.S4, V13.S4] // u_h
	VLD1.P 32(R22), [V2.S4, V3.S4]  // b_h
	WORD $0x4e22d58c // fadd v12.4s, v12.4s, v2.4s
	WORD $0x4e23d5ad // fadd v13.4s, v13.4s, v3.4s
	WORD $0x6e2cddcc // fmul v12.4s, v14.4s, v12.4s
	WORD $0x6e2ddded // fmul v13.4s, v15.4s, v13.4s
	WORD $0x6e2add8c // fmul v12.4s, v12.4s, v10.4s
	WORD $0x6e2bddad // fmul v13.4s, v13.4s, v11.4s
	WORD $0x6e28ddc8 // fmul v8.4s, v14.4s, v8.4s
	WORD $0x6e29dde9 // fmul v9.4s, v15.4s, v9.4s
	VST1.P [V6.S4, V7.S4], 32(R11)  // dz
	VST1.P [V12.S4, V13.S4], 32(R12) // dr
	VST1.P [V14.S4, V15.S4], 32(R13) // dc
	VST1.P [V6.S4, V7.S4], 32(R14)
	VST1.P [V12.S4, V13.S4], 32(R15)
	VST1.P [V8.S4, V9.S4], 32(R19)   // dc·r
	SUBS $32, R6, R6
	BNE  baloop

	ADD  R10, R0, R0
	ADD  R10, R1, R1
	ADD  R10, R2, R2
	ADD  R10, R4, R4
	ADD  R10, R5, R5
	ADD  R10, R7, R7
	MOVD lda+272(FP), R6
	LSL  $2, R6, R6
	SUB  R23, R6, R6
	ADD  R6, R11, R11
	ADD  R6, R12, R12
	ADD  R6, R13, R13
	ADD  R6, R14, R14
	ADD  R6, R15, R15
	ADD  R6, R19, R19
	MOVD ldy+280(FP), R6
	LSL  $2, R6, R6
	SUB  R23, R6, R6
	ADD  R6, R20, R20
	MOVD ldu+288(FP), R6
	LSL  $2, R6, R6
	SUB  R23, R6, R6
	ADD  R6, R21, R21
	SUB  R23, R22, R22
	SUBS $1, R3, R3
	BNE  barow

badone:
	RET
