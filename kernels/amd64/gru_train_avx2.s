//go:build amd64 && !purego && !noasm

#include "textflag.h"
#include "exp_avx2.h"

// The forward kernels take sixteen units at a time as two interleaved halves, then the last eight
// alone; the backward ones, with no long chains, eight at a time. Rows of units lie R9 bytes
// apart, and so do the sections of x, u, b, da and dau.

// func GRUTrainZRAVX2(z, r, rh, h, x, u []float32, rows, ldx, ldu, units, n int)
TEXT ·GRUTrainZRAVX2(SB), NOSPLIT, $0-184
	MOVQ z_base+0(FP), R8
	MOVQ r_base+24(FP), R10
	MOVQ rh_base+48(FP), R11
	MOVQ h_base+72(FP), R12
	MOVQ x_base+96(FP), R13
	MOVQ u_base+120(FP), R14
	MOVQ units+168(FP), R9
	SHLQ $2, R9
	VMOVUPS ·expHi(SB), Y15
	VMOVUPS ·expLo(SB), Y14
	MOVQ rows+144(FP), DX
	TESTQ DX, DX
	JZ   done
	CMPQ n+176(FP), $0
	JEQ  done

row:
	MOVQ n+176(FP), CX
	XORQ AX, AX                  // AX: the offset along the row
	LEAQ (R13)(R9*1), SI         // SI, DI: x and u at the r section
	LEAQ (R14)(R9*1), DI

	// z and r of both halves as four interleaved sigmoids.
loop:
	CMPQ CX, $16
	JLT  eight
	VMOVUPS (R13)(AX*1), Y0
	VADDPS  (R14)(AX*1), Y0, Y0
	VMOVUPS (SI)(AX*1), Y3
	VADDPS  (DI)(AX*1), Y3, Y3
	VMOVUPS 32(R13)(AX*1), Y6
	VADDPS  32(R14)(AX*1), Y6, Y6
	VMOVUPS 32(SI)(AX*1), Y9
	VADDPS  32(DI)(AX*1), Y9, Y9
	SIGMOID4(Y0, Y1, Y2, Y3, Y4, Y5, Y6, Y7, Y8, Y9, Y10, Y11)
	VMOVUPS Y0, (R8)(AX*1)
	VMOVUPS Y6, 32(R8)(AX*1)
	VMOVUPS Y3, (R10)(AX*1)
	VMOVUPS Y9, 32(R10)(AX*1)
	VMULPS  (R12)(AX*1), Y3, Y3
	VMULPS  32(R12)(AX*1), Y9, Y9
	VMOVUPS Y3, (R11)(AX*1)
	VMOVUPS Y9, 32(R11)(AX*1)
	ADDQ $64, AX
	SUBQ $16, CX
	JNZ  loop
	JMP  nextrow

eight:
	VMOVUPS (R13)(AX*1), Y0
	VADDPS  (R14)(AX*1), Y0, Y0
	VMOVUPS (SI)(AX*1), Y3
	VADDPS  (DI)(AX*1), Y3, Y3
	SIGMOID2(Y0, Y1, Y2, Y3, Y4, Y5)
	VMOVUPS Y0, (R8)(AX*1)
	VMOVUPS Y3, (R10)(AX*1)
	VMULPS  (R12)(AX*1), Y3, Y3
	VMOVUPS Y3, (R11)(AX*1)

nextrow:
	ADDQ R9, R8
	ADDQ R9, R10
	ADDQ R9, R11
	ADDQ R9, R12
	MOVQ ldx+152(FP), AX
	LEAQ (R13)(AX*4), R13
	MOVQ ldu+160(FP), AX
	LEAQ (R14)(AX*4), R14
	DECQ DX
	JNZ  row

done:
	VZEROUPPER
	RET

// func GRUTrainHAVX2(hn, c, h, z, x, cu []float32, rows, ldx, units, n int)
TEXT ·GRUTrainHAVX2(SB), NOSPLIT, $0-176
	MOVQ hn_base+0(FP), R8
	MOVQ c_base+24(FP), R10
	MOVQ h_base+48(FP), R11
	MOVQ z_base+72(FP), R12
	MOVQ x_base+96(FP), R13
	MOVQ cu_base+120(FP), R14
	MOVQ units+160(FP), R9
	SHLQ $2, R9
	VMOVUPS ·expHi(SB), Y15
	VMOVUPS ·expLo(SB), Y14
	MOVQ rows+144(FP), DX
	TESTQ DX, DX
	JZ   done
	CMPQ n+168(FP), $0
	JEQ  done

