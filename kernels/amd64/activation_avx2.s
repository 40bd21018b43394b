//go:build amd64 && !purego && !noasm

#include "textflag.h"

// The constants are package symbols: the SGEMM kernel's softmax epilogue uses them too.
#define CONST8(name, v) \
	DATA name+0x00(SB)/4, v; DATA name+0x04(SB)/4, v; DATA name+0x08(SB)/4, v; DATA name+0x0c(SB)/4, v \
	DATA name+0x10(SB)/4, v; DATA name+0x14(SB)/4, v; DATA name+0x18(SB)/4, v; DATA name+0x1c(SB)/4, v \
	GLOBL name(SB), RODATA|NOPTR, $32

// The constants of exp_avx2.h, then those of the activations.
CONST8(·expHi, $0x42aeac4e)    // 87.3365326: 1/(1+e^x) ≥ 2^-126 stays normal
CONST8(·expLo, $0xc2aeac4f)    // -87.3365402: e^x ≥ 2^-126 is normal, as a subnormal costs a microcode assist
CONST8(·log2e, $0x3fb8aa3b)
CONST8(·ln2Hi, $0x3f318000)    // 0.693359375, exact in a few bits so n·ln2Hi is exact
CONST8(·ln2Lo, $0xb95e8083)    // -2.12194440e-4 = ln2 - ln2Hi
CONST8(·round127, $0x4b40007f) // 1.5·2^23 + 127: rounds, and biases n as an exponent
CONST8(·round0, $0x4b400000)   // 1.5·2^23
CONST8(·expC0, $0x3f800001)
CONST8(·expC1, $0x3f7ffffb)
CONST8(·expC2, $0x3efffe8d)
CONST8(·expC3, $0x3e2aad0c)
CONST8(·expC4, $0x3d2baf77)
CONST8(·expC5, $0x3c07f2e3)
CONST8(·wideHi, $0x42b20000)   // 89: beyond it e^x overflows to +Inf
CONST8(·wideLo, $0xc2d00000)   // -104: below it e^x rounds to 0
CONST8(·bias127, $127)
CONST8(·one, $0x3f800000)
CONST8(·minusTwo, $0xc0000000)
CONST8(·signBit, $0x80000000)
CONST8(·negInf, $0xff800000)
CONST8(·absMask, $0x7fffffff)
CONST8(·softmaxRange, $0x42a00000) // 80 (as bits): no e^x of a row within ±80 overflows its sum

// ·loadMask+4*(8-r) holds r lanes of ones then zeros: the load mask of r ≤ 8 floats (the SGEMM
// kernel uses it too).
DATA ·loadMask+0x00(SB)/8, $0xffffffffffffffff
DATA ·loadMask+0x08(SB)/8, $0xffffffffffffffff
DATA ·loadMask+0x10(SB)/8, $0xffffffffffffffff
DATA ·loadMask+0x18(SB)/8, $0xffffffffffffffff
DATA ·loadMask+0x20(SB)/8, $0
DATA ·loadMask+0x28(SB)/8, $0
DATA ·loadMask+0x30(SB)/8, $0
DATA ·loadMask+0x38(SB)/8, $0
GLOBL ·loadMask(SB), RODATA|NOPTR, $64

#include "exp_avx2.h"

// Loads the rows' shape: DI row start, CX rows, DX cols, SI ld in bytes, Y13 the load mask of
// the row's last cols%8 floats.
#define ROWS_SETUP \
	MOVQ    x_base+0(FP), DI           \
	MOVQ    rows+24(FP), CX            \
	MOVQ    cols+32(FP), DX            \
	MOVQ    ld+40(FP), SI              \
	SHLQ    $2, SI                     \
	MOVQ    DX, AX                     \
	ANDQ    $7, AX                     \
	MOVQ    $8, BX                     \
	SUBQ    AX, BX                     \
	LEAQ    ·loadMask(SB), R11        \
	VMOVUPS (R11)(BX*4), Y13

// Stores the low AX < 8 floats of Y0 at R8 as 4, 2 and 1: masked stores are twenty times slower
// than plain ones on Zen 3. Jumps to done when finished; uses labels tail2, tail1.
#define STORE_TAIL(done) \
	TESTQ        $4, AX     \
	JZ           tail2      \
	VMOVUPS      X0, (R8)   \
	ADDQ         $16, R8    \
	VEXTRACTF128 $1, Y0, X0 \
tail2:                      \
	TESTQ        $2, AX     \
	JZ           tail1      \
	VMOVLPS      X0, (R8)   \
	ADDQ         $8, R8     \
	VMOVHLPS     X0, X0, X0 \
tail1:                      \
	TESTQ        $1, AX     \
	JZ           done       \
	VMOVSS       X0, (R8)

