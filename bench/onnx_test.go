package main

import (
	"encoding/binary"
	"fmt"
	"maps"
	"math"
	"slices"
	"testing"
)

// onnxDecoded is the part of a ModelProto that onnxModel writes, read back.
type onnxDecoded struct {
	irVersion, opset int64
	nodes            []onnxDecodedNode
	inits            map[string]onnxValue
	inputs, outputs  map[string][]int
}

type onnxDecodedNode struct {
	op      string
	in, out []string
	attrs   map[string][]int64
}

// onnxValue is a tensor of the reference evaluator, in float64.
type onnxValue struct {
	shape []int
	data  []float64
}

// pbField reads the first field of an encoded message: its number, wire type, value (x for a
// varint, p for length-delimited bytes) and encoded length. The encoder writes only these two
// wire types; anything else, or a truncated message, gives n = 0.
func pbField(b []byte) (field, wire int, x uint64, p []byte, n int) {
	key, k := binary.Uvarint(b)
	if k <= 0 {
		return 0, 0, 0, nil, 0
	}
	field, wire = int(key>>3), int(key&7)
	v, m := binary.Uvarint(b[k:])
	switch {
	case m <= 0:
		return field, wire, 0, nil, 0
	case wire == 0:
		return field, wire, v, nil, k + m
	case wire == 2 && uint64(len(b)-k-m) >= v:
		return field, wire, 0, b[k+m : k+m+int(v)], k + m + int(v)
	}
	return field, wire, 0, nil, 0
}

// pbFields splits a message into its fields, failing the test on a malformed one.
func pbFields(t *testing.T, b []byte, visit func(field int, x uint64, p []byte)) {
	t.Helper()
	for len(b) > 0 {
		field, wire, x, p, n := pbField(b)
		if n == 0 || (wire != 0 && wire != 2) {
			t.Fatalf("malformed protobuf at % x", b[:min(len(b), 16)])
		}
		visit(field, x, p)
		b = b[n:]
	}
}

func decodeONNX(t *testing.T, model []byte) onnxDecoded {
	t.Helper()
	d := onnxDecoded{inits: map[string]onnxValue{}, inputs: map[string][]int{}, outputs: map[string][]int{}}
	valueInfo := func(p []byte, into map[string][]int) {
		var name string
		var dims []int
		pbFields(t, p, func(f int, _ uint64, p []byte) {
			switch f {
			case 1:
				name = string(p)
			case 2: // TypeProto → tensor_type → elem_type, shape → dim → dim_value
				pbFields(t, p, func(_ int, _ uint64, tensor []byte) {
					pbFields(t, tensor, func(f int, x uint64, shape []byte) {
						if f == 1 && x != onnxFloat {
							t.Errorf("%s: element type %d", name, x)
						}
						if f == 2 {
							pbFields(t, shape, func(_ int, _ uint64, dim []byte) {
								pbFields(t, dim, func(_ int, x uint64, _ []byte) { dims = append(dims, int(x)) })
							})
						}
					})
				})
			}
		})
		into[name] = dims
	}
	graph := func(p []byte) {
		pbFields(t, p, func(f int, _ uint64, p []byte) {
			switch f {
			case 1:
				n := onnxDecodedNode{attrs: map[string][]int64{}}
				pbFields(t, p, func(f int, _ uint64, p []byte) {
					switch f {
					case 1:
						n.in = append(n.in, string(p))
					case 2:
						n.out = append(n.out, string(p))
					case 4:
						n.op = string(p)
					case 5:
						var name string
						var v []int64
						pbFields(t, p, func(f int, x uint64, p []byte) {
							switch f {
							case 1:
								name = string(p)
							case 3, 8:
								v = append(v, int64(x))
							}
						})
						n.attrs[name] = v
					}
				})
				d.nodes = append(d.nodes, n)
			case 5:
				var name string
				var v onnxValue
				var typ uint64
				var raw []byte
				pbFields(t, p, func(f int, x uint64, p []byte) {
					switch f {
					case 1:
						v.shape = append(v.shape, int(x))
					case 2:
						typ = x
					case 8:
						name = string(p)
					case 9:
						raw = p
					}
				})
				for len(raw) > 0 {
					if typ == onnxInt64 {
						v.data, raw = append(v.data, float64(int64(binary.LittleEndian.Uint64(raw)))), raw[8:]
					} else {
						v.data, raw = append(v.data, float64(math.Float32frombits(binary.LittleEndian.Uint32(raw)))), raw[4:]
					}
				}
				if size(v.shape) != len(v.data) {
					t.Errorf("initializer %s: shape %v, %d values", name, v.shape, len(v.data))
				}
				d.inits[name] = v
			case 11:
				valueInfo(p, d.inputs)
			case 12:
				valueInfo(p, d.outputs)
			}
		})
	}
	pbFields(t, model, func(f int, x uint64, p []byte) {
		switch f {
		case 1:
			d.irVersion = int64(x)
		case 7:
			graph(p)
		case 8:
			pbFields(t, p, func(f int, x uint64, _ []byte) {
				if f == 2 {
					d.opset = int64(x)
				}
			})
		}
	})
	return d
}

