package gru

import (
	"errors"
	"fmt"
	"io"
	"math"

	"github.com/fastgru/fastgru/kernels"
)

// IR version 8 goes with opset 14: Squeeze takes its axes as an input from opset 13, Softmax
// normalises one axis from 13, and Slice steps backwards from 10.
const (
	onnxIRVersion = 8
	onnxOpset     = 14
	onnxInput     = "x"
	onnxOutput    = "y"
	// onnxBatch stands for the batch dimension in the shapes the writer tracks; AnyTime for an open
	// time dimension.
	onnxBatch = AnyTime - 1
)

var onnxSymbolic = map[int]string{onnxBatch: "batch", AnyTime: "time"}

// SaveONNX writes the model, with the weights it runs, as an ONNX model (IR version 8, opset 14)
// that ONNX Runtime runs to Predict's outputs, up to float32 rounding. The graph's input "x" is (batch, input shape…) and
// its output "y" is what Predict returns; the batch is the symbolic dimension "batch", and a time
// of AnyTime is the symbolic "time". Node and weight names start with their layer's name.
//
// Each layer becomes:
//   - GRU: one ONNX GRU node, time-major (layout 0, the only one ONNX Runtime's CPU GRU takes)
//     between Transposes; W and R are the kernels transposed per gate (z, r, h, as in Keras), B the
//     input bias then the recurrent one (zeros without ResetAfter, which is linear_before_reset),
//     absent with NoBias; the activations are ONNX's (linear is Affine, both hard sigmoids
//     HardSigmoid with their alpha and beta); GoBackwards is direction "reverse", whose outputs a
//     Slice puts back in processing order, as Keras returns them;
//   - Dense and TimeDistributed(Dense): MatMul, then Add of the bias, then the activation;
//   - Activation: Relu, Sigmoid, HardSigmoid, Tanh or Softmax over the last axis; linear is none.
//
// The model is encoded in memory first, so nothing is written when it cannot be converted.
func (s *Sequential) SaveONNX(w io.Writer) error {
	model, err := s.onnxModel()
	if err == nil {
		_, err = w.Write(model)
	}
	if err != nil {
		return fmt.Errorf("gru: SaveONNX: %w", err)
	}
	return nil
}

// onnxModel returns the model as an encoded ModelProto.
func (s *Sequential) onnxModel() ([]byte, error) {
	s.mu.Lock() // a training call updates the weights in place
	defer s.mu.Unlock()
	if !s.ready {
		return nil, errors.New("the model has no weights: call SetWeights first")
	}
	xShape := append([]int{onnxBatch}, s.input...)
	g := &onnxGraph{cur: onnxInput, shape: xShape, names: map[string]bool{onnxInput: true, onnxOutput: true}}
	weights := s.weights
	for _, l := range s.layers {
		w := weights[:len(l.weightShapes())]
		weights = weights[len(w):]
		var err error
		switch l := l.(type) {
		case *GRU:
			err = g.gru(l.Name(), l, w)
		case *Dense:
			err = g.dense(l.Name(), l, w)
		case *TimeDistributed:
			err = g.dense(l.Name(), l.Layer, w)
		case *Activation:
			err = g.activation(l.Name(), l.act)
		default:
			err = errors.New("no ONNX conversion for this layer")
		}
		if err != nil {
			return nil, fmt.Errorf("layer %s (%s): %w", l.Name(), l.Class(), err)
		}
	}
	if g.cur == onnxInput { // no layer changed the input: the output is a copy of it
		g.node(s.name, "Identity", []string{g.cur}, g.shape)
	}
	// The last node's output is the graph's.
	last := g.nodes[len(g.nodes)-1].out
	for i, name := range last {
		if name == g.cur {
			last[i] = onnxOutput
		}
	}

	var graph pb
	for _, n := range g.nodes {
		graph = graph.bytes(1, onnxNodeProto(n))
	}
	graph = append(graph.str(2, s.name), g.inits...)
	graph = graph.bytes(11, onnxValueInfo(onnxInput, xShape, onnxSymbolic)).
		bytes(12, onnxValueInfo(onnxOutput, g.shape, onnxSymbolic))
	opset := pb(nil).str(1, "").int64(2, onnxOpset) // the default domain
	return pb(nil).int64(1, onnxIRVersion).str(2, "fastgru").bytes(7, graph).bytes(8, opset), nil
}

