//go:build arm64 && !purego && !noasm

#include "textflag.h"

// Each kernel runs 16 floats a loop as four independent vectors, so that the long, unpipelined
// square roots and divisions of one overlap the others', then the last 8 as two. Every vector
// step is written across the vectors before the next; none is fused, so each rounds as the Go
// twin's does. R3 counts the floats left; the pointers advance as they are stored through.

// func RMSpropNEON(w, g, ms []float32, lr, rho, eps float32, epsOutside bool)
// V16 holds lr, V17 rho, V18 1-rho, V19 eps.
TEXT ·RMSpropNEON(SB), NOSPLIT, $0-85
	MOVD  w_base+0(FP), R0
	MOVD  w_len+8(FP), R3
	MOVD  g_base+24(FP), R1
	MOVD  ms_base+48(FP), R2
	FMOVS lr+72(FP), F16
	FMOVS rho+76(FP), F17
	FMOVS $1.0, F18
	FSUBS F17, F18, F18         // 1-rho, rounded once as in Go
	FMOVS eps+80(FP), F19
	VDUP  V16.S[0], V16.S4
	VDUP  V17.S[0], V17.S4
	VDUP  V18.S[0], V18.S4
	VDUP  V19.S[0], V19.S4
	MOVBU epsOutside+84(FP), R4
	CBNZ  R4, outside16

inside16:
	CMP  $16, R3
	BLT  inside8
	VLD1.P 64(R1), [V0.S4, V1.S4, V2.S4, V3.S4]
	VLD1 (R2), [V4.S4, V5.S4, V6.S4, V7.S4]
	WORD $0x6e20dc08 // fmul v8.4s, v0.4s, v0.4s
	WORD $0x6e21dc29 // fmul v9.4s, v1.4s, v1.4s
	WORD $0x6e22dc4a // fmul v10.4s, v2.4s, v2.4s
	WORD $0x6e23dc6b // fmul v11.4s, v3.4s, v3.4s
	WORD $0x6e32dd08 // fmul v8.4s, v8.4s, v18.4s
	WORD $0x6e32dd29 // fmul v9.4s, v9.4s, v18.4s
	WORD $0x6e32dd4a // fmul v10.4s, v10.4s, v18.4s
	WORD $0x6e32dd6b // fmul v11.4s, v11.4s, v18.4s
	WORD $0x6e31dc84 // fmul v4.4s, v4.4s, v17.4s
	WORD $0x6e31dca5 // fmul v5.4s, v5.4s, v17.4s
	WORD $0x6e31dcc6 // fmul v6.4s, v6.4s, v17.4s
	WORD $0x6e31dce7 // fmul v7.4s, v7.4s, v17.4s
	WORD $0x4e28d484 // fadd v4.4s, v4.4s, v8.4s
	WORD $0x4e29d4a5 // fadd v5.4s, v5.4s, v9.4s
	WORD $0x4e2ad4c6 // fadd v6.4s, v6.4s, v10.4s
	WORD $0x4e2bd4e7 // fadd v7.4s, v7.4s, v11.4s
	VST1.P [V4.S4, V5.S4, V6.S4, V7.S4], 64(R2)
	WORD $0x4e33d484 // fadd v4.4s, v4.4s, v19.4s
	WORD $0x4e33d4a5 // fadd v5.4s, v5.4s, v19.4s
	WORD $0x4e33d4c6 // fadd v6.4s, v6.4s, v19.4s
	WORD $0x4e33d4e7 // fadd v7.4s, v7.4s, v19.4s
	WORD $0x6ea1f884 // fsqrt v4.4s, v4.4s
	WORD $0x6ea1f8a5 // fsqrt v5.4s, v5.4s
	WORD $0x6ea1f8c6 // fsqrt v6.4s, v6.4s
	WORD $0x6ea1f8e7 // fsqrt v7.4s, v7.4s
	WORD $0x6e30dc00 // fmul v0.4s, v0.4s, v16.4s
	WORD $0x6e30dc21 // fmul v1.4s, v1.4s, v16.4s
	WORD $0x6e30dc42 // fmul v2.4s, v2.4s, v16.4s
	WORD $0x6e30dc63 // fmul v3.4s, v3.4s, v16.4s
	WORD $0x6e24fc00 // fdiv v0.4s, v0.4s, v4.4s
	WORD $0x6e25fc21 // fdiv v1.4s, v1.4s, v5.4s
	WORD $0x6e26fc42 // fdiv v2.4s, v2.4s, v6.4s
	WORD $0x6e27fc63 // fdiv v3.4s, v3.4s, v7.4s
	VLD1 (R0), [V8.S4, V9.S4, V10.S4, V11.S4]
	WORD $0x4ea0d508 // fsub v8.4s, v8.4s, v0.4s
	WORD $0x4ea1d529 // fsub v9.4s, v9.4s, v1.4s
	WORD $0x4ea2d54a // fsub v10.4s, v10.4s, v2.4s
	WORD $0x4ea3d56b // fsub v11.4s, v11.4s, v3.4s
	VST1.P [V8.S4, V9.S4, V10.S4, V11.S4], 64(R0)
	SUB  $16, R3, R3
	B    inside16

