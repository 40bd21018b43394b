package modelfile

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"google.golang.org/protobuf/encoding/protowire"

	"github.com/fastgru/fastgru/gru"
)

// ONNX files written by the tests, field by field, and a float64 reference of ONNX's GRU
// equations to check what LoadONNX makes of them.

// pbBytes, pbInt and pbFloat append one field of a message.
func pbBytes(b []byte, num protowire.Number, v []byte) []byte {
	return protowire.AppendBytes(protowire.AppendTag(b, num, protowire.BytesType), v)
}

func pbStr(b []byte, num protowire.Number, s string) []byte { return pbBytes(b, num, []byte(s)) }

func pbInt(b []byte, num protowire.Number, v int64) []byte {
	return protowire.AppendVarint(protowire.AppendTag(b, num, protowire.VarintType), uint64(v))
}

func pbFloat(b []byte, num protowire.Number, v float32) []byte {
	return protowire.AppendFixed32(protowire.AppendTag(b, num, protowire.Fixed32Type), math.Float32bits(v))
}

// encFloatTensor is a FLOAT TensorProto with its values in raw_data.
func encFloatTensor(name string, dims []int, v []float32) []byte {
	var b []byte
	for _, d := range dims {
		b = pbInt(b, 1, int64(d))
	}
	b = pbInt(b, 2, onnxFloat)
	b = pbStr(b, 8, name)
	raw := make([]byte, 0, 4*len(v))
	for _, x := range v {
		raw = binary.LittleEndian.AppendUint32(raw, math.Float32bits(x))
	}
	return pbBytes(b, 9, raw)
}

// encIntTensor is an INT64 TensorProto with its values in packed int64_data.
func encIntTensor(name string, dims []int, v []int64) []byte {
	var b []byte
	for _, d := range dims {
		b = pbInt(b, 1, int64(d))
	}
	b = pbInt(b, 2, onnxInt64)
	b = pbStr(b, 8, name)
	var packed []byte
	for _, x := range v {
		packed = protowire.AppendVarint(packed, uint64(x))
	}
	return pbBytes(b, 7, packed)
}

// The attributes of a node, each with its type set.
func encAttrInt(name string, v int64) []byte {
	return pbInt(pbInt(pbStr(nil, 1, name), 3, v), 20, attrInt)
}

func encAttrFloat(name string, v float32) []byte {
	return pbInt(pbFloat(pbStr(nil, 1, name), 2, v), 20, attrFloat)
}

func encAttrString(name, v string) []byte {
	return pbInt(pbStr(pbStr(nil, 1, name), 4, v), 20, attrString)
}

func encAttrInts(name string, v ...int64) []byte {
	var packed []byte
	for _, x := range v {
		packed = protowire.AppendVarint(packed, uint64(x))
	}
	return pbInt(pbBytes(pbStr(nil, 1, name), 8, packed), 20, attrInts)
}

func encAttrFloats(name string, v ...float32) []byte {
	b := pbStr(nil, 1, name)
	for _, x := range v { // not packed, as some writers do
		b = pbFloat(b, 7, x)
	}
	return pbInt(b, 20, attrFloats)
}

func encAttrStrings(name string, v ...string) []byte {
	b := pbStr(nil, 1, name)
	for _, s := range v {
		b = pbStr(b, 9, s)
	}
	return pbInt(b, 20, attrStrings)
}

func encAttrTensor(name string, t []byte) []byte {
	return pbInt(pbBytes(pbStr(nil, 1, name), 5, t), 20, attrTensor)
}

// onnxTestGraph builds an ONNX model.
type onnxTestGraph struct {
	opset                         int64
	nodes, inits, inputs, outputs [][]byte
	names                         int
}

func (g *onnxTestGraph) name(prefix string) string {
	g.names++
	return fmt.Sprintf("%s_%d", prefix, g.names)
}

