//go:build arm64 && !purego && !noasm

#include "textflag.h"
#include "const_neon.h"

// The three kernels take 8 units at a time as two independent halves, interleaved: x in V0
// and V1, their temporaries in V2-V5 and V6-V9; V16-V30 hold the constants of
// ActivateRowsNEON's sigmoid and tanh.

// func GRUGatesResetAfterNEON(h, x, u, b []float32, rows, ldx, ldu, units, n int)
TEXT ·GRUGatesResetAfterNEON(SB), NOSPLIT, $0-136
	LOAD_GATE_CONSTS
	MOVD h_base+0(FP), R0
	MOVD x_base+24(FP), R1
	MOVD u_base+48(FP), R2
	MOVD units+120(FP), R9
	LSL  $2, R9, R9              // R9: a section, and a row of h, in bytes
	MOVD rows+96(FP), R3
	CBZ  R3, radone

rarow:
	MOVD n+128(FP), R6
	CBZ  R6, ranext
	MOVD R0, R4                  // h
	MOVD R1, R11                 // x: z, r, h sections
	ADD  R9, R11, R12
	ADD  R9, R12, R13
	MOVD R2, R14                 // u
	ADD  R9, R14, R15
	ADD  R9, R15, R19
	MOVD b_base+72(FP), R20      // b
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
	VORR V0.B16, V0.B16, V12.B16
	VORR V1.B16, V1.B16, V13.B16
	VLD1.P 32(R19), [V14.S4, V15.S4]
	VLD1.P 32(R22), [V2.S4, V3.S4]
	WORD $0x4e22d5ce // fadd v14.4s, v14.4s, v2.4s
	WORD $0x4e23d5ef // fadd v15.4s, v15.4s, v3.4s
	VLD1.P 32(R13), [V0.S4, V1.S4]
	VFMLA V12.S4, V14.S4, V0.S4
	VFMLA V13.S4, V15.S4, V1.S4
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
	VLD1 (R4), [V14.S4, V15.S4]
	WORD $0x4ea0d5ce // fsub v14.4s, v14.4s, v0.4s
	WORD $0x4ea1d5ef // fsub v15.4s, v15.4s, v1.4s
	VFMLA V10.S4, V14.S4, V0.S4
	VFMLA V11.S4, V15.S4, V1.S4
	VST1.P [V0.S4, V1.S4], 32(R4)
	SUBS $8, R6, R6
	BNE  raloop

ranext:
	ADD  R9, R0, R0
	MOVD ldx+104(FP), R7
	ADD  R7<<2, R1, R1
	MOVD ldu+112(FP), R7
	ADD  R7<<2, R2, R2
	SUBS $1, R3, R3
	BNE  rarow

radone:
	RET

// func GRUGatesZRNEON(z, rh, h, x, u []float32, rows, ldx, ldu, units, n int)
TEXT ·GRUGatesZRNEON(SB), NOSPLIT, $0-160
	LOAD_GATE_CONSTS
	MOVD z_base+0(FP), R0
	MOVD rh_base+24(FP), R1
	MOVD h_base+48(FP), R2
	MOVD x_base+72(FP), R4
	MOVD u_base+96(FP), R5
	MOVD units+144(FP), R9
	LSL  $2, R9, R9
	MOVD rows+120(FP), R3
	CBZ  R3, zrdone

zrrow:
	MOVD n+152(FP), R6
	CBZ  R6, zrnext
	MOVD R0, R11                 // z
	MOVD R1, R12                 // rh
	MOVD R2, R13                 // h
	MOVD R4, R14                 // x: z, then r
	ADD  R9, R14, R15
	MOVD R5, R19                 // u: z, then r
	ADD  R9, R19, R20

zrloop:
	VLD1.P 32(R14), [V0.S4, V1.S4]
	VLD1.P 32(R19), [V14.S4, V15.S4]
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
	VST1.P [V0.S4, V1.S4], 32(R11)
	VLD1.P 32(R15), [V0.S4, V1.S4]
	VLD1.P 32(R20), [V14.S4, V15.S4]
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
	VLD1.P 32(R13), [V14.S4, V15.S4]
	WORD $0x6e2edc00 // fmul v0.4s, v0.4s, v14.4s
	WORD $0x6e2fdc21 // fmul v1.4s, v1.4s, v15.4s
	VST1.P [V0.S4, V1.S4], 32(R12)
	SUBS $8, R6, R6
	BNE  zrloop

zrnext:
	ADD  R9, R0, R0
	ADD  R9, R1, R1
	ADD  R9, R2, R2
	MOVD ldx+128(FP), R7
	ADD  R7<<2, R4, R4
	MOVD ldu+136(FP), R7
	ADD  R7<<2, R5, R5
	SUBS $1, R3, R3
	BNE  zrrow

zrdone:
	RET

// func GRUGatesHNEON(h, z, x, cu []float32, rows, ldx, units, n int)
TEXT ·GRUGatesHNEON(SB), NOSPLIT, $0-128
	LOAD_GATE_CONSTS
	MOVD h_base+0(FP), R0
	MOVD z_base+24(FP), R1
	MOVD x_base+48(FP), R4
	MOVD cu_base+72(FP), R2
	MOVD units+112(FP), R9
	LSL  $2, R9, R9
	MOVD rows+96(FP), R3
	CBZ  R3, hdone

hrow:
	MOVD n+120(FP), R6
	CBZ  R6, hnext
	MOVD R0, R11                 // h
	MOVD R1, R12                 // z
	MOVD R4, R13                 // x
	MOVD R2, R14                 // cu

hloop:
	VLD1.P 32(R13), [V0.S4, V1.S4]
	VLD1.P 32(R14), [V14.S4, V15.S4]
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
	VLD1 (R11), [V14.S4, V15.S4]
	VLD1.P 32(R12), [V10.S4, V11.S4]
	WORD $0x4ea0d5ce // fsub v14.4s, v14.4s, v0.4s
	WORD $0x4ea1d5ef // fsub v15.4s, v15.4s, v1.4s
	VFMLA V10.S4, V14.S4, V0.S4
	VFMLA V11.S4, V15.S4, V1.S4
	VST1.P [V0.S4, V1.S4], 32(R11)
	SUBS $8, R6, R6
	BNE  hloop

hnext:
	ADD  R9, R0, R0
	ADD  R9, R1, R1
	ADD  R9, R2, R2
	MOVD ldx+104(FP), R7
	ADD  R7<<2, R4, R4
	SUBS $1, R3, R3
	BNE  hrow

hdone:
	RET
