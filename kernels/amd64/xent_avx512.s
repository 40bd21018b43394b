//go:build amd64 && !purego && !noasm

#include "textflag.h"
#include "exp_avx512.h"

#define CONST1(name, v) \
	DATA  name+0(SB)/4, v \
	GLOBL name(SB), RODATA|NOPTR, $4

CONST1(·xentEps, $0x33d6bf95) // float32(1e-7): Keras' clip of the probabilities
CONST1(·sqrt2, $0x3fb504f3)
CONST1(·half, $0x3f000000)
CONST1(·ln2, $0x3f317218)
CONST1(·third, $0x3eaaaaab)
CONST1(·fifth, $0x3e4ccccd)
CONST1(·seventh, $0x3e124925)
CONST1(·ninth, $0x3de38e39)

// x = the op (max or sum) of the lanes of each 8-lane half of x, in all of them; REDUCE16 over
// all 16 lanes.
#define REDUCE8(op, x, t) \
	VPERMILPS  $0xb1, x, t \
	op         t, x, x     \
	VPERMILPS  $0x4e, x, t \
	op         t, x, x     \
	VSHUFF32X4 $0xb1, x, x, t \
	op         t, x, x

#define REDUCE16(op, x, t) \
	REDUCE8(op, x, t)         \
	VSHUFF32X4 $0x4e, x, x, t \
	op         t, x, x

// r = 1/x within 2^-27 relative (float32's rounding, nearly): 14 bits from VRCP14PS, then one
// Newton step, some times the throughput of VDIVPS on a 512-bit vector; t is clobbered.
#define RECIP(x, r, t) \
	VRCP14PS     x, r        \
	VMOVAPS      Z26, t      \
	VFNMADD231PS r, x, t     \
	VFMADD231PS  t, r, r

// One vector of rows, their logits in Z0 and targets in Z1 (zero past the rows), the rows' lanes
// in K2; reduce folds the lanes of one row. Out: p in Z8, the gradient in Z10, each lane's loss
// y·((max − l) + log S) in Z15 (zero past the rows; max − l first, as max + log S would round at
// the scale of the logits) and in K5 the lanes with p below the clip.
// log S for the row sum S ≥ 1 of e^(l − max): with S = 2^e·m, m in [√½, √2), as
// e·ln2 + 2·atanh(s), s = (m−1)/(m+1), |s| ≤ 0.172, by its series to s⁹ (error below 1e-9).
#define XENT(reduce) \
	VBLENDMPS         Z0, Z29, K2, Z2        \
	VMOVAPS           Z2, Z3                 \
	reduce(VMAXPS, Z3, Z4)                   \
	VSUBPS            Z3, Z2, Z5             \
	EXP512(Z5, Z6, Z7, Z31, Z30)             \
	VMOVAPS           Z5, Z6                 \
	reduce(VADDPS, Z6, Z7)                   \
	RECIP(Z6, Z7, Z16)                       \
	VMULPS            Z7, Z5, Z8             \
	VMOVAPS           Z1, Z9                 \
	reduce(VADDPS, Z9, Z10)                  \
	VMULPS            Z9, Z8, Z10            \
	VSUBPS            Z1, Z10, Z10           \
	VMULPS            Z27, Z10, Z10          \
	VCMPPS            $1, Z28, Z8, K2, K5    \
	VGETEXPPS         Z6, Z11                \
	VGETMANTPS        $0, Z6, Z12            \
	VCMPPS.BCST       $14, ·sqrt2(SB), Z12, K3 \
	VMULPS.BCST       ·half(SB), Z12, K3, Z12 \
	VADDPS            Z26, Z11, K3, Z11      \
	VSUBPS            Z26, Z12, Z13          \
	VADDPS            Z26, Z12, Z12          \
	RECIP(Z12, Z18, Z19)                     \
	VMULPS            Z18, Z13, Z13          \
	VMULPS            Z13, Z13, Z14          \
	VBROADCASTSS      ·ninth(SB), Z15        \
	VFMADD213PS.BCST  ·seventh(SB), Z14, Z15 \
	VFMADD213PS.BCST  ·fifth(SB), Z14, Z15   \
	VFMADD213PS.BCST  ·third(SB), Z14, Z15   \
	VFMADD213PS       Z26, Z14, Z15          \
	VMULPS            Z13, Z15, Z15          \
	VADDPS            Z15, Z15, Z15          \
	VFMADD231PS.BCST  ·ln2(SB), Z11, Z15     \
	VSUBPS            Z0, Z3, Z16            \
	VADDPS            Z16, Z15, Z15          \
	VMULPS.Z          Z1, Z15, K2, Z15

// The lanes' losses (Z15) added in float64 to Z24 (lanes 0-7) and Z25 (8-15).
#define ACC \
	VCVTPS2PD     Y15, Z16      \
	VADDPD        Z16, Z24, Z24 \
	VEXTRACTF32X8 $1, Z15, Y17  \
	VCVTPS2PD     Y17, Z17      \
	VADDPD        Z17, Z25, Z25

