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
// tails saturate at 1.2e-38 and 8.5e37, far inside every tolerance there, and neither e^x nor a
// sigmoid's 1/(1+e^x) is subnormal, which would cost a microcode assist of about 30× the whole
// computation. x is the second operand of the clamps, so NaN passes through them.
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

// Two independent sigmoids, x with temporaries t1, t2 and y with u1, u2, interleaved step by
// step so that the second chain fills the first one's latencies even when the out-of-order
// window is full; Y15, Y14 hold expHi, expLo as for EXP.
#define SIGMOID2(x, t1, t2, y, u1, u2) \
	VXORPS ·signBit(SB), x, x       \
	VXORPS ·signBit(SB), y, y       \
	VMINPS x, Y15, x                \
	VMINPS y, Y15, y                \
	VMAXPS x, Y14, x                \
	VMAXPS y, Y14, y                \
	VMOVUPS ·round127(SB), t1       \
	VMOVUPS ·round127(SB), u1       \
	VFMADD231PS ·log2e(SB), x, t1   \
	VFMADD231PS ·log2e(SB), y, u1   \
	VSUBPS ·round127(SB), t1, t2    \
	VSUBPS ·round127(SB), u1, u2    \
	VFNMADD231PS ·ln2Hi(SB), t2, x  \
	VFNMADD231PS ·ln2Hi(SB), u2, y  \
	VFNMADD231PS ·ln2Lo(SB), t2, x  \
	VFNMADD231PS ·ln2Lo(SB), u2, y  \
	VMOVUPS ·expC5(SB), t2          \
	VMOVUPS ·expC5(SB), u2          \
	VFMADD213PS ·expC4(SB), x, t2   \
	VFMADD213PS ·expC4(SB), y, u2   \
	VFMADD213PS ·expC3(SB), x, t2   \
	VFMADD213PS ·expC3(SB), y, u2   \
	VFMADD213PS ·expC2(SB), x, t2   \
	VFMADD213PS ·expC2(SB), y, u2   \
	VFMADD213PS ·expC1(SB), x, t2   \
	VFMADD213PS ·expC1(SB), y, u2   \
	VFMADD213PS ·expC0(SB), x, t2   \
	VFMADD213PS ·expC0(SB), y, u2   \
	VPSLLD $23, t1, t1              \
	VPSLLD $23, u1, u1              \
	VMULPS t1, t2, x                \
	VMULPS u1, u2, y                \
	VADDPS ·one(SB), x, x           \
	VADDPS ·one(SB), y, y           \
	VMOVUPS ·one(SB), t1            \
	VMOVUPS ·one(SB), u1            \
	VDIVPS x, t1, x                 \
	VDIVPS y, u1, y                

// Two independent tanh, as SIGMOID2, with s and r for the signs.
#define TANH2(x, t1, t2, s, y, u1, u2, r) \
	VANDPS ·signBit(SB), x, s       \
	VANDPS ·signBit(SB), y, r       \
	VXORPS s, x, x                  \
	VXORPS r, y, y                  \
	VMULPS ·minusTwo(SB), x, x      \
	VMULPS ·minusTwo(SB), y, y      \
	VMINPS x, Y15, x                \
	VMINPS y, Y15, y                \
	VMAXPS x, Y14, x                \
	VMAXPS y, Y14, y                \
	VMOVUPS ·round127(SB), t1       \
	VMOVUPS ·round127(SB), u1       \
	VFMADD231PS ·log2e(SB), x, t1   \
	VFMADD231PS ·log2e(SB), y, u1   \
	VSUBPS ·round127(SB), t1, t2    \
	VSUBPS ·round127(SB), u1, u2    \
	VFNMADD231PS ·ln2Hi(SB), t2, x  \
	VFNMADD231PS ·ln2Hi(SB), u2, y  \
	VFNMADD231PS ·ln2Lo(SB), t2, x  \
	VFNMADD231PS ·ln2Lo(SB), u2, y  \
	VMOVUPS ·expC5(SB), t2          \
	VMOVUPS ·expC5(SB), u2          \
	VFMADD213PS ·expC4(SB), x, t2   \
	VFMADD213PS ·expC4(SB), y, u2   \
	VFMADD213PS ·expC3(SB), x, t2   \
	VFMADD213PS ·expC3(SB), y, u2   \
	VFMADD213PS ·expC2(SB), x, t2   \
	VFMADD213PS ·expC2(SB), y, u2   \
	VFMADD213PS ·expC1(SB), x, t2   \
	VFMADD213PS ·expC1(SB), y, u2   \
	VFMADD213PS ·expC0(SB), x, t2   \
	VFMADD213PS ·expC0(SB), y, u2   \
	VPSLLD $23, t1, t1              \
	VPSLLD $23, u1, u1              \
	VMULPS t1, t2, x                \
	VMULPS u1, u2, y                \
	VMOVUPS ·one(SB), t1            \
	VMOVUPS ·one(SB), u1            \
	VSUBPS x, t1, t2                \
	VSUBPS y, u1, u2                \
	VADDPS t1, x, x                 \
	VADDPS u1, y, y                 \
	VDIVPS x, t2, x                 \
	VDIVPS y, u2, y                 \
	VORPS s, x, x                   \
	VORPS r, y, y                  