// onnxGraph collects a GraphProto's nodes and initializers as the layers are converted. The
// nodes are encoded at the end, once the last one's output is known to be the graph's.
type onnxGraph struct {
	nodes []onnxNode
	inits pb              // encoded initializer fields
	names map[string]bool // the names of nodes and tensors so far
	cur   string          // the tensor the next layer reads
	shape []int           // its shape
}

type onnxNode struct {
	name, op string
	in, out  []string
	attrs    [][]byte
}

// unique returns name, or name with a suffix when it is taken: layer names need not be unique.
func (g *onnxGraph) unique(name string) string {
	u := name
	for i := 1; g.names[u]; i++ {
		u = fmt.Sprintf("%s_%d", name, i)
	}
	g.names[u] = true
	return u
}

// node adds op, named after the layer, whose one output is the tensor the next layer reads.
func (g *onnxGraph) node(layer, op string, in []string, outShape []int, attrs ...[]byte) {
	g.nodeOut(layer, op, in, 1, 0, outShape, attrs...)
}

// nodeOut adds op with n outputs, of which output next is the tensor the next layer reads and the
// others are left out (empty names: absent optional outputs). The output is named as the node.
func (g *onnxGraph) nodeOut(layer, op string, in []string, n, next int, outShape []int, attrs ...[]byte) {
	name := g.unique(layer + "/" + op)
	out := make([]string, n)
	out[next] = name
	g.nodes = append(g.nodes, onnxNode{name: name, op: op, in: in, out: out, attrs: attrs})
	g.cur, g.shape = name, outShape
}

// floats adds a float initializer and returns its name.
func (g *onnxGraph) floats(name string, dims []int, data []float32) string {
	name = g.unique(name)
	g.inits = g.inits.bytes(5, onnxFloats(name, dims, data))
	return name
}

// ints adds a one-dimensional int64 initializer and returns its name.
func (g *onnxGraph) ints(name string, v ...int64) string {
	name = g.unique(name)
	g.inits = g.inits.bytes(5, onnxInts(name, v...))
	return name
}

// gru converts a GRU. Its kernel (in, 3H) and recurrent kernel (H, 3H) become ONNX's W (1, 3H, in)
// and R (1, 3H, H): the same gates in the same order, z, r, h, transposed.
func (g *onnxGraph) gru(layer string, l *GRU, w []Tensor) error {
	hid, in := l.Units, w[0].Shape[0]
	h3 := 3 * hid
	batch, steps := g.shape[0], g.shape[1]
	inputs := []string{"", g.floats(layer+"/W", []int{1, h3, in}, transposed(w[0].Data, in, h3)),
		g.floats(layer+"/R", []int{1, h3, hid}, transposed(w[1].Data, hid, h3))}
	if !l.NoBias {
		// ONNX's B is Wb then Rb: with ResetAfter Keras' (2, 3H) bias as it is; without, Keras
		// adds one bias, which ONNX's Wb is, to the input projection.
		b := make([]float32, 2*h3)
		copy(b, w[2].Data)
		inputs = append(inputs, g.floats(layer+"/B", []int{1, 2 * h3}, b))
	}
	attrs := [][]byte{onnxAttrI("hidden_size", int64(hid)), onnxAttrI("linear_before_reset", int64(b2i(l.ResetAfter)))}
	if l.GoBackwards {
		attrs = append(attrs, onnxAttrS("direction", "reverse"))
	}
	f, fParams, err := onnxGRUActivation(l.gate, l.keras3Gate)
	if err != nil {
		return fmt.Errorf("recurrent %w", err)
	}
	act, actParams, err := onnxGRUActivation(l.act, false)
	if err != nil {
		return err
	}
	if f != "Sigmoid" || act != "Tanh" {
		attrs = append(attrs, onnxAttrSs("activations", f, act))
		// The functions that take an alpha and a beta consume them from these lists in order.
		var alphas, betas []float32
		for _, p := range [][]float32{fParams, actParams} {
			if p != nil {
				alphas, betas = append(alphas, p[0]), append(betas, p[1])
			}
		}
		if alphas != nil {
			attrs = append(attrs, onnxAttrFs("activation_alpha", alphas...), onnxAttrFs("activation_beta", betas...))
		}
	}

	perm := onnxAttrIs("perm", 1, 0, 2)
	g.node(layer, "Transpose", []string{g.cur}, []int{steps, batch, in}, perm)
	inputs[0] = g.cur
	if !l.ReturnSequences {
		// Y_h, the second output, is (directions, batch, units); Y is left out.
		g.nodeOut(layer, "GRU", inputs, 2, 1, []int{1, batch, hid}, attrs...)
		g.node(layer, "Squeeze", []string{g.cur, g.ints(layer+"/direction_axis", 0)}, []int{batch, hid})
		return nil
	}
	// Y is (time, directions, batch, units).
	g.node(layer, "GRU", inputs, []int{steps, 1, batch, hid}, attrs...)
	if l.GoBackwards {
		// A reverse GRU's Y[t] is its state after reading step t, and Keras returns the states in
		// the order it read them, from the last step: Y back to front.
		g.node(layer, "Slice", []string{g.cur, g.ints(layer+"/reverse_starts", -1), g.ints(layer+"/reverse_ends", math.MinInt64),
			g.ints(layer+"/time_axis", 0), g.ints(layer+"/reverse_steps", -1)}, g.shape)
	}
	g.node(layer, "Squeeze", []string{g.cur, g.ints(layer+"/direction_axis", 1)}, []int{steps, batch, hid})
	g.node(layer, "Transpose", []string{g.cur}, []int{batch, steps, hid}, perm)
	return nil
}

