//go:build amd64 && !purego && !noasm

#include "textflag.h"

// The constants of exp_avx512.h that exp_avx2.h lacks, read as broadcasts: the degree-6
// polynomial's c2…c6 (c0 = c1 = 1) and the gates' clamp.
#define CONST1(name, v) \
	DATA  name+0(SB)/4, v \
	GLOBL name(SB), RODATA|NOPTR, $4

CONST1(·exp512C2, $0x3efffffe)
CONST1(·exp512C3, $0x3e2aaa4a)
CONST1(·exp512C4, $0x3d2aac5e)
CONST1(·exp512C5, $0x3c091c1f)
CONST1(·exp512C6, $0x3ab51f58)
CONST1(·exp512Hi, $0x42aeac4f) // 87.3365402, just below ln 2^126
CONST1(·exp512Lo, $0xc2aeac4f)

#include "exp_avx512.h"

// Tail handling. A load that overlaps an earlier store only partly, or overlaps a masked store at
// all (even in its masked-out lanes), cannot take its data from the store buffer and waits until
// the store reaches the cache. A masked tail store that reaches into the next row would make
// every row wait for the previous one, so a row of at least 16 floats ends with the whole
// vector of its last 16 floats, loaded before any store of the row: the lanes it shares with the
// row's last whole vector get the same values, and nothing later loads across its end. Rows
// shorter than 16 use the masked vector.

// Applies OP4 (to Z0-Z3), OP1 (to Z0) and OPT (to Z16, the row's last 16 floats) in place over
// the rows of at least 16 floats: 64 floats at a time so that four independent exp chains and
// divisions overlap, then 16. The labels are the caller's, a set for each use. Jumps to done.
#define ACTIVATE_ROWS(OP4, OP1, OPT, row, by64, by16, last, next) \
row:                              \
	MOVQ    DI, R8                \
	MOVQ    DX, R9                \
	TESTQ   $15, DX               \
	JZ      by64                  \
	VMOVUPS -64(DI)(DX*4), Z16    \
	OPT                           \
by64:                             \
	CMPQ    R9, $64               \
	JLT     by16                  \
	VMOVUPS (R8), Z0              \
	VMOVUPS 64(R8), Z1            \
	VMOVUPS 128(R8), Z2           \
	VMOVUPS 192(R8), Z3           \
	OP4                           \
	VMOVUPS Z0, (R8)              \
	VMOVUPS Z1, 64(R8)            \
	VMOVUPS Z2, 128(R8)           \
	VMOVUPS Z3, 192(R8)           \
	ADDQ    $256, R8              \
	SUBQ    $64, R9               \
	JMP     by64                  \
by16:                             \
	CMPQ    R9, $16               \
	JLT     last                  \
	VMOVUPS (R8), Z0              \
	OP1                           \
	VMOVUPS Z0, (R8)              \
	ADDQ    $64, R8               \
	SUBQ    $16, R9               \
	JMP     by16                  \
last:                             \
	TESTQ   R9, R9                \
	JZ      next                  \
	VMOVUPS Z16, -64(DI)(DX*4)    \
next:                             \
	ADDQ    SI, DI                \
	DECQ    CX                    \
	JNZ     row                   \
	JMP     done

// Applies OP1 to rows shorter than 16 floats, masked by K1; rows without gaps between them came
// merged into one, so that one row's store and the next one's load overlap only where ld < 16.
// Jumps to done.
#define ACTIVATE_SHORT(OP1, row) \
row:                           \
	VMOVUPS.Z (DI), K1, Z0     \
	OP1                        \
	VMOVUPS   Z0, K1, (DI)     \
	ADDQ      SI, DI           \
	DECQ      CX               \
	JNZ       row              \
	JMP       done

// The operations, with Z31, Z30 holding the clamp.
#define EXP1 EXP512(Z0, Z4, Z5, Z31, Z30)
#define EXPT EXP512(Z16, Z17, Z18, Z31, Z30)
#define EXP4 \
	EXP512(Z0, Z4, Z5, Z31, Z30)  \
	EXP512(Z1, Z6, Z7, Z31, Z30)  \
	EXP512(Z2, Z8, Z9, Z31, Z30)  \
	EXP512(Z3, Z10, Z11, Z31, Z30)

