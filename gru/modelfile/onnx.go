package modelfile

import (
	"errors"
	"fmt"
	"os"
	"slices"

	"github.com/fastgru/fastgru/gru"
)

// maxONNXSize is protobuf's limit on one message, and so on an ONNX file that holds its weights.
const maxONNXSize = 2 << 30

// LoadONNX reads an ONNX graph of a GRU, as PyTorch exports nn.GRU and the layers after it, into a
// Sequential model:
//
//	[Transpose] → GRU → [Squeeze] [Transpose] [Slice or Gather of the last step] … →
//	[Gemm, or MatMul [Add]] → [Softmax, Relu, Sigmoid, Tanh or HardSigmoid] …
//
// with Identity and (inference's) Dropout nodes anywhere. The model computes the graph's first
// output: LoadONNX walks back from it to the graph's input and leaves out the nodes off that
// path, which compute other outputs only (such as PyTorch's h_n), but for GRUs. Several GRUs load
// when each one's all-steps output, squeezed, is the next one's input, as PyTorch exports a GRU of
// several layers.
//
// A GRU whose all-steps output Y is used downstream gets ReturnSequences; one whose last state Y_h
// is used, or the last step of Y (PyTorch's out[:, -1, :]), does not. linear_before_reset=1 (as
// PyTorch exports) is Keras' reset_after=true, 0 reset_after=false; B's input and recurrent biases
// become Keras' (2, 3·units) bias with reset_after, their sum without. The activations may be
// Sigmoid, Tanh, Relu and HardSigmoid: HardSigmoid with alpha 0.2 and beta 0.5 is Keras 2's
// "hard_sigmoid", with alpha 1/6 (for the gates) Keras 3's. The direction "reverse" is Keras'
// go_backwards, when only the last state Y_h is used. The model starts from a zero state, as a
// Keras Sequential GRU does: initial_h must be absent, zeros, or a graph input, which is taken as
// zeros (GRU.Call runs a GRU layer from another state).
//
// The model takes (batch, time, features) input and gives batch-major output, (batch, time,
// units) or (batch, units), whatever the file's layout: a time-major graph (layout 0 without a
// Transpose before the GRU) takes the same batch-major input, and the size-1 num_directions axis
// of the GRU's outputs is dropped. A time dimension fixed in the graph's input gives the model
// that time; an open one (a symbolic dim_param, or no size) gives gru.AnyTime. The batch may be
// of any size whatever the file says.
//
// LoadONNX rejects, naming what it found: other ops (Conv, Reshape, …, and the Loop that tf2onnx
// writes for a Keras GRU: load the Keras model itself with LoadKeras instead), a bidirectional
// GRU, sequence_lens, clip, activations Keras has no equivalent of, a non-zero initial_h, a
// Softmax over another axis than the last, GRUs that do not chain, weights that are graph inputs
// without an initializer, and weights stored as external data or in other types than float32.
func LoadONNX(path string) (*gru.Sequential, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("modelfile: %w", err)
	}
	if st.Size() > maxONNXSize {
		return nil, fmt.Errorf("modelfile: %s: %d bytes, over the 2 GiB an ONNX file can hold", path, st.Size())
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("modelfile: %w", err)
	}
	s, err := readONNX(b)
	if err != nil {
		return nil, fmt.Errorf("modelfile: %s: %w", path, err)
	}
	return s, nil
}

func readONNX(b []byte) (*gru.Sequential, error) {
	m, err := parseONNX(b)
	if err != nil {
		return nil, err
	}
	l, err := newONNXLoader(m)
	if err != nil {
		return nil, err
	}
	return l.build()
}

// onnxLoader turns the path from the graph's input to its output into layers, node by node.
type onnxLoader struct {
	opset    int64
	nodes    []*onnxNode
	producer map[string]*onnxNode      // the node computing each value
	consts   map[string]*onnxTensor    // the initializers
	inputs   map[string]*onnxValueInfo // the graph's inputs
	output   string
	sources  map[string]string // what source found for each value on an Identity chain
	zeros    map[string]bool   // the values zeroState found zero

	time, features int    // the model's input shape after the batch
	inputAxes      []axis // what each axis of the graph's input holds
	// The model so far: its layers and their weights in Keras order, what each axis of the value
	// the walk has reached holds, and the size of its features axis.
	layers  []gru.Layer
	weights []gru.Tensor
	axes    []axis
	width   int
	prev    string // the op of the previous node on the path
	// inputOrder: the value's time axis is a reverse GRU's Y, in the inputs' order, which a
	// Slice with step -1 turns into the processing order of Keras' go_backwards.
	inputOrder bool
}