inside8:
	CBZ  R3, done
	VLD1.P 32(R1), [V0.S4, V1.S4]
	VLD1 (R2), [V4.S4, V5.S4]
	WORD $0x6e20dc08 // fmul v8.4s, v0.4s, v0.4s
	WORD $0x6e21dc29 // fmul v9.4s, v1.4s, v1.4s
	WORD $0x6e32dd08 // fmul v8.4s, v8.4s, v18.4s
	WORD $0x6e32dd29 // fmul v9.4s, v9.4s, v18.4s
	WORD $0x6e31dc84 // fmul v4.4s, v4.4s, v17.4s
	WORD $0x6e31dca5 // fmul v5.4s, v5.4s, v17.4s
	WORD $0x4e28d484 // fadd v4.4s, v4.4s, v8.4s
	WORD $0x4e29d4a5 // fadd v5.4s, v5.4s, v9.4s
	VST1.P [V4.S4, V5.S4], 32(R2)
	WORD $0x4e33d484 // fadd v4.4s, v4.4s, v19.4s
	WORD $0x4e33d4a5 // fadd v5.4s, v5.4s, v19.4s
	WORD $0x6ea1f884 // fsqrt v4.4s, v4.4s
	WORD $0x6ea1f8a5 // fsqrt v5.4s, v5.4s
	WORD $0x6e30dc00 // fmul v0.4s, v0.4s, v16.4s
	WORD $0x6e30dc21 // fmul v1.4s, v1.4s, v16.4s
	WORD $0x6e24fc00 // fdiv v0.4s, v0.4s, v4.4s
	WORD $0x6e25fc21 // fdiv v1.4s, v1.4s, v5.4s
	VLD1 (R0), [V8.S4, V9.S4]
	WORD $0x4ea0d508 // fsub v8.4s, v8.4s, v0.4s
	WORD $0x4ea1d529 // fsub v9.4s, v9.4s, v1.4s
	VST1.P [V8.S4, V9.S4], 32(R0)
	SUB  $8, R3, R3
	B    inside8

