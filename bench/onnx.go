package main

import (
	"encoding/binary"
	"fmt"
	"math"
	"slices"

	"github.com/fastgru/fastgru/gru"
)

// The GRU table's ORT column runs each row's model in ONNX Runtime (ort.go, -tags ort). This file
// writes that model as ONNX, with the weights fastgru runs: the protobuf is encoded by hand, a few
// message types of onnx.proto, so that the bench needs no protobuf module.

// ONNX model constants: IR version 8 goes with opset 14, the first whose GRU has all it needs.
const (
	onnxIRVersion = 8
	onnxOpset     = 14
	onnxInput     = "x"
	onnxOutput    = "y"
	ortName       = "ORT" // the column
)

// ortNotes are the lines the GRU table's footer prints about the ORT column; ort.go replaces
// this one when it is built in.
var ortNotes = []string{"ORT: no ONNX Runtime column in this build: bench/ort/install.sh, then go run -tags ort ./bench."}

// onnx element types (TensorProto.DataType) and attribute types (AttributeProto.AttributeType).
const (
	onnxFloat = 1
	onnxInt64 = 7

	attrInt  = 2
	attrInts = 7
)

// pb appends protobuf fields: varints (wire type 0) and length-delimited bytes (wire type 2).
type pb []byte

func (b pb) varint(field int, v uint64) pb {
	return binary.AppendUvarint(binary.AppendUvarint(b, uint64(field)<<3), v)
}

// int64 encodes as a varint of its two's complement, as protobuf does.
func (b pb) int64(field int, v int64) pb { return b.varint(field, uint64(v)) }

func (b pb) bytes(field int, p []byte) pb {
	b = binary.AppendUvarint(binary.AppendUvarint(b, uint64(field)<<3|2), uint64(len(p)))
	return append(b, p...)
}

func (b pb) str(field int, s string) pb { return b.bytes(field, []byte(s)) }

// onnxTensor is a TensorProto of float32 (or int64 with ints) in raw little-endian bytes.
func onnxTensor(name string, dims []int, data []float32, ints []int64) []byte {
	var t pb
	for _, d := range dims {
		t = t.int64(1, int64(d)) // dims
	}
	raw := make([]byte, 0, 4*len(data)+8*len(ints))
	if ints != nil {
		t = t.varint(2, onnxInt64) // data_type
		for _, v := range ints {
			raw = binary.LittleEndian.AppendUint64(raw, uint64(v))
		}
	} else {
		t = t.varint(2, onnxFloat)
		for _, v := range data {
			raw = binary.LittleEndian.AppendUint32(raw, math.Float32bits(v))
		}
	}
	return t.str(8, name).bytes(9, raw) // name, raw_data
}

// onnxAttr is an AttributeProto of one int, or of a list with list set.
func onnxAttr(name string, list bool, v ...int64) []byte {
	a := pb(nil).str(1, name)
	if !list {
		return a.int64(3, v[0]).varint(20, attrInt) // i, type
	}
	for _, x := range v {
		a = a.int64(8, x) // ints
	}
	return a.varint(20, attrInts)
}

// onnxNode is a NodeProto; an empty input or output name is an absent optional one.
func onnxNode(name, op string, in, out []string, attrs ...[]byte) []byte {
	var n pb
	for _, s := range in {
		n = n.str(1, s)
	}
	for _, s := range out {
		n = n.str(2, s)
	}
	n = n.str(3, name).str(4, op)
	for _, a := range attrs {
		n = n.bytes(5, a)
	}
	return n
}

// onnxValueInfo is a ValueInfoProto of a float tensor of fixed shape.
func onnxValueInfo(name string, dims []int) []byte {
	var shape pb
	for _, d := range dims {
		shape = shape.bytes(1, pb(nil).int64(1, int64(d))) // dim { dim_value }
	}
	tensor := pb(nil).varint(1, onnxFloat).bytes(2, shape) // elem_type, shape
	return pb(nil).str(1, name).bytes(2, pb(nil).bytes(1, tensor))
}

