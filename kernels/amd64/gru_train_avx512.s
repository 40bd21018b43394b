//go:build amd64 && !purego && !noasm

#include "textflag.h"
#include "exp_avx512.h"

// Every kernel runs a row as whole vectors of 16 units under K1 (all lanes), then the last
// n mod 16 under K2: its body is a macro of the mask, every load and store in it masked, so
// that one piece of code serves both. Masked-out lanes are neither read nor written (nor fault)
// and compute on zeros. A row of GRU(16) is one vector: the kernels are bound by their vector
// µops there (two rows at a time gained under 10%), so they take one row at a time and leave
// the overlap of rows to the out-of-order core. Rows of units lie R9 bytes apart, and so do the
// sections of x, u, b, da and dau. Z30, Z31 hold exp512Hi, exp512Lo for the forward kernels; Z29
// holds ones for the backward ones.

// K1 = all 16 lanes, K2 = the first n mod 16. Uses AX and CX.
#define MASKS(n) \
	MOVQ   n, CX     \
	ANDL   $15, CX   \
	MOVL   $1, AX    \
	SHLL   CX, AX    \
	DECL   AX        \
	KMOVW  AX, K2    \
	KXNORW K1, K1, K1

// Z30, Z31 = the gates' clamp of EXP512.
#define EXPCLAMP \
	VBROADCASTSS ·exp512Hi(SB), Z30 \
	VBROADCASTSS ·exp512Lo(SB), Z31

// z and r of the vector at AX under mask k: R13, R14 are the row's x and u, SI, DI the same at
// their r sections.
#define ZR(k) \
	VMOVUPS.Z (R13)(AX*1), k, Z0      \
	VADDPS.Z  (R14)(AX*1), Z0, k, Z0  \
	VMOVUPS.Z (SI)(AX*1), k, Z3       \
	VADDPS.Z  (DI)(AX*1), Z3, k, Z3   \
	SIGMOID512(Z0, Z1, Z2, Z30, Z31)  \
	SIGMOID512(Z3, Z4, Z5, Z30, Z31)  \
	VMOVUPS   Z0, k, (R8)(AX*1)       \
	VMOVUPS   Z3, k, (R10)(AX*1)      \
	VMULPS.Z  (R12)(AX*1), Z3, k, Z3  \
	VMOVUPS   Z3, k, (R11)(AX*1)

// func GRUTrainZRAVX512(z, r, rh, h, x, u []float32, rows, ldx, ldu, units, n int)
TEXT ·GRUTrainZRAVX512(SB), NOSPLIT, $0-184
	MOVQ rows+144(FP), DX
	TESTQ DX, DX
	JZ   done
	CMPQ n+176(FP), $0
	JEQ  done
	MASKS(n+176(FP))
	EXPCLAMP
	MOVQ z_base+0(FP), R8
	MOVQ r_base+24(FP), R10
	MOVQ rh_base+48(FP), R11
	MOVQ h_base+72(FP), R12
	MOVQ x_base+96(FP), R13
	MOVQ u_base+120(FP), R14
	MOVQ units+168(FP), R9
	SHLQ $2, R9

row:
	MOVQ n+176(FP), CX
	XORQ AX, AX                  // AX: the offset along the row
	LEAQ (R13)(R9*1), SI
	LEAQ (R14)(R9*1), DI

loop:
	CMPQ CX, $16
	JLT  tail
	ZR(K1)
	ADDQ $64, AX
	SUBQ $16, CX
	JNZ  loop
	JMP  nextrow

tail:
	ZR(K2)

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

// c and hn of the vector at AX under mask k: R13 is the row's x, R14 its cu.
#define HN(k) \
	VMOVUPS.Z     (R13)(AX*1), k, Z0     \
	VADDPS.Z      (R14)(AX*1), Z0, k, Z0 \
	TANH512(Z0, Z1, Z2, Z3, Z30, Z31)    \
	VMOVUPS       Z0, k, (R10)(AX*1)     \
	VMOVUPS.Z     (R11)(AX*1), k, Z1     \
	VSUBPS        Z0, Z1, Z1             \
	VFMADD231PS.Z (R12)(AX*1), Z1, k, Z0 \ // c + z·(h - c)
	VMOVUPS       Z0, k, (R8)(AX*1)

