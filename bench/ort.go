//go:build ort

package main

// With -tags ort the GRU table gains an ORT column: ONNX Runtime's CPU provider running each
// row's model (gru's SaveONNX writes it with fastgru's weights), timed in the same interleaved
// rounds as fastgru. libonnxruntime.so.1 comes from npm's onnxruntime-node (bench/ort/install.sh)
// and is opened with dlopen: from $ORT_LIB, else from bench/ort/node_modules. No ONNX Runtime
// header is needed: its C API is a table of function pointers (OrtApi) whose entries keep their
// positions from release to release, and the few the bench calls are named below by position.

// #cgo LDFLAGS: -ldl
// #include <dlfcn.h>
// #include <stdint.h>
// #include <stdlib.h>
// #include <string.h>
//
// enum { // positions in OrtApi
// 	GetErrorMessage = 2, CreateEnv = 3, CreateSessionFromArray = 8, Run = 9, CreateSessionOptions = 10,
// 	SetSessionExecutionMode = 13, SetSessionGraphOptimizationLevel = 23, SetIntraOpNumThreads = 24,
// 	SetInterOpNumThreads = 25, CreateTensorWithDataAsOrtValue = 49, CreateCpuMemoryInfo = 69,
// 	ReleaseStatus = 93, ReleaseSession = 95, ReleaseValue = 96, ReleaseSessionOptions = 100,
// };
// enum { apiVersion = 14, loggingError = 3, sequential = 0, enableAll = 99, arenaAllocator = 1, memDefault = 0, elemFloat = 1 };
//
// typedef void *status; // OrtStatus*: NULL for success
// typedef struct { void *const *(*get_api)(uint32_t); const char *(*version)(void); } api_base;
// typedef const api_base *(*get_api_base)(void);
// typedef const char *(*error_message_fn)(status);
// typedef void (*release_fn)(void *);
// typedef status (*create_env_fn)(int, const char *, void **);
// typedef status (*create_session_fn)(void *, const void *, size_t, void *, void **);
// typedef status (*run_fn)(void *, void *, const char *const *, void *const *, size_t, const char *const *, size_t, void **);
// typedef status (*out_fn)(void **);
// typedef status (*set_int_fn)(void *, int);
// typedef status (*tensor_fn)(void *, void *, size_t, const int64_t *, size_t, int, void **);
// typedef status (*cpu_info_fn)(int, int, void **);
//
// static void *const *ort; // the OrtApi table
// static void *env, *cpu;  // OrtEnv*, OrtMemoryInfo*
//
// // err turns a status into a malloc'd message, NULL for success.
// static char *err(status s) {
// 	if (!s) return NULL;
// 	char *m = strdup(((error_message_fn)ort[GetErrorMessage])(s));
// 	((release_fn)ort[ReleaseStatus])(s);
// 	return m;
// }
//
// static char *ort_open(const char *path, const char **version) {
// 	void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
// 	if (!h) return strdup(dlerror());
// 	get_api_base base = (get_api_base)dlsym(h, "OrtGetApiBase");
// 	if (!base) return strdup("no OrtGetApiBase in it");
// 	*version = base()->version();
// 	ort = base()->get_api(apiVersion);
// 	if (!ort) return strdup("its C API is older than version 14");
// 	char *e = err(((create_env_fn)ort[CreateEnv])(loggingError, "fastgru-bench", &env));
// 	return e ? e : err(((cpu_info_fn)ort[CreateCpuMemoryInfo])(arenaAllocator, memDefault, &cpu));
// }
//
// // ort_session loads a model for intra threads within each operator and one for the graph.
// static char *ort_session(const void *model, size_t n, int intra, void **session) {
// 	void *opts;
// 	char *e = err(((out_fn)ort[CreateSessionOptions])(&opts));
// 	if (e) return e;
// 	if (!(e = err(((set_int_fn)ort[SetIntraOpNumThreads])(opts, intra))) &&
// 	    !(e = err(((set_int_fn)ort[SetInterOpNumThreads])(opts, 1))) &&
// 	    !(e = err(((set_int_fn)ort[SetSessionExecutionMode])(opts, sequential))) &&
// 	    !(e = err(((set_int_fn)ort[SetSessionGraphOptimizationLevel])(opts, enableAll))))
// 		e = err(((create_session_fn)ort[CreateSessionFromArray])(env, model, n, opts, session));
// 	((release_fn)ort[ReleaseSessionOptions])(opts);
// 	return e;
// }
//
// // ort_tensor wraps n floats of C memory as a tensor of the given shape; ORT does not own them.
// static char *ort_tensor(float *data, size_t n, const int64_t *shape, size_t rank, void **value) {
// 	return err(((tensor_fn)ort[CreateTensorWithDataAsOrtValue])(cpu, data, n * sizeof(float), shape, rank, elemFloat, value));
// }
//
// // ort_run runs the session on input x into the preallocated output y.
// static char *ort_run(void *session, void *x, void *y) {
// 	static const char *in[] = {"x"}, *out[] = {"y"};
// 	void *ins[] = {x}, *outs[] = {y};
// 	return err(((run_fn)ort[Run])(session, NULL, in, ins, 1, out, 1, outs));
// }
//
// static void ort_release(int which, void *p) { if (p) ((release_fn)ort[which])(p); }
import "C"

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"unsafe"
)

