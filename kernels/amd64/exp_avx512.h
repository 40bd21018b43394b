// e^x, sigmoid and tanh for AVX-512 (F, DQ), shared by the AVX-512 activation, SGEMM and GRU
// kernels. The constants are read as embedded broadcasts of their first lane: those of the range
// reduction are exp_avx2.h's (in activation_avx2.s), the polynomial's and the gates' clamp are in
// activation_avx512.s.
//
// e^x = 2^n · e^r with n = round(x·log2e) and |r| ≤ ln2/2, n rounded from the fused
// x·log2e + 1.5·2^23 exactly as in exp_avx2.h. e^r by the degree-6 polynomial
// 1 + r + r²·(c2 + c3·r + … + c6·r⁴), fitted for relative error 3e-9 with c0 = c1 = 1 exact, so
// that float32 rounding dominates: e^x within 1.1e-7 relative, sigmoid and tanh within 9e-8
// absolute (exp_avx2.h's degree 5 reaches 2.1e-7, and tanh 1.3e-7 from it). VSCALEFPS applies
// 2^n in one rounding, subnormal results and the overflow to +Inf included, so one macro serves
// the gates' clamp and the whole float32 range.
//
// A subnormal result, or an underflow to 0, costs VSCALEFPS and VDIVPS a microcode assist, some
// 30 times the whole computation: the gates' clamp keeps every result normal.

// x = e^x, with hi and lo holding the clamp: exp512Hi, exp512Lo for the gates (±87.3365402, where
// e^x stays in [2^-126, 2^126] and 1/(1+e^x) normal; the tails saturate there, far inside every
// tolerance), wideHi, wideLo for the exact e^x over the whole range. x is the second operand of
// the clamps, so NaN passes through them.
#define EXP512(x, t1, t2, hi, lo) \
	VMINPS            x, hi, x            \
	VMAXPS            x, lo, x            \
	VBROADCASTSS      ·round0(SB), t1     \
	VFMADD231PS.BCST  ·log2e(SB), x, t1   \
	VSUBPS.BCST       ·round0(SB), t1, t1 \
	VFNMADD231PS.BCST ·ln2Hi(SB), t1, x   \
	VFNMADD231PS.BCST ·ln2Lo(SB), t1, x   \
	VBROADCASTSS      ·exp512C6(SB), t2   \
	VFMADD213PS.BCST  ·exp512C5(SB), x, t2 \
	VFMADD213PS.BCST  ·exp512C4(SB), x, t2 \
	VFMADD213PS.BCST  ·exp512C3(SB), x, t2 \
	VFMADD213PS.BCST  ·exp512C2(SB), x, t2 \
	VFMADD213PS.BCST  ·one(SB), x, t2     \
	VFMADD213PS.BCST  ·one(SB), x, t2     \
	VSCALEFPS         t1, t2, x

// x = 1/(1+e^-x), with hi, lo holding exp512Hi, exp512Lo (expHi, expLo work too, but let the
// results for x < -87.3 go subnormal). The reciprocal is VRCP14PS's 14 bits and one Newton step,
// y·(2 - b·y), within 2^-27 of 1/b before its last rounding: a VDIVPS of 512 bits occupies the
// divider some ten cycles, and a GRU step's gates on a few rows were as slow as its products.
#define SIGMOID512(x, t1, t2, hi, lo) \
	VPXORD.BCST       ·signBit(SB), x, x \
	EXP512(x, t1, t2, hi, lo)            \
	VADDPS.BCST       ·one(SB), x, x     \
	VRCP14PS          x, t1              \
	VFNMADD213PS.BCST ·one(SB), t1, x    \
	VFMADD213PS       t1, t1, x

// x = tanh(x) = sign(x)·(1-t)/(1+t) with t = e^(-2|x|), s keeping the sign; hi, lo as for
// SIGMOID512 (expLo lets t go subnormal for |x| > 43.7).
#define TANH512(x, t1, t2, s, hi, lo) \
	VPANDD.BCST  ·signBit(SB), x, s  \
	VPXORD       s, x, x             \
	VMULPS.BCST  ·minusTwo(SB), x, x \
	EXP512(x, t1, t2, hi, lo)        \
	VBROADCASTSS ·one(SB), t1        \
	VSUBPS       x, t1, t2           \
	VADDPS       t1, x, x            \
	VDIVPS       x, t2, x            \
	VPORD        s, x, x
