//go:build arm64 && !purego && !noasm

#include "textflag.h"

// func PackBNEON(kc, panels int, b []float32, ldb int, dst []float32)
// Row by row: each row of B read from start to end, its panels' 16 floats stored kc·64 bytes
// apart.
TEXT ·PackBNEON(SB), NOSPLIT, $0-72
	MOVD kc+0(FP), R8
	MOVD panels+8(FP), R9
	MOVD b_base+16(FP), R0
	MOVD ldb+40(FP), R5
	LSL  $2, R5, R5              // R5: a row of B in bytes
	MOVD dst_base+48(FP), R2
	LSL  $6, R8, R6              // R6: a panel in bytes

row:
	MOVD R0, R1                  // R1: along B's row
	MOVD R2, R3                  // R3: this row in panel 0
	MOVD R9, R10

panel:
	VLD1.P 64(R1), [V0.S4, V1.S4, V2.S4, V3.S4]
	VST1   [V0.S4, V1.S4, V2.S4, V3.S4], (R3)
	ADD    R6, R3, R3
	SUBS   $1, R10, R10
	BNE    panel

	ADD  R5, R0, R0
	ADD  $64, R2, R2
	SUBS $1, R8, R8
	BNE  row
	RET