// Four independent sigmoids, as SIGMOID2: a, b, c, d with temporaries a1, a2, ….
#define SIGMOID4(a, a1, a2, b, b1, b2, c, c1, c2, d, d1, d2) \
	VXORPS ·signBit(SB), a, a       \
	VXORPS ·signBit(SB), b, b       \
	VXORPS ·signBit(SB), c, c       \
	VXORPS ·signBit(SB), d, d       \
	VMINPS a, Y15, a                \
	VMINPS b, Y15, b                \
	VMINPS c, Y15, c                \
	VMINPS d, Y15, d                \
	VMAXPS a, Y14, a                \
	VMAXPS b, Y14, b                \
	VMAXPS c, Y14, c                \
	VMAXPS d, Y14, d                \
	VMOVUPS ·round127(SB), a1       \
	VMOVUPS ·round127(SB), b1       \
	VMOVUPS ·round127(SB), c1       \
	VMOVUPS ·round127(SB), d1       \
	VFMADD231PS ·log2e(SB), a, a1   \
	VFMADD231PS ·log2e(SB), b, b1   \
	VFMADD231PS ·log2e(SB), c, c1   \
	VFMADD231PS ·log2e(SB), d, d1   \
	VSUBPS ·round127(SB), a1, a2    \
	VSUBPS ·round127(SB), b1, b2    \
	VSUBPS ·round127(SB), c1, c2    \
	VSUBPS ·round127(SB), d1, d2    \
	VFNMADD231PS ·ln2Hi(SB), a2, a  \
	VFNMADD231PS ·ln2Hi(SB), b2, b  \
	VFNMADD231PS ·ln2Hi(SB), c2, c  \
	VFNMADD231PS ·ln2Hi(SB), d2, d  \
	VFNMADD231PS ·ln2Lo(SB), a2, a  \
	VFNMADD231PS ·ln2Lo(SB), b2, b  \
	VFNMADD231PS ·ln2Lo(SB), c2, c  \
	VFNMADD231PS ·ln2Lo(SB), d2, d  \
	VMOVUPS ·expC5(SB), a2          \
	VMOVUPS ·expC5(SB), b2          \
	VMOVUPS ·expC5(SB), c2          \
	VMOVUPS ·expC5(SB), d2          \
	VFMADD213PS ·expC4(SB), a, a2   \
	VFMADD213PS ·expC4(SB), b, b2   \
	VFMADD213PS ·expC4(SB), c, c2   \
	VFMADD213PS ·expC4(SB), d, d2   \
	VFMADD213PS ·expC3(SB), a, a2   \
	VFMADD213PS ·expC3(SB), b, b2   \
	VFMADD213PS ·expC3(SB), c, c2   \
	VFMADD213PS ·expC3(SB), d, d2   \
	VFMADD213PS ·expC2(SB), a, a2   \
	VFMADD213PS ·expC2(SB), b, b2   \
	VFMADD213PS ·expC2(SB), c, c2   \
	VFMADD213PS ·expC2(SB), d, d2   \
	VFMADD213PS ·expC1(SB), a, a2   \
	VFMADD213PS ·expC1(SB), b, b2   \
	VFMADD213PS ·expC1(SB), c, c2   \
	VFMADD213PS ·expC1(SB), d, d2   \
	VFMADD213PS ·expC0(SB), a, a2   \
	VFMADD213PS ·expC0(SB), b, b2   \
	VFMADD213PS ·expC0(SB), c, c2   \
	VFMADD213PS ·expC0(SB), d, d2   \
	VPSLLD $23, a1, a1              \
	VPSLLD $23, b1, b1              \
	VPSLLD $23, c1, c1              \
	VPSLLD $23, d1, d1              \
	VMULPS a1, a2, a                \
	VMULPS b1, b2, b                \
	VMULPS c1, c2, c                \
	VMULPS d1, d2, d                \
	VADDPS ·one(SB), a, a           \
	VADDPS ·one(SB), b, b           \
	VADDPS ·one(SB), c, c           \
	VADDPS ·one(SB), d, d           \
	VMOVUPS ·one(SB), a1            \
	VMOVUPS ·one(SB), b1            \
	VMOVUPS ·one(SB), c1            \
	VMOVUPS ·one(SB), d1            \
	VDIVPS a, a1, a                 \
	VDIVPS b, b1, b                 \
	VDIVPS c, c1, c                 \
	VDIVPS d, d1, d                
