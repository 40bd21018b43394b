package modelfile

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/fastgru/fastgru/gru"
)

// onnxCase describes a test model as PyTorch and other writers export one: a GRU, maybe a
// second one on its outputs, then maybe a Dense and an activation.
type onnxCase struct {
	in, hid   int
	time      int // 0: open, a dim_param
	layout    int
	transpose bool // a batch-major input transposed for a time-major GRU (PyTorch's batch_first)
	lbr       bool
	noBias    bool
	acts      []string
	alphas    []float32
	betas     []float32
	reverse   bool
	// What the model takes of the last GRU: "Y"; "Y_h", squeezed or "h_n[-1]"; Y's last step by
	// "slice" or "gather".
	out      string
	hid2     int    // a second GRU on the first's Y, of that size
	head     string // "", "Gemm", "MatMul" or "MatMulAdd"
	units    int
	act      string // an activation op at the end
	h0       string // the GRU's initial_h: "", "input", "zeros", "ConstantOfShape" or "nonzero"
	gruAttrs [][]byte
	seqLens  bool
	opset    int64
}

// onnxRefModel computes a model's output from a batch-major input.
type onnxRefModel func(x [][][]float64) (shape []int, y []float64)

// build writes the model with random weights and returns its bytes and its float64 reference.
func (c onnxCase) build(seed uint64) ([]byte, onnxRefModel) {
	rng := rand.New(rand.NewPCG(seed, 7))
	g := &onnxTestGraph{opset: c.opset}
	if g.opset == 0 {
		g.opset = 13
	}
	var timeDim any = "seq"
	if c.time > 0 {
		timeDim = c.time
	}
	x := "x"
	switch {
	case c.layout == 1:
		g.input(x, "batch", timeDim, c.in)
	case c.transpose:
		g.input(x, "batch", timeDim, c.in)
		x = g.node("Transpose", []string{x}, nil, encAttrInts("perm", 1, 0, 2))
	default:
		g.input(x, timeDim, "batch", c.in)
	}
	p1 := c.gruWeights(rng, c.in, c.hid)
	y, yh := c.gruNode(g, x, p1)
	grus := []refGRUWeights{p1}
	if c.hid2 > 0 {
		p2 := c.gruWeights(rng, c.hid, c.hid2)
		y, yh = c.gruNode(g, c.squeeze(g, y, 1), p2)
		grus = append(grus, p2)
	}
	hid := grus[len(grus)-1].hid

	var v string
	seq := false
	switch c.out {
	case "Y", "slice", "gather":
		v = c.squeeze(g, y, int64(1+c.layout))
		if c.layout == 0 {
			v = g.node("Transpose", []string{v}, nil, encAttrInts("perm", 1, 0, 2))
		}
		switch c.out {
		case "Y":
			seq = true
		case "slice":
			if g.opset >= 10 {
				v = g.node("Slice", []string{v, g.ints([]int{1}, -1), g.ints([]int{1}, math.MaxInt64), g.ints([]int{1}, 1)}, nil)
			} else {
				v = g.node("Slice", []string{v}, nil, encAttrInts("starts", -1), encAttrInts("ends", math.MaxInt64),
					encAttrInts("axes", 1))
			}
			v = c.squeeze(g, v, 1)
		case "gather":
			v = g.node("Gather", []string{v, g.ints(nil, -1)}, nil, encAttrInt("axis", 1))
		}
	case "Y_h":
		v = c.squeeze(g, yh, int64(c.layout))
	case "h_n[-1]":
		v = g.node("Gather", []string{yh, g.ints(nil, -1)}, nil, encAttrInt("axis", int64(c.layout)))
	}

	var kernel, bias []float32 // the head as a Dense, kernel (hid, units)
	switch c.head {
	case "Gemm":
		const alpha, beta = 0.5, 2
		b := onnxRandFloats(rng, c.units*hid) // (units, hid), transB
		cb := onnxRandFloats(rng, c.units)
		v = g.node("Gemm", []string{v, g.floats([]int{c.units, hid}, b), g.floats([]int{c.units}, cb)}, nil,
			encAttrInt("transB", 1), encAttrFloat("alpha", alpha), encAttrFloat("beta", beta))
		kernel = make([]float32, hid*c.units)
		for j := range c.units {
			for i := range hid {
				kernel[i*c.units+j] = alpha * b[j*hid+i]
			}
		}
		bias = cb
		for j := range bias {
			bias[j] *= beta
		}
	case "MatMul", "MatMulAdd":
		kernel = onnxRandFloats(rng, hid*c.units)
		v = g.node("MatMul", []string{v, g.floats([]int{hid, c.units}, kernel)}, nil)
		if c.head == "MatMulAdd" {
			bias = onnxRandFloats(rng, c.units)
			v = g.node("Add", []string{g.floats([]int{1, c.units}, bias), v}, nil)
		}
	}
	if c.act != "" {
		v = g.node(c.act, []string{v}, nil)
	}
	g.output(v)

	ref := func(x [][][]float64) ([]int, []float64) {
		var y [][][]float64
		var yh [][]float64
		for _, p := range grus {
			y, yh = onnxRefGRU(p, x)
			x = y
		}
		rows := yh
		shape := []int{len(yh), hid}
		if seq {
			rows = nil
			for _, s := range y {
				rows = append(rows, s...)
			}
			shape = []int{len(y), len(y[0]), hid}
		}
		if kernel != nil {
			rows = onnxRefDense(rows, kernel, bias, c.units, c.act)
			shape[len(shape)-1] = c.units
		} else {
			for _, r := range rows {
				onnxRefAct(r, c.act)
			}
		}
		var out []float64
		for _, r := range rows {
			out = append(out, r...)
		}
		return shape, out
	}
	return g.bytes(), ref
}