// func SoftmaxXentAVX512(p, dz, logits, y []float32, rows, cols int, scale float32) (loss float64, clipped int)
// Registers: DI p, SI dz (0: none), R8 logits, R9 y, R11 the bytes of one vector's rows, R12 the
// rows past the clip. Z26 = 1, Z27 = scale, Z28 = the clip, Z29 = -Inf, Z30 and Z31 the clamp of
// l − max at ±80 (SoftmaxRowsAVX512's).
TEXT ·SoftmaxXentAVX512(SB), NOSPLIT, $0-136
	MOVQ         p_base+0(FP), DI
	MOVQ         dz_base+24(FP), SI
	MOVQ         logits_base+48(FP), R8
	MOVQ         y_base+72(FP), R9
	MOVQ         rows+96(FP), CX
	MOVQ         cols+104(FP), DX
	VBROADCASTSS scale+112(FP), Z27
	VBROADCASTSS ·one(SB), Z26
	VBROADCASTSS ·xentEps(SB), Z28
	VBROADCASTSS ·negInf(SB), Z29
	VBROADCASTSS ·softmaxRange(SB), Z31
	VPXORD.BCST  ·signBit(SB), Z31, Z30
	VXORPD       Z24, Z24, Z24
	VXORPD       Z25, Z25, Z25
	XORL         R12, R12
	MOVL         $-1, AX
	BZHIL        DX, AX, BX // BX: the lanes of one row
	CMPQ         DX, $8
	JGT          single

	// Two rows a vector: K1 the floats of two rows, K2 their lanes (0 to cols-1, 8 to 7+cols).
	MOVL  BX, R10
	SHLL  $8, R10
	ORL   BX, R10
	KMOVW R10, K2
	LEAQ  (DX)(DX*1), R11
	BZHIL R11, AX, R10
	KMOVW R10, K1
	SHLQ  $2, R11
	MOVQ  CX, R13
	SHRQ  $1, R13 // R13: pairs of rows
	ANDQ  $1, CX  // CX: a last row left
	TESTQ R13, R13
	JZ    pairodd

pairloop:
	VMOVUPS.Z   (R8), K1, Z0
	VMOVUPS.Z   (R9), K1, Z1
	VEXPANDPS.Z Z0, K2, Z0
	VEXPANDPS.Z Z1, K2, Z1
	XENT(REDUCE8)
	KORTESTW    K5, K5
	JNZ         pairclip

pairacc:
	ACC
	VCOMPRESSPS Z8, K2, Z8
	VMOVUPS     Z8, K1, (DI)
	TESTQ       SI, SI
	JZ          pairnext
	VCOMPRESSPS Z10, K2, Z10
	VMOVUPS     Z10, K1, (SI)
	ADDQ        R11, SI

pairnext:
	ADDQ R11, DI
	ADDQ R11, R8
	ADDQ R11, R9
	DECQ R13
	JNZ  pairloop

pairodd:
	// A last row alone: its lanes only, once more through the loop.
	TESTQ CX, CX
	JZ    done
	XORL  CX, CX
	KMOVW BX, K1
	KMOVW BX, K2
	MOVQ  $1, R13
	JMP   pairloop

pairclip:
	// Rare: a row past the clip is counted and its loss left out.
	KMOVW     K5, AX
	MOVL      $0xffff, R10
	TESTL     $0xff, AX
	JZ        pairclip1
	INCQ      R12
	ANDL      $0xff00, R10

pairclip1:
	TESTL     $0xff00, AX
	JZ        pairclip2
	INCQ      R12
	ANDL      $0xff, R10

pairclip2:
	KMOVW     R10, K6
	VMOVAPS.Z Z15, K6, Z15
	JMP       pairacc

	// One row a vector (9 to 16 columns).
single:
	KMOVW BX, K1
	KMOVW BX, K2
	MOVQ  DX, R11
	SHLQ  $2, R11

singleloop:
	VMOVUPS.Z (R8), K1, Z0
	VMOVUPS.Z (R9), K1, Z1
	XENT(REDUCE16)
	KORTESTW  K5, K5
	JNZ       singleclip

singleacc:
	ACC
	VMOVUPS Z8, K1, (DI)
	TESTQ   SI, SI
	JZ      singlenext
	VMOVUPS Z10, K1, (SI)
	ADDQ    R11, SI

singlenext:
	ADDQ R11, DI
	ADDQ R11, R8
	ADDQ R11, R9
	DECQ CX
	JNZ  singleloop
	JMP  done

singleclip:
	INCQ   R12
	VXORPS Z15, Z15, Z15
	JMP    singleacc

done:
	VADDPD        Z25, Z24, Z0
	VEXTRACTF64X4 $1, Z0, Y1
	VADDPD        Y1, Y0, Y0
	VEXTRACTF128  $1, Y0, X1
	VADDPD        X1, X0, X0
	VPERMILPD     $1, X0, X1
	VADDSD        X1, X0, X0
	VMOVSD        X0, loss+120(FP)
	MOVQ          R12, clipped+128(FP)
	VZEROUPPER
	RET
