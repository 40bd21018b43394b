//go:build amd64 && !purego && !noasm

#include "textflag.h"

// Each kernel runs 64 floats a loop as four independent zmm, so that the long, unpipelined
// square roots and divisions of one overlap the others', then the rest 16 at a time, the last
// vector masked. AX is the byte offset into every slice, CX the floats left. Every access to
// memory goes through the opmask k of its vector: K1, all 16 lanes, in the loop of 64, K2 at the
// tail; masked-off lanes are neither read nor written (nor can they fault) and compute zeros
// that are never stored. No step is fused: each rounds as the Go twin's does.

// K2 = the lanes of the next min(CX, 16) floats, where CX > 0; BX and R10 are scratch.
#define TAIL_MASK \
	MOVL    $0xffff, BX \
	MOVL    $1, R10     \
	SHLL    CX, R10     \
	DECL    R10         \
	CMPQ    CX, $16     \
	CMOVLLT R10, BX     \
	KMOVW   BX, K2

// RMSprop's new mean square of 16 floats at byte offset off, into m and ms; g keeps the
// gradient. Z14 holds rho, Z13 1-rho.
#define RMS_MS(off, k, g, t, m) \
	VMOVUPS.Z off(SI)(AX*1), k, g      \
	VMULPS    g, g, t                  \
	VMULPS    Z13, t, t                \
	VMULPS.Z  off(DX)(AX*1), Z14, k, m \
	VADDPS    t, m, m                  \
	VMOVUPS   m, k, off(DX)(AX*1)

// The denominator d from the mean square m, in m; Z12 holds eps.
#define RMS_EPS_INSIDE(m) \
	VADDPS  Z12, m, m \
	VSQRTPS m, m

#define RMS_EPS_OUTSIDE(m) \
	VSQRTPS m, m \
	VADDPS  Z12, m, m

// w -= lr·g/d at byte offset off; Z15 holds lr.
#define RMS_W(off, k, g, t, d) \
	VMULPS    Z15, g, g           \
	VDIVPS    d, g, g             \
	VMOVUPS.Z off(DI)(AX*1), k, t \
	VSUBPS    g, t, t             \
	VMOVUPS   t, k, off(DI)(AX*1)

// func RMSpropAVX512(w, g, ms []float32, lr, rho, eps float32, epsOutside bool)
TEXT ·RMSpropAVX512(SB), NOSPLIT, $0-85
	MOVQ w_base+0(FP), DI
	MOVQ w_len+8(FP), CX
	MOVQ g_base+24(FP), SI
	MOVQ ms_base+48(FP), DX
	VBROADCASTSS lr+72(FP), Z15
	VBROADCASTSS rho+76(FP), Z14
	VBROADCASTSS ·one(SB), Z13
	VSUBPS       Z14, Z13, Z13   // 1-rho, rounded once as in Go
	VBROADCASTSS eps+80(FP), Z12
	KXNORW K1, K1, K1
	XORQ AX, AX
	CMPB epsOutside+84(FP), $0
	JNE  outside64

inside64:
	CMPQ CX, $64
	JLT  insideTail
	RMS_MS(0, K1, Z0, Z1, Z2)
	RMS_MS(64, K1, Z3, Z4, Z5)
	RMS_MS(128, K1, Z6, Z7, Z8)
	RMS_MS(192, K1, Z9, Z10, Z11)
	RMS_EPS_INSIDE(Z2)
	RMS_EPS_INSIDE(Z5)
	RMS_EPS_INSIDE(Z8)
	RMS_EPS_INSIDE(Z11)
	RMS_W(0, K1, Z0, Z1, Z2)
	RMS_W(64, K1, Z3, Z4, Z5)
	RMS_W(128, K1, Z6, Z7, Z8)
	RMS_W(192, K1, Z9, Z10, Z11)
	ADDQ $256, AX
	SUBQ $64, CX
	JMP  inside64

insideTail:
	TESTQ CX, CX
	JLE   done
	TAIL_MASK
	RMS_MS(0, K2, Z0, Z1, Z2)
	RMS_EPS_INSIDE(Z2)
	RMS_W(0, K2, Z0, Z1, Z2)
	ADDQ $64, AX
	SUBQ $16, CX
	JMP  insideTail