// gruWeights draws a GRU's weights and sets its activations from the case.
func (c onnxCase) gruWeights(rng *rand.Rand, in, hid int) refGRUWeights {
	p := refGRUWeights{in: in, hid: hid, w: onnxRandFloats(rng, 3*hid*in), r: onnxRandFloats(rng, 3*hid*hid), lbr: c.lbr,
		f: onnxSigmoid, g: math.Tanh, reverse: c.reverse}
	if !c.noBias {
		p.b = onnxRandFloats(rng, 6*hid)
	}
	alphas, betas := c.alphas, c.betas
	fn := func(name string) func(float64) float64 {
		switch name {
		case "Tanh":
			return math.Tanh
		case "Relu":
			return func(x float64) float64 { return max(x, 0) }
		case "HardSigmoid":
			a, b := float64(takeParam(&alphas, 0.2)), float64(takeParam(&betas, 0.5))
			return func(x float64) float64 { return max(0, min(1, a*x+b)) }
		}
		return onnxSigmoid
	}
	if len(c.acts) == 2 {
		p.f, p.g = fn(c.acts[0]), fn(c.acts[1])
	}
	return p
}

// gruNode adds a GRU node on x and returns its outputs Y and Y_h.
func (c onnxCase) gruNode(g *onnxTestGraph, x string, p refGRUWeights) (y, yh string) {
	in := []string{x, g.floats([]int{1, 3 * p.hid, p.in}, p.w), g.floats([]int{1, 3 * p.hid, p.hid}, p.r), "", "", ""}
	if p.b != nil {
		in[3] = g.floats([]int{1, 6 * p.hid}, p.b)
	}
	if c.seqLens {
		in[4] = "lens"
		g.input("lens", "batch")
	}
	switch c.h0 {
	case "input":
		in[5] = g.name("h0")
		g.input(in[5], 1, "batch", p.hid)
	case "zeros":
		in[5] = g.floats([]int{1, 1, p.hid}, make([]float32, p.hid))
	case "nonzero":
		h0 := make([]float32, p.hid)
		h0[p.hid-1] = 0.5
		in[5] = g.floats([]int{1, 1, p.hid}, h0)
	case "ConstantOfShape":
		shape := g.node("Shape", []string{x}, nil) // computed, as exporters do for a dynamic batch
		in[5] = g.node("ConstantOfShape", []string{shape}, nil, encAttrTensor("value", encFloatTensor("", []int{1}, []float32{0})))
	}
	for len(in) > 3 && in[len(in)-1] == "" {
		in = in[:len(in)-1]
	}
	y, yh = g.name("Y"), g.name("Y_h")
	attrs := []([]byte){encAttrInt("hidden_size", int64(p.hid))}
	if c.layout != 0 {
		attrs = append(attrs, encAttrInt("layout", int64(c.layout)))
	}
	if c.lbr {
		attrs = append(attrs, encAttrInt("linear_before_reset", 1))
	}
	if c.reverse {
		attrs = append(attrs, encAttrString("direction", "reverse"))
	}
	if c.acts != nil {
		attrs = append(attrs, encAttrStrings("activations", c.acts...))
	}
	if c.alphas != nil {
		attrs = append(attrs, encAttrFloats("activation_alpha", c.alphas...))
	}
	if c.betas != nil {
		attrs = append(attrs, encAttrFloats("activation_beta", c.betas...))
	}
	attrs = append(attrs, c.gruAttrs...)
	g.node("GRU", in, []string{y, yh}, attrs...)
	return y, yh
}

