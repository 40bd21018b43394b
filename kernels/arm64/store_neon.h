// Four vectors of the result at R9, which then moves on by R10 bytes, with V30 holding alpha and
// V31 beta in every lane; V24-V28 are overwritten.
//
// With beta == 0: alpha·acc (an FMLA into zero, for want of a vector FMUL in Go's assembler).
#define ROW_BETA0(a0, a1, a2, a3) \
	VEOR V24.B16, V24.B16, V24.B16 \
	VEOR V25.B16, V25.B16, V25.B16 \
	VEOR V26.B16, V26.B16, V26.B16 \
	VEOR V27.B16, V27.B16, V27.B16 \
	VFMLA V30.S4, a0.S4, V24.S4 \
	VFMLA V30.S4, a1.S4, V25.S4 \
	VFMLA V30.S4, a2.S4, V26.S4 \
	VFMLA V30.S4, a3.S4, V27.S4 \
	VST1 [V24.S4, V25.S4, V26.S4, V27.S4], (R9) \
	ADD R10, R9, R9

// With beta != 0: beta·c + alpha·acc, each vector built in V28 from zero.
#define ROW_BETA(a0, a1, a2, a3) \
	VLD1 (R9), [V24.S4, V25.S4, V26.S4, V27.S4] \
	VEOR V28.B16, V28.B16, V28.B16 \
	VFMLA V31.S4, V24.S4, V28.S4 \
	VFMLA V30.S4, a0.S4, V28.S4 \
	VORR V28.B16, V28.B16, V24.B16 \
	VEOR V28.B16, V28.B16, V28.B16 \
	VFMLA V31.S4, V25.S4, V28.S4 \
	VFMLA V30.S4, a1.S4, V28.S4 \
	VORR V28.B16, V28.B16, V25.B16 \
	VEOR V28.B16, V28.B16, V28.B16 \
	VFMLA V31.S4, V26.S4, V28.S4 \
	VFMLA V30.S4, a2.S4, V28.S4 \
	VORR V28.B16, V28.B16, V26.B16 \
	VEOR V28.B16, V28.B16, V28.B16 \
	VFMLA V31.S4, V27.S4, V28.S4 \
	VFMLA V30.S4, a3.S4, V28.S4 \
	VORR V28.B16, V28.B16, V27.B16 \
	VST1 [V24.S4, V25.S4, V26.S4, V27.S4], (R9) \
	ADD R10, R9, R9