row:
	MOVQ n+168(FP), CX
	XORQ AX, AX

loop:
	CMPQ CX, $16
	JLT  eight
	VMOVUPS (R13)(AX*1), Y0
	VADDPS  (R14)(AX*1), Y0, Y0
	VMOVUPS 32(R13)(AX*1), Y6
	VADDPS  32(R14)(AX*1), Y6, Y6
	TANH2(Y0, Y1, Y2, Y4, Y6, Y7, Y8, Y9)
	VMOVUPS Y0, (R10)(AX*1)
	VMOVUPS Y6, 32(R10)(AX*1)
	VMOVUPS (R11)(AX*1), Y1
	VSUBPS  Y0, Y1, Y1
	VFMADD231PS (R12)(AX*1), Y1, Y0 // c + z·(h - c)
	VMOVUPS Y0, (R8)(AX*1)
	VMOVUPS 32(R11)(AX*1), Y7
	VSUBPS  Y6, Y7, Y7
	VFMADD231PS 32(R12)(AX*1), Y7, Y6
	VMOVUPS Y6, 32(R8)(AX*1)
	ADDQ $64, AX
	SUBQ $16, CX
	JNZ  loop
	JMP  nextrow

eight:
	VMOVUPS (R13)(AX*1), Y0
	VADDPS  (R14)(AX*1), Y0, Y0
	TANH
	VMOVUPS Y0, (R10)(AX*1)
	VMOVUPS (R11)(AX*1), Y1
	VSUBPS  Y0, Y1, Y1
	VFMADD231PS (R12)(AX*1), Y1, Y0
	VMOVUPS Y0, (R8)(AX*1)

nextrow:
	ADDQ R9, R8
	ADDQ R9, R10
	ADDQ R9, R11
	ADDQ R9, R12
	ADDQ R9, R14
	MOVQ ldx+152(FP), AX
	LEAQ (R13)(AX*4), R13
	DECQ DX
	JNZ  row

done:
	VZEROUPPER
	RET

// func GRUTrainResetAfterAVX2(hn, z, r, c, h, x, u, b []float32, rows, ldx, ldu, units, n int)
//
// hn, z, r, c and h are read at offset AX from their rows; x, u and b through pointers that move
// along the row, SI, DI and R13, so that their sections are R9 and 2·R9 bytes on.
TEXT ·GRUTrainResetAfterAVX2(SB), NOSPLIT, $0-232
	MOVQ hn_base+0(FP), R8
	MOVQ z_base+24(FP), R10
	MOVQ r_base+48(FP), R11
	MOVQ c_base+72(FP), R12
	MOVQ h_base+96(FP), BX
	MOVQ x_base+120(FP), SI
	MOVQ u_base+144(FP), DI
	MOVQ units+216(FP), R9
	SHLQ $2, R9
	VMOVUPS ·expHi(SB), Y15
	VMOVUPS ·expLo(SB), Y14
	MOVQ rows+192(FP), DX
	TESTQ DX, DX
	JZ   done
	CMPQ n+224(FP), $0
	JEQ  done

row:
	MOVQ n+224(FP), CX
	XORQ AX, AX
	MOVQ b_base+168(FP), R13

