//go:build amd64 && !purego && !noasm

#include "textflag.h"

// The permutations. pairLo, pairHi: rows r and r+1 interleaved, k steps 0-7 and 8-15 (dword
// indices into [r | r+1]). triA0-2 then triB0-2: the three pairs of each k step side by side, in
// the three vectors of eight k steps (qword indices into [pair01 | pair23], then [that | pair45]).
DATA ·pairLo+0(SB)/8, $0x0000001000000000
DATA ·pairLo+8(SB)/8, $0x0000001100000001
DATA ·pairLo+16(SB)/8, $0x0000001200000002
DATA ·pairLo+24(SB)/8, $0x0000001300000003
DATA ·pairLo+32(SB)/8, $0x0000001400000004
DATA ·pairLo+40(SB)/8, $0x0000001500000005
DATA ·pairLo+48(SB)/8, $0x0000001600000006
DATA ·pairLo+56(SB)/8, $0x0000001700000007
GLOBL ·pairLo(SB), RODATA|NOPTR, $64
DATA ·pairHi+0(SB)/8, $0x0000001800000008
DATA ·pairHi+8(SB)/8, $0x0000001900000009
DATA ·pairHi+16(SB)/8, $0x0000001a0000000a
DATA ·pairHi+24(SB)/8, $0x0000001b0000000b
DATA ·pairHi+32(SB)/8, $0x0000001c0000000c
DATA ·pairHi+40(SB)/8, $0x0000001d0000000d
DATA ·pairHi+48(SB)/8, $0x0000001e0000000e
DATA ·pairHi+56(SB)/8, $0x0000001f0000000f
GLOBL ·pairHi(SB), RODATA|NOPTR, $64

#define QWORDS8(name, a, b, c, d, e, f, g, h) \
	DATA name+0(SB)/8, $a  \
	DATA name+8(SB)/8, $b  \
	DATA name+16(SB)/8, $c \
	DATA name+24(SB)/8, $d \
	DATA name+32(SB)/8, $e \
	DATA name+40(SB)/8, $f \
	DATA name+48(SB)/8, $g \
	DATA name+56(SB)/8, $h \
	GLOBL name(SB), RODATA|NOPTR, $64

QWORDS8(·triA0, 0, 8, 0, 1, 9, 0, 2, 10)
QWORDS8(·triA1, 0, 3, 11, 0, 4, 12, 0, 5)
QWORDS8(·triA2, 13, 0, 6, 14, 0, 7, 15, 0)
QWORDS8(·triB0, 0, 1, 8, 3, 4, 9, 6, 7)
QWORDS8(·triB1, 10, 1, 2, 11, 4, 5, 12, 7)
QWORDS8(·triB2, 0, 13, 2, 3, 14, 5, 6, 15)

// Sixteen k steps of the six rows (masked by K1-K6) into Z12-Z17, 96 floats in panel order.
#define STEP16 \
	VMOVUPS.Z  (SI), K1, Z0         \
	VMOVUPS.Z  (SI)(BX*1), K2, Z1   \
	VMOVUPS.Z  (SI)(BX*2), K3, Z2   \
	VMOVUPS.Z  (R8), K4, Z3         \
	VMOVUPS.Z  (R8)(BX*1), K5, Z4   \
	VMOVUPS.Z  (R8)(BX*2), K6, Z5   \
	VMOVAPS    Z0, Z6               \
	VPERMT2PS  Z1, Z20, Z6          \
	VPERMT2PS  Z1, Z21, Z0          \
	VMOVAPS    Z2, Z8               \
	VPERMT2PS  Z3, Z20, Z8          \
	VPERMT2PS  Z3, Z21, Z2          \
	VMOVAPS    Z4, Z10              \
	VPERMT2PS  Z5, Z20, Z10         \
	VPERMT2PS  Z5, Z21, Z4          \
	VMOVAPD    Z6, Z12              \
	VPERMT2PD  Z8, Z22, Z12         \
	VPERMT2PD  Z10, Z25, Z12        \
	VMOVAPD    Z6, Z13              \
	VPERMT2PD  Z8, Z23, Z13         \
	VPERMT2PD  Z10, Z26, Z13        \
	VPERMT2PD  Z8, Z24, Z6          \
	VPERMT2PD  Z10, Z27, Z6         \
	VMOVAPD    Z0, Z15              \
	VPERMT2PD  Z2, Z22, Z15         \
	VPERMT2PD  Z4, Z25, Z15         \
	VMOVAPD    Z0, Z16              \
	VPERMT2PD  Z2, Z23, Z16         \
	VPERMT2PD  Z4, Z26, Z16         \
	VPERMT2PD  Z2, Z24, Z0          \
	VPERMT2PD  Z4, Z27, Z0