outside64:
	CMPQ CX, $64
	JLT  outsideTail
	RMS_MS(0, K1, Z0, Z1, Z2)
	RMS_MS(64, K1, Z3, Z4, Z5)
	RMS_MS(128, K1, Z6, Z7, Z8)
	RMS_MS(192, K1, Z9, Z10, Z11)
	RMS_EPS_OUTSIDE(Z2)
	RMS_EPS_OUTSIDE(Z5)
	RMS_EPS_OUTSIDE(Z8)
	RMS_EPS_OUTSIDE(Z11)
	RMS_W(0, K1, Z0, Z1, Z2)
	RMS_W(64, K1, Z3, Z4, Z5)
	RMS_W(128, K1, Z6, Z7, Z8)
	RMS_W(192, K1, Z9, Z10, Z11)
	ADDQ $256, AX
	SUBQ $64, CX
	JMP  outside64

outsideTail:
	TESTQ CX, CX
	JLE   done
	TAIL_MASK
	RMS_MS(0, K2, Z0, Z1, Z2)
	RMS_EPS_OUTSIDE(Z2)
	RMS_W(0, K2, Z0, Z1, Z2)
	ADDQ $64, AX
	SUBQ $16, CX
	JMP  outsideTail

done:
	VZEROUPPER
	RET

// Adam's new moments of 16 floats at byte offset off, into m and the moment arrays, then the
// denominator sqrt(v) + eps into t; g keeps the gradient. Z14 holds 1-beta1, Z13 1-beta2, Z12
// eps; SI, DX and R8 point at g, m and v.
#define ADAM_MV(off, k, g, m, t) \
	VMOVUPS.Z off(SI)(AX*1), k, g     \
	VMOVUPS.Z off(DX)(AX*1), k, m     \
	VSUBPS    m, g, t                 \
	VMULPS    Z14, t, t               \
	VADDPS    t, m, m                 \
	VMOVUPS   m, k, off(DX)(AX*1)     \
	VMULPS    g, g, t                 \
	VSUBPS.Z  off(R8)(AX*1), t, k, t  \
	VMULPS    Z13, t, t               \
	VADDPS.Z  off(R8)(AX*1), t, k, t  \
	VMOVUPS   t, k, off(R8)(AX*1)     \
	VSQRTPS   t, t                    \
	VADDPS    Z12, t, t

// w -= alpha·m/d at byte offset off, g free for w; Z15 holds alpha.
#define ADAM_W(off, k, g, m, d) \
	VMULPS    Z15, m, m           \
	VDIVPS    d, m, m             \
	VMOVUPS.Z off(DI)(AX*1), k, g \
	VSUBPS    m, g, g             \
	VMOVUPS   g, k, off(DI)(AX*1)

// func AdamAVX512(w, g, m, v []float32, alpha, beta1, beta2, eps float32)
TEXT ·AdamAVX512(SB), NOSPLIT, $0-112
	MOVQ w_base+0(FP), DI
	MOVQ w_len+8(FP), CX
	MOVQ g_base+24(FP), SI
	MOVQ m_base+48(FP), DX
	MOVQ v_base+72(FP), R8
	VBROADCASTSS alpha+96(FP), Z15
	VBROADCASTSS ·one(SB), Z14
	VBROADCASTSS beta2+104(FP), Z0
	VSUBPS       Z0, Z14, Z13    // 1-beta2, rounded once as in Go
	VBROADCASTSS beta1+100(FP), Z0
	VSUBPS       Z0, Z14, Z14    // 1-beta1
	VBROADCASTSS eps+108(FP), Z12
	KXNORW K1, K1, K1
	XORQ AX, AX

loop64:
	CMPQ CX, $64
	JLT  tail
	ADAM_MV(0, K1, Z0, Z1, Z2)
	ADAM_MV(64, K1, Z3, Z4, Z5)
	ADAM_MV(128, K1, Z6, Z7, Z8)
	ADAM_MV(192, K1, Z9, Z10, Z11)
	ADAM_W(0, K1, Z0, Z1, Z2)
	ADAM_W(64, K1, Z3, Z4, Z5)
	ADAM_W(128, K1, Z6, Z7, Z8)
	ADAM_W(192, K1, Z9, Z10, Z11)
	ADDQ $256, AX
	SUBQ $64, CX
	JMP  loop64