outside16:
	CMP  $16, R3
	BLT  outside8
	VLD1.P 64(R1), [V0.S4, V1.S4, V2.S4, V3.S4]
	VLD1 (R2), [V4.S4, V5.S4, V6.S4, V7.S4]
	WORD $0x6e20dc08 // fmul v8.4s, v0.4s, v0.4s
	WORD $0x6e21dc29 // fmul v9.4s, v1.4s, v1.4s
	WORD $0x6e22dc4a // fmul v10.4s, v2.4s, v2.4s
	WORD $0x6e23dc6b // fmul v11.4s, v3.4s, v3.4s
	WORD $0x6e32dd08 // fmul v8.4s, v8.4s, v18.4s
	WORD $0x6e32dd29 // fmul v9.4s, v9.4s, v18.4s
	WORD $0x6e32dd4a // fmul v10.4s, v10.4s, v18.4s
	WORD $0x6e32dd6b // fmul v11.4s, v11.4s, v18.4s
	WORD $0x6e31dc84 // fmul v4.4s, v4.4s, v17.4s
	WORD $0x6e31dca5 // fmul v5.4s, v5.4s, v17.4s
	WORD $0x6e31dcc6 // fmul v6.4s, v6.4s, v17.4s
	WORD $0x6e31dce7 // fmul v7.4s, v7.4s, v17.4s
	WORD $0x4e28d484 // fadd v4.4s, v4.4s, v8.4s
	WORD $0x4e29d4a5 // fadd v5.4s, v5.4s, v9.4s
	WORD $0x4e2ad4c6 // fadd v6.4s, v6.4s, v10.4s
	WORD $0x4e2bd4e7 // fadd v7.4s, v7.4s, v11.4s
	VST1.P [V4.S4, V5.S4, V6.S4, V7.S4], 64(R2)
	WORD $0x6ea1f884 // fsqrt v4.4s, v4.4s
	WORD $0x6ea1f8a5 // fsqrt v5.4s, v5.4s
	WORD $0x6ea1f8c6 // fsqrt v6.4s, v6.4s
	WORD $0x6ea1f8e7 // fsqrt v7.4s, v7.4s
	WORD $0x4e33d484 // fadd v4.4s, v4.4s, v19.4s
	WORD $0x4e33d4a5 // fadd v5.4s, v5.4s, v19.4s
	WORD $0x4e33d4c6 // fadd v6.4s, v6.4s, v19.4s
	WORD $0x4e33d4e7 // fadd v7.4s, v7.4s, v19.4s
	WORD $0x6e30dc00 // fmul v0.4s, v0.4s, v16.4s
	WORD $0x6e30dc21 // fmul v1.4s, v1.4s, v16.4s
	WORD $0x6e30dc42 // fmul v2.4s, v2.4s, v16.4s
	WORD $0x6e30dc63 // fmul v3.4s, v3.4s, v16.4s
	WORD $0x6e24fc00 // fdiv v0.4s, v0.4s, v4.4s
	WORD $0x6e25fc21 // fdiv v1.4s, v1.4s, v5.4s
	WORD $0x6e26fc42 // fdiv v2.4s, v2.4s, v6.4s
	WORD $0x6e27fc63 // fdiv v3.4s, v3.4s, v7.4s
	VLD1 (R0), [V8.S4, V9.S4, V10.S4, V11.S4]
	WORD $0x4ea0d508 // fsub v8.4s, v8.4s, v0.4s
	WORD $0x4ea1d529 // fsub v9.4s, v9.4s, v1.4s
	WORD $0x4ea2d54a // fsub v10.4s, v10.4s, v2.4s
	WORD $0x4ea3d56b // fsub v11.4s, v11.4s, v3.4s
	VST1.P [V8.S4, V9.S4, V10.S4, V11.S4], 64(R0)
	SUB  $16, R3, R3
	B    outside16