func size(shape []int) int {
	n := 1
	for _, d := range shape {
		n *= d
	}
	return n
}

// eval runs the decoded graph in float64 by ONNX's definitions of the ops onnxModel writes.
func (d onnxDecoded) eval(x onnxValue) (onnxValue, error) {
	vals := map[string]onnxValue{onnxInput: x}
	for k, v := range d.inits {
		vals[k] = v
	}
	for _, n := range d.nodes {
		in := make([]onnxValue, len(n.in))
		for i, name := range n.in {
			v, ok := vals[name]
			if !ok {
				return onnxValue{}, fmt.Errorf("%s reads %q, which nothing wrote", n.op, name)
			}
			in[i] = v
		}
		var out []onnxValue
		switch n.op {
		case "Transpose": // perm (1, 0, 2) only
			if !slices.Equal(n.attrs["perm"], []int64{1, 0, 2}) {
				return onnxValue{}, fmt.Errorf("Transpose perm %v", n.attrs["perm"])
			}
			a, b, c := in[0].shape[0], in[0].shape[1], in[0].shape[2]
			o := onnxValue{shape: []int{b, a, c}, data: make([]float64, a*b*c)}
			for i := 0; i < a; i++ {
				for j := 0; j < b; j++ {
					copy(o.data[(j*a+i)*c:][:c], in[0].data[(i*b+j)*c:][:c])
				}
			}
			out = []onnxValue{o}
		case "Squeeze":
			axis := int(in[1].data[0])
			if in[0].shape[axis] != 1 {
				return onnxValue{}, fmt.Errorf("Squeeze of axis %d of %v", axis, in[0].shape)
			}
			out = []onnxValue{{shape: slices.Delete(slices.Clone(in[0].shape), axis, axis+1), data: in[0].data}}
		case "MatMul": // (…, k) by (k, n)
			k, nn := in[1].shape[0], in[1].shape[1]
			rows := len(in[0].data) / k
			o := onnxValue{shape: append(slices.Clone(in[0].shape[:len(in[0].shape)-1]), nn), data: make([]float64, rows*nn)}
			for r := 0; r < rows; r++ {
				for j := 0; j < nn; j++ {
					s := 0.0
					for i := 0; i < k; i++ {
						s += in[0].data[r*k+i] * in[1].data[i*nn+j]
					}
					o.data[r*nn+j] = s
				}
			}
			out = []onnxValue{o}
		case "Add": // a bias over the last axis
			o := onnxValue{shape: in[0].shape, data: slices.Clone(in[0].data)}
			for i := range o.data {
				o.data[i] += in[1].data[i%len(in[1].data)]
			}
			out = []onnxValue{o}
		case "Softmax":
			if a := n.attrs["axis"]; len(a) != 1 || int(a[0]) != len(in[0].shape)-1 {
				return onnxValue{}, fmt.Errorf("Softmax axis %v of %v", a, in[0].shape)
			}
			w := in[0].shape[len(in[0].shape)-1]
			o := onnxValue{shape: in[0].shape, data: slices.Clone(in[0].data)}
			for r := 0; r < len(o.data); r += w {
				row := o.data[r : r+w]
				m, s := slices.Max(row), 0.0
				for i := range row {
					row[i] = math.Exp(row[i] - m)
					s += row[i]
				}
				for i := range row {
					row[i] /= s
				}
			}
			out = []onnxValue{o}
		case "GRU":
			out = onnxGRU(n, in)
		default:
			return onnxValue{}, fmt.Errorf("op %s", n.op)
		}
		for i, name := range n.out {
			if name != "" {
				vals[name] = out[i]
			}
		}
	}
	return vals[onnxOutput], nil
}

