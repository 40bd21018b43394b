//go:build blis

package main

// BLIS exports the same BLAS and CBLAS symbols as OpenBLAS, so linking both would make one answer
// for the other. BLIS is therefore opened with dlopen(RTLD_LOCAL) and called through pointers.

// #cgo LDFLAGS: -ldl
// #include <dlfcn.h>
// #include <stdlib.h>
// #include "/usr/include/x86_64-linux-gnu/blis-pthread/blis.h"
//
// typedef void (*sgemm_fn)(trans_t, trans_t, dim_t, dim_t, dim_t, float*, float*, inc_t, inc_t,
//	float*, inc_t, inc_t, float*, float*, inc_t, inc_t);
// typedef void (*threads_fn)(dim_t);
// typedef char *(*version_fn)(void);
// typedef arch_t (*arch_fn)(void);
// typedef char *(*arch_name_fn)(arch_t);
// static sgemm_fn blis_sgemm;
// static threads_fn blis_threads;
// static void *blis;
//
// static const char *blis_open(void) {
//	blis = dlopen("/usr/lib/x86_64-linux-gnu/blis-pthread/libblis.so.4", RTLD_NOW | RTLD_LOCAL);
//	if (!blis) return dlerror();
//	blis_sgemm = (sgemm_fn)dlsym(blis, "bli_sgemm");
//	blis_threads = (threads_fn)dlsym(blis, "bli_thread_set_num_threads");
//	return blis_sgemm && blis_threads ? NULL : "libblis lacks bli_sgemm";
// }
// static const char *blis_version(void) {
//	version_fn v = (version_fn)dlsym(blis, "bli_info_get_version_str");
//	return v ? v() : "";
// }
// // blis_arch names the configuration (kernel set) BLIS picked for this CPU, such as "skx".
// static const char *blis_arch(void) {
//	arch_fn id = (arch_fn)dlsym(blis, "bli_arch_query_id");
//	arch_name_fn name = (arch_name_fn)dlsym(blis, "bli_arch_string");
//	return id && name ? name(id()) : "";
// }
// static void blis_set_threads(dim_t n) { blis_threads(n); }
// static void blis_sgemm_rm(dim_t m, dim_t n, dim_t k, float *a, float *b, float *c) {
//	float one = 1, zero = 0;
//	blis_sgemm(BLIS_NO_TRANSPOSE, BLIS_NO_TRANSPOSE, m, n, k, &one, a, k, 1, b, n, 1, &zero, c, n, 1);
// }
import "C"

import "fmt"

func init() {
	if err := C.blis_open(); err != nil {
		panic(fmt.Sprintf("bench: loading BLIS (Debian libblis-pthread-dev): %s", C.GoString(err)))
	}
	contenders = append(contenders, contender{name: "blis", baseline: true, around: blisThreads, call: blisSgemm})
	contenderVersions["blis"] = fmt.Sprintf("%s, configuration %s", C.GoString(C.blis_version()), C.GoString(C.blis_arch()))
}

// blisThreads gives BLIS the thread count before it runs.
func blisThreads(threads int, timed func()) {
	C.blis_set_threads(C.dim_t(threads))
	timed()
}

// blisSgemm passes the Go slices' storage directly, as openblasSgemm does.
func blisSgemm(o *operands) {
	s := o.s
	C.blis_sgemm_rm(C.dim_t(s.M), C.dim_t(s.N), C.dim_t(s.K), (*C.float)(&o.a[0]), (*C.float)(&o.b[0]), (*C.float)(&o.c[0]))
}
