package gru

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/encoding/protowire"
)

// decodedONNX is what SaveONNX writes, read back with protowire.
type decodedONNX struct {
	irVersion, opset int64
	nodes            []decodedNode
	inits            map[string]decodedTensor
	inputs, outputs  map[string][]string // dims: sizes, or the names of symbolic ones
}

type decodedNode struct {
	name, op string
	in, out  []string
	attrs    map[string]decodedAttr
}

// decodedAttr holds the one field its type says.
type decodedAttr struct {
	typ    uint64
	i      int64
	f      float32
	s      string
	ints   []int64
	floats []float32
	strs   []string
}

type decodedTensor struct {
	dims   []int
	floats []float32
	ints   []int64
}

// pbFields calls visit with each field of a message: v holds varints and fixed32s, p the bytes
// of length-delimited ones.
func pbFields(t *testing.T, b []byte, visit func(num protowire.Number, v uint64, p []byte)) {
	t.Helper()
	for len(b) > 0 {
		num, typ, n := protowire.ConsumeTag(b)
		require.GreaterOrEqual(t, n, 0, "tag: %v", protowire.ParseError(n))
		b = b[n:]
		var v uint64
		var p []byte
		switch typ {
		case protowire.VarintType:
			v, n = protowire.ConsumeVarint(b)
		case protowire.Fixed32Type:
			var f uint32
			f, n = protowire.ConsumeFixed32(b)
			v = uint64(f)
		case protowire.BytesType:
			p, n = protowire.ConsumeBytes(b)
		default:
			require.Failf(t, "wire type", "field %d has wire type %d", num, typ)
		}
		require.GreaterOrEqual(t, n, 0, "field %d: %v", num, protowire.ParseError(n))
		visit(num, v, p)
		b = b[n:]
	}
}

func decodeONNX(t *testing.T, model []byte) decodedONNX {
	d := decodedONNX{inits: map[string]decodedTensor{}, inputs: map[string][]string{}, outputs: map[string][]string{}}
	valueInfo := func(p []byte, into map[string][]string) {
		var name string
		dims := []string{}
		pbFields(t, p, func(num protowire.Number, _ uint64, p []byte) {
			switch num {
			case 1:
				name = string(p)
			case 2: // TypeProto → tensor_type → elem_type, shape → dim → dim_value or dim_param
				pbFields(t, p, func(_ protowire.Number, _ uint64, tensor []byte) {
					pbFields(t, tensor, func(num protowire.Number, v uint64, shape []byte) {
						if num == 1 {
							assert.EqualValues(t, onnxFloat, v, "%s: element type", name)
							return
						}
						pbFields(t, shape, func(_ protowire.Number, _ uint64, dim []byte) {
							pbFields(t, dim, func(num protowire.Number, v uint64, p []byte) {
								if num == 1 {
									dims = append(dims, strconv.Itoa(int(v)))
								} else {
									dims = append(dims, string(p))
								}
							})
						})
					})
				})
			}
		})
		into[name] = dims
	}
	node := func(p []byte) decodedNode {
		n := decodedNode{attrs: map[string]decodedAttr{}}
		pbFields(t, p, func(num protowire.Number, _ uint64, p []byte) {
			switch num {
			case 1:
				n.in = append(n.in, string(p))
			case 2:
				n.out = append(n.out, string(p))
			case 3:
				n.name = string(p)
			case 4:
				n.op = string(p)
			case 5:
				var name string
				var a decodedAttr
				pbFields(t, p, func(num protowire.Number, v uint64, p []byte) {
					switch num {
					case 1:
						name = string(p)
					case 2:
						a.f = math.Float32frombits(uint32(v))
					case 3:
						a.i = int64(v)
					case 4:
						a.s = string(p)
					case 7:
						a.floats = append(a.floats, math.Float32frombits(uint32(v)))
					case 8:
						a.ints = append(a.ints, int64(v))
					case 9:
						a.strs = append(a.strs, string(p))
					case 20:
						a.typ = v
					}
				})
				n.attrs[name] = a
			}
		})
		return n
	}
	tensor := func(p []byte) {
		var name string
		var v decodedTensor
		var typ uint64
		var raw []byte
		pbFields(t, p, func(num protowire.Number, x uint64, p []byte) {
			switch num {
			case 1:
				v.dims = append(v.dims, int(x))
			case 2:
				typ = x
			case 8:
				name = string(p)
			case 9:
				raw = p
			}
		})
		for ; typ == onnxInt64 && len(raw) >= 8; raw = raw[8:] {
			v.ints = append(v.ints, int64(binary.LittleEndian.Uint64(raw)))
		}
		for ; typ == onnxFloat && len(raw) >= 4; raw = raw[4:] {
			v.floats = append(v.floats, math.Float32frombits(binary.LittleEndian.Uint32(raw)))
		}
		n, _ := size(v.dims)
		assert.Empty(t, raw, "initializer %s: type %d", name, typ)
		assert.Equal(t, n, len(v.floats)+len(v.ints), "initializer %s of shape %v", name, v.dims)
		assert.NotContains(t, d.inits, name, "initializer names")
		d.inits[name] = v
	}
	pbFields(t, model, func(num protowire.Number, v uint64, p []byte) {
		switch num {
		case 1:
			d.irVersion = int64(v)
		case 7:
			pbFields(t, p, func(num protowire.Number, _ uint64, p []byte) {
				switch num {
				case 1:
					d.nodes = append(d.nodes, node(p))
				case 5:
					tensor(p)
				case 11:
					valueInfo(p, d.inputs)
				case 12:
					valueInfo(p, d.outputs)
				}
			})
		case 8:
			pbFields(t, p, func(num protowire.Number, v uint64, _ []byte) {
				if num == 2 {
					d.opset = int64(v)
				}
			})
		}
	})
	return d
}