tail:
	TESTQ CX, CX
	JLE   done
	TAIL_MASK
	ADAM_MV(0, K2, Z0, Z1, Z2)
	ADAM_W(0, K2, Z0, Z1, Z2)
	ADDQ $64, AX
	SUBQ $16, CX
	JMP  tail

done:
	VZEROUPPER
	RET

// SGD at byte offset off: s = lr·g, with Z15 holding lr.
#define SGD_PLAIN(off, k, s, t) \
	VMULPS.Z  off(SI)(AX*1), Z15, k, s \
	VMOVUPS.Z off(DI)(AX*1), k, t      \
	VSUBPS    s, t, t                  \
	VMOVUPS   t, k, off(DI)(AX*1)

// vel = momentum·vel - s into v and vel, with Z14 holding momentum and DX pointing at vel.
#define SGD_VEL(off, k, s, v) \
	VMULPS.Z off(SI)(AX*1), Z15, k, s \
	VMULPS.Z off(DX)(AX*1), Z14, k, v \
	VSUBPS   s, v, v                  \
	VMOVUPS  v, k, off(DX)(AX*1)

#define SGD_MOMENTUM(off, k, s, v) \
	SGD_VEL(off, k, s, v)            \
	VADDPS.Z off(DI)(AX*1), v, k, v  \
	VMOVUPS  v, k, off(DI)(AX*1)

#define SGD_NESTEROV(off, k, s, v) \
	SGD_VEL(off, k, s, v)            \
	VMULPS   Z14, v, v               \
	VSUBPS   s, v, v                 \
	VADDPS.Z off(DI)(AX*1), v, k, v  \
	VMOVUPS  v, k, off(DI)(AX*1)

// func SGDAVX512(w, g, vel []float32, lr, momentum float32, nesterov bool)
TEXT ·SGDAVX512(SB), NOSPLIT, $0-81
	MOVQ w_base+0(FP), DI
	MOVQ w_len+8(FP), CX
	MOVQ g_base+24(FP), SI
	MOVQ vel_base+48(FP), DX
	VBROADCASTSS lr+72(FP), Z15
	VBROADCASTSS momentum+76(FP), Z14
	KXNORW K1, K1, K1
	XORQ AX, AX
	CMPQ vel_len+56(FP), $0
	JEQ  plain64
	CMPB nesterov+80(FP), $0
	JNE  nesterov64

momentum64:
	CMPQ CX, $64
	JLT  momentumTail
	SGD_MOMENTUM(0, K1, Z0, Z1)
	SGD_MOMENTUM(64, K1, Z2, Z3)
	SGD_MOMENTUM(128, K1, Z4, Z5)
	SGD_MOMENTUM(192, K1, Z6, Z7)
	ADDQ $256, AX
	SUBQ $64, CX
	JMP  momentum64

momentumTail:
	TESTQ CX, CX
	JLE   done
	TAIL_MASK
	SGD_MOMENTUM(0, K2, Z0, Z1)
	ADDQ $64, AX
	SUBQ $16, CX
	JMP  momentumTail

nesterov64:
	CMPQ CX, $64
	JLT  nesterovTail
	SGD_NESTEROV(0, K1, Z0, Z1)
	SGD_NESTEROV(64, K1, Z2, Z3)
	SGD_NESTEROV(128, K1, Z4, Z5)
	SGD_NESTEROV(192, K1, Z6, Z7)
	ADDQ $256, AX
	SUBQ $64, CX
	JMP  nesterov64

nesterovTail:
	TESTQ CX, CX
	JLE   done
	TAIL_MASK
	SGD_NESTEROV(0, K2, Z0, Z1)
	ADDQ $64, AX
	SUBQ $16, CX
	JMP  nesterovTail

plain64:
	CMPQ CX, $64
	JLT  plainTail
	SGD_PLAIN(0, K1, Z0, Z1)
	SGD_PLAIN(64, K1, Z2, Z3)
	SGD_PLAIN(128, K1, Z4, Z5)
	SGD_PLAIN(192, K1, Z6, Z7)
	ADDQ $256, AX
	SUBQ $64, CX
	JMP  plain64

plainTail:
	TESTQ CX, CX
	JLE   done
	TAIL_MASK
	SGD_PLAIN(0, K2, Z0, Z1)
	ADDQ $64, AX
	SUBQ $16, CX
	JMP  plainTail

done:
	VZEROUPPER
	RET