loop:
	CMPQ CX, $16
	JLT  eight
	VMOVUPS (SI), Y0
	VADDPS  (DI), Y0, Y0
	VADDPS  (R13), Y0, Y0
	VMOVUPS (SI)(R9*1), Y3
	VADDPS  (DI)(R9*1), Y3, Y3
	VADDPS  (R13)(R9*1), Y3, Y3
	VMOVUPS 32(SI), Y6
	VADDPS  32(DI), Y6, Y6
	VADDPS  32(R13), Y6, Y6
	VMOVUPS 32(SI)(R9*1), Y9
	VADDPS  32(DI)(R9*1), Y9, Y9
	VADDPS  32(R13)(R9*1), Y9, Y9
	SIGMOID4(Y0, Y1, Y2, Y3, Y4, Y5, Y6, Y7, Y8, Y9, Y10, Y11)
	VMOVUPS Y0, (R10)(AX*1)
	VMOVUPS Y6, 32(R10)(AX*1)
	VMOVUPS Y3, (R11)(AX*1)
	VMOVUPS Y9, 32(R11)(AX*1)
	VMOVUPS (DI)(R9*2), Y0
	VADDPS  (R13)(R9*2), Y0, Y0
	VMULPS  Y3, Y0, Y0
	VADDPS  (SI)(R9*2), Y0, Y0     // x_h + r·(u_h + b_h)
	VMOVUPS 32(DI)(R9*2), Y6
	VADDPS  32(R13)(R9*2), Y6, Y6
	VMULPS  Y9, Y6, Y6
	VADDPS  32(SI)(R9*2), Y6, Y6
	TANH2(Y0, Y1, Y2, Y4, Y6, Y7, Y8, Y9)
	VMOVUPS Y0, (R12)(AX*1)
	VMOVUPS Y6, 32(R12)(AX*1)
	VMOVUPS (BX)(AX*1), Y1
	VSUBPS  Y0, Y1, Y1
	VFMADD231PS (R10)(AX*1), Y1, Y0
	VMOVUPS Y0, (R8)(AX*1)
	VMOVUPS 32(BX)(AX*1), Y7
	VSUBPS  Y6, Y7, Y7
	VFMADD231PS 32(R10)(AX*1), Y7, Y6
	VMOVUPS Y6, 32(R8)(AX*1)
	ADDQ $64, AX
	ADDQ $64, SI
	ADDQ $64, DI
	ADDQ $64, R13
	SUBQ $16, CX
	JNZ  loop
	JMP  nextrow

eight:
	VMOVUPS (SI), Y0
	VADDPS  (DI), Y0, Y0
	VADDPS  (R13), Y0, Y0
	VMOVUPS (SI)(R9*1), Y3
	VADDPS  (DI)(R9*1), Y3, Y3
	VADDPS  (R13)(R9*1), Y3, Y3
	SIGMOID2(Y0, Y1, Y2, Y3, Y4, Y5)
	VMOVUPS Y0, (R10)(AX*1)
	VMOVUPS Y3, (R11)(AX*1)
	VMOVUPS (DI)(R9*2), Y0
	VADDPS  (R13)(R9*2), Y0, Y0
	VMULPS  Y3, Y0, Y0
	VADDPS  (SI)(R9*2), Y0, Y0
	TANH
	VMOVUPS Y0, (R12)(AX*1)
	VMOVUPS (BX)(AX*1), Y1
	VSUBPS  Y0, Y1, Y1
	VFMADD231PS (R10)(AX*1), Y1, Y0
	VMOVUPS Y0, (R8)(AX*1)
	ADDQ $32, SI
	ADDQ $32, DI

nextrow:
	ADDQ R9, R8
	ADDQ R9, R10
	ADDQ R9, R11
	ADDQ R9, R12
	ADDQ R9, BX
	MOVQ n+224(FP), R14
	SHLQ $2, R14                 // R14: how far SI and DI moved along the row
	MOVQ ldx+200(FP), AX
	LEAQ (SI)(AX*4), SI
	SUBQ R14, SI
	MOVQ ldu+208(FP), AX
	LEAQ (DI)(AX*4), DI
	SUBQ R14, DI
	DECQ DX
	JNZ  row

done:
	VZEROUPPER
	RET

// func GRUBackZCAVX2(da, dhz, dh, dy, h, z, c []float32, rows, lda, ldy, units, n int)
//
// R13 and R14 are the row's da at its z and h sections, SI its dy; Y15 holds ones.
TEXT ·GRUBackZCAVX2(SB), NOSPLIT, $0-208
	MOVQ da_base+0(FP), R13
	MOVQ dhz_base+24(FP), R8
	MOVQ dh_base+48(FP), R10
	MOVQ dy_base+72(FP), SI
	MOVQ h_base+96(FP), R11
	MOVQ z_base+120(FP), R12
	MOVQ c_base+144(FP), BX
	MOVQ units+192(FP), R9
	SHLQ $2, R9
	LEAQ (R13)(R9*2), R14
	VMOVUPS ·one(SB), Y15
	MOVQ rows+168(FP), DX
	TESTQ DX, DX
	JZ   done
	CMPQ n+200(FP), $0
	JEQ  done