// onnxGraph collects a GraphProto's nodes and initializers as the layers are converted. The
// nodes are encoded at the end, once the last one's output is known to be the graph's.
type onnxGraph struct {
	nodes []graphNode
	inits [][]byte
	cur   string // the tensor the next layer reads
	shape []int  // its shape
}

type graphNode struct {
	op      string
	in, out []string
	attrs   [][]byte
}

// node adds op with one output, the tensor the next layer reads.
func (g *onnxGraph) node(op string, in []string, outShape []int, attrs ...[]byte) {
	g.nodeOut(op, in, 1, 0, outShape, attrs...)
}

// nodeOut adds op with n outputs, of which output next is the tensor the next layer reads and
// the others are left out (empty names, absent optional outputs).
func (g *onnxGraph) nodeOut(op string, in []string, n, next int, outShape []int, attrs ...[]byte) {
	out := make([]string, n)
	out[next] = fmt.Sprintf("t%d", len(g.nodes))
	g.nodes = append(g.nodes, graphNode{op: op, in: in, out: out, attrs: attrs})
	g.cur, g.shape = out[next], outShape
}

func (g *onnxGraph) init(name string, dims []int, data []float32, ints []int64) string {
	g.inits = append(g.inits, onnxTensor(name, dims, data, ints))
	return name
}

