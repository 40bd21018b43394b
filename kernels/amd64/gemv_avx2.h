// The end of the one-row (GEMV) kernels, whose frames share the names y, alpha and beta: the 64
// columns in Y0-Y7 become alpha·acc + beta·y (y not read when beta is ±0) and are stored to y.
#define GEMV64_EPILOGUE \
	MOVQ y_base+64(FP), DI         \
	VBROADCASTSS alpha+88(FP), Y8  \
	VMULPS Y8, Y0, Y0              \
	VMULPS Y8, Y1, Y1              \
	VMULPS Y8, Y2, Y2              \
	VMULPS Y8, Y3, Y3              \
	VMULPS Y8, Y4, Y4              \
	VMULPS Y8, Y5, Y5              \
	VMULPS Y8, Y6, Y6              \
	VMULPS Y8, Y7, Y7              \
	MOVL beta+92(FP), AX           \
	ANDL $0x7fffffff, AX           \
	JZ   store                     \
	VBROADCASTSS beta+92(FP), Y8   \
	VFMADD231PS (DI), Y8, Y0       \
	VFMADD231PS 32(DI), Y8, Y1     \
	VFMADD231PS 64(DI), Y8, Y2     \
	VFMADD231PS 96(DI), Y8, Y3     \
	VFMADD231PS 128(DI), Y8, Y4    \
	VFMADD231PS 160(DI), Y8, Y5    \
	VFMADD231PS 192(DI), Y8, Y6    \
	VFMADD231PS 224(DI), Y8, Y7    \
store:                                 \
	VMOVUPS Y0, (DI)               \
	VMOVUPS Y1, 32(DI)             \
	VMOVUPS Y2, 64(DI)             \
	VMOVUPS Y3, 96(DI)             \
	VMOVUPS Y4, 128(DI)            \
	VMOVUPS Y5, 160(DI)            \
	VMOVUPS Y6, 192(DI)            \
	VMOVUPS Y7, 224(DI)            \
	VZEROUPPER                     \
	RET
