package modelfile

import (
	"errors"
	"fmt"
	"math"
)

// The messages of onnx.proto that LoadONNX reads, decoded field by field with protowire; the
// field numbers are onnx.proto's. Fields the loader does not need are skipped. Tensors and
// attributes keep their encoded bytes and decode their values only when the graph walk asks for
// them, so that nothing is allocated for the values of nodes off the model's path, and nothing
// before the values are known to be present in the file.

type onnxModel struct {
	opset int64 // the version of the default operator set; 0 when the file names none
	graph onnxGraph
}

type onnxGraph struct {
	nodes        []*onnxNode
	initializers []*onnxTensor
	inputs       []*onnxValueInfo
	outputs      []*onnxValueInfo
}

type onnxNode struct {
	name, op, domain string
	inputs, outputs  []string
	attrs            []*onnxAttr
}

type onnxAttr struct {
	name string
	typ  int64  // AttributeProto.AttributeType; 0 in files older than the field
	msg  []byte // the encoded AttributeProto, decoded again by each accessor
}

// onnxTensor is a TensorProto: its header decoded, its values left in msg.
type onnxTensor struct {
	name     string
	dims     []int64
	dataType int64
	external bool // data_location EXTERNAL, or external_data given
	msg      []byte
}

type onnxValueInfo struct {
	name string
	msg  []byte // the encoded ValueInfoProto, for shape
}

// onnxDim is one dimension of a value's shape: fixed when value ≥ 1, else open (a dim_param or
// nothing).
type onnxDim struct {
	value int64
}

// TensorProto.DataType values.
const (
	onnxFloat = 1
	onnxInt32 = 6
	onnxInt64 = 7
)

var onnxTypeNames = map[int64]string{
	1: "FLOAT", 2: "UINT8", 3: "INT8", 4: "UINT16", 5: "INT16", 6: "INT32", 7: "INT64", 8: "STRING",
	9: "BOOL", 10: "FLOAT16", 11: "DOUBLE", 12: "UINT32", 13: "UINT64", 16: "BFLOAT16",
}

func onnxTypeName(t int64) string {
	if s, ok := onnxTypeNames[t]; ok {
		return s
	}
	return fmt.Sprintf("data type %d", t)
}

// AttributeProto.AttributeType values.
const (
	attrFloat   = 1
	attrInt     = 2
	attrString  = 3
	attrTensor  = 4
	attrFloats  = 6
	attrInts    = 7
	attrStrings = 8
)

var attrTypeNames = map[int64]string{
	1: "FLOAT", 2: "INT", 3: "STRING", 4: "TENSOR", 5: "GRAPH", 6: "FLOATS", 7: "INTS", 8: "STRINGS",
}

// maxElements bounds a tensor's element count, and any size read from a file: a file holds at
// most 2 GiB.
const maxElements = math.MaxInt32