// onnxModel writes seq, with the weights it runs, as an ONNX model (a ModelProto) whose input
// "x" is (batch, time, features) and whose output "y" is what seq.Predict returns. It converts
// what the bench's rows hold: a GRU with tanh and sigmoid (either reset_after), Dense and
// TimeDistributed(Dense), and linear, relu, sigmoid, tanh or softmax activations. ONNX Runtime's
// CPU GRU is time-major only (layout 0), so the GRU sits between transposes, as a Keras model
// converted by tf2onnx has it.
func onnxModel(seq *gru.Sequential, batch int) ([]byte, error) {
	in := seq.InputShape()
	if len(in) != 2 {
		return nil, fmt.Errorf("onnx: input of shape %v, want (time, features)", in)
	}
	xShape := []int{batch, in[0], in[1]}
	g := &onnxGraph{cur: onnxInput, shape: xShape}
	weights := seq.Weights()
	take := func(n int) []gru.Tensor {
		w := weights[:n]
		weights = weights[n:]
		return w
	}
	for i, l := range seq.Layers() {
		var err error
		switch l := l.(type) {
		case *gru.GRU:
			n := 3
			if l.NoBias {
				n = 2
			}
			err = g.gru(l, take(n), i)
		case *gru.Dense:
			err = g.dense(l, take(2-b2i(l.NoBias)), i)
		case *gru.TimeDistributed:
			err = g.dense(l.Layer, take(2-b2i(l.Layer.NoBias)), i)
		case *gru.Activation:
			err = g.activation(l.Activation)
		default:
			err = fmt.Errorf("no conversion of %s", l.Class())
		}
		if err != nil {
			return nil, fmt.Errorf("onnx: layer %d (%s): %w", i, l.Class(), err)
		}
	}
	// The last node's output is the graph's, "y".
	last := g.nodes[len(g.nodes)-1].out
	last[slices.Index(last, g.cur)] = onnxOutput

	var graph pb
	for i, n := range g.nodes {
		graph = graph.bytes(1, onnxNode(fmt.Sprintf("n%d_%s", i, n.op), n.op, n.in, n.out, n.attrs...))
	}
	graph = graph.str(2, "fastgru")
	for _, t := range g.inits {
		graph = graph.bytes(5, t)
	}
	graph = graph.bytes(11, onnxValueInfo(onnxInput, xShape)).bytes(12, onnxValueInfo(onnxOutput, g.shape))
	opset := pb(nil).str(1, "").int64(2, onnxOpset)
	return pb(nil).int64(1, onnxIRVersion).str(2, "fastgru bench").bytes(7, graph).bytes(8, opset), nil
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// gru converts a Keras GRU: its kernel (in, 3H) and recurrent kernel (H, 3H), gates z, r, h in
// that order as in ONNX, become W (1, 3H, in) and R (1, 3H, H), transposed; the bias becomes B
// (1, 6H), the input bias then the recurrent one (zero without reset_after). reset_after is
// ONNX's linear_before_reset.
func (g *onnxGraph) gru(l *gru.GRU, w []gru.Tensor, i int) error {
	switch {
	case l.Activation != "" && l.Activation != "tanh",
		l.RecurrentActivation != "" && l.RecurrentActivation != "sigmoid":
		return fmt.Errorf("activations %q, %q: only tanh and sigmoid are converted", l.Activation, l.RecurrentActivation)
	case l.GoBackwards:
		return fmt.Errorf("go_backwards is not converted")
	case len(g.shape) != 3:
		return fmt.Errorf("input of shape %v", g.shape)
	}
	batch, steps, in, hid := g.shape[0], g.shape[1], g.shape[2], l.Units
	h3 := 3 * hid
	transpose := func(k []float32, rows int) []float32 { // (rows, 3H) → (3H, rows)
		t := make([]float32, len(k))
		for r := 0; r < rows; r++ {
			for c := 0; c < h3; c++ {
				t[c*rows+r] = k[r*h3+c]
			}
		}
		return t
	}
	p := fmt.Sprintf("gru%d_", i)
	names := []string{"", g.init(p+"W", []int{1, h3, in}, transpose(w[0].Data, in), nil),
		g.init(p+"R", []int{1, h3, hid}, transpose(w[1].Data, hid), nil)}
	if !l.NoBias {
		bias := make([]float32, 2*h3)
		copy(bias, w[2].Data) // reset_after: (2, 3H), input then recurrent bias, as ONNX's Wb, Rb
		names = append(names, g.init(p+"B", []int{1, 2 * h3}, bias, nil))
	}
	perm := onnxAttr("perm", true, 1, 0, 2)
	g.node("Transpose", []string{g.cur}, []int{steps, batch, in}, perm)
	names[0] = g.cur
	attrs := [][]byte{onnxAttr("hidden_size", false, int64(hid)), onnxAttr("linear_before_reset", false, int64(b2i(l.ResetAfter)))}
	if l.ReturnSequences {
		// Y is (time, directions, batch, units): drop the direction, back to batch-major.
		g.node("GRU", names, []int{steps, 1, batch, hid}, attrs...)
		axes := g.init(p+"axes", []int{1}, nil, []int64{1})
		g.node("Squeeze", []string{g.cur, axes}, []int{steps, batch, hid})
		g.node("Transpose", []string{g.cur}, []int{batch, steps, hid}, perm)
		return nil
	}
	// Y_h, the second output, is (directions, batch, units); Y is left out.
	g.nodeOut("GRU", names, 2, 1, []int{1, batch, hid}, attrs...)
	axes := g.init(p+"axes", []int{1}, nil, []int64{0})
	g.node("Squeeze", []string{g.cur, axes}, []int{batch, hid})
	return nil
}

// dense converts a Dense, or the one a TimeDistributed holds (the same product on the last axis):
// MatMul by its kernel (in, units), Add its bias, then its activation.
func (g *onnxGraph) dense(d *gru.Dense, w []gru.Tensor, i int) error {
	p := fmt.Sprintf("dense%d_", i)
	shape := append(append([]int(nil), g.shape[:len(g.shape)-1]...), d.Units)
	g.node("MatMul", []string{g.cur, g.init(p+"kernel", w[0].Shape, w[0].Data, nil)}, shape)
	if !d.NoBias {
		g.node("Add", []string{g.cur, g.init(p+"bias", w[1].Shape, w[1].Data, nil)}, shape)
	}
	return g.activation(d.Activation)
}

func (g *onnxGraph) activation(name string) error {
	switch name {
	case "", "linear":
	case "softmax":
		g.node("Softmax", []string{g.cur}, g.shape, onnxAttr("axis", false, int64(len(g.shape)-1)))
	case "relu", "sigmoid", "tanh":
		g.node(map[string]string{"relu": "Relu", "sigmoid": "Sigmoid", "tanh": "Tanh"}[name], []string{g.cur}, g.shape)
	default:
		return fmt.Errorf("activation %q is not converted", name)
	}
	return nil
}
