// The k step shared by the SGEMM and GRU micro-kernels.

// One k step on a row-major A read in place (rows R8, R8+R9, R8+2·R9, R10, R10+R9, R10+2·R9) at
// byte offset ao along the rows, and a packed B micro-panel at R12, at B byte offset bo.
#define KSTEP_ROWS(ao, bo) \
	VMOVUPS      bo(R12), Y0        \
	VMOVUPS      bo+32(R12), Y1     \
	VBROADCASTSS ao(R8), Y2         \
	VFMADD231PS  Y0, Y2, Y4         \
	VFMADD231PS  Y1, Y2, Y5         \
	VBROADCASTSS ao(R8)(R9*1), Y3   \
	VFMADD231PS  Y0, Y3, Y6         \
	VFMADD231PS  Y1, Y3, Y7         \
	VBROADCASTSS ao(R8)(R9*2), Y2   \
	VFMADD231PS  Y0, Y2, Y8         \
	VFMADD231PS  Y1, Y2, Y9         \
	VBROADCASTSS ao(R10), Y3        \
	VFMADD231PS  Y0, Y3, Y10        \
	VFMADD231PS  Y1, Y3, Y11        \
	VBROADCASTSS ao(R10)(R9*1), Y2  \
	VFMADD231PS  Y0, Y2, Y12        \
	VFMADD231PS  Y1, Y2, Y13        \
	VBROADCASTSS ao(R10)(R9*2), Y3  \
	VFMADD231PS  Y0, Y3, Y14        \
	VFMADD231PS  Y1, Y3, Y15

// KSTEP_ROWS for a tile of at most four rows: rows 4 and 5 are neither read nor accumulated.
#define KSTEP_ROWS_FOUR(ao, bo) \
	VMOVUPS      bo(R12), Y0        \
	VMOVUPS      bo+32(R12), Y1     \
	VBROADCASTSS ao(R8), Y2         \
	VFMADD231PS  Y0, Y2, Y4         \
	VFMADD231PS  Y1, Y2, Y5         \
	VBROADCASTSS ao(R8)(R9*1), Y3   \
	VFMADD231PS  Y0, Y3, Y6         \
	VFMADD231PS  Y1, Y3, Y7         \
	VBROADCASTSS ao(R8)(R9*2), Y2   \
	VFMADD231PS  Y0, Y2, Y8         \
	VFMADD231PS  Y1, Y2, Y9         \
	VBROADCASTSS ao(R10), Y3        \
	VFMADD231PS  Y0, Y3, Y10        \
	VFMADD231PS  Y1, Y3, Y11