outside8:
	CBZ  R3, done
	VLD1.P 32(R1), [V0.S4, V1.S4]
	VLD1 (R2), [V4.S4, V5.S4]
	WORD $0x6e20dc08 // fmul v8.4s, v0.4s, v0.4s
	WORD $0x6e21dc29 // fmul v9.4s, v1.4s, v1.4s
	WORD $0x6e32dd08 // fmul v8.4s, v8.4s, v18.4s
	WORD $0x6e32dd29 // fmul v9.4s, v9.4s, v18.4s
	WORD $0x6e31dc84 // fmul v4.4s, v4.4s, v17.4s
	WORD $0x6e31dca5 // fmul v5.4s, v5.4s, v17.4s
	WORD $0x4e28d484 // fadd v4.4s, v4.4s, v8.4s
	WORD $0x4e29d4a5 // fadd v5.4s, v5.4s, v9.4s
	VST1.P [V4.S4, V5.S4], 32(R2)
	WORD $0x6ea1f884 // fsqrt v4.4s, v4.4s
	WORD $0x6ea1f8a5 // fsqrt v5.4s, v5.4s
	WORD $0x4e33d484 // fadd v4.4s, v4.4s, v19.4s
	WORD $0x4e33d4a5 // fadd v5.4s, v5.4s, v19.4s
	WORD $0x6e30dc00 // fmul v0.4s, v0.4s, v16.4s
	WORD $0x6e30dc21 // fmul v1.4s, v1.4s, v16.4s
	WORD $0x6e24fc00 // fdiv v0.4s, v0.4s, v4.4s
	WORD $0x6e25fc21 // fdiv v1.4s, v1.4s, v5.4s
	VLD1 (R0), [V8.S4, V9.S4]
	WORD $0x4ea0d508 // fsub v8.4s, v8.4s, v0.4s
	WORD $0x4ea1d529 // fsub v9.4s, v9.4s, v1.4s
	VST1.P [V8.S4, V9.S4], 32(R0)
	SUB  $8, R3, R3
	B    outside8

done:
	RET

// func AdamNEON(w, g, m, v []float32, alpha, beta1, beta2, eps float32)
// V16 holds alpha, V17 1-beta1, V18 1-beta2, V19 eps.
TEXT ·AdamNEON(SB), NOSPLIT, $0-112
	MOVD  w_base+0(FP), R0
	MOVD  w_len+8(FP), R3
	MOVD  g_base+24(FP), R1
	MOVD  m_base+48(FP), R2
	MOVD  v_base+72(FP), R4
	FMOVS alpha+96(FP), F16
	FMOVS $1.0, F20
	FMOVS beta1+100(FP), F17
	FSUBS F17, F20, F17         // 1-beta1, rounded once as in Go
	FMOVS beta2+104(FP), F18
	FSUBS F18, F20, F18         // 1-beta2
	FMOVS eps+108(FP), F19
	VDUP  V16.S[0], V16.S4
	VDUP  V17.S[0], V17.S4
	VDUP  V18.S[0], V18.S4
	VDUP  V19.S[0], V19.S4