#define SIGMOID1 SIGMOID512(Z0, Z4, Z5, Z31, Z30)
#define SIGMOIDT SIGMOID512(Z16, Z17, Z18, Z31, Z30)
#define SIGMOID4 \
	SIGMOID512(Z0, Z4, Z5, Z31, Z30)  \
	SIGMOID512(Z1, Z6, Z7, Z31, Z30)  \
	SIGMOID512(Z2, Z8, Z9, Z31, Z30)  \
	SIGMOID512(Z3, Z10, Z11, Z31, Z30)

#define TANH1 TANH512(Z0, Z4, Z5, Z12, Z31, Z30)
#define TANHT TANH512(Z16, Z17, Z18, Z19, Z31, Z30)
#define TANH4 \
	TANH512(Z0, Z4, Z5, Z12, Z31, Z30)  \
	TANH512(Z1, Z6, Z7, Z13, Z31, Z30)  \
	TANH512(Z2, Z8, Z9, Z14, Z31, Z30)  \
	TANH512(Z3, Z10, Z11, Z15, Z31, Z30)

// func ActivateRowsAVX512(x []float32, rows, cols, ld, fn int)
TEXT ·ActivateRowsAVX512(SB), NOSPLIT, $0-56
	MOVQ  x_base+0(FP), DI
	MOVQ  rows+24(FP), CX
	MOVQ  cols+32(FP), DX
	MOVQ  ld+40(FP), SI
	MOVQ  fn+48(FP), R10
	TESTQ CX, CX
	JZ    done
	TESTQ DX, DX
	JZ    done

	// Rows without gaps between them are one row: one tail instead of one a row.
	CMPQ  SI, DX
	JNE   shaped
	IMULQ CX, DX
	MOVQ  $1, CX

shaped:
	SHLQ  $2, SI
	MOVQ  CX, R11 // K1 = the low cols lanes, for rows shorter than 16
	MOVQ  DX, CX
	ANDL  $15, CX
	MOVL  $1, AX
	SHLL  CX, AX
	DECL  AX
	KMOVW AX, K1
	MOVQ  R11, CX

	CMPQ R10, $1
	JEQ  sigmoid
	JGT  tanh

	// e^x exact over the whole range: VSCALEFPS rounds subnormal results once (taking the
	// assist that exp_avx512.h's gates' clamp avoids).
	VBROADCASTSS ·wideHi(SB), Z31
	VBROADCASTSS ·wideLo(SB), Z30
	CMPQ DX, $16
	JLT  expshort
	ACTIVATE_ROWS(EXP4, EXP1, EXPT, exprow, exp64, exp16, explast, expnext)
	ACTIVATE_SHORT(EXP1, expshort)

sigmoid:
	VBROADCASTSS ·exp512Hi(SB), Z31
	VBROADCASTSS ·exp512Lo(SB), Z30
	CMPQ DX, $16
	JLT  sigshort
	ACTIVATE_ROWS(SIGMOID4, SIGMOID1, SIGMOIDT, sigrow, sig64, sig16, siglast, signext)
	ACTIVATE_SHORT(SIGMOID1, sigshort)

tanh:
	VBROADCASTSS ·exp512Hi(SB), Z31
	VBROADCASTSS ·exp512Lo(SB), Z30
	CMPQ DX, $16
	JLT  tanhshort
	ACTIVATE_ROWS(TANH4, TANH1, TANHT, tanhrow, tanh64, tanh16, tanhlast, tanhnext)
	ACTIVATE_SHORT(TANH1, tanhshort)

done:
	VZEROUPPER
	RET