// checkWiring checks that every node reads the input, an initializer or an earlier node's
// output, that names are not reused, and that the last node writes "y".
func (d decodedONNX) checkWiring(t *testing.T) {
	written := map[string]bool{onnxInput: true}
	for name := range d.inits {
		written[name] = true
	}
	nodeNames := map[string]bool{}
	for _, n := range d.nodes {
		assert.False(t, nodeNames[n.name], "node name %q reused", n.name)
		nodeNames[n.name] = true
		for _, in := range n.in {
			assert.True(t, in == "" || written[in], "%s reads %q, which nothing wrote", n.name, in)
		}
		for _, out := range n.out {
			assert.False(t, written[out], "%s writes %q again", n.name, out)
			written[out] = out != ""
		}
	}
	require.NotEmpty(t, d.nodes)
	assert.Contains(t, d.nodes[len(d.nodes)-1].out, onnxOutput)
}

func (d decodedONNX) ops() []string {
	var ops []string
	for _, n := range d.nodes {
		ops = append(ops, n.op)
	}
	return ops
}

// gruAttrs are a GRU node's attributes, by name, in a form a test table spells out.
func (n decodedNode) gruAttrs() map[string]any {
	m := map[string]any{}
	for name, a := range n.attrs {
		switch a.typ {
		case onnxAttrInt:
			m[name] = a.i
		case onnxAttrString:
			m[name] = a.s
		case onnxAttrStrings:
			m[name] = a.strs
		case onnxAttrFloats:
			m[name] = a.floats
		}
	}
	return m
}

func saveONNX(t *testing.T, m *Sequential) decodedONNX {
	var b bytes.Buffer
	require.NoError(t, m.SaveONNX(&b))
	d := decodeONNX(t, b.Bytes())
	assert.EqualValues(t, onnxIRVersion, d.irVersion)
	assert.EqualValues(t, onnxOpset, d.opset)
	d.checkWiring(t)
	return d
}

