// The end of the AVX-512 one-row (GEMV) kernels, whose frames share the names y, alpha and beta:
// the 64 columns in Z0-Z3 become alpha·acc + beta·y (y not read when beta is ±0) and are stored
// to y.
#define GEMV64_EPILOGUE512 \
	MOVQ y_base+64(FP), DI         \
	VBROADCASTSS alpha+88(FP), Z8  \
	VMULPS Z8, Z0, Z0              \
	VMULPS Z8, Z1, Z1              \
	VMULPS Z8, Z2, Z2              \
	VMULPS Z8, Z3, Z3              \
	MOVL beta+92(FP), AX           \
	ANDL $0x7fffffff, AX           \
	JZ   store                     \
	VBROADCASTSS beta+92(FP), Z8   \
	VFMADD231PS (DI), Z8, Z0       \
	VFMADD231PS 64(DI), Z8, Z1     \
	VFMADD231PS 128(DI), Z8, Z2    \
	VFMADD231PS 192(DI), Z8, Z3    \
store:                                 \
	VMOVUPS Z0, (DI)               \
	VMOVUPS Z1, 64(DI)             \
	VMOVUPS Z2, 128(DI)            \
	VMOVUPS Z3, 192(DI)            \
	VZEROUPPER                     \
	RET