// func ActivateRowsAVX2(x []float32, rows, cols, ld, fn int)
TEXT ·ActivateRowsAVX2(SB), NOSPLIT, $0-56
	ROWS_SETUP
	MOVQ fn+48(FP), R10
	VMOVUPS ·expHi(SB), Y15
	VMOVUPS ·expLo(SB), Y14
	TESTQ R10, R10
	JNZ  shaped
	VMOVUPS ·wideHi(SB), Y15
	VMOVUPS ·wideLo(SB), Y14

shaped:
	TESTQ CX, CX
	JZ   done
	TESTQ DX, DX
	JZ   done

row:
	MOVQ DI, R8
	MOVQ DX, R9

chunk:
	CMPQ R9, $8
	JLT  tailload
	VMOVUPS (R8), Y0
	JMP  math

tailload:
	TESTQ R9, R9
	JZ   rowdone
	VMASKMOVPS (R8), Y13, Y0

math:
	CMPQ R10, $1
	JEQ  sigmoid
	JGT  tanh
	EXP_WIDE(Y0, Y1, Y2, Y3, Y15, Y14)
	JMP  store

sigmoid:
	SIGMOID
	JMP  store

tanh:
	TANH

store:
	CMPQ R9, $8
	JLT  tail
	VMOVUPS Y0, (R8)
	ADDQ $32, R8
	SUBQ $8, R9
	JMP  chunk

tail:
	MOVQ R9, AX
	STORE_TAIL(rowdone)

rowdone:
	ADDQ SI, DI
	DECQ CX
	JNZ  row

done:
	VZEROUPPER
	RET

// func SoftmaxRowsAVX2(x []float32, rows, cols, ld int)
// Three passes over each row, which the caller hands over while it is still in L1: the max,
// then e^(x-max) stored with its sum (the tail kept in Y9), then the scaling by 1/sum.
TEXT ·SoftmaxRowsAVX2(SB), NOSPLIT, $0-48
	ROWS_SETUP
	VMOVUPS ·expHi(SB), Y15
	VMOVUPS ·expLo(SB), Y14
	VMOVUPS ·negInf(SB), Y12
	TESTQ CX, CX
	JZ   done
	TESTQ DX, DX
	JZ   done

row:
	MOVQ DI, R8
	MOVQ DX, R9
	VMOVUPS Y12, Y11

max8:
	CMPQ R9, $8
	JLT  maxtail
	VMAXPS (R8), Y11, Y11
	ADDQ $32, R8
	SUBQ $8, R9
	JMP  max8

maxtail:
	TESTQ R9, R9
	JZ   maxreduce
	VMASKMOVPS (R8), Y13, Y0
	VBLENDVPS Y13, Y0, Y12, Y0   // lanes past the row count as -Inf
	VMAXPS Y0, Y11, Y11

maxreduce:
	VEXTRACTF128 $1, Y11, X0
	VMAXPS       X0, X11, X11
	VPERMILPS    $0x4e, X11, X0
	VMAXPS       X0, X11, X11
	VPERMILPS    $0xb1, X11, X0
	VMAXPS       X0, X11, X11
	VBROADCASTSS X11, Y11

	VXORPS Y10, Y10, Y10
	MOVQ DI, R8
	MOVQ DX, R9

exp8:
	CMPQ R9, $8
	JLT  exptail
	VMOVUPS (R8), Y0
	VSUBPS  Y11, Y0, Y0
	EXP(Y0, Y1, Y2, Y15, Y14)
	VMOVUPS Y0, (R8)
	VADDPS  Y0, Y10, Y10
	ADDQ $32, R8
	SUBQ $8, R9
	JMP  exp8

exptail:
	TESTQ R9, R9
	JZ   sumreduce
	VMASKMOVPS (R8), Y13, Y0
	VSUBPS  Y11, Y0, Y0
	EXP(Y0, Y1, Y2, Y15, Y14)
	VANDPS  Y13, Y0, Y9
	VADDPS  Y9, Y10, Y10

sumreduce:
	VEXTRACTF128 $1, Y10, X0
	VADDPS       X0, X10, X10
	VPERMILPS    $0x4e, X10, X0
	VADDPS       X0, X10, X10
	VPERMILPS    $0xb1, X10, X0
	VADDPS       X0, X10, X10
	VBROADCASTSS X10, Y10
	VMOVUPS      ·one(SB), Y11
	VDIVPS       Y10, Y11, Y11

	MOVQ DI, R8
	MOVQ DX, R9

scale8:
	CMPQ R9, $8
	JLT  scaletail
	VMULPS  (R8), Y11, Y0
	VMOVUPS Y0, (R8)
	ADDQ $32, R8
	SUBQ $8, R9
	JMP  scale8

scaletail:
	TESTQ R9, R9
	JZ   rowdone
	VMULPS Y9, Y11, Y0
	MOVQ R9, AX
	STORE_TAIL(rowdone)

rowdone:
	ADDQ SI, DI
	DECQ CX
	JNZ  row

done:
	VZEROUPPER
	RET
