//go:build amd64 && !purego && !noasm

#include "textflag.h"
#include "gemv_avx512.h"

// func SgemvKernel64AVX512(k int, a, b []float32, ldb int, y []float32, alpha, beta float32)
TEXT ·SgemvKernel64AVX512(SB), NOSPLIT, $0-96
	MOVQ k+0(FP), CX
	MOVQ a_base+8(FP), SI
	MOVQ b_base+32(FP), DI
	MOVQ ldb+56(FP), R9
	SHLQ $2, R9
	LEAQ (R9)(R9*1), R10         // R10: two rows of B
	LEAQ (DI)(R9*4), R11         // R11: four rows ahead, for the prefetches
	VXORPS Z0, Z0, Z0
	VXORPS Z1, Z1, Z1
	VXORPS Z2, Z2, Z2
	VXORPS Z3, Z3, Z3
	VXORPS Z4, Z4, Z4
	VXORPS Z5, Z5, Z5
	VXORPS Z6, Z6, Z6
	VXORPS Z7, Z7, Z7
	SUBQ $2, CX
	JLT  last

	PCALIGN $64
loop:
	// The five lines that may hold each row, four rows ahead: rows ldb apart escape the
	// hardware prefetchers, and zmm loads that split lines stall on L1 misses (a misaligned B
	// streamed from L2 at 3/4 the speed with these, half without). A prefetch is a hint: past
	// the end of b it reads and faults nothing.
	PREFETCHT0   (R11)
	PREFETCHT0   64(R11)
	PREFETCHT0   128(R11)
	PREFETCHT0   192(R11)
	PREFETCHT0   255(R11)
	PREFETCHT0   (R11)(R9*1)
	PREFETCHT0   64(R11)(R9*1)
	PREFETCHT0   128(R11)(R9*1)
	PREFETCHT0   192(R11)(R9*1)
	PREFETCHT0   255(R11)(R9*1)
	VBROADCASTSS (SI), Z8
	VBROADCASTSS 4(SI), Z9
	VFMADD231PS  (DI), Z8, Z0
	VFMADD231PS  64(DI), Z8, Z1
	VFMADD231PS  128(DI), Z8, Z2
	VFMADD231PS  192(DI), Z8, Z3
	VFMADD231PS  (DI)(R9*1), Z9, Z4
	VFMADD231PS  64(DI)(R9*1), Z9, Z5
	VFMADD231PS  128(DI)(R9*1), Z9, Z6
	VFMADD231PS  192(DI)(R9*1), Z9, Z7
	ADDQ $8, SI
	ADDQ R10, DI
	ADDQ R10, R11
	SUBQ $2, CX
	JGE  loop

last:
	// CX is -1 with one row of an odd k left, else -2.
	INCQ CX
	JNZ  sum
	VBROADCASTSS (SI), Z8
	VFMADD231PS  (DI), Z8, Z0
	VFMADD231PS  64(DI), Z8, Z1
	VFMADD231PS  128(DI), Z8, Z2
	VFMADD231PS  192(DI), Z8, Z3

sum:
	VADDPS Z4, Z0, Z0
	VADDPS Z5, Z1, Z1
	VADDPS Z6, Z2, Z2
	VADDPS Z7, Z3, Z3
	GEMV64_EPILOGUE512
