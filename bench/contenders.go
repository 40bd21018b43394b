package main

import (
	"math/rand/v2"
	"runtime"

	"github.com/fastgru/fastgru/internal/shapes"
	"github.com/fastgru/fastgru/kernels"
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
)

// contender is one implementation in the table.
type contender struct {
	name string
	// slow contenders are skipped, unless -all, where one call would take over slowCall.
	slow bool
	// baseline contenders get a column with fastgru's speed-up over them.
	baseline bool
	// around, if set, runs timed with the process set up for this contender: its
	// implementation or thread count, undone afterwards.
	around func(threads int, timed func())
	// call runs a GEMM row's product; the GRU table's contenders leave it nil.
	call func(o *operands)
	// predict runs a GRU row's model elsewhere than fastgru's CPU path (nil: PredictInto).
	predict func(m *model)
}

// contenders are timed in this order; the first is fastgru, which the ratios compare.
// openblas.go appends OpenBLAS when built with -tags openblas.
var contenders = []contender{
	{name: "fastgru", call: fastgru},
	{name: "generic", slow: true, around: asGeneric, call: fastgru},
	{name: "gonum", slow: true, baseline: true, around: withProcs, call: gonumSgemm},
}

func (c contender) run(threads int, timed func()) {
	if c.around == nil {
		timed()
		return
	}
	c.around(threads, timed)
}

// operands are one row's inputs and output: A is M×K, B is K×N and C is M×N, all row-major;
// on the fused row A is Dense's x, B its w and C its y.
type operands struct {
	s       shapes.Shape
	a, b, c []float32
	bias    []float32
}

func newOperands(s shapes.Shape) *operands {
	rng := rand.New(rand.NewPCG(1, 2))
	fill := func(n int) []float32 {
		x := make([]float32, n)
		for i := range x {
			x[i] = float32(rng.Float64()*2 - 1)
		}
		return x
	}
	return &operands{s: s, a: fill(s.M * s.K), b: fill(s.K * s.N), c: make([]float32, s.M*s.N), bias: fill(s.N)}
}

// fastgru runs the selected kernels implementation: the fused Dense on the fused row, else Sgemm.
func fastgru(o *operands) {
	s := o.s
	if s.Kind == fusedKind {
		kernels.Dense(o.c, o.a, s.M, s.K, s.N, o.b, o.bias, kernels.Softmax)
		return
	}
	kernels.Sgemm(blas.NoTrans, blas.NoTrans, s.M, s.N, s.K, 1, o.a, s.K, o.b, s.N, 0, o.c, s.N)
}

func gonumSgemm(o *operands) {
	s := o.s
	gonum.Implementation{}.Sgemm(blas.NoTrans, blas.NoTrans, s.M, s.N, s.K, 1, o.a, s.K, o.b, s.N, 0, o.c, s.N)
}

// asGeneric times fastgru's portable Go kernels, then restores the selection.
var asGeneric = asImpl("generic")

// asImpl times fastgru under the named implementation, then restores the selection.
func asImpl(name string) func(int, func()) {
	return func(_ int, timed func()) {
		prev := kernels.Selected()
		mustUse(name)
		defer mustUse(prev)
		timed()
	}
}

// withImpls inserts after cs[0] (fastgru as selected) a column for every other SIMD
// implementation this CPU has, so that one run shows, say, avx512 beside avx2.
func withImpls(cs []contender) []contender {
	var more []contender
	for _, name := range kernels.Implementations() {
		if name != kernels.Selected() && name != "generic" {
			more = append(more, contender{name: name, around: asImpl(name), call: cs[0].call})
		}
	}
	return append(cs[:1:1], append(more, cs[1:]...)...)
}

// withProcs sets GOMAXPROCS to the thread count while gonum runs, since gonum's Sgemm starts
// as many workers as GOMAXPROCS allows.
func withProcs(threads int, timed func()) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(threads))
	timed()
}

// mustUse selects an implementation known to exist: one that Implementations listed.
func mustUse(name string) {
	if err := kernels.Use(name); err != nil {
		panic(err)
	}
}
