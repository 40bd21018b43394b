// Command bench compares fastgru's float32 kernels with its portable generic code, gonum and,
// when built with -tags openblas or blis, OpenBLAS and BLIS (Debian's libopenblas-dev and
// libblis-pthread-dev), in GFLOP/s and as a share of the measured FMA peak; then whole GRU
// models, fastgru against its generic kernels and, when built with -tags ort, ONNX Runtime
// (bench/ort/install.sh installs it), in µs per call and GFLOP/s; then training steps and epochs
// of GRU models, in µs per step, samples/s and GFLOP/s, and when built with -tags tfjs beside
// TensorFlow.js's wasm backend under node (bench/tfjs/install.sh installs it):
//
//	go run ./bench [-shapes all] [-models all] [-train all] [-threads 1] [-reps 5] [-mintime 40ms] [-impl name] [-all] [-json] [-plot dir]
//	go run -tags 'openblas blis' ./bench
//	bench/ort/install.sh && go run -tags ort ./bench -shapes none
//	bench/tfjs/install.sh && go run -tags tfjs ./bench -shapes none -models none
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
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
	err := run(os.Args[1:], os.Stdout, os.Stderr)
	var usage usageError
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return
	case errors.As(err, &usage):
		if !usage.reported {
			fmt.Fprintln(os.Stderr, "bench:", err)
		}
		os.Exit(2)
	}
	fmt.Fprintln(os.Stderr, "bench:", err)
	os.Exit(1)
}

// usageError is a mistake in the command line; reported when the flag package has printed it.
type usageError struct {
	error
	reported bool
}

func (u usageError) Unwrap() error { return u.error }

// run times the tables that args pick, printing them or, with -json, the report to stdout.
func run(args []string, stdout, stderr io.Writer) error {
	flags := flag.NewFlagSet("bench", flag.ContinueOnError)
	flags.SetOutput(stderr)
	spec := flags.String("shapes", "all", "comma-separated products: names as printed (square-1024x1024x1024), MxKxN (M×K by K×N), or all, square, dense, gru-step; none for no GEMM table")
	modelSpec := flags.String("models", "all", "comma-separated GRU models ("+modelNames()+"), all, or none for no GRU table")
	trainSpec := flags.String("train", "all", "comma-separated training rows ("+trainNames()+"), all, or none for no training table")
	var o options
	flags.IntVar(&o.threads, "threads", 1, "threads for every contender (fastgru, gonum via GOMAXPROCS, OpenBLAS)")
	flags.IntVar(&o.reps, "reps", 5, "interleaved rounds per shape or model; each contender's best round counts")
	flags.DurationVar(&o.minTime, "mintime", 40*time.Millisecond, "least time per contender per round")
	flags.BoolVar(&o.all, "all", false, fmt.Sprintf("time generic and gonum even where one call takes over %s", slowCall))
	impl := flags.String("impl", "", "kernels implementation fastgru runs (default: the best for this CPU)")
	asJSON := flags.Bool("json", false, "print one JSON object instead of the tables: every figure, the machine and the versions")
	plotDir := flags.String("plot", "", "write charts of the tables that ran to this `directory` (made if missing), as SVG and PNG")
	if err := flags.Parse(args); err != nil {
		return usageError{err, true}
	}

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
	case flags.NArg() > 0:
		err = fmt.Errorf("unexpected argument %q", flags.Arg(0))
	case o.threads < 1 || o.reps < 1:
		err = errors.New("-threads and -reps must be at least 1")
	case *impl != "":
		err = kernels.Use(*impl)
	}
	if err != nil {
		return usageError{error: err}
	}
	kernels.SetThreads(o.threads)
	// The columns of fastgru's other implementations last for this run only, so that a test can
	// run again.
	defer func(cs, ms, ts []contender) { contenders, modelContenders, trainContenders = cs, ms, ts }(contenders, modelContenders, trainContenders)
	contenders, modelContenders, trainContenders = withImpls(contenders), withImpls(modelContenders), withImpls(trainContenders)

	out := stdout
	if *asJSON {
		out = io.Discard
	}
	// With -json into a pipe, whatever reads it is a program: the run keeps quiet.
	p := newProgress(out, stderr, *asJSON && !isTerminal(stdout))
	defer p.clear()
	p.show("FMA peak probes")
	r := report{machine: describe(o), Versions: versions()}
	r.Columns.Rows, r.Columns.Models, r.Columns.Training = contenderNames(contenders), contenderNames(modelContenders), contenderNames(trainContenders)
	printMachine(p, r.machine)
	r.Rows, r.GPUCrossover = timeShapes(p, rows, o, r.Peak)
	if len(rows) > 0 && len(models) > 0 {
		fmt.Fprintln(p)
	}
	r.Models, err = timeModels(p, models, o)
	if err != nil {
		return err
	}
	if len(models) > 0 {
		r.ORTNotes = ortNotes
	}
	if len(rows)+len(models) > 0 && len(train) > 0 {
		fmt.Fprintln(p)
	}
	if r.Training, err = timeTraining(p, train, o, r.Peak); err != nil {
		return err
	}
	if *plotDir != "" {
		files, err := writeCharts(*plotDir, r)
		if err != nil {
			return err
		}
		fmt.Fprintf(p, "\ncharts: %s\n", strings.Join(files, " "))
	}
	if !*asJSON {
		return nil
	}
	p.clear()
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// timeShapes times and prints the GEMM table, and where the GPU columns overtake fastgru in it;
// for no rows it prints nothing.
func timeShapes(w io.Writer, rows []shapes.Shape, o options, peak float64) ([]rowResult, []crossover) {
	results := make([]rowResult, 0, len(rows))
	if len(rows) == 0 {
		return results, nil
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
	if printCrossovers == nil {
		return results, nil
	}
	return results, printCrossovers(w, results)
}

// printCrossovers, when set (cuda.go), prints and returns where the GPU columns overtake fastgru
// in the GEMM table.
var printCrossovers func(w io.Writer, results []rowResult) []crossover

// gpuName is the GPU columns' device, when they are built in and it opened (cuda.go).
var gpuName string

// contenderNames are the contenders' names, in order.
func contenderNames(cs []contender) []string {
	var s []string
	for _, c := range cs {
		s = append(s, c.name)
	}
	return s
}

// describe gathers the machine facts and measures one core's peak, once, before any timing.
func describe(o options) machine {
	m := machine{
		CPU:             cpuid.CPU.BrandName,
		GPU:             gpuName,
		GOMAXPROCS:      runtime.GOMAXPROCS(0),
		Threads:         o.threads,
		Implementations: kernels.Implementations(),
		Selected:        kernels.Selected(),
		Peaks:           map[string]float64{},
		Reps:            o.reps,
		MinTime:         o.minTime.String(),
		Date:            time.Now().Truncate(time.Second),
	}
	for _, name := range m.Implementations {
		if g := peak.GFLOPS(name, 300*time.Millisecond); g > 0 {
			m.Peaks[name] = g
		}
	}
	m.CorePeak = m.Peaks[m.Selected]
	m.Peak = m.CorePeak * float64(m.Threads)
	for _, f := range features {
		if cpuid.CPU.Supports(f) {
			m.Features = append(m.Features, f.String())
		}
	}
	return m
}