row:
	MOVQ n+200(FP), CX
	XORQ AX, AX

loop:
	VMOVUPS (R10)(AX*1), Y0
	VADDPS  (SI)(AX*1), Y0, Y0   // d
	VMOVUPS (R12)(AX*1), Y1      // z
	VSUBPS  Y1, Y15, Y2          // 1 - z
	VMULPS  Y1, Y0, Y5
	VMOVUPS Y5, (R8)(AX*1)       // d·z
	VMOVUPS (BX)(AX*1), Y3       // c
	VMOVUPS (R11)(AX*1), Y4
	VSUBPS  Y3, Y4, Y4
	VMULPS  Y0, Y4, Y4           // d·(h - c)
	VMULPS  Y2, Y1, Y6           // z·(1 - z)
	VMULPS  Y6, Y4, Y4
	VMOVUPS Y4, (R13)(AX*1)
	VMOVAPS Y15, Y7
	VFNMADD231PS Y3, Y3, Y7      // 1 - c²
	VMULPS  Y2, Y0, Y6           // d·(1 - z)
	VMULPS  Y7, Y6, Y6
	VMOVUPS Y6, (R14)(AX*1)
	ADDQ $32, AX
	SUBQ $8, CX
	JNZ  loop

	ADDQ R9, R8
	ADDQ R9, R10
	ADDQ R9, R11
	ADDQ R9, R12
	ADDQ R9, BX
	MOVQ lda+176(FP), AX
	LEAQ (R13)(AX*4), R13
	LEAQ (R14)(AX*4), R14
	MOVQ ldy+184(FP), AX
	LEAQ (SI)(AX*4), SI
	DECQ DX
	JNZ  row

done:
	VZEROUPPER
	RET

// func GRUBackRAVX2(da, dh, drh, h, r []float32, rows, lda, units, n int)
//
// R13 is the row's da at its r section; Y15 holds ones.
TEXT ·GRUBackRAVX2(SB), NOSPLIT, $0-152
	MOVQ da_base+0(FP), R13
	MOVQ dh_base+24(FP), R8
	MOVQ drh_base+48(FP), R10
	MOVQ h_base+72(FP), R11
	MOVQ r_base+96(FP), R12
	MOVQ units+136(FP), R9
	SHLQ $2, R9
	ADDQ R9, R13
	VMOVUPS ·one(SB), Y15
	MOVQ rows+120(FP), DX
	TESTQ DX, DX
	JZ   done
	CMPQ n+144(FP), $0
	JEQ  done

row:
	MOVQ n+144(FP), CX
	XORQ AX, AX

loop:
	VMOVUPS (R12)(AX*1), Y1      // r
	VSUBPS  Y1, Y15, Y2
	VMULPS  Y2, Y1, Y2           // r·(1 - r)
	VMOVUPS (R10)(AX*1), Y0      // drh
	VMULPS  (R11)(AX*1), Y0, Y3
	VMULPS  Y2, Y3, Y3
	VMOVUPS Y3, (R13)(AX*1)
	VMOVUPS (R8)(AX*1), Y4
	VFMADD231PS Y1, Y0, Y4       // dh + drh·r
	VMOVUPS Y4, (R8)(AX*1)
	ADDQ $32, AX
	SUBQ $8, CX
	JNZ  loop

	ADDQ R9, R8
	ADDQ R9, R10
	ADDQ R9, R11
	ADDQ R9, R12
	MOVQ lda+128(FP), AX
	LEAQ (R13)(AX*4), R13
	DECQ DX
	JNZ  row

done:
	VZEROUPPER
	RET