// squeeze drops an axis: by an axes input from opset 13, by an attribute before.
func (c onnxCase) squeeze(g *onnxTestGraph, v string, axis int64) string {
	if c.opset == 0 || c.opset >= 13 {
		return g.node("Squeeze", []string{v, g.ints([]int{1}, axis)}, nil)
	}
	return g.node("Squeeze", []string{v}, nil, encAttrInts("axes", axis))
}

// onnxInput draws a batch-major input in [-1, 1) and its float64 copy.
func onnxInput(rng *rand.Rand, batch, time, in int) (gru.Tensor, [][][]float64) {
	x := gru.Tensor{Shape: []int{batch, time, in}, Data: onnxRandFloats(rng, batch*time*in)}
	x64 := make([][][]float64, batch)
	for b := range batch {
		x64[b] = make([][]float64, time)
		for t := range time {
			x64[b][t] = make([]float64, in)
			for i := range in {
				x.Data[(b*time+t)*in+i] *= 2
				x64[b][t][i] = float64(x.Data[(b*time+t)*in+i])
			}
		}
	}
	return x, x64
}

var onnxCases = map[string]onnxCase{
	"pytorch batch_first lbr1 Y": {in: 4, hid: 6, time: 7, transpose: true, lbr: true, out: "Y"},
	"open time lbr1 Y":           {in: 3, hid: 5, transpose: true, lbr: true, out: "Y"},
	"time-major lbr0 Y_h Gemm Softmax opset11": {in: 3, hid: 4, time: 6, out: "Y_h", head: "Gemm", units: 3,
		act: "Softmax", opset: 11},
	"layout1 Y MatMul Add Softmax": {in: 2, hid: 5, time: 4, layout: 1, out: "Y", head: "MatMulAdd", units: 3,
		act: "Softmax"},
	"layout1 lbr1 Y_h open time": {in: 2, hid: 3, layout: 1, lbr: true, out: "Y_h"},
	"hard_sigmoid gates Keras 2": {in: 3, hid: 4, time: 5, transpose: true, out: "Y_h", acts: []string{"HardSigmoid", "Tanh"},
		alphas: []float32{0.2}, betas: []float32{0.5}},
	"hard_sigmoid gates Keras 3": {in: 3, hid: 4, time: 5, transpose: true, lbr: true, out: "Y",
		acts: []string{"HardSigmoid", "Tanh"}, alphas: []float32{1.0 / 6}},
	"relu candidate no bias": {in: 3, hid: 4, time: 5, transpose: true, noBias: true, out: "Y_h",
		acts: []string{"Sigmoid", "Relu"}},
	"stacked Y_h Gemm Relu": {in: 3, hid: 5, hid2: 4, transpose: true, lbr: true, out: "Y_h", head: "Gemm",
		units: 4, act: "Relu"},
	"stacked Y open time": {in: 2, hid: 3, hid2: 4, transpose: true, out: "Y"},
	"last step by Slice Gemm Sigmoid": {in: 3, hid: 4, transpose: true, lbr: true, out: "slice", head: "Gemm",
		units: 2, act: "Sigmoid"},
	"last step by Gather MatMul Tanh": {in: 3, hid: 4, time: 6, transpose: true, out: "gather", head: "MatMul",
		units: 3, act: "Tanh"},
	"reverse Y_h":           {in: 3, hid: 4, time: 5, transpose: true, lbr: true, reverse: true, out: "Y_h"},
	"initial_h graph input": {in: 2, hid: 3, time: 4, transpose: true, lbr: true, out: "Y", h0: "input"},
	"initial_h zeros":       {in: 2, hid: 3, time: 4, transpose: true, out: "Y_h", h0: "zeros"},
	"initial_h ConstantOfShape": {in: 2, hid: 3, time: 4, transpose: true, lbr: true, out: "Y",
		h0: "ConstantOfShape"},
	"Tanh layer after GRU opset 11": {in: 2, hid: 3, time: 4, transpose: true, out: "Y", act: "Tanh", opset: 11},
}