// func GRUTrainHAVX512(hn, c, h, z, x, cu []float32, rows, ldx, units, n int)
TEXT ·GRUTrainHAVX512(SB), NOSPLIT, $0-176
	MOVQ rows+144(FP), DX
	TESTQ DX, DX
	JZ   done
	CMPQ n+168(FP), $0
	JEQ  done
	MASKS(n+168(FP))
	EXPCLAMP
	MOVQ hn_base+0(FP), R8
	MOVQ c_base+24(FP), R10
	MOVQ h_base+48(FP), R11
	MOVQ z_base+72(FP), R12
	MOVQ x_base+96(FP), R13
	MOVQ cu_base+120(FP), R14
	MOVQ units+160(FP), R9
	SHLQ $2, R9

row:
	MOVQ n+168(FP), CX
	XORQ AX, AX

loop:
	CMPQ CX, $16
	JLT  tail
	HN(K1)
	ADDQ $64, AX
	SUBQ $16, CX
	JNZ  loop
	JMP  nextrow

tail:
	HN(K2)

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

// z, r, c and hn of the vector under mask k: hn, z, r, c and h at offset AX from their rows, x,
// u and b through SI, DI and R13, which move along the row with AX.
#define RESETAFTER(k) \
	VMOVUPS.Z   (SI), k, Z0                \
	VADDPS.Z    (DI), Z0, k, Z0            \
	VADDPS.Z    (R13), Z0, k, Z0           \
	VMOVUPS.Z   (SI)(R9*1), k, Z3          \
	VADDPS.Z    (DI)(R9*1), Z3, k, Z3      \
	VADDPS.Z    (R13)(R9*1), Z3, k, Z3     \
	SIGMOID512(Z0, Z1, Z2, Z30, Z31)       \
	SIGMOID512(Z3, Z4, Z5, Z30, Z31)       \
	VMOVUPS     Z0, k, (R10)(AX*1)         \
	VMOVUPS     Z3, k, (R11)(AX*1)         \
	VMOVUPS.Z   (DI)(R9*2), k, Z6          \
	VADDPS.Z    (R13)(R9*2), Z6, k, Z6     \
	VMULPS      Z3, Z6, Z6                 \
	VADDPS.Z    (SI)(R9*2), Z6, k, Z6      \ // x_h + r·(u_h + b_h)
	TANH512(Z6, Z7, Z8, Z9, Z30, Z31)      \
	VMOVUPS     Z6, k, (R12)(AX*1)         \
	VMOVUPS.Z   (BX)(AX*1), k, Z7          \
	VSUBPS      Z6, Z7, Z7                 \
	VFMADD231PS Z7, Z0, Z6                 \ // c + z·(h - c)
	VMOVUPS     Z6, k, (R8)(AX*1)

// func GRUTrainResetAfterAVX512(hn, z, r, c, h, x, u, b []float32, rows, ldx, ldu, units, n int)
TEXT ·GRUTrainResetAfterAVX512(SB), NOSPLIT, $0-232
	MOVQ rows+192(FP), DX
	TESTQ DX, DX
	JZ   done
	CMPQ n+224(FP), $0
	JEQ  done
	MASKS(n+224(FP))
	EXPCLAMP
	MOVQ hn_base+0(FP), R8
	MOVQ z_base+24(FP), R10
	MOVQ r_base+48(FP), R11
	MOVQ c_base+72(FP), R12
	MOVQ h_base+96(FP), BX
	MOVQ x_base+120(FP), SI
	MOVQ u_base+144(FP), DI
	MOVQ units+216(FP), R9
	SHLQ $2, R9

row:
	MOVQ n+224(FP), CX
	XORQ AX, AX
	MOVQ b_base+168(FP), R13

loop:
	CMPQ CX, $16
	JLT  tail
	RESETAFTER(K1)
	ADDQ $64, AX
	ADDQ $64, SI
	ADDQ $64, DI
	ADDQ $64, R13
	SUBQ $16, CX
	JNZ  loop
	JMP  nextrow

tail:
	RESETAFTER(K2)

nextrow:
	ADDQ R9, R8
	ADDQ R9, R10
	ADDQ R9, R11
	ADDQ R9, R12
	ADDQ R9, BX
	SUBQ AX, SI                  // back to the row's start: SI and DI moved as AX did
	SUBQ AX, DI
	MOVQ ldx+200(FP), AX
	LEAQ (SI)(AX*4), SI
	MOVQ ldu+208(FP), AX
	LEAQ (DI)(AX*4), DI
	DECQ DX
	JNZ  row

done:
	VZEROUPPER
	RET