// Store the first min(R11, 16) floats of z at off(DI), then count them off R11 (to no less than 0).
#define STOREPART(z, off) \
	XORL    R12, R12       \
	CMPQ    R11, $0        \
	CMOVQLT R12, R11       \
	MOVQ    R11, R12       \
	MOVQ    $16, R13       \
	CMPQ    R12, R13       \
	CMOVQGT R13, R12       \
	MOVL    $-1, AX        \
	BZHIL   R12, AX, R13   \
	KMOVW   R13, K7        \
	VMOVUPS z, K7, off(DI) \
	SUBQ    $16, R11

// func PackAAVX512(kc, rows int, a []float32, lda int, dst []float32)
// Registers: SI rows 0-2 (BX apart), R8 rows 3-5, DI dst, CX the k steps left. The six outputs of
// sixteen k steps are Z12, Z13, Z6 (steps 0-7) and Z15, Z16, Z0 (8-15).
TEXT ·PackAAVX512(SB), NOSPLIT, $0-72
	MOVQ kc+0(FP), CX
	MOVQ rows+8(FP), DX
	MOVQ a_base+16(FP), SI
	MOVQ lda+40(FP), BX
	SHLQ $2, BX
	MOVQ dst_base+48(FP), DI
	LEAQ (SI)(BX*2), R8
	ADDQ BX, R8

	// K1-K6: all sixteen lanes for the rows below rows, none for the others (never read).
	MOVL    $0xffff, AX
	XORL    R9, R9
	CMPQ    DX, $1
	MOVL    AX, R10
	CMOVLLT R9, R10
	KMOVW   R10, K1
	CMPQ    DX, $2
	MOVL    AX, R10
	CMOVLLT R9, R10
	KMOVW   R10, K2
	CMPQ    DX, $3
	MOVL    AX, R10
	CMOVLLT R9, R10
	KMOVW   R10, K3
	CMPQ    DX, $4
	MOVL    AX, R10
	CMOVLLT R9, R10
	KMOVW   R10, K4
	CMPQ    DX, $5
	MOVL    AX, R10
	CMOVLLT R9, R10
	KMOVW   R10, K5
	CMPQ    DX, $6
	MOVL    AX, R10
	CMOVLLT R9, R10
	KMOVW   R10, K6

	VMOVDQU32 ·pairLo(SB), Z20
	VMOVDQU32 ·pairHi(SB), Z21
	VMOVDQU64 ·triA0(SB), Z22
	VMOVDQU64 ·triA1(SB), Z23
	VMOVDQU64 ·triA2(SB), Z24
	VMOVDQU64 ·triB0(SB), Z25
	VMOVDQU64 ·triB1(SB), Z26
	VMOVDQU64 ·triB2(SB), Z27

sixteen:
	CMPQ    CX, $16
	JLT     tail
	STEP16
	VMOVUPS Z12, (DI)
	VMOVUPS Z13, 64(DI)
	VMOVUPS Z6, 128(DI)
	VMOVUPS Z15, 192(DI)
	VMOVUPS Z16, 256(DI)
	VMOVUPS Z0, 320(DI)
	ADDQ    $64, SI
	ADDQ    $64, R8
	ADDQ    $384, DI
	SUBQ    $16, CX
	JMP     sixteen

tail:
	// The last CX < 16 steps: loads masked to them, then their 6·CX floats stored.
	TESTQ CX, CX
	JZ    done
	MOVL  $-1, AX
	BZHIL CX, AX, R10
	KMOVW R10, K7
	KANDW K7, K1, K1
	KANDW K7, K2, K2
	KANDW K7, K3, K3
	KANDW K7, K4, K4
	KANDW K7, K5, K5
	KANDW K7, K6, K6
	STEP16
	LEAQ  (CX)(CX*2), R11
	SHLQ  $1, R11 // R11: the floats left to store
	STOREPART(Z12, 0)
	STOREPART(Z13, 64)
	STOREPART(Z6, 128)
	STOREPART(Z15, 192)
	STOREPART(Z16, 256)
	STOREPART(Z0, 320)

done:
	VZEROUPPER
	RET