loop16:
	CMP  $16, R3
	BLT  loop8
	VLD1.P 64(R1), [V0.S4, V1.S4, V2.S4, V3.S4]
	VLD1 (R2), [V4.S4, V5.S4, V6.S4, V7.S4]
	VLD1 (R4), [V8.S4, V9.S4, V10.S4, V11.S4]
	WORD $0x4ea4d40c // fsub v12.4s, v0.4s, v4.4s
	WORD $0x4ea5d42d // fsub v13.4s, v1.4s, v5.4s
	WORD $0x4ea6d44e // fsub v14.4s, v2.4s, v6.4s
	WORD $0x4ea7d46f // fsub v15.4s, v3.4s, v7.4s
	WORD $0x6e31dd8c // fmul v12.4s, v12.4s, v17.4s
	WORD $0x6e31ddad // fmul v13.4s, v13.4s, v17.4s
	WORD $0x6e31ddce // fmul v14.4s, v14.4s, v17.4s
	WORD $0x6e31ddef // fmul v15.4s, v15.4s, v17.4s
	WORD $0x4e2cd484 // fadd v4.4s, v4.4s, v12.4s
	WORD $0x4e2dd4a5 // fadd v5.4s, v5.4s, v13.4s
	WORD $0x4e2ed4c6 // fadd v6.4s, v6.4s, v14.4s
	WORD $0x4e2fd4e7 // fadd v7.4s, v7.4s, v15.4s
	VST1.P [V4.S4, V5.S4, V6.S4, V7.S4], 64(R2)
	WORD $0x6e20dc0c // fmul v12.4s, v0.4s, v0.4s
	WORD $0x6e21dc2d // fmul v13.4s, v1.4s, v1.4s
	WORD $0x6e22dc4e // fmul v14.4s, v2.4s, v2.4s
	WORD $0x6e23dc6f // fmul v15.4s, v3.4s, v3.4s
	WORD $0x4ea8d58c // fsub v12.4s, v12.4s, v8.4s
	WORD $0x4ea9d5ad // fsub v13.4s, v13.4s, v9.4s
	WORD $0x4eaad5ce // fsub v14.4s, v14.4s, v10.4s
	WORD $0x4eabd5ef // fsub v15.4s, v15.4s, v11.4s
	WORD $0x6e32dd8c // fmul v12.4s, v12.4s, v18.4s
	WORD $0x6e32ddad // fmul v13.4s, v13.4s, v18.4s
	WORD $0x6e32ddce // fmul v14.4s, v14.4s, v18.4s
	WORD $0x6e32ddef // fmul v15.4s, v15.4s, v18.4s
	WORD $0x4e2cd508 // fadd v8.4s, v8.4s, v12.4s
	WORD $0x4e2dd529 // fadd v9.4s, v9.4s, v13.4s
	WORD $0x4e2ed54a // fadd v10.4s, v10.4s, v14.4s
	WORD $0x4e2fd56b // fadd v11.4s, v11.4s, v15.4s
	VST1.P [V8.S4, V9.S4, V10.S4, V11.S4], 64(R4)
	WORD $0x6ea1f908 // fsqrt v8.4s, v8.4s
	WORD $0x6ea1f929 // fsqrt v9.4s, v9.4s
	WORD $0x6ea1f94a // fsqrt v10.4s, v10.4s
	WORD $0x6ea1f96b // fsqrt v11.4s, v11.4s
	WORD $0x4e33d508 // fadd v8.4s, v8.4s, v19.4s
	WORD $0x4e33d529 // fadd v9.4s, v9.4s, v19.4s
	WORD $0x4e33d54a // fadd v10.4s, v10.4s, v19.4s
	WORD $0x4e33d56b // fadd v11.4s, v11.4s, v19.4s
	WORD $0x6e30dc84 // fmul v4.4s, v4.4s, v16.4s
	WORD $0x6e30dca5 // fmul v5.4s, v5.4s, v16.4s
	WORD $0x6e30dcc6 // fmul v6.4s, v6.4s, v16.4s
	WORD $0x6e30dce7 // fmul v7.4s, v7.4s, v16.4s
	WORD $0x6e28fc84 // fdiv v4.4s, v4.4s, v8.4s
	WORD $0x6e29fca5 // fdiv v5.4s, v5.4s, v9.4s
	WORD $0x6e2afcc6 // fdiv v6.4s, v6.4s, v10.4s
	WORD $0x6e2bfce7 // fdiv v7.4s, v7.4s, v11.4s
	VLD1 (R0), [V12.S4, V13.S4, V14.S4, V15.S4]
	WORD $0x4ea4d58c // fsub v12.4s, v12.4s, v4.4s
	WORD $0x4ea5d5ad // fsub v13.4s, v13.4s, v5.4s
	WORD $0x4ea6d5ce // fsub v14.4s, v14.4s, v6.4s
	WORD $0x4ea7d5ef // fsub v15.4s, v15.4s, v7.4s
	VST1.P [V12.S4, V13.S4, V14.S4, V15.S4], 64(R0)
	SUB  $16, R3, R3
	B    loop16