// func SoftmaxRowsAVX512(x []float32, rows, cols, ld int)
// Three passes over each row, which the caller hands over while it is still in L1: the max,
// then e^(x-max) stored with its sum, then the scaling by 1/sum; four maxima and four sums run
// side by side so that their additions overlap. x-max is clamped at -80: e^-80 = 1.8e-35 keeps
// the exp, and the scaling of rows up to 1500 long, clear of subnormal results (see
// exp_avx512.h) at the cost of outputs below 1.8e-35 where e^(x-max) is smaller.
TEXT ·SoftmaxRowsAVX512(SB), NOSPLIT, $0-48
	MOVQ  x_base+0(FP), DI
	MOVQ  rows+24(FP), CX
	MOVQ  cols+32(FP), DX
	MOVQ  ld+40(FP), SI
	TESTQ CX, CX
	JZ    sdone
	TESTQ DX, DX
	JZ    sdone
	SHLQ  $2, SI
	VBROADCASTSS ·softmaxRange(SB), Z31 // x-max ≤ 0 < 80 but for NaN
	VPXORD.BCST  ·signBit(SB), Z31, Z30
	VBROADCASTSS ·negInf(SB), Z29
	MOVQ  CX, R11
	MOVQ  DX, CX
	ANDL  $15, CX
	CMPQ  DX, $16
	JLT   short

	// K1: the lanes of the row's last 16 floats past its whole vectors (none when 16 divides
	// cols).
	NEGL  CX
	ADDL  $16, CX
	MOVL  $0xffff, AX
	SHLL  CX, AX
	KMOVW AX, K1
	MOVQ  R11, CX

row:
	LEAQ    -64(DI)(DX*4), R10 // the row's last 16 floats
	MOVQ    DI, R8
	MOVQ    DX, R9
	VMOVAPS Z29, Z0
	VMOVAPS Z29, Z1
	VMOVAPS Z29, Z2
	VMOVAPS Z29, Z3
	VMAXPS  (R10), Z1, Z1 // some floats twice: no matter for a max

max64:
	CMPQ   R9, $64
	JLT    max16
	VMAXPS (R8), Z0, Z0
	VMAXPS 64(R8), Z1, Z1
	VMAXPS 128(R8), Z2, Z2
	VMAXPS 192(R8), Z3, Z3
	ADDQ   $256, R8
	SUBQ   $64, R9
	JMP    max64

max16:
	CMPQ   R9, $16
	JLT    maxreduce
	VMAXPS (R8), Z0, Z0
	ADDQ   $64, R8
	SUBQ   $16, R9
	JMP    max16

maxreduce:
	// A NaN need not survive the maxima: x-max brings it back into the sum.
	VMAXPS        Z1, Z0, Z0
	VMAXPS        Z3, Z2, Z2
	VMAXPS        Z2, Z0, Z0
	VEXTRACTF64X4 $1, Z0, Y1
	VMAXPS        Y1, Y0, Y0
	VEXTRACTF128  $1, Y0, X1
	VMAXPS        X1, X0, X0
	VPERMILPS     $0x4e, X0, X1
	VMAXPS        X1, X0, X0
	VPERMILPS     $0xb1, X0, X1
	VMAXPS        X1, X0, X0
	VBROADCASTSS  X0, Z28

	MOVQ   DI, R8
	MOVQ   DX, R9
	VXORPS Z4, Z4, Z4
	VXORPS Z5, Z5, Z5
	VXORPS Z6, Z6, Z6
	VXORPS Z7, Z7, Z7
	TESTQ  $15, DX
	JZ     exp64
	VMOVUPS (R10), Z8
	VSUBPS  Z28, Z8, Z8
	EXP512(Z8, Z18, Z19, Z31, Z30)
	VADDPS  Z8, Z5, K1, Z5 // only the lanes past the whole vectors

exp64:
	CMPQ    R9, $64
	JLT     exp16
	VMOVUPS (R8), Z0
	VMOVUPS 64(R8), Z1
	VMOVUPS 128(R8), Z2
	VMOVUPS 192(R8), Z3
	VSUBPS  Z28, Z0, Z0
	VSUBPS  Z28, Z1, Z1
	VSUBPS  Z28, Z2, Z2
	VSUBPS  Z28, Z3, Z3
	EXP512(Z0, Z10, Z11, Z31, Z30)
	EXP512(Z1, Z12, Z13, Z31, Z30)
	EXP512(Z2, Z14, Z15, Z31, Z30)
	EXP512(Z3, Z16, Z17, Z31, Z30)
	VMOVUPS Z0, (R8)
	VMOVUPS Z1, 64(R8)
	VMOVUPS Z2, 128(R8)
	VMOVUPS Z3, 192(R8)
	VADDPS  Z0, Z4, Z4
	VADDPS  Z1, Z5, Z5
	VADDPS  Z2, Z6, Z6
	VADDPS  Z3, Z7, Z7
	ADDQ    $256, R8
	SUBQ    $64, R9
	JMP     exp64

