//go:build cuda

package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/fastgru/fastgru/cuda"
	"github.com/fastgru/fastgru/gru"
	"github.com/fastgru/fastgru/kernels"
	"gonum.org/v1/gonum/blas"
)

// With -tags cuda the tables gain GPU columns: every product and model on device 0, timed with
// its copies (inputs up, result down), in FP32 and on TF32 tensor cores.

var gpu *cuda.Device

func init() {
	d, err := cuda.Open(0)
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench: no GPU columns:", err)
		return
	}
	gpu, gpuName = d, d.Name()
	for _, p := range []cuda.Precision{cuda.FP32, cuda.TF32} {
		name := gpuPrefix + strings.ToLower(p.String())
		contenders = append(contenders, contender{name: name, baseline: true, call: gpuProduct(p)})
		modelContenders = append(modelContenders, contender{name: name, baseline: true, predict: gpuPredict(p)})
	}
	printCrossovers = printCrossover
	// The driver's CUDA version, as 12040 for 12.4: the kernels are PTX, which the driver compiles.
	contenderVersions["cuda"] = "driver " + cuda.DriverVersion()
}

// gpuPrefix starts the GPU columns' names.
const gpuPrefix = "cuda-"

// gpuOperands are one row's operands on the device, uploaded at each call.
type gpuOperands struct{ a, b, c, bias *cuda.Buffer }

var gpuOps = map[*operands]*gpuOperands{}

func gpuProduct(p cuda.Precision) func(o *operands) {
	return func(o *operands) {
		g := gpuOps[o]
		if g == nil {
			g = &gpuOperands{a: alloc(len(o.a)), b: alloc(len(o.b)), c: alloc(len(o.c)), bias: alloc(len(o.bias))}
			gpuOps[o] = g
		}
		s := o.s
		must(g.a.Upload(o.a))
		must(g.b.Upload(o.b))
		if s.Kind == fusedKind {
			must(g.bias.Upload(o.bias))
			must(gpu.Dense(p, g.c, g.a, s.M, s.K, s.N, g.b, g.bias, kernels.Softmax))
		} else {
			must(gpu.Sgemm(p, blas.NoTrans, blas.NoTrans, s.M, s.N, s.K, 1, g.a, s.K, g.b, s.N, 0, g.c, s.N))
		}
		must(g.c.Download(o.c))
	}
}

var gpuModels = map[*gru.Sequential]*cuda.Model{}

func gpuPredict(p cuda.Precision) func(m *model) {
	return func(m *model) {
		key := m.seq
		dm := gpuModels[key]
		if dm == nil {
			var err error
			dm, err = gpu.Load(m.seq, p)
			must(err)
			gpuModels[key] = dm
		}
		_, err := dm.Predict(m.x)
		must(err)
	}
}

func alloc(n int) *cuda.Buffer {
	b, err := gpu.Alloc(max(1, n))
	must(err)
	return b
}

func must(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// printCrossover prints, for each GPU column, the smallest product (in FLOPs) from which on the
// GPU, copies included, beats fastgru on this CPU in every larger row of the table, and returns
// them.
func printCrossover(w io.Writer, results []rowResult) []crossover {
	var columns []string
	for _, c := range contenders {
		if strings.HasPrefix(c.name, gpuPrefix) {
			columns = append(columns, c.name)
		}
	}
	cs := crossovers(results, columns)
	fmt.Fprintf(w, "\nGPU: %s (times include the copies to and from the device)\n", gpu.Name())
	for _, c := range cs {
		if c.Shape == "" {
			fmt.Fprintf(w, "%s: no size from which on it beats this CPU in every larger row\n", c.Contender)
			continue
		}
		fmt.Fprintf(w, "%s: faster than this CPU from %s (%.3g FLOP per call) up\n", c.Contender, c.Shape, c.Flops)
	}
	return cs
}
