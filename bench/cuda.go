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
	gpu = d
	for _, p := range []cuda.Precision{cuda.FP32, cuda.TF32} {
		name := "cuda-" + strings.ToLower(p.String())
		contenders = append(contenders, contender{name: name, baseline: true, call: gpuProduct(p)})
		modelContenders = append(modelContenders, contender{name: name, baseline: true, predict: gpuPredict(p)})
	}
	afterShapes = printCrossover
}

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
// GPU, copies included, beats fastgru on this CPU in every larger row of the table.
func printCrossover(w io.Writer, results []rowResult) {
	fmt.Fprintf(w, "\nGPU: %s (times include the copies to and from the device)\n", gpu.Name())
	for _, c := range contenders {
		if !strings.HasPrefix(c.name, "cuda-") {
			continue
		}
		from := ""
		best := -1.0
		for _, r := range results {
			g, f := r.Results[c.name].GFLOPS, r.Results["fastgru"].GFLOPS
			if g > f && (best < 0 || r.Flops < best) && beatsAbove(results, c.name, r.Flops) {
				best, from = r.Flops, r.Shape
			}
		}
		if from == "" {
			fmt.Fprintf(w, "%s: slower than this CPU on every row\n", c.name)
			continue
		}
		fmt.Fprintf(w, "%s: faster than this CPU from %s (%.3g FLOP per call) up\n", c.name, from, best)
	}
}

// beatsAbove reports whether the GPU column wins every row of at least flops.
func beatsAbove(results []rowResult, name string, flops float64) bool {
	for _, r := range results {
		if r.Flops >= flops && r.Results[name].GFLOPS <= r.Results["fastgru"].GFLOPS {
			return false
		}
	}
	return true
}
