// e^x, sigmoid and tanh for AVX2 and FMA3, shared by the activation, SGEMM and GRU kernels; the
// constants live in activation_avx2.s.
//
// e^x = 2^n · e^r with n = round(x·log2e) and |r| ≤ ln2/2; e^r by a degree-5 minimax polynomial
// (relative error 2e-7 in float32). n is rounded by adding 1.5·2^23, which leaves it in the low
// mantissa bits, ready to become an exponent.

// x = r, t1 = x·log2e + round with n in its low bits, t2 = e^r.
#define EXP_CORE(x, t1, t2, round) \
	VMOVUPS      round(SB), t1        \
	VFMADD231PS  ·log2e(SB), x, t1    \
	VSUBPS       round(SB), t1, t2    \
	VFNMADD231PS ·ln2Hi(SB), t2, x    \
	VFNMADD231PS ·ln2Lo(SB), t2, x    \
	VMOVUPS      ·expC5(SB), t2       \
	VFMADD213PS  ·expC4(SB), x, t2    \
	VFMADD213PS  ·expC3(SB), x, t2    \
	VFMADD213PS  ·expC2(SB), x, t2    \
	VFMADD213PS  ·expC1(SB), x, t2    \
	VFMADD213PS  ·expC0(SB), x, t2

// x = e^x for |x| ≤ 87, where 2^n is one normal exponent.
#define EXP_INRANGE(x, t1, t2) \
	EXP_CORE(x, t1, t2, ·round127) \
	VPSLLD $23, t1, t1             \
	VMULPS t1, t2, x

// x = e^x for the gates and softmax, with hi, lo holding expHi, expLo: x is clamped so that the
// tails saturate at 1.2e-38 and 1.7e38, far inside every tolerance there. x is the second
// operand of the clamps, so NaN passes through them.
#define EXP(x, t1, t2, hi, lo) \
	VMINPS x, hi, x        \
	VMAXPS x, lo, x        \
	EXP_INRANGE(x, t1, t2)

// x = e^x over the whole float32 range, with hi, lo holding wideHi, wideLo: 2^n is applied as two
// halves so that subnormal results and the overflow to +Inf come out exactly.
#define EXP_WIDE(x, t1, t2, t3, hi, lo) \
	VMINPS x, hi, x                     \
	VMAXPS x, lo, x                     \
	EXP_CORE(x, t1, t2, ·round0)        \
	VPSUBD ·round0(SB), t1, t1          \
	VPSRAD $1, t1, t3                   \
	VPSUBD t3, t1, t1                   \
	VPADDD ·bias127(SB), t3, t3         \
	VPADDD ·bias127(SB), t1, t1         \
	VPSLLD $23, t3, t3                  \
	VPSLLD $23, t1, t1                  \
	VMULPS t3, t2, t2                   \
	VMULPS t1, t2, x

// Y0 = 1/(1+e^-Y0).
#define SIGMOID \
	VXORPS  ·signBit(SB), Y0, Y0 \
	EXP(Y0, Y1, Y2, Y15, Y14)     \
	VADDPS  ·one(SB), Y0, Y0     \
	VMOVUPS ·one(SB), Y1         \
	VDIVPS  Y0, Y1, Y0

// Y0 = tanh(Y0) = sign(x)·(1-t)/(1+t) with t = e^(-2|x|), using Y4 for the sign.
#define TANH \
	VANDPS  ·signBit(SB), Y0, Y4 \
	VXORPS  Y4, Y0, Y0            \
	VMULPS  ·minusTwo(SB), Y0, Y0 \
	EXP(Y0, Y1, Y2, Y15, Y14)     \
	VMOVUPS ·one(SB), Y1         \
	VSUBPS  Y0, Y1, Y2            \
	VADDPS  Y1, Y0, Y0            \
	VDIVPS  Y0, Y2, Y0            \
	VORPS   Y4, Y0, Y0