// ortTolerance is how far ORT's output may be from fastgru's, on a row's first ortCheckSteps
// steps, before the row is left untimed. Only the first steps: with the rows' random weights
// (uniform ±0.25, large recurrent gains) rounding differences grow step by step, so that any two
// float32 GRUs drift apart over long sequences (over 100 steps of H512, by 0.03–0.08 from a float64
// reference, fastgru's avx2 and avx512 alike); 16 steps stay within 4e-6.
const (
	ortTolerance  = 1e-4
	ortCheckSteps = 16
)

// ortModel is one row's model loaded in ONNX Runtime, its input and output in C memory.
type ortModel struct {
	session, in, out unsafe.Pointer
	x, y             unsafe.Pointer // the floats of in and out
	n                int            // floats in y
}

// ortModels are the rows' models in ORT, loaded before each row is timed and released after it.
var ortModels = map[*model]*ortModel{}

func init() {
	path, version, err := openORT()
	if err != nil {
		ortNotes = []string{fmt.Sprintf("ORT: no ONNX Runtime column: %v; bench/ort/install.sh installs it, $ORT_LIB names another.", err)}
		return
	}
	contenderVersions[ortName] = version
	ortNotes = []string{fmt.Sprintf("ORT: ONNX Runtime %s's CPU provider, from %s;\n"+
		"intra-op threads as -threads, inter-op 1, the same weights and input. Each row's model is first\n"+
		"checked on %d steps: its output within %g of fastgru's, or the row is not timed.", version, path, ortCheckSteps, ortTolerance)}
	modelContenders = append(modelContenders, contender{name: ortName, slow: true, baseline: true, predict: ortPredict})
	preparePeers = ortPrepare
}

// ortLibPaths lists where libonnxruntime.so.1 is looked for: $ORT_LIB alone when set, else
// onnxruntime-node's copy under bench/ort/node_modules, from the working directory (the
// repository root, as `go run ./bench` is run) and from this source file's directory.
func ortLibPaths() []string {
	if p := os.Getenv("ORT_LIB"); p != "" {
		return []string{p}
	}
	arch := map[string]string{"amd64": "x64", "arm64": "arm64"}[runtime.GOARCH]
	rel := filepath.Join("node_modules", "onnxruntime-node", "bin", "napi-v6", runtime.GOOS, arch, "libonnxruntime.so.1")
	paths := []string{filepath.Join("bench", "ort", rel)}
	if _, file, _, ok := runtime.Caller(0); ok {
		paths = append(paths, filepath.Join(filepath.Dir(file), "ort", rel))
	}
	return paths
}

func openORT() (path, version string, err error) {
	paths := ortLibPaths()
	for _, p := range paths {
		if _, err := os.Stat(p); err == nil {
			path = p
			break
		}
	}
	if path == "" {
		return "", "", fmt.Errorf("libonnxruntime.so.1 not found at %s", paths[0])
	}
	cpath := C.CString(path)
	defer C.free(unsafe.Pointer(cpath))
	var v *C.char
	if e := C.ort_open(cpath, &v); e != nil {
		defer C.free(unsafe.Pointer(e))
		return "", "", fmt.Errorf("loading %s: %s", path, C.GoString(e))
	}
	return path, C.GoString(v), nil
}

// ortError returns a C message as an error, freeing it; nil for none.
func ortError(e *C.char) error {
	if e == nil {
		return nil
	}
	defer C.free(unsafe.Pointer(e))
	return fmt.Errorf("onnxruntime: %s", C.GoString(e))
}