// TestSaveONNX writes a table of models and checks what it reads back: nodes, GRU attributes,
// initializer shapes and the input and output dimensions.
func TestSaveONNX(t *testing.T) {
	cases := []struct {
		name   string
		in     []int
		layers []Layer
		ops    []string
		gru    []map[string]any // each GRU node's attributes
		inits  map[string][]int // initializer shapes
		x, y   []string
	}{{
		name:   "seed",
		in:     []int{5, 3},
		layers: []Layer{&GRU{Units: 4, ReturnSequences: true}, &TimeDistributed{Layer: &Dense{Units: 2}}, &Activation{Activation: "softmax"}},
		ops:    []string{"Transpose", "GRU", "Squeeze", "Transpose", "MatMul", "Add", "Softmax"},
		gru:    []map[string]any{{"hidden_size": int64(4), "linear_before_reset": int64(0)}},
		inits: map[string][]int{"gru/W": {1, 12, 3}, "gru/R": {1, 12, 4}, "gru/B": {1, 24}, "gru/direction_axis": {1},
			"time_distributed/kernel": {4, 2}, "time_distributed/bias": {2}},
		x: []string{"batch", "5", "3"}, y: []string{"batch", "5", "2"},
	}, {
		name: "last state, backwards",
		in:   []int{6, 3},
		layers: []Layer{&GRU{Units: 3, GoBackwards: true, ResetAfter: true, NoBias: true, Activation: "relu", RecurrentActivation: "hard_sigmoid_keras3"},
			&Dense{Units: 2, Activation: "hard_sigmoid"}},
		ops: []string{"Transpose", "GRU", "Squeeze", "MatMul", "Add", "HardSigmoid"},
		gru: []map[string]any{{"hidden_size": int64(3), "linear_before_reset": int64(1), "direction": "reverse",
			"activations": []string{"HardSigmoid", "Relu"}, "activation_alpha": []float32{1.0 / 6}, "activation_beta": []float32{0.5}}},
		inits: map[string][]int{"gru/W": {1, 9, 3}, "gru/R": {1, 9, 3}, "gru/direction_axis": {1}, "dense/kernel": {3, 2}, "dense/bias": {2}},
		x:     []string{"batch", "6", "3"}, y: []string{"batch", "2"},
	}, {
		name:   "sequences backwards, open time",
		in:     []int{AnyTime, 3},
		layers: []Layer{&GRU{Units: 2, ReturnSequences: true, GoBackwards: true, Activation: "linear", RecurrentActivation: "hard_sigmoid"}},
		ops:    []string{"Transpose", "GRU", "Slice", "Squeeze", "Transpose"},
		gru: []map[string]any{{"hidden_size": int64(2), "linear_before_reset": int64(0), "direction": "reverse",
			"activations": []string{"HardSigmoid", "Affine"}, "activation_alpha": []float32{0.2, 1}, "activation_beta": []float32{0.5, 0}}},
		inits: map[string][]int{"gru/W": {1, 6, 3}, "gru/R": {1, 6, 2}, "gru/B": {1, 12}, "gru/reverse_starts": {1},
			"gru/reverse_ends": {1}, "gru/time_axis": {1}, "gru/reverse_steps": {1}, "gru/direction_axis": {1}},
		x: []string{"batch", "time", "3"}, y: []string{"batch", "time", "2"},
	}, {
		name: "stacked, one name twice",
		in:   []int{4, 2},
		layers: []Layer{&GRU{LayerName: "rnn", Units: 3, ReturnSequences: true, ResetAfter: true, RecurrentActivation: "tanh"},
			&GRU{LayerName: "rnn", Units: 2, Activation: "sigmoid"}},
		ops: []string{"Transpose", "GRU", "Squeeze", "Transpose", "Transpose", "GRU", "Squeeze"},
		gru: []map[string]any{{"hidden_size": int64(3), "linear_before_reset": int64(1), "activations": []string{"Tanh", "Tanh"}},
			{"hidden_size": int64(2), "linear_before_reset": int64(0), "activations": []string{"Sigmoid", "Sigmoid"}}},
		inits: map[string][]int{"rnn/W": {1, 9, 2}, "rnn/R": {1, 9, 3}, "rnn/B": {1, 18}, "rnn/direction_axis": {1},
			"rnn/W_1": {1, 6, 3}, "rnn/R_1": {1, 6, 2}, "rnn/B_1": {1, 12}, "rnn/direction_axis_1": {1}},
		x: []string{"batch", "4", "2"}, y: []string{"batch", "2"},
	}, {
		name:   "dense on features",
		in:     []int{4},
		layers: []Layer{&Dense{Units: 3, NoBias: true, Activation: "relu"}, &Activation{Activation: "linear"}, &Activation{Activation: "tanh"}, &Activation{Activation: "sigmoid"}},
		ops:    []string{"MatMul", "Relu", "Tanh", "Sigmoid"},
		inits:  map[string][]int{"dense/kernel": {4, 3}},
		x:      []string{"batch", "4"}, y: []string{"batch", "3"},
	}, {
		name:   "no layer changes the input",
		in:     []int{2, 3},
		layers: []Layer{&Activation{Activation: "linear"}},
		ops:    []string{"Identity"},
		inits:  map[string][]int{},
		x:      []string{"batch", "2", "3"}, y: []string{"batch", "2", "3"},
	}}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m, err := NewSequential(c.in, c.layers...)
			require.NoError(t, err)
			randomWeights(t, m, rand.New(rand.NewPCG(1, 2)))
			d := saveONNX(t, m)
			assert.Equal(t, c.ops, d.ops())
			var grus []map[string]any
			for _, n := range d.nodes {
				if n.op == "GRU" {
					grus = append(grus, n.gruAttrs())
				}
			}
			assert.Equal(t, c.gru, grus)
			shapes := map[string][]int{}
			for name, v := range d.inits {
				shapes[name] = v.dims
			}
			assert.Equal(t, c.inits, shapes)
			assert.Equal(t, map[string][]string{onnxInput: c.x}, d.inputs)
			assert.Equal(t, map[string][]string{onnxOutput: c.y}, d.outputs)
		})
	}
}