// parseONNX decodes a ModelProto.
func parseONNX(b []byte) (*onnxModel, error) {
	m := &onnxModel{}
	var graph []byte
	err := eachField(b, "ModelProto", func(f protoField) (err error) {
		switch f.num {
		case 7:
			graph, err = f.bytes()
		case 8:
			var set []byte
			if set, err = f.bytes(); err != nil {
				return err
			}
			var domain string
			var version int64
			err = eachField(set, "OperatorSetIdProto", func(f protoField) (err error) {
				switch f.num {
				case 1:
					domain, err = f.str()
				case 2:
					version, err = f.int()
				}
				return err
			})
			if err == nil && (domain == "" || domain == "ai.onnx") {
				m.opset = version
			}
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	if graph == nil {
		return nil, errors.New("not an ONNX model: no graph")
	}
	return m, m.graph.parse(graph)
}

func (g *onnxGraph) parse(b []byte) error {
	return eachField(b, "GraphProto", func(f protoField) error {
		if f.num != 1 && f.num != 5 && f.num != 11 && f.num != 12 {
			return nil
		}
		msg, err := f.bytes()
		if err != nil {
			return err
		}
		switch f.num {
		case 1:
			n, err := parseNode(msg)
			if err != nil {
				return err
			}
			g.nodes = append(g.nodes, n)
		case 5:
			t, err := parseTensor(msg)
			if err != nil {
				return err
			}
			g.initializers = append(g.initializers, t)
		case 11, 12:
			v := &onnxValueInfo{msg: msg}
			err := eachField(msg, "ValueInfoProto", func(f protoField) (err error) {
				if f.num == 1 {
					v.name, err = f.str()
				}
				return err
			})
			if err != nil {
				return err
			}
			if f.num == 11 {
				g.inputs = append(g.inputs, v)
			} else {
				g.outputs = append(g.outputs, v)
			}
		}
		return nil
	})
}

func parseNode(b []byte) (*onnxNode, error) {
	n := &onnxNode{}
	err := eachField(b, "NodeProto", func(f protoField) error {
		var s string
		var err error
		switch f.num {
		case 1, 2, 3, 4, 7:
			if s, err = f.str(); err != nil {
				return err
			}
		case 5:
			a, err := parseAttr(f)
			if err != nil {
				return err
			}
			n.attrs = append(n.attrs, a)
		}
		switch f.num {
		case 1:
			n.inputs = append(n.inputs, s)
		case 2:
			n.outputs = append(n.outputs, s)
		case 3:
			n.name = s
		case 4:
			n.op = s
		case 7:
			n.domain = s
		}
		return nil
	})
	return n, err
}

func parseAttr(f protoField) (*onnxAttr, error) {
	msg, err := f.bytes()
	if err != nil {
		return nil, err
	}
	a := &onnxAttr{msg: msg}
	err = eachField(msg, "AttributeProto", func(f protoField) (err error) {
		switch f.num {
		case 1:
			a.name, err = f.str()
		case 20:
			a.typ, err = f.int()
		}
		return err
	})
	return a, err
}

func parseTensor(b []byte) (*onnxTensor, error) {
	t := &onnxTensor{msg: b}
	err := eachField(b, "TensorProto", func(f protoField) (err error) {
		switch f.num {
		case 1:
			var n int
			if n, err = f.countInts(); err != nil {
				return err
			}
			if len(t.dims)+n > 64 {
				return errors.New("a tensor has more than 64 dimensions")
			}
			t.dims, err = f.appendInts(t.dims)
		case 2:
			t.dataType, err = f.int()
		case 8:
			t.name, err = f.str()
		case 13:
			t.external = true
		case 14:
			var loc int64
			loc, err = f.int()
			t.external = t.external || loc == 1
		}
		return err
	})
	return t, err
}

// shape returns the value's tensor shape; nil, false when the file gives none.
func (v *onnxValueInfo) shape() ([]onnxDim, bool, error) {
	var typ, tensor, shape []byte
	var dims []onnxDim
	err := eachField(v.msg, "ValueInfoProto", func(f protoField) (err error) {
		if f.num == 2 {
			typ, err = f.bytes()
		}
		return err
	})
	if err == nil && typ != nil {
		err = eachField(typ, "TypeProto", func(f protoField) (err error) {
			if f.num == 1 {
				tensor, err = f.bytes()
			}
			return err
		})
	}
	if err == nil && tensor != nil {
		err = eachField(tensor, "TypeProto.Tensor", func(f protoField) (err error) {
			if f.num == 2 {
				shape, err = f.bytes()
			}
			return err
		})
	}
	if err == nil && shape != nil {
		err = eachField(shape, "TensorShapeProto", func(f protoField) error {
			if f.num != 1 {
				return nil
			}
			b, err := f.bytes()
			if err != nil {
				return err
			}
			if len(dims) == 64 {
				return fmt.Errorf("value %q has more than 64 dimensions", v.name)
			}
			var d onnxDim
			err = eachField(b, "TensorShapeProto.Dimension", func(f protoField) (err error) {
				if f.num == 1 {
					d.value, err = f.int()
				}
				return err
			})
			dims = append(dims, d)
			return err
		})
	}
	if err != nil {
		return nil, false, err
	}
	return dims, shape != nil, nil
}