// da_z, da_h and d·z of the vector at AX under mask k: R13 and R14 are the row's da at its z and
// h sections, SI its dy.
#define ZC(k) \
	VMOVUPS.Z    (R10)(AX*1), k, Z0    \
	VADDPS.Z     (SI)(AX*1), Z0, k, Z0 \ // d
	VMOVUPS.Z    (R12)(AX*1), k, Z1    \ // z
	VSUBPS       Z1, Z29, Z2           \ // 1 - z
	VMULPS       Z1, Z0, Z5            \
	VMOVUPS      Z5, k, (R8)(AX*1)     \ // d·z
	VMOVUPS.Z    (BX)(AX*1), k, Z3     \ // c
	VMOVUPS.Z    (R11)(AX*1), k, Z4    \
	VSUBPS       Z3, Z4, Z4            \
	VMULPS       Z0, Z4, Z4            \ // d·(h - c)
	VMULPS       Z2, Z1, Z6            \ // z·(1 - z)
	VMULPS       Z6, Z4, Z4            \
	VMOVUPS      Z4, k, (R13)(AX*1)    \
	VMOVAPS      Z29, Z7               \
	VFNMADD231PS Z3, Z3, Z7            \ // 1 - c²
	VMULPS       Z2, Z0, Z6            \ // d·(1 - z)
	VMULPS       Z7, Z6, Z6            \
	VMOVUPS      Z6, k, (R14)(AX*1)

// func GRUBackZCAVX512(da, dhz, dh, dy, h, z, c []float32, rows, lda, ldy, units, n int)
TEXT ·GRUBackZCAVX512(SB), NOSPLIT, $0-208
	MOVQ rows+168(FP), DX
	TESTQ DX, DX
	JZ   done
	CMPQ n+200(FP), $0
	JEQ  done
	MASKS(n+200(FP))
	VBROADCASTSS ·one(SB), Z29
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

row:
	MOVQ n+200(FP), CX
	XORQ AX, AX

loop:
	CMPQ CX, $16
	JLT  tail
	ZC(K1)
	ADDQ $64, AX
	SUBQ $16, CX
	JNZ  loop
	JMP  nextrow

tail:
	ZC(K2)

nextrow:
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

// da_r of the vector at AX under mask k: R13 is the row's da at its r section.
#define DAR(k) \
	VMOVUPS.Z   (R12)(AX*1), k, Z1     \ // r
	VSUBPS      Z1, Z29, Z2            \
	VMULPS      Z2, Z1, Z2             \ // r·(1 - r)
	VMOVUPS.Z   (R10)(AX*1), k, Z0     \ // drh
	VMULPS.Z    (R11)(AX*1), Z0, k, Z3 \
	VMULPS      Z2, Z3, Z3             \
	VMOVUPS     Z3, k, (R13)(AX*1)

// dh += drh·r of the vector at AX under mask k.
#define DHR(k) \
	VMOVUPS.Z   (R8)(AX*1), k, Z0      \
	VMOVUPS.Z   (R10)(AX*1), k, Z1     \
	VFMADD231PS.Z (R12)(AX*1), Z1, k, Z0 \
	VMOVUPS     Z0, k, (R8)(AX*1)

// func GRUBackRAVX512(da, dh, drh, h, r []float32, rows, lda, units, n int)
//
// Two passes, da_r then dh: a load that overlaps the 64 bytes of a masked store not yet written
// to the cache waits for it, even where the lanes written and read differ, and a row's masked
// last vector of dh overlaps the next row's first. The second pass takes whole rows (n = units)
// as one row of rows·n units, so that only its very last vector is masked.
TEXT ·GRUBackRAVX512(SB), NOSPLIT, $0-152
	MOVQ rows+120(FP), DX
	TESTQ DX, DX
	JZ   done
	CMPQ n+144(FP), $0
	JEQ  done
	MASKS(n+144(FP))
	VBROADCASTSS ·one(SB), Z29
	MOVQ da_base+0(FP), R13
	MOVQ drh_base+48(FP), R10
	MOVQ h_base+72(FP), R11
	MOVQ r_base+96(FP), R12
	MOVQ units+136(FP), R9
	SHLQ $2, R9
	ADDQ R9, R13

darow:
	MOVQ n+144(FP), CX
	XORQ AX, AX

daloop:
	CMPQ CX, $16
	JLT  datail
	DAR(K1)
	ADDQ $64, AX
	SUBQ $16, CX
	JNZ  daloop
	JMP  danext

datail:
	DAR(K2)

