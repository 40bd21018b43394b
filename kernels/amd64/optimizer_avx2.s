//go:build amd64 && !purego && !noasm

#include "textflag.h"

// Each kernel runs 32 floats a loop as four independent vectors, so that the long, unpipelined
// square roots and divisions of one overlap the others', then the last ones 8 at a time. AX is
// the byte offset into every slice, CX the floats left. No step is fused: each rounds as the Go
// twin's does.

// RMSprop's new mean square of 8 floats at byte offset off, into m and ms; g keeps the gradient.
// Y14 holds rho, Y13 1-rho.
#define RMS_MS(off, g, t, m) \
	VMOVUPS off(SI)(AX*1), g      \
	VMULPS  g, g, t               \
	VMULPS  Y13, t, t             \
	VMULPS  off(DX)(AX*1), Y14, m \
	VADDPS  t, m, m               \
	VMOVUPS m, off(DX)(AX*1)

// The denominator d from the mean square m, in m; Y12 holds eps.
#define RMS_EPS_INSIDE(m) \
	VADDPS  Y12, m, m \
	VSQRTPS m, m

#define RMS_EPS_OUTSIDE(m) \
	VSQRTPS m, m \
	VADDPS  Y12, m, m

// w -= lr·g/d at byte offset off; Y15 holds lr.
#define RMS_W(off, g, t, d) \
	VMULPS  Y15, g, g             \
	VDIVPS  d, g, g               \
	VMOVUPS off(DI)(AX*1), t      \
	VSUBPS  g, t, t               \
	VMOVUPS t, off(DI)(AX*1)

// func RMSpropAVX2(w, g, ms []float32, lr, rho, eps float32, epsOutside bool)
TEXT ·RMSpropAVX2(SB), NOSPLIT, $0-85
	MOVQ w_base+0(FP), DI
	MOVQ w_len+8(FP), CX
	MOVQ g_base+24(FP), SI
	MOVQ ms_base+48(FP), DX
	VBROADCASTSS lr+72(FP), Y15
	VBROADCASTSS rho+76(FP), Y14
	VMOVUPS ·one(SB), Y13
	VSUBPS  Y14, Y13, Y13        // 1-rho, rounded once as in Go
	VBROADCASTSS eps+80(FP), Y12
	XORQ AX, AX
	CMPB epsOutside+84(FP), $0
	JNE  outside32

inside32:
	CMPQ CX, $32
	JLT  inside8
	RMS_MS(0, Y0, Y1, Y2)
	RMS_MS(32, Y3, Y4, Y5)
	RMS_MS(64, Y6, Y7, Y8)
	RMS_MS(96, Y9, Y10, Y11)
	RMS_EPS_INSIDE(Y2)
	RMS_EPS_INSIDE(Y5)
	RMS_EPS_INSIDE(Y8)
	RMS_EPS_INSIDE(Y11)
	RMS_W(0, Y0, Y1, Y2)
	RMS_W(32, Y3, Y4, Y5)
	RMS_W(64, Y6, Y7, Y8)
	RMS_W(96, Y9, Y10, Y11)
	ADDQ $128, AX
	SUBQ $32, CX
	JMP  inside32

inside8:
	TESTQ CX, CX
	JZ   done
	RMS_MS(0, Y0, Y1, Y2)
	RMS_EPS_INSIDE(Y2)
	RMS_W(0, Y0, Y1, Y2)
	ADDQ $32, AX
	SUBQ $8, CX
	JMP  inside8

outside32:
	CMPQ CX, $32
	JLT  outside8
	RMS_MS(0, Y0, Y1, Y2)
	RMS_MS(32, Y3, Y4, Y5)
	RMS_MS(64, Y6, Y7, Y8)
	RMS_MS(96, Y9, Y10, Y11)
	RMS_EPS_OUTSIDE(Y2)
	RMS_EPS_OUTSIDE(Y5)
	RMS_EPS_OUTSIDE(Y8)
	RMS_EPS_OUTSIDE(Y11)
	RMS_W(0, Y0, Y1, Y2)
	RMS_W(32, Y3, Y4, Y5)
	RMS_W(64, Y6, Y7, Y8)
	RMS_W(96, Y9, Y10, Y11)
	ADDQ $128, AX
	SUBQ $32, CX
	JMP  outside32

outside8:
	TESTQ CX, CX
	JZ   done
	RMS_MS(0, Y0, Y1, Y2)
	RMS_EPS_OUTSIDE(Y2)
	RMS_W(0, Y0, Y1, Y2)
	ADDQ $32, AX
	SUBQ $8, CX
	JMP  outside8

done:
	VZEROUPPER
	RET

// Adam's new moments of 8 floats at byte offset off, into m and the moment arrays, then the
// denominator sqrt(v) + eps into t; g keeps the gradient. Y14 holds 1-beta1, Y13 1-beta2, Y12
// eps; SI, DX and R8 point at g, m and v.
#define ADAM_MV(off, g, m, t) \
	VMOVUPS off(SI)(AX*1), g      \
	VMOVUPS off(DX)(AX*1), m      \
	VSUBPS  m, g, t               \
	VMULPS  Y14, t, t             \
	VADDPS  t, m, m               \
	VMOVUPS m, off(DX)(AX*1)      \
	VMULPS  g, g, t               \
	VSUBPS  off(R8)(AX*1), t, t   \
	VMULPS  Y13, t, t             \
	VADDPS  off(R8)(AX*1), t, t   \
	VMOVUPS t, off(R8)(AX*1)      \
	VSQRTPS t, t                  \
	VADDPS  Y12, t, t