loop8:
	CBZ  R3, done
	VLD1.P 32(R1), [V0.S4, V1.S4]
	VLD1 (R2), [V4.S4, V5.S4]
	VLD1 (R4), [V8.S4, V9.S4]
	WORD $0x4ea4d40c // fsub v12.4s, v0.4s, v4.4s
	WORD $0x4ea5d42d // fsub v13.4s, v1.4s, v5.4s
	WORD $0x6e31dd8c // fmul v12.4s, v12.4s, v17.4s
	WORD $0x6e31ddad // fmul v13.4s, v13.4s, v17.4s
	WORD $0x4e2cd484 // fadd v4.4s, v4.4s, v12.4s
	WORD $0x4e2dd4a5 // fadd v5.4s, v5.4s, v13.4s
	VST1.P [V4.S4, V5.S4], 32(R2)
	WORD $0x6e20dc0c // fmul v12.4s, v0.4s, v0.4s
	WORD $0x6e21dc2d // fmul v13.4s, v1.4s, v1.4s
	WORD $0x4ea8d58c // fsub v12.4s, v12.4s, v8.4s
	WORD $0x4ea9d5ad // fsub v13.4s, v13.4s, v9.4s
	WORD $0x6e32dd8c // fmul v12.4s, v12.4s, v18.4s
	WORD $0x6e32ddad // fmul v13.4s, v13.4s, v18.4s
	WORD $0x4e2cd508 // fadd v8.4s, v8.4s, v12.4s
	WORD $0x4e2dd529 // fadd v9.4s, v9.4s, v13.4s
	VST1.P [V8.S4, V9.S4], 32(R4)
	WORD $0x6ea1f908 // fsqrt v8.4s, v8.4s
	WORD $0x6ea1f929 // fsqrt v9.4s, v9.4s
	WORD $0x4e33d508 // fadd v8.4s, v8.4s, v19.4s
	WORD $0x4e33d529 // fadd v9.4s, v9.4s, v19.4s
	WORD $0x6e30dc84 // fmul v4.4s, v4.4s, v16.4s
	WORD $0x6e30dca5 // fmul v5.4s, v5.4s, v16.4s
	WORD $0x6e28fc84 // fdiv v4.4s, v4.4s, v8.4s
	WORD $0x6e29fca5 // fdiv v5.4s, v5.4s, v9.4s
	VLD1 (R0), [V12.S4, V13.S4]
	WORD $0x4ea4d58c // fsub v12.4s, v12.4s, v4.4s
	WORD $0x4ea5d5ad // fsub v13.4s, v13.4s, v5.4s
	VST1.P [V12.S4, V13.S4], 32(R0)
	SUB  $8, R3, R3
	B    loop8

done:
	RET

// func SGDNEON(w, g, vel []float32, lr, momentum float32, nesterov bool)
// V16 holds lr, V17 momentum.
TEXT ·SGDNEON(SB), NOSPLIT, $0-81
	MOVD  w_base+0(FP), R0
	MOVD  w_len+8(FP), R3
	MOVD  g_base+24(FP), R1
	MOVD  vel_base+48(FP), R2
	FMOVS lr+72(FP), F16
	FMOVS momentum+76(FP), F17
	VDUP  V16.S[0], V16.S4
	VDUP  V17.S[0], V17.S4
	MOVD  vel_len+56(FP), R4
	CBZ   R4, plain16
	MOVBU nesterov+80(FP), R4
	CBNZ  R4, nesterov16

momentum16:
	CMP  $16, R3
	BLT  momentum8
	VLD1.P 64(R1), [V0.S4, V1.S4, V2.S4, V3.S4]
	VLD1 (R2), [V4.S4, V5.S4, V6.S4, V7.S4]
	WORD $0x6e30dc00 // fmul v0.4s, v0.4s, v16.4s
	WORD $0x6e30dc21 // fmul v1.4s, v1.4s, v16.4s
	WORD $0x6e30dc42 // fmul v2.4s, v2.4s, v16.4s
	WORD $0x6e30dc63 // fmul v3.4s, v3.4s, v16.4s
	WORD $0x6e31dc84 // fmul v4.4s, v4.4s, v17.4s
	WORD $0x6e31dca5 // fmul v5.4s, v5.4s, v17.4s
	WORD $0x6e31dcc6 // fmul v6.4s, v6.4s, v17.4s
	WORD $0x6e31dce7 // fmul v7.4s, v7.4s, v17.4s
	WORD $0x4ea0d484 // fsub v4.4s, v4.4s, v0.4s
	WORD $0x4ea1d4a5 // fsub v5.4s, v5.4s, v1.4s
	WORD $0x4ea2d4c6 // fsub v6.4s, v6.4s, v2.4s
	WORD $0x4ea3d4e7 // fsub v7.4s, v7.4s, v3.4s
	VST1.P [V4.S4, V5.S4, V6.S4, V7.S4], 64(R2)
	VLD1 (R0), [V8.S4, V9.S4, V10.S4, V11.S4]
	WORD $0x4e24d508 // fadd v8.4s, v8.4s, v4.4s
	WORD $0x4e25d529 // fadd v9.4s, v9.4s, v5.4s
	WORD $0x4e26d54a // fadd v10.4s, v10.4s, v6.4s
	WORD $0x4e27d56b // fadd v11.4s, v11.4s, v7.4s
	VST1.P [V8.S4, V9.S4, V10.S4, V11.S4], 64(R0)
	SUB  $16, R3, R3
	B    momentum16

