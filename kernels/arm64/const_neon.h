// Loads the constants of the exp, sigmoid and tanh sequences from ·neonConst (in
// activation_neon.s) into V16-V30, each broadcast to four lanes; R10 is overwritten.

// sigmoid and tanh: the clamped exp's, then one, signBit, minusTwo.
#define LOAD_GATE_CONSTS \
	MOVD $·neonConst(SB), R10  \
	FMOVS 0(R10), F16          \
	VDUP V16.S[0], V16.S4      \
	FMOVS 4(R10), F17          \
	VDUP V17.S[0], V17.S4      \
	FMOVS 8(R10), F18          \
	VDUP V18.S[0], V18.S4      \
	FMOVS 12(R10), F19         \
	VDUP V19.S[0], V19.S4      \
	FMOVS 16(R10), F20         \
	VDUP V20.S[0], V20.S4      \
	FMOVS 20(R10), F21         \
	VDUP V21.S[0], V21.S4      \
	FMOVS 24(R10), F22         \
	VDUP V22.S[0], V22.S4      \
	FMOVS 28(R10), F23         \
	VDUP V23.S[0], V23.S4      \
	FMOVS 32(R10), F24         \
	VDUP V24.S[0], V24.S4      \
	FMOVS 36(R10), F25         \
	VDUP V25.S[0], V25.S4      \
	FMOVS 44(R10), F26         \
	VDUP V26.S[0], V26.S4      \
	FMOVS 48(R10), F27         \
	VDUP V27.S[0], V27.S4      \
	FMOVS 60(R10), F28         \
	VDUP V28.S[0], V28.S4      \
	FMOVS 64(R10), F29         \
	VDUP V29.S[0], V29.S4      \
	FMOVS 68(R10), F30         \
	VDUP V30.S[0], V30.S4     

// exp over the whole range: its clamps and rounding, then one, signBit, bias127.
#define LOAD_EXP_CONSTS \
	MOVD $·neonConst(SB), R10  \
	FMOVS 0(R10), F16          \
	VDUP V16.S[0], V16.S4      \
	FMOVS 4(R10), F17          \
	VDUP V17.S[0], V17.S4      \
	FMOVS 8(R10), F18          \
	VDUP V18.S[0], V18.S4      \
	FMOVS 12(R10), F19         \
	VDUP V19.S[0], V19.S4      \
	FMOVS 16(R10), F20         \
	VDUP V20.S[0], V20.S4      \
	FMOVS 20(R10), F21         \
	VDUP V21.S[0], V21.S4      \
	FMOVS 24(R10), F22         \
	VDUP V22.S[0], V22.S4      \
	FMOVS 28(R10), F23         \
	VDUP V23.S[0], V23.S4      \
	FMOVS 32(R10), F24         \
	VDUP V24.S[0], V24.S4      \
	FMOVS 40(R10), F25         \
	VDUP V25.S[0], V25.S4      \
	FMOVS 52(R10), F26         \
	VDUP V26.S[0], V26.S4      \
	FMOVS 56(R10), F27         \
	VDUP V27.S[0], V27.S4      \
	FMOVS 60(R10), F28         \
	VDUP V28.S[0], V28.S4      \
	FMOVS 64(R10), F29         \
	VDUP V29.S[0], V29.S4      \
	FMOVS 72(R10), F30         \
	VDUP V30.S[0], V30.S4     