// axis is what an axis of a value on the path holds.
type axis uint8

const (
	batchAxis axis = iota
	timeAxis
	featureAxis
	dirAxis  // a GRU output's num_directions, of size 1
	stepAxis // the time axis cut to its last step, of size 1
)

func (a axis) String() string {
	return [...]string{"batch", "time", "features", "num_directions", "last step"}[a]
}

// single reports whether the axis has size 1 and stands for nothing in the model.
func (a axis) single() bool { return a == dirAxis || a == stepAxis }

func newONNXLoader(m *onnxModel) (*onnxLoader, error) {
	g := &m.graph
	if len(g.outputs) == 0 {
		return nil, errors.New("the graph has no output")
	}
	l := &onnxLoader{opset: m.opset, nodes: g.nodes, producer: map[string]*onnxNode{},
		consts: map[string]*onnxTensor{}, inputs: map[string]*onnxValueInfo{}, output: g.outputs[0].name,
		sources: map[string]string{}, zeros: map[string]bool{}}
	for _, n := range g.nodes {
		for _, out := range n.outputs {
			if out == "" {
				continue
			}
			if other := l.producer[out]; other != nil {
				return nil, fmt.Errorf("value %q is computed by two nodes: %v and %v", out, other, n)
			}
			l.producer[out] = n
		}
	}
	for _, t := range g.initializers {
		if l.consts[t.name] != nil {
			return nil, fmt.Errorf("two initializers are named %q", t.name)
		}
		l.consts[t.name] = t
	}
	for _, v := range g.inputs {
		l.inputs[v.name] = v
	}
	return l, nil
}

// kind is the node's op, qualified by its domain when that is not ONNX's own.
func (n *onnxNode) kind() string {
	if n.domain == "" || n.domain == "ai.onnx" {
		return n.op
	}
	return n.domain + "." + n.op
}

func (n *onnxNode) String() string {
	switch {
	case n.name != "":
		return fmt.Sprintf("%s node %q", n.kind(), n.name)
	case len(n.outputs) > 0:
		return fmt.Sprintf("%s node computing %q", n.kind(), n.outputs[0])
	}
	return n.kind() + " node"
}

// attr returns the node's attribute of that name, or nil.
func (n *onnxNode) attr(name string) *onnxAttr {
	for i := len(n.attrs) - 1; i >= 0; i-- {
		if n.attrs[i].name == name {
			return n.attrs[i]
		}
	}
	return nil
}

// input returns the node's i-th input, "" when it has none there.
func (n *onnxNode) input(i int) string {
	if i < len(n.inputs) {
		return n.inputs[i]
	}
	return ""
}

// onnxStep is a node on the path and the index of its output that the path takes.
type onnxStep struct {
	node *onnxNode
	out  int
}

// onnxOps are the ops the path may hold, each turning its node into layers.
var onnxOps = map[string]func(l *onnxLoader, s onnxStep) error{
	"GRU":         (*onnxLoader).gruNode,
	"Transpose":   (*onnxLoader).transpose,
	"Squeeze":     (*onnxLoader).squeeze,
	"Slice":       (*onnxLoader).slice,
	"Gather":      (*onnxLoader).gather,
	"Gemm":        (*onnxLoader).gemm,
	"MatMul":      (*onnxLoader).matMul,
	"Add":         (*onnxLoader).add,
	"Relu":        elementwise("relu"),
	"Sigmoid":     elementwise("sigmoid"),
	"Tanh":        elementwise("tanh"),
	"HardSigmoid": (*onnxLoader).hardSigmoid,
	"Softmax":     (*onnxLoader).softmax,
	"Identity":    func(*onnxLoader, onnxStep) error { return nil },
	"Dropout":     func(*onnxLoader, onnxStep) error { return nil }, // inference's identity
}