// onnxGRU is ONNX's GRU, forward, activations sigmoid and tanh, on X (T, B, I), W (1, 3H, I),
// R (1, 3H, H) and B (1, 6H): z, r, h gates; Y is (T, 1, B, H), Y_h (1, B, H).
func onnxGRU(n onnxDecodedNode, in []onnxValue) []onnxValue {
	x, w, r := in[0], in[1].data, in[2].data
	steps, batch, inputs := x.shape[0], x.shape[1], x.shape[2]
	hid := int(n.attrs["hidden_size"][0])
	lbr := n.attrs["linear_before_reset"][0] == 1
	bias := make([]float64, 6*hid)
	if len(in) > 3 {
		bias = in[3].data
	}
	sigmoid := func(v float64) float64 { return 1 / (1 + math.Exp(-v)) }
	h := make([]float64, batch*hid)
	y := onnxValue{shape: []int{steps, 1, batch, hid}, data: make([]float64, 0, steps*batch*hid)}
	// dot is row g of the 3H rows of m (cols wide) with v.
	dot := func(m []float64, g, cols int, v []float64) float64 {
		s := 0.0
		for i := 0; i < cols; i++ {
			s += m[g*cols+i] * v[i]
		}
		return s
	}
	for t := 0; t < steps; t++ {
		next := make([]float64, batch*hid)
		for b := 0; b < batch; b++ {
			xt, hp := x.data[(t*batch+b)*inputs:][:inputs], h[b*hid:][:hid]
			rh := make([]float64, hid)
			z, rg := make([]float64, hid), make([]float64, hid)
			for j := 0; j < hid; j++ {
				z[j] = sigmoid(dot(w, j, inputs, xt) + dot(r, j, hid, hp) + bias[j] + bias[3*hid+j])
				rg[j] = sigmoid(dot(w, hid+j, inputs, xt) + dot(r, hid+j, hid, hp) + bias[hid+j] + bias[4*hid+j])
				rh[j] = rg[j] * hp[j]
			}
			for j := 0; j < hid; j++ {
				g := 2*hid + j
				var c float64
				if lbr {
					c = math.Tanh(dot(w, g, inputs, xt) + bias[g] + rg[j]*(dot(r, g, hid, hp)+bias[3*hid+g]))
				} else {
					c = math.Tanh(dot(w, g, inputs, xt) + bias[g] + dot(r, g, hid, rh) + bias[3*hid+g])
				}
				next[b*hid+j] = (1-z[j])*c + z[j]*hp[j]
			}
		}
		h = next
		y.data = append(y.data, h...)
	}
	return []onnxValue{y, {shape: []int{1, batch, hid}, data: h}}
}

// TestONNXModel writes every GRU row (over a few steps) as ONNX, reads it back, checks its
// structure and runs it by ONNX's definitions in float64: it must give fastgru's output.
func TestONNXModel(t *testing.T) {
	for _, r := range modelRows {
		r.time = 5
		r.batch = min(r.batch, 3)
		if r.units > 64 {
			r.units, r.in = 64, min(r.in, 48) // the reference is slow; the shapes still differ
		}
		t.Run(r.name, func(t *testing.T) {
			m, err := r.build()
			if err != nil {
				t.Fatal(err)
			}
			model, err := onnxModel(m.seq, r.batch)
			if err != nil {
				t.Fatal(err)
			}
			d := decodeONNX(t, model)
			if d.irVersion != onnxIRVersion || d.opset != onnxOpset {
				t.Errorf("IR version %d, opset %d", d.irVersion, d.opset)
			}
			if !slices.Equal(d.inputs[onnxInput], m.x.Shape) || !slices.Equal(d.outputs[onnxOutput], m.y.Shape) {
				t.Errorf("input %v, output %v; want %v, %v", d.inputs, d.outputs, m.x.Shape, m.y.Shape)
			}
			var ops []string
			for _, n := range d.nodes {
				ops = append(ops, n.op)
				if n.op == "GRU" && n.attrs["linear_before_reset"][0] != 0 {
					t.Errorf("linear_before_reset %v for reset_after=false", n.attrs["linear_before_reset"])
				}
			}
			want := []string{"Transpose", "GRU", "Squeeze", "Transpose"}
			switch {
			case r.lastOnly:
				want = []string{"Transpose", "GRU", "Squeeze", "MatMul", "Add", "Softmax"}
			case r.head != nil:
				want = append(want, "MatMul", "Add", "Softmax")
			}
			if !slices.Equal(ops, want) {
				t.Errorf("nodes %v, want %v", ops, want)
			}
			x := onnxValue{shape: m.x.Shape}
			for _, v := range m.x.Data {
				x.data = append(x.data, float64(v))
			}
			y, err := d.eval(x)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(y.shape, m.y.Shape) {
				t.Fatalf("output of shape %v, want %v", y.shape, m.y.Shape)
			}
			for i, v := range y.data {
				if math.Abs(v-float64(m.y.Data[i])) > 1e-5 {
					t.Fatalf("output %d: ONNX %g, fastgru %g", i, v, m.y.Data[i])
				}
			}
		})
	}
}

// TestModelRatios checks the GRU table's speed-ups with an ORT column: fastgru's over each
// baseline, and each other implementation's over ORT.
func TestModelRatios(t *testing.T) {
	defer func(cs []contender) { modelContenders = cs }(modelContenders)
	run := func(m *model) {}
	modelContenders = []contender{{name: "fastgru"}, {name: "avx2", around: asGeneric}, {name: "generic", slow: true, baseline: true, around: asGeneric},
		{name: ortName, slow: true, baseline: true, predict: run}}
	res := newModelResult(modelRows[0], []float64{1e-6, 2e-6, 0, 4e-6})
	want := map[string]float64{"fastgru/ORT": 4, "avx2/ORT": 2}
	if !maps.Equal(res.Ratios, want) || !res.Results["generic"].Skipped || res.Results[ortName].Microseconds != 4 {
		t.Errorf("ratios %v, results %v; want ratios %v", res.Ratios, res.Results, want)
	}
	var cols []string
	for _, c := range modelRatios() {
		cols = append(cols, c.name)
	}
	if want := []string{"fastgru/generic", "fastgru/ORT", "avx2/ORT"}; !slices.Equal(cols, want) {
		t.Errorf("ratio columns %v, want %v", cols, want)
	}
}
