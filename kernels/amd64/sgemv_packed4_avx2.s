//go:build amd64 && !purego && !noasm

#include "textflag.h"
#include "gemv_avx2.h"

// func SgemvPacked4AVX2(kc int, a, b []float32, panelStride int, y []float32, alpha, beta float32)
TEXT ·SgemvPacked4AVX2(SB), NOSPLIT, $0-96
	MOVQ kc+0(FP), CX
	MOVQ a_base+8(FP), SI
	MOVQ b_base+32(FP), R10
	MOVQ panelStride+56(FP), R9
	SHLQ $2, R9
	LEAQ (R10)(R9*1), R11
	LEAQ (R11)(R9*1), R12
	LEAQ (R12)(R9*1), R13
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3
	VXORPS Y4, Y4, Y4
	VXORPS Y5, Y5, Y5
	VXORPS Y6, Y6, Y6
	VXORPS Y7, Y7, Y7

	PCALIGN $64
loop:
	VBROADCASTSS (SI), Y8
	VFMADD231PS  (R10), Y8, Y0
	VFMADD231PS  32(R10), Y8, Y1
	VFMADD231PS  (R11), Y8, Y2
	VFMADD231PS  32(R11), Y8, Y3
	VFMADD231PS  (R12), Y8, Y4
	VFMADD231PS  32(R12), Y8, Y5
	VFMADD231PS  (R13), Y8, Y6
	VFMADD231PS  32(R13), Y8, Y7
	ADDQ $4, SI
	ADDQ $64, R10
	ADDQ $64, R11
	ADDQ $64, R12
	ADDQ $64, R13
	DECQ CX
	JNZ  loop

	GEMV64_EPILOGUE