func (l *onnxLoader) build() (*gru.Sequential, error) {
	if err := l.findGRU(); err != nil {
		return nil, err
	}
	input, steps, err := l.path()
	if err != nil {
		return nil, err
	}
	if err := l.checkStacked(steps); err != nil {
		return nil, err
	}
	info := l.inputs[input]
	switch {
	case l.consts[input] != nil:
		return nil, fmt.Errorf("the output %q is computed from the initializer %q, not from a graph input", l.output, input)
	case info == nil:
		return nil, fmt.Errorf("value %q is neither computed by a node nor a graph input", input)
	}
	if l.axes, err = inputAxes(steps); err != nil {
		return nil, err
	}
	if err := l.inputTime(info); err != nil {
		return nil, err
	}
	l.inputAxes = l.axes
	for _, s := range steps {
		if s.out != 0 && s.node.kind() != "GRU" {
			err = fmt.Errorf("the path takes its output %d, LoadONNX reads only its first", s.out)
		} else {
			err = onnxOps[s.node.kind()](l, s)
		}
		if err != nil {
			return nil, fmt.Errorf("%v: %w", s.node, err)
		}
		l.prev = s.node.kind()
	}
	if l.inputOrder {
		return nil, errors.New(reverseY)
	}
	if err := l.inputFeatures(info); err != nil {
		return nil, err
	}
	s, err := gru.NewSequential([]int{l.time, l.features}, l.layers...)
	if err != nil {
		return nil, err
	}
	if err := s.SetWeights(l.weights); err != nil {
		return nil, err
	}
	return s, nil
}

// findGRU checks that the graph has a GRU node; without one it names the loop a converter may
// have written instead.
func (l *onnxLoader) findGRU() error {
	var loop *onnxNode
	for _, n := range l.nodes {
		switch n.kind() {
		case "GRU":
			return nil
		case "Loop", "Scan":
			if loop == nil {
				loop = n
			}
		}
	}
	if loop != nil {
		return fmt.Errorf("no GRU node, a %s op: %v (tf2onnx writes a Keras GRU as such a loop, which LoadONNX "+
			"does not read; load the Keras model itself with LoadKeras, or export the model from PyTorch)", loop.kind(), loop)
	}
	return errors.New("no GRU node: LoadONNX reads models built around ONNX's GRU op")
}

// checkStacked checks that every GRU node is on the path: several GRUs load only as layers
// stacked one on another.
func (l *onnxLoader) checkStacked(steps []onnxStep) error {
	onPath := map[*onnxNode]bool{}
	for _, s := range steps {
		onPath[s.node] = true
	}
	for _, n := range l.nodes {
		if n.kind() == "GRU" && !onPath[n] {
			return fmt.Errorf("%v is not on the path to the output %q: only GRUs stacked one on another load", n, l.output)
		}
	}
	return nil
}

// path walks back from the graph's first output to the input it is computed from, and returns
// that input and the nodes on the way, input first.
func (l *onnxLoader) path() (string, []onnxStep, error) {
	var steps []onnxStep
	name := l.output
	for len(steps) <= len(l.nodes) {
		n := l.producer[name]
		if n == nil {
			slices.Reverse(steps)
			return name, steps, nil
		}
		if _, ok := onnxOps[n.kind()]; !ok {
			return "", nil, fmt.Errorf("%v: op %s is not supported: LoadONNX reads a GRU and the Transpose, Squeeze, "+
				"Slice, Gather, Gemm, MatMul, Add, Relu, Sigmoid, Tanh, HardSigmoid, Softmax, Identity and Dropout ops "+
				"around it", n, n.kind())
		}
		in := n.input(0)
		if n.kind() == "Add" && len(n.inputs) == 2 && l.isConst(in) {
			in = n.inputs[1]
		}
		switch {
		case in == "":
			return "", nil, fmt.Errorf("%v has no input", n)
		case l.isConst(in):
			return "", nil, fmt.Errorf("%v: its input %q is a constant, where LoadONNX expects the model's data", n, in)
		}
		steps = append(steps, onnxStep{n, slices.Index(n.outputs, name)})
		name = in
	}
	return "", nil, errors.New("the graph has a cycle")
}