momentum8:
	CBZ  R3, done
	VLD1.P 32(R1), [V0.S4, V1.S4]
	VLD1 (R2), [V4.S4, V5.S4]
	WORD $0x6e30dc00 // fmul v0.4s, v0.4s, v16.4s
	WORD $0x6e30dc21 // fmul v1.4s, v1.4s, v16.4s
	WORD $0x6e31dc84 // fmul v4.4s, v4.4s, v17.4s
	WORD $0x6e31dca5 // fmul v5.4s, v5.4s, v17.4s
	WORD $0x4ea0d484 // fsub v4.4s, v4.4s, v0.4s
	WORD $0x4ea1d4a5 // fsub v5.4s, v5.4s, v1.4s
	VST1.P [V4.S4, V5.S4], 32(R2)
	VLD1 (R0), [V8.S4, V9.S4]
	WORD $0x4e24d508 // fadd v8.4s, v8.4s, v4.4s
	WORD $0x4e25d529 // fadd v9.4s, v9.4s, v5.4s
	VST1.P [V8.S4, V9.S4], 32(R0)
	SUB  $8, R3, R3
	B    momentum8

nesterov16:
	CMP  $16, R3
	BLT  nesterov8
	VLD1.P 64(R1), [V0.S4, V1.S4, V2.S4, V3.S4]
	VLD1 (R2), [V4.S4, V5.S4, V6.S4, V7.S4]
	WORD $0x6e30dc00 // fmul v0.4s, v0.4s, v16.4s
	WORD $0x6e30dc21 // fmul v1.4s, v1.4s, v16.4s
	WORD $0x6e30dc42 // fmul v2.4s, v2.4s, v16.4s
	WORD $0x6e30dc63 // fmul v3.4s, v3.4s, v16.4s
	WORD $0x6e31dc84 // fmul v4.4s, v4.4s, v17.4s
	WORD $0x6e31dca5 // fmul v5.4s, v5.4s, v17.4s
	WORD $0x6e31dcc6 // fmul v6.4s, v6.4s, v17.4s
	WORD $0x6e31dce7 // fmul v7.4s, v7.4s, v17.4s
	WORD $0x4ea0d484 // fsub v4.4s, v4.4s, v0.4s
	WORD $0x4ea1d4a5 // fsub v5.4s, v5.4s, v1.4s
	WORD $0x4ea2d4c6 // fsub v6.4s, v6.4s, v2.4s
	WORD $0x4ea3d4e7 // fsub v7.4s, v7.4s, v3.4s
	VST1.P [V4.S4, V5.S4, V6.S4, V7.S4], 64(R2)
	WORD $0x6e31dc84 // fmul v4.4s, v4.4s, v17.4s
	WORD $0x6e31dca5 // fmul v5.4s, v5.4s, v17.4s
	WORD $0x6e31dcc6 // fmul v6.4s, v6.4s, v17.4s
	WORD $0x6e31dce7 // fmul v7.4s, v7.4s, v17.4s
	WORD $0x4ea0d484 // fsub v4.4s, v4.4s, v0.4s
	WORD $0x4ea1d4a5 // fsub v5.4s, v5.4s, v1.4s
	WORD $0x4ea2d4c6 // fsub v6.4s, v6.4s, v2.4s
	WORD $0x4ea3d4e7 // fsub v7.4s, v7.4s, v3.4s
	VLD1 (R0), [V8.S4, V9.S4, V10.S4, V11.S4]
	WORD $0x4e24d508 // fadd v8.4s, v8.4s, v4.4s
	WORD $0x4e25d529 // fadd v9.4s, v9.4s, v5.4s
	WORD $0x4e26d54a // fadd v10.4s, v10.4s, v6.4s
	WORD $0x4e27d56b // fadd v11.4s, v11.4s, v7.4s
	VST1.P [V8.S4, V9.S4, V10.S4, V11.S4], 64(R0)
	SUB  $16, R3, R3
	B    nesterov16

