//go:build amd64 && !purego && !noasm

#include "textflag.h"
#include "exp_avx2.h"
#include "kstep_avx2.h"

// func GRUKernel6x16AVX2(kc, m int, a []float32, lda int, b, c []float32, ldc int, x []float32, ldx int, h []float32, ldh int, z []float32, ldz int, mode int)
// The frame holds the finished tile (0-383) and the loop over row tiles: the tile's A (384), C
// (392), x (400), h (408), z (416), and the rows left (424).
TEXT ·GRUKernel6x16AVX2(SB), NOSPLIT, $432-208
	MOVQ a_base+16(FP), AX
	MOVQ AX, 384(SP)
	MOVQ c_base+72(FP), AX
	MOVQ AX, 392(SP)
	MOVQ x_base+104(FP), AX
	MOVQ AX, 400(SP)
	MOVQ h_base+136(FP), AX
	MOVQ AX, 408(SP)
	MOVQ z_base+168(FP), AX
	MOVQ AX, 416(SP)
	MOVQ m+8(FP), AX
	MOVQ AX, 424(SP)

tile:
	MOVQ 384(SP), R8
	MOVQ lda+40(FP), R9
	SHLQ $2, R9
	LEAQ (R8)(R9*2), R10
	ADDQ R9, R10                 // R10: row 3 of A
	MOVQ b_base+48(FP), R12
	VXORPS Y4, Y4, Y4
	VXORPS Y5, Y5, Y5
	VXORPS Y6, Y6, Y6
	VXORPS Y7, Y7, Y7
	VXORPS Y8, Y8, Y8
	VXORPS Y9, Y9, Y9
	VXORPS Y10, Y10, Y10
	VXORPS Y11, Y11, Y11
	VXORPS Y12, Y12, Y12
	VXORPS Y13, Y13, Y13
	VXORPS Y14, Y14, Y14
	VXORPS Y15, Y15, Y15
	MOVQ kc+0(FP), AX
	MOVQ AX, BX
	SHRQ $2, BX                  // BX: groups of four k steps
	ANDQ $3, AX                  // AX: the rest
	CMPQ 424(SP), $4
	JLE  four                    // a last tile of at most four rows: a third fewer FMAs
	TESTQ BX, BX
	JZ   rest

	PCALIGN $64
loop4:
	KSTEP_ROWS(0, 0)
	KSTEP_ROWS(4, 64)
	KSTEP_ROWS(8, 128)
	KSTEP_ROWS(12, 192)
	ADDQ $16, R8
	ADDQ $16, R10
	ADDQ $256, R12
	DECQ BX
	JNZ  loop4

rest:
	TESTQ AX, AX
	JZ    epilogue

loop1:
	KSTEP_ROWS(0, 0)
	ADDQ $4, R8
	ADDQ $4, R10
	ADDQ $64, R12
	DECQ AX
	JNZ  loop1
	JMP  epilogue

four:
	TESTQ BX, BX
	JZ   fourrest

	PCALIGN $64
four4:
	KSTEP_ROWS_FOUR(0, 0)
	KSTEP_ROWS_FOUR(4, 64)
	KSTEP_ROWS_FOUR(8, 128)
	KSTEP_ROWS_FOUR(12, 192)
	ADDQ $16, R8
	ADDQ $16, R10
	ADDQ $256, R12
	DECQ BX
	JNZ  four4

fourrest:
	TESTQ AX, AX
	JZ    epilogue

four1:
	KSTEP_ROWS_FOUR(0, 0)
	ADDQ $4, R8
	ADDQ $4, R10
	ADDQ $64, R12
	DECQ AX
	JNZ  four1

	// The gates, row by row over the tile's rows below m: the accumulators go to the frame so
	// that the two halves of a row have every register for their interleaved chains.