// inputAxes finds what the axes of the graph's input hold from the first GRU's layout and the
// Transposes before it.
func inputAxes(steps []onnxStep) ([]axis, error) {
	perm := []int{0, 1, 2} // perm[i]: the input axis at axis i of the value reached
	for _, s := range steps {
		n := s.node
		switch n.kind() {
		case "GRU":
			layout, err := gruLayout(n)
			if err != nil {
				return nil, fmt.Errorf("%v: %w", n, err)
			}
			axes := make([]axis, 3)
			for i, p := range perm {
				axes[p] = gruInputAxes[layout][i]
			}
			return axes, nil
		case "Transpose":
			p, err := transposePerm(n, len(perm))
			if err != nil {
				return nil, fmt.Errorf("%v: %w", n, err)
			}
			perm = permuteAxes(perm, p)
		case "Identity", "Dropout":
		default:
			return nil, fmt.Errorf("%v comes before the first GRU: the model must begin with its GRU", n)
		}
	}
	return nil, errors.New("no GRU on the path to the output")
}

// inputTime sets the model's time from the graph input's time dimension: its size when fixed,
// else gru.AnyTime.
func (l *onnxLoader) inputTime(info *onnxValueInfo) error {
	dims, ok, err := info.shape()
	if err != nil {
		return err
	}
	if ok && len(dims) != 3 {
		return fmt.Errorf("the input %q has %d dimensions, want 3", info.name, len(dims))
	}
	l.time = gru.AnyTime
	if t := slices.Index(l.axes, timeAxis); ok && dims[t].value >= 1 {
		if dims[t].value > maxElements {
			return fmt.Errorf("the input %q has %d time steps", info.name, dims[t].value)
		}
		l.time = int(dims[t].value)
	}
	return nil
}

// inputFeatures checks the graph input's features dimension, when fixed, against the first
// GRU's.
func (l *onnxLoader) inputFeatures(info *onnxValueInfo) error {
	dims, ok, err := info.shape()
	if err != nil || !ok {
		return err
	}
	f := dims[slices.Index(l.inputAxes, featureAxis)].value
	if f >= 1 && f != int64(l.features) {
		return fmt.Errorf("the input %q has %d features, the GRU's weights take %d", info.name, f, l.features)
	}
	return nil
}

func permuteAxes(a, perm []int) []int {
	out := make([]int, len(perm))
	for i, p := range perm {
		out[i] = a[p]
	}
	return out
}

// source follows Identity nodes back from a value to the value they copy. It remembers what it
// found, so that a long chain is walked once however many values it reaches.
func (l *onnxLoader) source(name string) string {
	var chain []string
	for range len(l.nodes) + 1 {
		if src, ok := l.sources[name]; ok {
			name = src
			break
		}
		n := l.producer[name]
		if l.consts[name] != nil || n == nil || n.kind() != "Identity" {
			break
		}
		chain = append(chain, name)
		name = n.input(0)
	}
	for _, c := range chain {
		l.sources[c] = name
	}
	return name
}

// constant returns the tensor an initializer, or a Constant node, holds for a value.
func (l *onnxLoader) constant(name string) (*onnxTensor, error) {
	name = l.source(name)
	if t := l.consts[name]; t != nil {
		return t, nil
	}
	n := l.producer[name]
	switch {
	case n == nil && l.inputs[name] != nil:
		return nil, fmt.Errorf("%q is a graph input without an initializer: LoadONNX needs its values in the file", name)
	case n == nil:
		return nil, fmt.Errorf("%q is neither computed by a node nor an initializer", name)
	case n.kind() != "Constant":
		return nil, fmt.Errorf("%q is computed by %v, where LoadONNX expects a constant", name, n)
	case n.attr("value") == nil:
		return nil, fmt.Errorf("%v holds no value tensor", n)
	}
	return n.attr("value").tensor()
}

// isConst reports whether a value is an initializer or a Constant node's.
func (l *onnxLoader) isConst(name string) bool {
	name = l.source(name)
	n := l.producer[name]
	return l.consts[name] != nil || n != nil && n.kind() == "Constant"
}

// floatConst returns a constant float32 tensor and its values; what names it in errors.
func (l *onnxLoader) floatConst(name, what string) (*onnxTensor, []float32, error) {
	t, err := l.constant(name)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", what, err)
	}
	v, err := t.float32s()
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", what, err)
	}
	return t, v, nil
}

// intConst returns the values of a constant integer tensor; what names it in errors.
func (l *onnxLoader) intConst(name, what string) ([]int64, error) {
	t, err := l.constant(name)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	v, err := t.int64s()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return v, nil
}