// func GRUBackResetAfterAVX2(da, dau, dhz, dh, dy, h, z, r, c, u, b []float32, rows, lda, ldy, ldu, units, n int)
//
// Fifteen streams: AX runs from -n·4 up to 0 as the offset from the end of the row's first n
// units, for dhz, dh, h, z, r, c (R8, R10-R14), dy (BX), u and b at their h sections (SI, DI);
// da and dau are pointers that move along the row, CX and DX, their sections R9 and 2·R9 bytes
// on. The rows left to do are kept at 0(SP).
TEXT ·GRUBackResetAfterAVX2(SB), NOSPLIT, $8-312
	MOVQ n+304(FP), AX
	TESTQ AX, AX
	JZ   done
	MOVQ rows+264(FP), DX
	TESTQ DX, DX
	JZ   done
	MOVQ DX, 0(SP)
	SHLQ $2, AX                  // AX: a row's n units in bytes
	MOVQ units+296(FP), R9
	SHLQ $2, R9
	MOVQ dhz_base+48(FP), R8
	ADDQ AX, R8
	MOVQ dh_base+72(FP), R10
	ADDQ AX, R10
	MOVQ h_base+120(FP), R11
	ADDQ AX, R11
	MOVQ z_base+144(FP), R12
	ADDQ AX, R12
	MOVQ r_base+168(FP), R13
	ADDQ AX, R13
	MOVQ c_base+192(FP), R14
	ADDQ AX, R14
	MOVQ dy_base+96(FP), BX
	ADDQ AX, BX
	LEAQ (R9)(R9*1), CX
	ADDQ CX, AX                  // AX: 2·units + n floats in bytes
	MOVQ u_base+216(FP), SI
	ADDQ AX, SI
	MOVQ b_base+240(FP), DI
	ADDQ AX, DI
	MOVQ da_base+0(FP), CX
	MOVQ dau_base+24(FP), DX
	VMOVUPS ·one(SB), Y15

row:
	MOVQ n+304(FP), AX
	SHLQ $2, AX
	NEGQ AX

loop:
	VMOVUPS (R10)(AX*1), Y0
	VADDPS  (BX)(AX*1), Y0, Y0   // d
	VMOVUPS (R12)(AX*1), Y1      // z
	VSUBPS  Y1, Y15, Y2          // 1 - z
	VMULPS  Y1, Y0, Y3
	VMOVUPS Y3, (R8)(AX*1)       // d·z
	VMOVUPS (R14)(AX*1), Y3      // c
	VMOVAPS Y15, Y4
	VFNMADD231PS Y3, Y3, Y4      // 1 - c²
	VMULPS  Y2, Y0, Y5
	VMULPS  Y4, Y5, Y5           // dc = d·(1 - z)·(1 - c²)
	VMOVUPS (R11)(AX*1), Y6
	VSUBPS  Y3, Y6, Y6
	VMULPS  Y0, Y6, Y6
	VMULPS  Y2, Y1, Y7
	VMULPS  Y7, Y6, Y6           // dz = d·(h - c)·z·(1 - z)
	VMOVUPS (R13)(AX*1), Y8      // r
	VSUBPS  Y8, Y15, Y9
	VMULPS  Y9, Y8, Y9           // r·(1 - r)
	VMOVUPS (SI)(AX*1), Y10
	VADDPS  (DI)(AX*1), Y10, Y10 // uh
	VMULPS  Y5, Y10, Y10
	VMULPS  Y9, Y10, Y10         // dr = dc·uh·r·(1 - r)
	VMULPS  Y8, Y5, Y11          // dc·r
	VMOVUPS Y6, (CX)
	VMOVUPS Y10, (CX)(R9*1)
	VMOVUPS Y5, (CX)(R9*2)
	VMOVUPS Y6, (DX)
	VMOVUPS Y10, (DX)(R9*1)
	VMOVUPS Y11, (DX)(R9*2)
	ADDQ $32, CX
	ADDQ $32, DX
	ADDQ $32, AX
	JNZ  loop

	ADDQ R9, R8
	ADDQ R9, R10
	ADDQ R9, R11
	ADDQ R9, R12
	ADDQ R9, R13
	ADDQ R9, R14
	MOVQ ldy+280(FP), AX
	LEAQ (BX)(AX*4), BX
	MOVQ ldu+288(FP), AX
	LEAQ (SI)(AX*4), SI
	MOVQ lda+272(FP), AX
	LEAQ (CX)(AX*4), CX
	LEAQ (DX)(AX*4), DX
	MOVQ n+304(FP), AX
	SHLQ $2, AX
	SUBQ AX, CX                  // back by the n units done
	SUBQ AX, DX
	DECQ 0(SP)
	JNZ  row

done:
	VZEROUPPER
	RET