func TestONNXFixtures(t *testing.T) {
	for name, c := range onnxCases {
		t.Run(name, func(t *testing.T) {
			b, ref := c.build(1)
			m, err := LoadONNX(writeONNX(t, b))
			if err != nil {
				t.Fatal(err)
			}
			want := c.time
			if want == 0 {
				want = gru.AnyTime
			}
			if got := m.InputShape(); got[0] != want || got[1] != c.in {
				t.Fatalf("input shape %v, want [%d %d]", got, want, c.in)
			}
			times := []int{c.time}
			if c.time == 0 {
				times = []int{5, 1, 9}
			}
			rng := rand.New(rand.NewPCG(2, 3))
			for _, steps := range times {
				x, x64 := onnxInput(rng, 3, steps, c.in)
				y, err := m.Predict(x)
				if err != nil {
					t.Fatal(err)
				}
				shape, want := ref(x64)
				if slices.Max(want) == slices.Min(want) {
					t.Fatalf("the reference gives %g everywhere: choose other weights", want[0])
				}
				want32 := make([]float32, len(want))
				for i, v := range want {
					want32[i] = float32(v)
				}
				compareONNX(t, y, shape, want32, 1e-5)
			}
		})
	}
}

// TestONNXLayers checks the layers LoadONNX builds for some of the cases.
func TestONNXLayers(t *testing.T) {
	for name, want := range map[string]string{
		"pytorch batch_first lbr1 Y":               "GRU{tanh sigmoid seq reset_after}",
		"time-major lbr0 Y_h Gemm Softmax opset11": "GRU{tanh sigmoid} Dense{3 softmax}",
		"hard_sigmoid gates Keras 2":               "GRU{tanh hard_sigmoid}",
		"hard_sigmoid gates Keras 3":               "GRU{tanh hard_sigmoid_keras3 seq reset_after}",
		"relu candidate no bias":                   "GRU{relu sigmoid no_bias}",
		"stacked Y_h Gemm Relu":                    "GRU{tanh sigmoid seq reset_after} GRU{tanh sigmoid reset_after} Dense{4 relu}",
		"last step by Gather MatMul Tanh":          "GRU{tanh sigmoid} Dense{3 tanh no_bias}",
		"reverse Y_h":                              "GRU{tanh sigmoid backwards reset_after}",
		"Tanh layer after GRU opset 11":            "GRU{tanh sigmoid seq} Activation{tanh}",
	} {
		b, _ := onnxCases[name].build(1)
		m, err := LoadONNX(writeONNX(t, b))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if got := onnxLayerSummary(m); got != want {
			t.Errorf("%s: layers %s, want %s", name, got, want)
		}
	}
}

func onnxLayerSummary(m *gru.Sequential) string {
	var s []string
	flag := func(on bool, name string) string {
		if on {
			return " " + name
		}
		return ""
	}
	for _, l := range m.Layers() {
		switch l := l.(type) {
		case *gru.GRU:
			s = append(s, "GRU{"+l.Activation+" "+l.RecurrentActivation+flag(l.ReturnSequences, "seq")+
				flag(l.GoBackwards, "backwards")+flag(l.ResetAfter, "reset_after")+flag(l.NoBias, "no_bias")+"}")
		case *gru.Dense:
			s = append(s, "Dense{"+string(rune('0'+l.Units))+" "+l.Activation+flag(l.NoBias, "no_bias")+"}")
		case *gru.Activation:
			s = append(s, "Activation{"+l.Activation+"}")
		default:
			s = append(s, l.Class())
		}
	}
	return strings.Join(s, " ")
}

