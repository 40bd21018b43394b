// Command bench compares fastgru's float32 kernels with its portable generic code, gonum and,
// when built with -tags openblas or blis, OpenBLAS and BLIS (Debian's libopenblas-dev and
// libblis-pthread-dev), in GFLOP/s and as a share of the measured FMA peak:
//
//	go run ./bench [-shapes all] [-threads 1] [-reps 5] [-mintime 40ms] [-impl name] [-all] [-json]
//	go run -tags 'openblas blis' ./bench
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"runtime"
	"time"

	"github.com/fastgru/fastgru/internal/peak"
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
var features = []cpuid.FeatureID{cpuid.AVX, cpuid.AVX2, cpuid.FMA3, cpuid.AVX512F, cpuid.ASIMD, cpuid.SVE}

func main() {
	spec := flag.String("shapes", "all", "comma-separated products: names as printed (square-1024x1024x1024), MxKxN (M×K by K×N), or all, square, dense, gru-step")
	var o options
	flag.IntVar(&o.threads, "threads", 1, "threads for every contender (fastgru, gonum via GOMAXPROCS, OpenBLAS)")
	flag.IntVar(&o.reps, "reps", 5, "interleaved rounds per shape; each contender's best round counts")
	flag.DurationVar(&o.minTime, "mintime", 40*time.Millisecond, "least time per contender per round")
	flag.BoolVar(&o.all, "all", false, fmt.Sprintf("time generic and gonum even where one call takes over %s", slowCall))
	impl := flag.String("impl", "", "kernels implementation fastgru runs (default: the best for this CPU)")
	asJSON := flag.Bool("json", false, "print one JSON object instead of the table")
	flag.Parse()

	rows, err := parseShapes(*spec)
	switch {
	case err != nil:
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

	m := describe(o)
	var t table
	if !*asJSON {
		printMachine(os.Stdout, m)
		t = newTable(os.Stdout, contenders, rows)
		t.header()
	}
	results := make([]rowResult, 0, len(rows))
	for _, s := range rows {
		r := newRowResult(contenders, s, measure(contenders, s, o), m.peak())
		results = append(results, r)
		if !*asJSON {
			t.row(r)
		}
	}
	if !*asJSON {
		t.footer(rows)
		return
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(struct {
		machine
		Rows []rowResult `json:"rows"`
	}{m, results}); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// describe gathers the machine facts and measures one core's peak, once, before any timing.
func describe(o options) machine {
	m := machine{
		CPU:             cpuid.CPU.BrandName,
		GOMAXPROCS:      runtime.GOMAXPROCS(0),
		Threads:         o.threads,
		Implementations: kernels.Implementations(),
		Selected:        kernels.Selected(),
		CorePeak:        peak.GFLOPS(300 * time.Millisecond),
		Reps:            o.reps,
		MinTime:         o.minTime.String(),
	}
	for _, f := range features {
		if cpuid.CPU.Supports(f) {
			m.Features = append(m.Features, f.String())
		}
	}
	return m
}