// w -= alpha·m/d at byte offset off, g free for w; Y15 holds alpha.
#define ADAM_W(off, g, m, d) \
	VMULPS  Y15, m, m             \
	VDIVPS  d, m, m               \
	VMOVUPS off(DI)(AX*1), g      \
	VSUBPS  m, g, g               \
	VMOVUPS g, off(DI)(AX*1)

// func AdamAVX2(w, g, m, v []float32, alpha, beta1, beta2, eps float32)
TEXT ·AdamAVX2(SB), NOSPLIT, $0-112
	MOVQ w_base+0(FP), DI
	MOVQ w_len+8(FP), CX
	MOVQ g_base+24(FP), SI
	MOVQ m_base+48(FP), DX
	MOVQ v_base+72(FP), R8
	VBROADCASTSS alpha+96(FP), Y15
	VMOVUPS ·one(SB), Y14
	VBROADCASTSS beta2+104(FP), Y0
	VSUBPS  Y0, Y14, Y13         // 1-beta2, rounded once as in Go
	VBROADCASTSS beta1+100(FP), Y0
	VSUBPS  Y0, Y14, Y14         // 1-beta1
	VBROADCASTSS eps+108(FP), Y12
	XORQ AX, AX

loop32:
	CMPQ CX, $32
	JLT  loop8
	ADAM_MV(0, Y0, Y1, Y2)
	ADAM_MV(32, Y3, Y4, Y5)
	ADAM_MV(64, Y6, Y7, Y8)
	ADAM_MV(96, Y9, Y10, Y11)
	ADAM_W(0, Y0, Y1, Y2)
	ADAM_W(32, Y3, Y4, Y5)
	ADAM_W(64, Y6, Y7, Y8)
	ADAM_W(96, Y9, Y10, Y11)
	ADDQ $128, AX
	SUBQ $32, CX
	JMP  loop32

loop8:
	TESTQ CX, CX
	JZ   done
	ADAM_MV(0, Y0, Y1, Y2)
	ADAM_W(0, Y0, Y1, Y2)
	ADDQ $32, AX
	SUBQ $8, CX
	JMP  loop8

done:
	VZEROUPPER
	RET

// SGD at byte offset off: s = lr·g, with Y15 holding lr.
#define SGD_PLAIN(off, s, t) \
	VMULPS  off(SI)(AX*1), Y15, s \
	VMOVUPS off(DI)(AX*1), t      \
	VSUBPS  s, t, t               \
	VMOVUPS t, off(DI)(AX*1)

// vel = momentum·vel - s into v and vel, with Y14 holding momentum and DX pointing at vel.
#define SGD_VEL(off, s, v) \
	VMULPS  off(SI)(AX*1), Y15, s \
	VMULPS  off(DX)(AX*1), Y14, v \
	VSUBPS  s, v, v               \
	VMOVUPS v, off(DX)(AX*1)

#define SGD_MOMENTUM(off, s, v) \
	SGD_VEL(off, s, v)            \
	VADDPS  off(DI)(AX*1), v, v   \
	VMOVUPS v, off(DI)(AX*1)

#define SGD_NESTEROV(off, s, v) \
	SGD_VEL(off, s, v)            \
	VMULPS  Y14, v, v             \
	VSUBPS  s, v, v               \
	VADDPS  off(DI)(AX*1), v, v   \
	VMOVUPS v, off(DI)(AX*1)

// func SGDAVX2(w, g, vel []float32, lr, momentum float32, nesterov bool)
TEXT ·SGDAVX2(SB), NOSPLIT, $0-81
	MOVQ w_base+0(FP), DI
	MOVQ w_len+8(FP), CX
	MOVQ g_base+24(FP), SI
	MOVQ vel_base+48(FP), DX
	VBROADCASTSS lr+72(FP), Y15
	VBROADCASTSS momentum+76(FP), Y14
	XORQ AX, AX
	CMPQ vel_len+56(FP), $0
	JEQ  plain32
	CMPB nesterov+80(FP), $0
	JNE  nesterov32

momentum32:
	CMPQ CX, $32
	JLT  momentum8
	SGD_MOMENTUM(0, Y0, Y1)
	SGD_MOMENTUM(32, Y2, Y3)
	SGD_MOMENTUM(64, Y4, Y5)
	SGD_MOMENTUM(96, Y6, Y7)
	ADDQ $128, AX
	SUBQ $32, CX
	JMP  momentum32

momentum8:
	TESTQ CX, CX
	JZ   done
	SGD_MOMENTUM(0, Y0, Y1)
	ADDQ $32, AX
	SUBQ $8, CX
	JMP  momentum8

nesterov32:
	CMPQ CX, $32
	JLT  nesterov8
	SGD_NESTEROV(0, Y0, Y1)
	SGD_NESTEROV(32, Y2, Y3)
	SGD_NESTEROV(64, Y4, Y5)
	SGD_NESTEROV(96, Y6, Y7)
	ADDQ $128, AX
	SUBQ $32, CX
	JMP  nesterov32

nesterov8:
	TESTQ CX, CX
	JZ   done
	SGD_NESTEROV(0, Y0, Y1)
	ADDQ $32, AX
	SUBQ $8, CX
	JMP  nesterov8

plain32:
	CMPQ CX, $32
	JLT  plain8
	SGD_PLAIN(0, Y0, Y1)
	SGD_PLAIN(32, Y2, Y3)
	SGD_PLAIN(64, Y4, Y5)
	SGD_PLAIN(96, Y6, Y7)
	ADDQ $128, AX
	SUBQ $32, CX
	JMP  plain32

plain8:
	TESTQ CX, CX
	JZ   done
	SGD_PLAIN(0, Y0, Y1)
	ADDQ $32, AX
	SUBQ $8, CX
	JMP  plain8

done:
	VZEROUPPER
	RET