func TestONNXRejects(t *testing.T) {
	base := onnxCase{in: 3, hid: 2, time: 4, transpose: true, lbr: true, out: "Y"}
	with := func(f func(c *onnxCase)) []byte {
		c := base
		f(&c)
		b, _ := c.build(1)
		return b
	}
	cases := []struct {
		name, want string
		model      []byte
	}{
		{"bidirectional", "bidirectional", with(func(c *onnxCase) {
			c.gruAttrs = [][]byte{encAttrString("direction", "bidirectional")}
		})},
		{"reverse Y", "reverse GRU's output Y lists the steps in the inputs' order", with(func(c *onnxCase) { c.reverse = true })},
		{"Affine", "activation Affine with alpha 2", with(func(c *onnxCase) {
			c.acts, c.alphas = []string{"Sigmoid", "Affine"}, []float32{2}
		})},
		{"sequence_lens", "sequence_lens", with(func(c *onnxCase) { c.seqLens = true })},
		{"clip", "clip", with(func(c *onnxCase) { c.gruAttrs = [][]byte{encAttrFloat("clip", 3)} })},
		{"LeakyRelu", "activation LeakyRelu", with(func(c *onnxCase) { c.acts = []string{"LeakyRelu", "Tanh"} })},
		{"HardSigmoid alpha", "HardSigmoid with alpha 0.3", with(func(c *onnxCase) {
			c.acts, c.alphas = []string{"HardSigmoid", "Tanh"}, []float32{0.3}
		})},
		{"Keras 3 hard_sigmoid candidate", "HardSigmoid with alpha 0.16", with(func(c *onnxCase) {
			c.acts, c.alphas = []string{"Sigmoid", "HardSigmoid"}, []float32{1.0 / 6}
		})},
		{"unused alpha", "no activation takes", with(func(c *onnxCase) {
			c.acts, c.alphas = []string{"Sigmoid", "Tanh"}, []float32{1}
		})},
		{"layout 2", "layout 2", with(func(c *onnxCase) { c.gruAttrs = [][]byte{encAttrInt("layout", 2)} })},
		{"unknown attribute", "unknown attribute foo", with(func(c *onnxCase) { c.gruAttrs = [][]byte{encAttrInt("foo", 1)} })},
		{"hidden_size", "hidden_size 3", with(func(c *onnxCase) { c.gruAttrs = [][]byte{encAttrInt("hidden_size", 3)} })},
		{"nonzero initial_h", "is not zero", with(func(c *onnxCase) { c.h0 = "nonzero" })},
		{"Softmax over time", "softmax over axis", with(func(c *onnxCase) { c.act, c.opset = "Softmax", 11 })},
		{"Add after GRU", "Add only as the bias", func() []byte {
			g := pyTorchGRU(nil)
			g.output(g.node("Add", []string{"out", g.floats([]int{2}, []float32{1, 2})}, nil))
			return g.bytes()
		}()},
		{"Conv", "op Conv is not supported", func() []byte {
			g := pyTorchGRU(nil)
			g.output(g.node("Conv", []string{"out", g.floats([]int{1}, []float32{1})}, nil))
			return g.bytes()
		}()},
		{"custom domain", "op com.example.Relu is not supported", func() []byte {
			g := pyTorchGRU(nil)
			g.node("Relu", []string{"out"}, []string{"r"})
			g.nodes[len(g.nodes)-1] = pbStr(g.nodes[len(g.nodes)-1], 7, "com.example")
			g.output("r")
			return g.bytes()
		}()},
		{"Gemm transA", "transA", func() []byte {
			g := pyTorchGRU(nil)
			last := g.node("Gather", []string{"out", g.ints(nil, -1)}, nil, encAttrInt("axis", 1))
			g.output(g.node("Gemm", []string{last, g.floats([]int{2, 2}, make([]float32, 4))}, nil, encAttrInt("transA", 1)))
			return g.bytes()
		}()},
		{"Gemm on a sequence", "a Gemm takes a (batch, features) matrix", func() []byte {
			g := pyTorchGRU(nil)
			g.output(g.node("Gemm", []string{"out", g.floats([]int{2, 2}, make([]float32, 4))}, nil))
			return g.bytes()
		}()},
		{"MatMul weights first", "is a constant", func() []byte {
			g := pyTorchGRU(nil)
			g.output(g.node("MatMul", []string{g.floats([]int{2, 2}, make([]float32, 4)), "out"}, nil))
			return g.bytes()
		}()},
		{"Squeeze of the batch", "squeezes the batch axis", func() []byte {
			g := pyTorchGRU(nil)
			g.output(g.node("Squeeze", []string{"out", g.ints([]int{1}, 0)}, nil))
			return g.bytes()
		}()},
		{"Squeeze without axes", "give its axes", func() []byte {
			g := pyTorchGRU(nil)
			g.output(g.node("Squeeze", []string{"out"}, nil))
			return g.bytes()
		}()},
		{"Slice of the first step", "Slice of the last time step only", func() []byte {
			g := pyTorchGRU(nil)
			g.output(g.node("Slice", []string{"out", g.ints([]int{1}, 0), g.ints([]int{1}, 1), g.ints([]int{1}, 1)}, nil))
			return g.bytes()
		}()},
		{"op before the GRU", "comes before the first GRU", func() []byte {
			g := pyTorchGRU(func(g *onnxTestGraph, x string) string { return g.node("Relu", []string{x}, nil) })
			g.output("out")
			return g.bytes()
		}()},
		{"GRUs that do not chain", "is not on the path", func() []byte {
			g := pyTorchGRU(nil)
			g.output("out")
			g.node("GRU", []string{"x", g.floats([]int{1, 6, 3}, make([]float32, 18)), g.floats([]int{1, 6, 2}, make([]float32, 12))},
				[]string{"y2"})
			return g.bytes()
		}()},
		{"weights as graph inputs", "graph input without an initializer", func() []byte {
			g := &onnxTestGraph{}
			g.input("x", 4, "batch", 3)
			g.input("W", 1, 6, 3)
			g.input("R", 1, 6, 2)
			g.node("GRU", []string{"x", "W", "R"}, []string{"", "h"})
			g.output("h")
			return g.bytes()
		}()},
		{"Loop", "no GRU node, a Loop op", func() []byte {
			g := &onnxTestGraph{}
			g.input("x", 4, "batch", 3)
			g.node("Loop", []string{"", "", "x"}, []string{"y"})
			g.output("y")
			return g.bytes()
		}()},
		{"no GRU", "no GRU node", func() []byte {
			g := &onnxTestGraph{}
			g.input("x", 4, "batch", 3)
			g.output(g.node("Relu", []string{"x"}, nil))
			return g.bytes()
		}()},
		{"cycle", "cycle", func() []byte {
			g := pyTorchGRU(nil)
			g.node("Relu", []string{"b"}, []string{"a"})
			g.node("Relu", []string{"a"}, []string{"b"})
			g.outputs = nil
			g.output("a")
			return g.bytes()
		}()},
		{"two producers", "computed by two nodes", func() []byte {
			g := pyTorchGRU(nil)
			g.node("Relu", []string{"x"}, []string{"out"})
			g.output("out")
			return g.bytes()
		}()},
		{"features", "has 4 features", func() []byte {
			g := pyTorchGRU(nil)
			g.inputs = nil
			g.input("x", "batch", 4, 4)
			g.output("out")
			return g.bytes()
		}()},
		{"external data", "external data", pyTorchGRUWeights(func(w []byte) []byte { return pbInt(w, 14, 1) })},
		{"double weights", "DOUBLE values", pyTorchGRUWeights(func(w []byte) []byte { return pbInt(w, 2, 11) })},
		{"huge dims", "too large", pyTorchGRUWeights(func(w []byte) []byte {
			return pbInt(pbInt(w, 1, 1<<40), 1, 1<<40)
		})},
		{"short data", "holds 18 values, want 36", pyTorchGRUWeights(func(w []byte) []byte { return pbInt(w, 1, 2) })},
		{"empty", "no graph", nil},
		{"text", "malformed", []byte("not a model at all\n")},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m, err := LoadONNX(writeONNX(t, c.model))
			if err == nil || !strings.Contains(err.Error(), c.want) || m != nil {
				t.Fatalf("error %v, want one saying %q", err, c.want)
			}
			t.Log(err)
		})
	}
}