// TestSaveONNXWeights checks where the Keras weights go: W and R are the kernels transposed, B
// Keras' bias then the recurrent one or zeros, a Dense's kernel and bias as they are; and the
// constants of a reversed GRU's Slice and Squeezes.
func TestSaveONNXWeights(t *testing.T) {
	for _, resetAfter := range []bool{false, true} {
		m, err := NewSequential([]int{4, 3}, &GRU{Units: 2, ReturnSequences: true, GoBackwards: true, ResetAfter: resetAfter},
			&GRU{Units: 2}, &Dense{Units: 5})
		require.NoError(t, err)
		randomWeights(t, m, rand.New(rand.NewPCG(3, 4)))
		d := saveONNX(t, m)
		w := m.Weights()
		kernel, recurrent := w[0], w[1]
		W, R := d.inits["gru/W"].floats, d.inits["gru/R"].floats
		for c := range 6 {
			for r := range 3 {
				assert.Equal(t, kernel.Data[r*6+c], W[c*3+r], "W[%d, %d]", c, r)
			}
			for r := range 2 {
				assert.Equal(t, recurrent.Data[r*6+c], R[c*2+r], "R[%d, %d]", c, r)
			}
		}
		B := d.inits["gru/B"].floats
		if resetAfter {
			assert.Equal(t, w[2].Data, B)
		} else {
			assert.Equal(t, w[2].Data, B[:6])
			assert.Equal(t, make([]float32, 6), B[6:])
		}
		assert.Equal(t, w[6].Data, d.inits["dense/kernel"].floats)
		assert.Equal(t, w[7].Data, d.inits["dense/bias"].floats)
		ints := map[string][]int64{}
		for name, v := range d.inits {
			if v.ints != nil {
				ints[name] = v.ints
			}
		}
		assert.Equal(t, map[string][]int64{"gru/reverse_starts": {-1}, "gru/reverse_ends": {math.MinInt64}, "gru/time_axis": {0},
			"gru/reverse_steps": {-1}, "gru/direction_axis": {1}, "gru_1/direction_axis": {0}}, ints)
	}
}

type failingWriter struct{ wrote int }

func (w *failingWriter) Write(p []byte) (int, error) {
	w.wrote += len(p)
	return 0, errors.New("disk full")
}

func TestSaveONNXErrors(t *testing.T) {
	m, err := NewSequential([]int{4, 3}, &GRU{Units: 2})
	require.NoError(t, err)
	var b bytes.Buffer
	assert.EqualError(t, m.SaveONNX(&b), "gru: SaveONNX: the model has no weights: call SetWeights first")
	assert.Zero(t, b.Len(), "written without weights")

	randomWeights(t, m, rand.New(rand.NewPCG(5, 6)))
	w := &failingWriter{}
	assert.EqualError(t, m.SaveONNX(w), "gru: SaveONNX: disk full")
	assert.Positive(t, w.wrote)
}

// TestSaveONNXAfterTraining checks that a trained model is written with the weights it now runs.
func TestSaveONNXAfterTraining(t *testing.T) {
	m, err := NewSequential([]int{3, 2}, &GRU{Units: 2}, &Dense{Units: 2, Activation: "softmax"})
	require.NoError(t, err)
	randomWeights(t, m, rand.New(rand.NewPCG(7, 8)))
	before := slices.Clone(saveONNX(t, m).inits["dense/kernel"].floats)
	require.NoError(t, m.Compile("categorical_crossentropy", &SGD{LearningRate: 0.5}))
	x := randomInput(rand.New(rand.NewPCG(9, 10)), 4, 3, 2)
	y := Tensor{Shape: []int{4, 2}, Data: []float32{1, 0, 0, 1, 1, 0, 0, 1}}
	_, err = m.TrainOnBatch(x, y)
	require.NoError(t, err)
	after := saveONNX(t, m).inits["dense/kernel"].floats
	assert.NotEqual(t, before, after)
	assert.Equal(t, m.Weights()[3].Data, after)
}