epilogue:
	VMOVUPS Y4, 0(SP)
	VMOVUPS Y5, 32(SP)
	VMOVUPS Y6, 64(SP)
	VMOVUPS Y7, 96(SP)
	VMOVUPS Y8, 128(SP)
	VMOVUPS Y9, 160(SP)
	VMOVUPS Y10, 192(SP)
	VMOVUPS Y11, 224(SP)
	VMOVUPS Y12, 256(SP)
	VMOVUPS Y13, 288(SP)
	VMOVUPS Y14, 320(SP)
	VMOVUPS Y15, 352(SP)
	VMOVUPS ·expHi(SB), Y15
	VMOVUPS ·expLo(SB), Y14
	MOVQ 424(SP), CX
	MOVQ $6, AX
	CMPQ CX, AX
	CMOVQGT AX, CX               // CX: this tile's rows
	MOVQ SP, R8                  // R8: the tile's row
	MOVQ 392(SP), DI             // DI: C's
	MOVQ 400(SP), SI             // SI: x's
	MOVQ 408(SP), DX             // DX: h's
	MOVQ 416(SP), R11            // R11: z's
	MOVQ ldc+96(FP), R9
	SHLQ $2, R9
	MOVQ ldx+128(FP), R10
	SHLQ $2, R10
	MOVQ ldh+160(FP), R12
	SHLQ $2, R12
	MOVQ ldz+192(FP), R13
	SHLQ $2, R13
	MOVQ mode+200(FP), AX

row:
	CMPQ AX, $2
	JEQ  candidate
	CMPQ CX, $2
	JLT  gate1

	// The gates two rows at a time: four interleaved sigmoids.
	VMOVUPS (R8), Y0
	VADDPS  (SI), Y0, Y0
	VMOVUPS 32(R8), Y3
	VADDPS  32(SI), Y3, Y3
	VMOVUPS 64(R8), Y6
	VADDPS  (SI)(R10*1), Y6, Y6
	VMOVUPS 96(R8), Y9
	VADDPS  32(SI)(R10*1), Y9, Y9
	SIGMOID4(Y0, Y1, Y2, Y3, Y4, Y5, Y6, Y7, Y8, Y9, Y10, Y11)
	CMPQ AX, $1
	JNE  store2
	VMULPS (DX), Y0, Y0          // r⊙h
	VMULPS 32(DX), Y3, Y3
	VMULPS (DX)(R12*1), Y6, Y6
	VMULPS 32(DX)(R12*1), Y9, Y9

store2:
	VMOVUPS Y0, (DI)
	VMOVUPS Y3, 32(DI)
	VMOVUPS Y6, (DI)(R9*1)
	VMOVUPS Y9, 32(DI)(R9*1)
	ADDQ $128, R8
	LEAQ (DI)(R9*2), DI
	LEAQ (SI)(R10*2), SI
	LEAQ (DX)(R12*2), DX
	LEAQ (R11)(R13*2), R11
	SUBQ $2, CX
	JNZ  row
	JMP  nexttile

gate1:
	VMOVUPS (R8), Y0
	VADDPS  (SI), Y0, Y0
	VMOVUPS 32(R8), Y3
	VADDPS  32(SI), Y3, Y3
	SIGMOID2(Y0, Y1, Y2, Y3, Y4, Y5)
	CMPQ AX, $1
	JNE  store
	VMULPS (DX), Y0, Y0
	VMULPS 32(DX), Y3, Y3
	JMP  store

candidate:
	VMOVUPS (R8), Y0
	VADDPS  (SI), Y0, Y0
	VMOVUPS 32(R8), Y3
	VADDPS  32(SI), Y3, Y3
	TANH2(Y0, Y1, Y2, Y4, Y3, Y5, Y6, Y7)
	VMOVUPS (DX), Y1             // c + z·(h - c)
	VSUBPS  Y0, Y1, Y1
	VFMADD231PS (R11), Y1, Y0
	VMOVUPS 32(DX), Y5
	VSUBPS  Y3, Y5, Y5
	VFMADD231PS 32(R11), Y5, Y3

store:
	VMOVUPS Y0, (DI)
	VMOVUPS Y3, 32(DI)
	ADDQ $64, R8
	ADDQ R9, DI
	ADDQ R10, SI
	ADDQ R12, DX
	ADDQ R13, R11
	DECQ CX
	JNZ  row

	// The next row tile: everything moves on by six rows.
nexttile:
	MOVQ 424(SP), AX
	SUBQ $6, AX
	JLE  done
	MOVQ AX, 424(SP)
	MOVQ lda+40(FP), AX
	IMULQ $24, AX
	ADDQ AX, 384(SP)
	MOVQ ldc+96(FP), AX
	IMULQ $24, AX
	ADDQ AX, 392(SP)
	MOVQ ldx+128(FP), AX
	IMULQ $24, AX
	ADDQ AX, 400(SP)
	MOVQ ldh+160(FP), AX
	IMULQ $24, AX
	ADDQ AX, 408(SP)
	MOVQ ldz+192(FP), AX
	IMULQ $24, AX
	ADDQ AX, 416(SP)
	JMP  tile

done:
	VZEROUPPER
	RET