// node adds a node and returns its first output, named after the op unless outs are given.
func (g *onnxTestGraph) node(op string, in []string, outs []string, attrs ...[]byte) string {
	if outs == nil {
		outs = []string{g.name(op)}
	}
	b := pbStr(nil, 3, g.name(op+"_node"))
	for _, s := range in {
		b = pbStr(b, 1, s)
	}
	for _, s := range outs {
		b = pbStr(b, 2, s)
	}
	b = pbStr(b, 4, op)
	for _, a := range attrs {
		b = pbBytes(b, 5, a)
	}
	g.nodes = append(g.nodes, b)
	return outs[0]
}

// floats adds a float initializer and returns its name.
func (g *onnxTestGraph) floats(dims []int, v []float32) string {
	name := g.name("w")
	g.inits = append(g.inits, encFloatTensor(name, dims, v))
	return name
}

// ints adds an int64 initializer and returns its name.
func (g *onnxTestGraph) ints(dims []int, v ...int64) string {
	name := g.name("c")
	g.inits = append(g.inits, encIntTensor(name, dims, v))
	return name
}

// encValueInfo is a ValueInfoProto of a float tensor; dims are ints (sizes) or strings (symbols).
func encValueInfo(name string, dims ...any) []byte {
	var shape []byte
	for _, d := range dims {
		var dim []byte
		switch d := d.(type) {
		case int:
			dim = pbInt(nil, 1, int64(d))
		case string:
			dim = pbStr(nil, 2, d)
		}
		shape = pbBytes(shape, 1, dim)
	}
	tensor := pbBytes(pbInt(nil, 1, onnxFloat), 2, shape)
	return pbBytes(pbStr(nil, 1, name), 2, pbBytes(nil, 1, tensor))
}

func (g *onnxTestGraph) input(name string, dims ...any) {
	g.inputs = append(g.inputs, encValueInfo(name, dims...))
}

func (g *onnxTestGraph) output(name string) { g.outputs = append(g.outputs, pbStr(nil, 1, name)) }

func (g *onnxTestGraph) bytes() []byte {
	var graph []byte
	for _, n := range g.nodes {
		graph = pbBytes(graph, 1, n)
	}
	graph = pbStr(graph, 2, "test")
	for _, t := range g.inits {
		graph = pbBytes(graph, 5, t)
	}
	for _, v := range g.inputs {
		graph = pbBytes(graph, 11, v)
	}
	for _, v := range g.outputs {
		graph = pbBytes(graph, 12, v)
	}
	opset := g.opset
	if opset == 0 {
		opset = 13
	}
	b := pbInt(nil, 1, 8) // ir_version
	b = pbStr(b, 2, "fastgru-test")
	b = pbBytes(b, 7, graph)
	return pbBytes(b, 8, pbInt(pbStr(nil, 1, ""), 2, opset))
}

// writeONNX writes a model to a temporary file and returns its path.
func writeONNX(t testing.TB, b []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "model.onnx")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func onnxRandFloats(rng *rand.Rand, n int) []float32 {
	v := make([]float32, n)
	for i := range v {
		v[i] = float32(rng.Float64() - 0.5)
	}
	return v
}

// refGRUWeights are an ONNX GRU's weights, in ONNX's layout: W (3H, I), R (3H, H), B (6H) or nil,
// gate blocks z, r, h.
type refGRUWeights struct {
	in, hid int
	w, r, b []float32
	lbr     bool
	f, g    func(float64) float64 // the gates' and the candidate's activations
	reverse bool
}