// loadORT loads m's model into ORT with the input m.x.
func loadORT(m *model, threads int) (*ortModel, error) {
	var onnx bytes.Buffer
	if err := m.seq.SaveONNX(&onnx); err != nil {
		return nil, err
	}
	o := &ortModel{n: len(m.y.Data)}
	cbytes := C.CBytes(onnx.Bytes())
	err := ortError(C.ort_session(cbytes, C.size_t(onnx.Len()), C.int(threads), &o.session))
	C.free(cbytes)
	if err != nil {
		return nil, err
	}
	// ORT keeps pointers to the tensors' data, so it lives in C memory.
	tensor := func(data []float32, shape []int, value *unsafe.Pointer) unsafe.Pointer {
		p := C.malloc(C.size_t(4 * max(1, len(data))))
		copy(unsafe.Slice((*float32)(p), len(data)), data)
		dims := make([]C.int64_t, len(shape))
		for i, d := range shape {
			dims[i] = C.int64_t(d)
		}
		if err == nil {
			err = ortError(C.ort_tensor((*C.float)(p), C.size_t(len(data)), &dims[0], C.size_t(len(dims)), value))
		}
		return p
	}
	o.x = tensor(m.x.Data, m.x.Shape, &o.in)
	o.y = tensor(make([]float32, o.n), m.y.Shape, &o.out)
	if err != nil {
		o.release()
		return nil, err
	}
	return o, nil
}

// output is the output of the last run.
func (o *ortModel) output() []float32 { return unsafe.Slice((*float32)(o.y), o.n) }

func (o *ortModel) run() error {
	return ortError(C.ort_run(o.session, o.in, o.out))
}

func (o *ortModel) release() {
	C.ort_release(C.ReleaseValue, o.in)
	C.ort_release(C.ReleaseValue, o.out)
	C.ort_release(C.ReleaseSession, o.session)
	C.free(o.x)
	C.free(o.y)
}

// ortCheck runs r's model over its first ortCheckSteps steps (the same weights: build draws
// them before the input) in fastgru and in ORT, and fails if their outputs differ by over
// ortTolerance.
func ortCheck(r modelRow, threads int) error {
	r.time = min(r.time, ortCheckSteps)
	m, err := r.build()
	if err != nil {
		return err
	}
	o, err := loadORT(m, threads)
	if err != nil {
		return err
	}
	defer o.release()
	if err := o.run(); err != nil {
		return err
	}
	if d := maxDiff(o.output(), m.y.Data); !(d <= ortTolerance) {
		return fmt.Errorf("over its first %d steps its output differs from fastgru's by %.3g, over %g", r.time, d, ortTolerance)
	}
	return nil
}

// ortPrepare checks a row's model in ORT, then loads it for timing and runs it once, so that a
// timed call cannot fail; a row that fails any of these is left out of the ORT column, with a
// note why. After the row, the release notes how far ORT's
// full-length output ended from fastgru's where that is over ortTolerance: the rounding drift
// that ortTolerance's comment describes.
func ortPrepare(r modelRow, m *model, threads int) (skip map[string]bool, release func()) {
	err := ortCheck(r, threads)
	var o *ortModel
	if err == nil {
		o, err = loadORT(m, threads)
	}
	if err == nil {
		if err = o.run(); err != nil {
			o.release()
		}
	}
	if err != nil {
		ortNotes = append(ortNotes, fmt.Sprintf("ORT: %s not timed: %v", r.name, err))
		return map[string]bool{ortName: true}, func() {}
	}
	ortModels[m] = o
	fast := slices.Clone(m.y.Data) // fastgru's output from build, before the columns rewrite it
	return nil, func() {
		if d := maxDiff(o.output(), fast); !(d <= ortTolerance) {
			ortNotes = append(ortNotes, fmt.Sprintf("ORT: %s: over all %d steps ORT's output ends %.2g from fastgru's (float32 rounding drift).", r.name, r.time, d))
		}
		o.release()
		delete(ortModels, m)
	}
}

func ortPredict(m *model) {
	if err := ortModels[m].run(); err != nil {
		panic(err) // it ran in ortPrepare
	}
}

// maxDiff is the largest absolute difference between a and b, NaN where one is NaN, and +Inf
// when their lengths differ.
func maxDiff(a, b []float32) float64 {
	if len(a) != len(b) {
		return math.Inf(1)
	}
	d := 0.0
	for i := range a {
		x := math.Abs(float64(a[i]) - float64(b[i]))
		if x > d || x != x {
			d = x
		}
	}
	return d
}