danext:
	ADDQ R9, R10
	ADDQ R9, R11
	ADDQ R9, R12
	MOVQ lda+128(FP), AX
	LEAQ (R13)(AX*4), R13
	DECQ DX
	JNZ  darow

	MOVQ dh_base+24(FP), R8
	MOVQ drh_base+48(FP), R10
	MOVQ r_base+96(FP), R12
	MOVQ rows+120(FP), DX
	MOVQ n+144(FP), BX           // BX: the units of a row of the pass
	CMPQ BX, units+136(FP)
	JNE  dhrow
	IMULQ DX, BX
	MOVL $1, DX
	MASKS(BX)

dhrow:
	MOVQ BX, CX
	XORQ AX, AX

dhloop:
	CMPQ CX, $16
	JLT  dhtail
	DHR(K1)
	ADDQ $64, AX
	SUBQ $16, CX
	JNZ  dhloop
	JMP  dhnext

dhtail:
	DHR(K2)

dhnext:
	ADDQ R9, R8
	ADDQ R9, R10
	ADDQ R9, R12
	DECQ DX
	JNZ  dhrow

done:
	VZEROUPPER
	RET

// The gradients of the vector under mask k, at offset AX from the end of the row's first n units
// for dhz, dh, h, z, r, c (R8, R10-R14), dy (BX), u and b at their h sections (SI, DI); da and
// dau through CX and DX, which move along the row with AX.
#define BACKRA(k) \
	VMOVUPS.Z    (R10)(AX*1), k, Z0     \
	VADDPS.Z     (BX)(AX*1), Z0, k, Z0  \ // d
	VMOVUPS.Z    (R12)(AX*1), k, Z1     \ // z
	VSUBPS       Z1, Z29, Z2            \ // 1 - z
	VMULPS       Z1, Z0, Z3             \
	VMOVUPS      Z3, k, (R8)(AX*1)      \ // d·z
	VMOVUPS.Z    (R14)(AX*1), k, Z3     \ // c
	VMOVAPS      Z29, Z4                \
	VFNMADD231PS Z3, Z3, Z4             \ // 1 - c²
	VMULPS       Z2, Z0, Z5             \
	VMULPS       Z4, Z5, Z5             \ // dc = d·(1 - z)·(1 - c²)
	VMOVUPS.Z    (R11)(AX*1), k, Z6     \
	VSUBPS       Z3, Z6, Z6             \
	VMULPS       Z0, Z6, Z6             \
	VMULPS       Z2, Z1, Z7             \
	VMULPS       Z7, Z6, Z6             \ // dz = d·(h - c)·z·(1 - z)
	VMOVUPS.Z    (R13)(AX*1), k, Z8     \ // r
	VSUBPS       Z8, Z29, Z9            \
	VMULPS       Z9, Z8, Z9             \ // r·(1 - r)
	VMOVUPS.Z    (SI)(AX*1), k, Z10     \
	VADDPS.Z     (DI)(AX*1), Z10, k, Z10 \ // uh
	VMULPS       Z5, Z10, Z10           \
	VMULPS       Z9, Z10, Z10           \ // dr = dc·uh·r·(1 - r)
	VMULPS       Z8, Z5, Z11            \ // dc·r
	VMOVUPS      Z6, k, (CX)            \
	VMOVUPS      Z10, k, (CX)(R9*1)     \
	VMOVUPS      Z5, k, (CX)(R9*2)      \
	VMOVUPS      Z6, k, (DX)            \
	VMOVUPS      Z10, k, (DX)(R9*1)     \
	VMOVUPS      Z11, k, (DX)(R9*2)

// func GRUBackResetAfterAVX512(da, dau, dhz, dh, dy, h, z, r, c, u, b []float32, rows, lda, ldy, ldu, units, n int)
//
// AX runs from -n·4 up to 0, so that it says both where the vector is and how many units are
// left. The rows left to do are kept at 0(SP).
TEXT ·GRUBackResetAfterAVX512(SB), NOSPLIT, $8-312
	MOVQ rows+264(FP), DX
	TESTQ DX, DX
	JZ   done
	CMPQ n+304(FP), $0
	JEQ  done
	MOVQ DX, 0(SP)
	MASKS(n+304(FP))
	VBROADCASTSS ·one(SB), Z29
	MOVQ n+304(FP), AX
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

row:
	MOVQ n+304(FP), AX
	SHLQ $2, AX
	NEGQ AX

loop:
	CMPQ AX, $-64
	JGT  tail                    // fewer than 16 units left
	BACKRA(K1)
	ADDQ $64, CX
	ADDQ $64, DX
	ADDQ $64, AX
	JNZ  loop
	JMP  nextrow

tail:
	BACKRA(K2)
	SUBQ AX, CX                  // on by the units left, -AX bytes
	SUBQ AX, DX

nextrow:
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
