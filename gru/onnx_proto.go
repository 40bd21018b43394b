package gru

import (
	"encoding/binary"
	"math"
)

// SaveONNX encodes the few message types of onnx.proto it writes by hand, so that the package
// needs no protobuf module. The field numbers below are onnx.proto's.

// TensorProto.DataType and AttributeProto.AttributeType values.
const (
	onnxFloat = 1
	onnxInt64 = 7

	onnxAttrFloat   = 1
	onnxAttrInt     = 2
	onnxAttrString  = 3
	onnxAttrFloats  = 6
	onnxAttrInts    = 7
	onnxAttrStrings = 8
)

// pb appends protobuf fields: varints (wire type 0), 32-bit floats (wire type 5) and
// length-delimited bytes (wire type 2).
type pb []byte

func (b pb) key(field, wire int) pb { return binary.AppendUvarint(b, uint64(field)<<3|uint64(wire)) }

func (b pb) varint(field int, v uint64) pb { return binary.AppendUvarint(b.key(field, 0), v) }

// int64 encodes as a varint of its two's complement, as protobuf does.
func (b pb) int64(field int, v int64) pb { return b.varint(field, uint64(v)) }

func (b pb) float32(field int, v float32) pb {
	return binary.LittleEndian.AppendUint32(b.key(field, 5), math.Float32bits(v))
}

func (b pb) bytes(field int, p []byte) pb {
	return append(binary.AppendUvarint(b.key(field, 2), uint64(len(p))), p...)
}

func (b pb) str(field int, s string) pb { return b.bytes(field, []byte(s)) }

// onnxFloats is a TensorProto of float32 in raw little-endian bytes.
func onnxFloats(name string, dims []int, data []float32) []byte {
	raw := make([]byte, 0, 4*len(data))
	for _, v := range data {
		raw = binary.LittleEndian.AppendUint32(raw, math.Float32bits(v))
	}
	return onnxTensor(name, dims, onnxFloat, raw)
}

// onnxInts is a one-dimensional TensorProto of int64.
func onnxInts(name string, v ...int64) []byte {
	raw := make([]byte, 0, 8*len(v))
	for _, x := range v {
		raw = binary.LittleEndian.AppendUint64(raw, uint64(x))
	}
	return onnxTensor(name, []int{len(v)}, onnxInt64, raw)
}

func onnxTensor(name string, dims []int, dataType uint64, raw []byte) []byte {
	var t pb
	for _, d := range dims {
		t = t.int64(1, int64(d)) // dims
	}
	return t.varint(2, dataType).str(8, name).bytes(9, raw) // data_type, name, raw_data
}

// AttributeProtos: name is field 1 and the type field 20 of each.

func onnxAttrI(name string, v int64) []byte {
	return pb(nil).str(1, name).int64(3, v).varint(20, onnxAttrInt)
}

func onnxAttrIs(name string, v ...int64) []byte {
	a := pb(nil).str(1, name)
	for _, x := range v {
		a = a.int64(8, x)
	}
	return a.varint(20, onnxAttrInts)
}

func onnxAttrF(name string, v float32) []byte {
	return pb(nil).str(1, name).float32(2, v).varint(20, onnxAttrFloat)
}

func onnxAttrFs(name string, v ...float32) []byte {
	a := pb(nil).str(1, name)
	for _, x := range v {
		a = a.float32(7, x)
	}
	return a.varint(20, onnxAttrFloats)
}

func onnxAttrS(name, s string) []byte {
	return pb(nil).str(1, name).str(4, s).varint(20, onnxAttrString)
}

func onnxAttrSs(name string, s ...string) []byte {
	a := pb(nil).str(1, name)
	for _, x := range s {
		a = a.str(9, x)
	}
	return a.varint(20, onnxAttrStrings)
}

// onnxNodeProto is a NodeProto; an empty input or output name is an absent optional one.
func onnxNodeProto(n onnxNode) []byte {
	var b pb
	for _, s := range n.in {
		b = b.str(1, s)
	}
	for _, s := range n.out {
		b = b.str(2, s)
	}
	b = b.str(3, n.name).str(4, n.op)
	for _, a := range n.attrs {
		b = b.bytes(5, a)
	}
	return b
}

// onnxValueInfo is a ValueInfoProto of a float tensor whose dimensions are sizes or, where
// symbolic names them, named by it (dim_param).
func onnxValueInfo(name string, dims []int, symbolic map[int]string) []byte {
	var shape pb
	for _, d := range dims {
		var dim pb
		if p, ok := symbolic[d]; ok {
			dim = dim.str(2, p) // dim_param
		} else {
			dim = dim.int64(1, int64(d)) // dim_value
		}
		shape = shape.bytes(1, dim)
	}
	tensor := pb(nil).varint(1, onnxFloat).bytes(2, shape)         // elem_type, shape
	return pb(nil).str(1, name).bytes(2, pb(nil).bytes(1, tensor)) // name, type.tensor_type
}