exp16:
	CMPQ    R9, $16
	JLT     sumreduce
	VMOVUPS (R8), Z0
	VSUBPS  Z28, Z0, Z0
	EXP512(Z0, Z10, Z11, Z31, Z30)
	VMOVUPS Z0, (R8)
	VADDPS  Z0, Z4, Z4
	ADDQ    $64, R8
	SUBQ    $16, R9
	JMP     exp16

sumreduce:
	VADDPS        Z5, Z4, Z4
	VADDPS        Z7, Z6, Z6
	VADDPS        Z6, Z4, Z4
	VEXTRACTF64X4 $1, Z4, Y5
	VADDPS        Y5, Y4, Y4
	VEXTRACTF128  $1, Y4, X5
	VADDPS        X5, X4, X4
	VPERMILPS     $0x4e, X4, X5
	VADDPS        X5, X4, X4
	VPERMILPS     $0xb1, X4, X5
	VADDPS        X5, X4, X4
	VBROADCASTSS  X4, Z4
	VBROADCASTSS  ·one(SB), Z28
	VDIVPS        Z4, Z28, Z28

	MOVQ DI, R8
	MOVQ DX, R9

scale64:
	CMPQ    R9, $64
	JLT     scale16
	VMULPS  (R8), Z28, Z0
	VMULPS  64(R8), Z28, Z1
	VMULPS  128(R8), Z28, Z2
	VMULPS  192(R8), Z28, Z3
	VMOVUPS Z0, (R8)
	VMOVUPS Z1, 64(R8)
	VMOVUPS Z2, 128(R8)
	VMOVUPS Z3, 192(R8)
	ADDQ    $256, R8
	SUBQ    $64, R9
	JMP     scale64

scale16:
	CMPQ    R9, $16
	JLT     scalelast
	VMULPS  (R8), Z28, Z0
	VMOVUPS Z0, (R8)
	ADDQ    $64, R8
	SUBQ    $16, R9
	JMP     scale16

scalelast:
	TESTQ   R9, R9
	JZ      next
	VMULPS  Z8, Z28, Z8
	VMOVUPS Z8, (R10)

next:
	ADDQ SI, DI
	DECQ CX
	JNZ  row
	JMP  sdone

	// Rows shorter than 16: one vector each, -Inf past the row (the e^-80 = 1.8e-35 there is
	// nothing beside the e^0 = 1 of the max in the sum), and each row loaded before the previous
	// one is stored (the store is masked).
short:
	MOVL    $1, AX
	SHLL    CX, AX
	DECL    AX
	KMOVW   AX, K1
	MOVQ    R11, CX
	VMOVAPS Z29, Z0
	VMOVUPS (DI), K1, Z0

shortrow:
	VEXTRACTF64X4 $1, Z0, Y1
	VMAXPS        Y1, Y0, Y1
	VEXTRACTF128  $1, Y1, X2
	VMAXPS        X2, X1, X1
	VPERMILPS     $0x4e, X1, X2
	VMAXPS        X2, X1, X1
	VPERMILPS     $0xb1, X1, X2
	VMAXPS        X2, X1, X1
	VBROADCASTSS  X1, Z1
	VSUBPS        Z1, Z0, Z0
	EXP512(Z0, Z2, Z3, Z31, Z30)
	VEXTRACTF64X4 $1, Z0, Y1
	VADDPS        Y1, Y0, Y1
	VEXTRACTF128  $1, Y1, X2
	VADDPS        X2, X1, X1
	VPERMILPS     $0x4e, X1, X2
	VADDPS        X2, X1, X1
	VPERMILPS     $0xb1, X1, X2
	VADDPS        X2, X1, X1
	VBROADCASTSS  X1, Z1
	VBROADCASTSS  ·one(SB), Z2
	VDIVPS        Z1, Z2, Z1
	VMULPS        Z1, Z0, Z0
	MOVQ          DI, R8
	ADDQ          SI, DI
	DECQ          CX
	JZ            shortlast
	VMOVAPS       Z29, Z4
	VMOVUPS       (DI), K1, Z4
	VMOVUPS       Z0, K1, (R8)
	VMOVAPS       Z4, Z0
	JMP           shortrow

shortlast:
	VMOVUPS Z0, K1, (R8)

sdone:
	VZEROUPPER
	RET
