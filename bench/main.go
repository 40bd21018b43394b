// Command bench compares fastgru's float32 kernels with its portable generic code, gonum and,
// when built with -tags openblas or blis, OpenBLAS and BLIS (Debian's libopenblas-dev and
// libblis-pthread-dev), in GFLOP/s and as a share of the measured FMA peak; then whole GRU
// models, fastgru against its generic kernels and, when built with -tags ort, ONNX Runtime
// (bench/ort/install.sh installs it), in µs per call and GFLOP/s; then training steps and epochs
// of GRU models, in µs per step, samples/s and GFLOP/s:
//
//	go run ./bench [-shapes all] [-models all] [-train all] [-threads 1] [-reps 5] [-mintime 40ms] [-impl name] [-all] [-json]
//	go run -tags 'openblas blis' ./bench
//	bench/ort/install.sh && go run -tags ort ./bench -shapes none
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"time"

	"github.com/fastgru/fastgru/internal/peak"
	"github.com/fastgru/fastgru/internal/shapes"
	"github.com/fastgru/fastgru/kernels"
	"github.com/klauspost/cpuid/v2"
)

// options are the flags that measure reads.
type options struct {
	threads int
	reps    int
	minTime time.Duration
	all     bool
}

// features are the CPU features that fastgru's kernels and the peak depend on.
var features = []cpuid.FeatureID{cpuid.AVX, cpuid.AVX2, cpuid.FMA3, cpuid.AVX512F, cpuid.AVX512VL, cpuid.AVX512DQ, cpuid.AVX512BW, cpuid.ASIMD, cpuid.SVE}

func main() {
	spec := flag.String("shapes", "all", "comma-separated products: names as printed (square-1024x1024x1024), MxKxN (M×K by K×N), or all, square, dense, gru-step; none for no GEMM table")
	modelSpec := flag.String("models", "all", "comma-separated GRU models ("+modelNames()+"), all, or none for no GRU table")
	trainSpec := flag.String("train", "all", "comma-separated training rows ("+trainNames()+"), all, or none for no training table")
	var o options
	flag.IntVar(&o.threads, "threads", 1, "threads for every contender (fastgru, gonum via GOMAXPROCS, OpenBLAS)")
	flag.IntVar(&o.reps, "reps", 5, "interleaved rounds per shape or model; each contender's best round counts")
	flag.DurationVar(&o.minTime, "mintime", 40*time.Millisecond, "least time per contender per round")
	flag.BoolVar(&o.all, "all", false, fmt.Sprintf("time generic and gonum even where one call takes over %s", slowCall))
	impl := flag.String("impl", "", "kernels implementation fastgru runs (default: the best for this CPU)")
	asJSON := flag.Bool("json", false, "print one JSON object instead of the table")
	flag.Parse()

	rows, err := parseShapes(*spec)
	var models []modelRow
	if err == nil {
		models, err = parseModels(*modelSpec)
	}
	var train []trainRow
	if err == nil {
		train, err = parseTraining(*trainSpec)
	}
	switch {
	case err != nil:
	case len(rows) == 0 && len(models) == 0 && len(train) == 0:
		err = errors.New("-shapes none, -models none and -train none leave nothing to time")
	case flag.NArg() > 0:
		err = fmt.Errorf("unexpected argument %q", flag.Arg(0))
	case o.threads < 1 || o.reps < 1:
		err = errors.New("-threads and -reps must be at least 1")
	case *impl != "":
		err = kernels.Use(*impl)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(2)
	}
	kernels.SetThreads(o.threads)
	contenders, modelContenders, trainContenders = withImpls(contenders), withImpls(modelContenders), withImpls(trainContenders)

	m := describe(o)
	out := io.Writer(os.Stdout)
	if *asJSON {
		out = io.Discard
	}
	printMachine(out, m)
	gemms := timeShapes(out, rows, o, m.peak())
	if len(rows) > 0 && len(models) > 0 {
		fmt.Fprintln(out)
	}
	grus, err := timeModels(out, models, o)
	var trained []trainResult
	if err == nil {
		if len(rows)+len(models) > 0 && len(train) > 0 {
			fmt.Fprintln(out)
		}
		trained, err = timeTraining(out, train, o, m.peak())
	}
	if err == nil && *asJSON {
		enc := json.NewEncoder(os.Stdout)
		enc.SetIndent("", "  ")
		err = enc.Encode(struct {
			machine
			Rows     []rowResult   `json:"rows"`
			Models   []modelResult `json:"models"`
			Training []trainResult `json:"training"`
		}{m, gemms, grus, trained})
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// timeShapes times and prints the GEMM table; for no rows it prints nothing.
func timeShapes(w io.Writer, rows []shapes.Shape, o options, peak float64) []rowResult {
	results := make([]rowResult, 0, len(rows))
	if len(rows) == 0 {
		return results
	}
	t := newTable(w, contenders, rows)
	t.header()
	for _, s := range rows {
		ops := newOperands(s)
		r := newRowResult(contenders, s, measure(contenders, func(c contender) { c.call(ops) }, o), peak)
		results = append(results, r)
		t.row(r)
	}
	t.footer(rows)
	if afterShapes != nil {
		afterShapes(w, results)
	}
	return results
}

// afterShapes, when set (cuda.go), prints more about the GEMM table's results.
var afterShapes func(w io.Writer, results []rowResult)

// describe gathers the machine facts and measures one core's peak, once, before any timing.
func describe(o options) machine {
	m := machine{
		CPU:             cpuid.CPU.BrandName,
		GOMAXPROCS:      runtime.GOMAXPROCS(0),
		Threads:         o.threads,
		Implementations: kernels.Implementations(),
		Selected:        kernels.Selected(),
		Peaks:           map[string]float64{},
		Reps:            o.reps,
		MinTime:         o.minTime.String(),
	}
	for _, name := range m.Implementations {
		if g := peak.GFLOPS(name, 300*time.Millisecond); g > 0 {
			m.Peaks[name] = g
		}
	}
	m.CorePeak = m.Peaks[m.Selected]
	for _, f := range features {
		if cpuid.CPU.Supports(f) {
			m.Features = append(m.Features, f.String())
		}
	}
	return m
}