func onnxSigmoid(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

// onnxRefGRU runs ONNX's GRU equations in float64 on x (batch, time, in), from zeros, and returns
// Y as (batch, time, hidden), its steps in input order, and Y_h (batch, hidden):
//
//	z = f(x·Wzᵀ + h·Rzᵀ + Wbz + Rbz), r = f(x·Wrᵀ + h·Rrᵀ + Wbr + Rbr)
//	n = g(x·Whᵀ + (r⊙h)·Rhᵀ + Rbh + Wbh)      (linear_before_reset 0)
//	n = g(x·Whᵀ + r⊙(h·Rhᵀ + Rbh) + Wbh)      (linear_before_reset 1)
//	h = (1−z)⊙n + z⊙h
func onnxRefGRU(p refGRUWeights, x [][][]float64) (y [][][]float64, yh [][]float64) {
	H := p.hid
	bias := func(i int) float64 {
		if p.b == nil {
			return 0
		}
		return float64(p.b[i])
	}
	for _, seq := range x {
		T := len(seq)
		h := make([]float64, H)
		ys := make([][]float64, T)
		for s := range T {
			t := s
			if p.reverse {
				t = T - 1 - s
			}
			xt := seq[t]
			xw := make([]float64, 3*H) // x·Wᵀ + Wb
			hr := make([]float64, 3*H) // h·Rᵀ + Rb
			for j := range 3 * H {
				xw[j] = bias(j)
				for i, v := range xt {
					xw[j] += v * float64(p.w[j*p.in+i])
				}
				hr[j] = bias(3*H + j)
				for k, v := range h {
					hr[j] += v * float64(p.r[j*H+k])
				}
			}
			z, r, next := make([]float64, H), make([]float64, H), make([]float64, H)
			for j := range H {
				z[j] = p.f(xw[j] + hr[j])
				r[j] = p.f(xw[H+j] + hr[H+j])
			}
			for j := range H {
				var n float64
				if p.lbr {
					n = p.g(xw[2*H+j] + r[j]*hr[2*H+j])
				} else {
					rh := bias(5*H + j)
					for k, v := range h {
						rh += r[k] * v * float64(p.r[(2*H+j)*H+k])
					}
					n = p.g(xw[2*H+j] + rh)
				}
				next[j] = (1-z[j])*n + z[j]*h[j]
			}
			h = next
			ys[t] = h
		}
		y = append(y, ys)
		yh = append(yh, h)
	}
	return y, yh
}

// onnxRefDense is act(x·K + b) over the last axis, K (in, units) row-major.
func onnxRefDense(x [][]float64, k []float32, b []float32, units int, act string) [][]float64 {
	out := make([][]float64, len(x))
	for r, row := range x {
		o := make([]float64, units)
		for j := range units {
			if b != nil {
				o[j] = float64(b[j])
			}
			for i, v := range row {
				o[j] += v * float64(k[i*units+j])
			}
		}
		out[r] = onnxRefAct(o, act)
	}
	return out
}

// onnxRefAct applies an ONNX activation op to a row.
func onnxRefAct(o []float64, act string) []float64 {
	switch act {
	case "Relu":
		for i, v := range o {
			o[i] = max(v, 0)
		}
	case "Sigmoid":
		for i, v := range o {
			o[i] = onnxSigmoid(v)
		}
	case "Tanh":
		for i, v := range o {
			o[i] = math.Tanh(v)
		}
	case "Softmax":
		m := math.Inf(-1)
		for _, v := range o {
			m = max(m, v)
		}
		s := 0.0
		for i, v := range o {
			o[i] = math.Exp(v - m)
			s += o[i]
		}
		for i := range o {
			o[i] /= s
		}
	}
	return o
}

// compareONNX checks a model's output against want within tol, relative above 1.
func compareONNX(t testing.TB, y gru.Tensor, shape []int, want []float32, tol float64) {
	t.Helper()
	if fmt.Sprint(y.Shape) != fmt.Sprint(shape) {
		t.Fatalf("output shape %v, want %v", y.Shape, shape)
	}
	worst := 0.0
	for i, v := range want {
		d := math.Abs(float64(y.Data[i])-float64(v)) / max(1, math.Abs(float64(v)))
		if math.IsNaN(float64(y.Data[i])) || d > tol {
			t.Fatalf("output %d is %g, want %g (difference %.3g)", i, y.Data[i], v, d)
		}
		worst = max(worst, d)
	}
	t.Logf("largest difference %.3g", worst)
}