// onnxGRUActivation names ONNX's GRU activation function for a GRU's activation, with its alpha
// and beta where it takes them.
func onnxGRUActivation(a kernels.Activation, keras3HardSigmoid bool) (string, []float32, error) {
	switch {
	case keras3HardSigmoid:
		return "HardSigmoid", []float32{1.0 / 6, 0.5}, nil
	case a == kernels.HardSigmoid:
		return "HardSigmoid", []float32{0.2, 0.5}, nil
	case a == kernels.Linear:
		return "Affine", []float32{1, 0}, nil
	case a == kernels.ReLU:
		return "Relu", nil, nil
	case a == kernels.Sigmoid:
		return "Sigmoid", nil, nil
	case a == kernels.Tanh:
		return "Tanh", nil, nil
	}
	return "", nil, fmt.Errorf("activation %v has no ONNX GRU equivalent", a)
}

// transposed returns the rows×cols matrix m as cols×rows.
func transposed(m []float32, rows, cols int) []float32 {
	t := make([]float32, len(m))
	for r := 0; r < rows; r++ {
		for c := 0; c < cols; c++ {
			t[c*rows+r] = m[r*cols+c]
		}
	}
	return t
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// dense converts a Dense, or the one a TimeDistributed holds (the same product on the last axis):
// MatMul by its kernel (in, units), which broadcasts over the leading axes, Add its bias, then its
// activation.
func (g *onnxGraph) dense(layer string, d *Dense, w []Tensor) error {
	shape := append(append([]int(nil), g.shape[:len(g.shape)-1]...), d.Units)
	g.node(layer, "MatMul", []string{g.cur, g.floats(layer+"/kernel", w[0].Shape, w[0].Data)}, shape)
	if !d.NoBias {
		g.node(layer, "Add", []string{g.cur, g.floats(layer+"/bias", w[1].Shape, w[1].Data)}, shape)
	}
	return g.activation(layer, d.act)
}

// activation adds the elementwise node of a, or softmax over the last axis.
func (g *onnxGraph) activation(layer string, a kernels.Activation) error {
	in := []string{g.cur}
	switch a {
	case kernels.Linear:
	case kernels.ReLU:
		g.node(layer, "Relu", in, g.shape)
	case kernels.Sigmoid:
		g.node(layer, "Sigmoid", in, g.shape)
	case kernels.HardSigmoid: // Keras 2's
		g.node(layer, "HardSigmoid", in, g.shape, onnxAttrF("alpha", 0.2), onnxAttrF("beta", 0.5))
	case kernels.Tanh:
		g.node(layer, "Tanh", in, g.shape)
	case kernels.Softmax:
		g.node(layer, "Softmax", in, g.shape, onnxAttrI("axis", -1))
	default:
		return fmt.Errorf("activation %v has no ONNX equivalent", a)
	}
	return nil
}