nesterov8:
	CBZ  R3, done
	VLD1.P 32(R1), [V0.S4, V1.S4]
	VLD1 (R2), [V4.S4, V5.S4]
	WORD $0x6e30dc00 // fmul v0.4s, v0.4s, v16.4s
	WORD $0x6e30dc21 // fmul v1.4s, v1.4s, v16.4s
	WORD $0x6e31dc84 // fmul v4.4s, v4.4s, v17.4s
	WORD $0x6e31dca5 // fmul v5.4s, v5.4s, v17.4s
	WORD $0x4ea0d484 // fsub v4.4s, v4.4s, v0.4s
	WORD $0x4ea1d4a5 // fsub v5.4s, v5.4s, v1.4s
	VST1.P [V4.S4, V5.S4], 32(R2)
	WORD $0x6e31dc84 // fmul v4.4s, v4.4s, v17.4s
	WORD $0x6e31dca5 // fmul v5.4s, v5.4s, v17.4s
	WORD $0x4ea0d484 // fsub v4.4s, v4.4s, v0.4s
	WORD $0x4ea1d4a5 // fsub v5.4s, v5.4s, v1.4s
	VLD1 (R0), [V8.S4, V9.S4]
	WORD $0x4e24d508 // fadd v8.4s, v8.4s, v4.4s
	WORD $0x4e25d529 // fadd v9.4s, v9.4s, v5.4s
	VST1.P [V8.S4, V9.S4], 32(R0)
	SUB  $8, R3, R3
	B    nesterov8

plain16:
	CMP  $16, R3
	BLT  plain8
	VLD1.P 64(R1), [V0.S4, V1.S4, V2.S4, V3.S4]
	VLD1 (R0), [V4.S4, V5.S4, V6.S4, V7.S4]
	WORD $0x6e30dc00 // fmul v0.4s, v0.4s, v16.4s
	WORD $0x6e30dc21 // fmul v1.4s, v1.4s, v16.4s
	WORD $0x6e30dc42 // fmul v2.4s, v2.4s, v16.4s
	WORD $0x6e30dc63 // fmul v3.4s, v3.4s, v16.4s
	WORD $0x4ea0d484 // fsub v4.4s, v4.4s, v0.4s
	WORD $0x4ea1d4a5 // fsub v5.4s, v5.4s, v1.4s
	WORD $0x4ea2d4c6 // fsub v6.4s, v6.4s, v2.4s
	WORD $0x4ea3d4e7 // fsub v7.4s, v7.4s, v3.4s
	VST1.P [V4.S4, V5.S4, V6.S4, V7.S4], 64(R0)
	SUB  $16, R3, R3
	B    plain16

plain8:
	CBZ  R3, done
	VLD1.P 32(R1), [V0.S4, V1.S4]
	VLD1 (R0), [V4.S4, V5.S4]
	WORD $0x6e30dc00 // fmul v0.4s, v0.4s, v16.4s
	WORD $0x6e30dc21 // fmul v1.4s, v1.4s, v16.4s
	WORD $0x4ea0d484 // fsub v4.4s, v4.4s, v0.4s
	WORD $0x4ea1d4a5 // fsub v5.4s, v5.4s, v1.4s
	VST1.P [V4.S4, V5.S4], 32(R0)
	SUB  $8, R3, R3
	B    plain8

done:
	RET
