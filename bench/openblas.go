//go:build openblas

package main

// #cgo CFLAGS: -I/usr/include/x86_64-linux-gnu/openblas-pthread
// #cgo LDFLAGS: -L/usr/lib/x86_64-linux-gnu/openblas-pthread -lopenblas
// #include <cblas.h>
import "C"

import "strings"

func init() {
	contenders = append(contenders, contender{name: "openblas", baseline: true, around: openblasThreads, call: openblasSgemm})
	// Such as "OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY SkylakeX MAX_THREADS=64": with the kernels
	// it picked for this CPU, or that OPENBLAS_CORETYPE made it pick.
	contenderVersions["openblas"] = strings.TrimSpace(C.GoString(C.openblas_get_config()))
}

// openblasThreads gives OpenBLAS the thread count before it runs; the setting needs no undoing,
// as no other contender reads it.
func openblasThreads(threads int, timed func()) {
	C.openblas_set_num_threads(C.int(threads))
	timed()
}

// openblasSgemm passes the Go slices' storage directly: float32 arrays hold no Go pointers, so
// cgo allows it for the length of the call.
func openblasSgemm(o *operands) {
	s := o.s
	C.cblas_sgemm(C.CblasRowMajor, C.CblasNoTrans, C.CblasNoTrans, C.blasint(s.M), C.blasint(s.N), C.blasint(s.K),
		1, (*C.float)(&o.a[0]), C.blasint(s.K), (*C.float)(&o.b[0]), C.blasint(s.N),
		0, (*C.float)(&o.c[0]), C.blasint(s.N))
}