// pyTorchGRU is PyTorch's export of nn.GRU(3, 2, batch_first=True) on 4 steps, its output "out"
// batch-major, the graph's output not yet set; before, when not nil, adds nodes before the GRU.
func pyTorchGRU(before func(g *onnxTestGraph, x string) string) *onnxTestGraph {
	c := onnxCase{in: 3, hid: 2, time: 4, lbr: true}
	g := &onnxTestGraph{}
	g.input("x", "batch", 4, 3)
	x := "x"
	if before != nil {
		x = before(g, x)
	}
	x = g.node("Transpose", []string{x}, nil, encAttrInts("perm", 1, 0, 2))
	p := c.gruWeights(rand.New(rand.NewPCG(1, 1)), 3, 2)
	y, _ := c.gruNode(g, x, p)
	g.node("Transpose", []string{c.squeeze(g, y, 1)}, []string{"out"}, encAttrInts("perm", 1, 0, 2))
	return g
}

// pyTorchGRUWeights is pyTorchGRU's model with its W initializer edited by f.
func pyTorchGRUWeights(f func(w []byte) []byte) []byte {
	g := pyTorchGRU(nil)
	g.output("out")
	for i, t := range g.inits {
		if ts, _ := parseTensor(t); len(ts.dims) == 3 && ts.dims[2] == 3 {
			g.inits[i] = f(t)
		}
	}
	return g.bytes()
}
