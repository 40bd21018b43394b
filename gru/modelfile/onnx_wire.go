package modelfile

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"

	"google.golang.org/protobuf/encoding/protowire"
)

// Protobuf's wire format, read one field at a time, for the ONNX messages LoadONNX decodes.

// protoField is one field of a message: a varint or fixed-width value in u, a length-delimited
// one in b.
type protoField struct {
	num protowire.Number
	typ protowire.Type
	u   uint64
	b   []byte
}

var errWireType = errors.New("wrong wire type")

// eachField calls fn on every field of the message b, which decodes as msg.
func eachField(b []byte, msg string, fn func(f protoField) error) error {
	for len(b) > 0 {
		num, typ, n := protowire.ConsumeTag(b)
		if n < 0 {
			return fmt.Errorf("malformed %s: %v", msg, protowire.ParseError(n))
		}
		b = b[n:]
		f := protoField{num: num, typ: typ}
		switch typ {
		case protowire.VarintType:
			f.u, n = protowire.ConsumeVarint(b)
		case protowire.Fixed32Type:
			var v uint32
			v, n = protowire.ConsumeFixed32(b)
			f.u = uint64(v)
		case protowire.Fixed64Type:
			f.u, n = protowire.ConsumeFixed64(b)
		case protowire.BytesType:
			f.b, n = protowire.ConsumeBytes(b)
		default: // groups, which onnx.proto does not use
			n = protowire.ConsumeFieldValue(num, typ, b)
		}
		if n < 0 {
			return fmt.Errorf("malformed %s: field %d: %v", msg, num, protowire.ParseError(n))
		}
		b = b[n:]
		if err := fn(f); err != nil {
			if errors.Is(err, errWireType) {
				return fmt.Errorf("malformed %s: field %d has wire type %d", msg, num, typ)
			}
			return err
		}
	}
	return nil
}

func (f protoField) bytes() ([]byte, error) {
	if f.typ != protowire.BytesType {
		return nil, errWireType
	}
	return f.b, nil
}

func (f protoField) str() (string, error) {
	b, err := f.bytes()
	return string(b), err
}

func (f protoField) int() (int64, error) {
	if f.typ != protowire.VarintType {
		return 0, errWireType
	}
	return int64(f.u), nil
}

func (f protoField) float() (float32, error) {
	if f.typ != protowire.Fixed32Type {
		return 0, errWireType
	}
	return math.Float32frombits(uint32(f.u)), nil
}

// countInts counts the values of a repeated varint field, packed or not.
func (f protoField) countInts() (int, error) {
	switch f.typ {
	case protowire.VarintType:
		return 1, nil
	case protowire.BytesType:
		n := 0
		for _, c := range f.b {
			if c < 0x80 {
				n++
			}
		}
		if len(f.b) > 0 && f.b[len(f.b)-1] >= 0x80 {
			return 0, errors.New("malformed packed varints")
		}
		return n, nil
	}
	return 0, errWireType
}

// appendInts appends the values of a repeated varint field, packed or not.
func (f protoField) appendInts(dst []int64) ([]int64, error) {
	if f.typ == protowire.VarintType {
		return append(dst, int64(f.u)), nil
	}
	if f.typ != protowire.BytesType {
		return dst, errWireType
	}
	for b := f.b; len(b) > 0; {
		v, n := protowire.ConsumeVarint(b)
		if n < 0 {
			return dst, fmt.Errorf("malformed packed varints: %v", protowire.ParseError(n))
		}
		dst, b = append(dst, int64(v)), b[n:]
	}
	return dst, nil
}

// countFloats counts the values of a repeated float field, packed or not.
func (f protoField) countFloats() (int, error) {
	switch f.typ {
	case protowire.Fixed32Type:
		return 1, nil
	case protowire.BytesType:
		if len(f.b)%4 != 0 {
			return 0, errors.New("malformed packed floats")
		}
		return len(f.b) / 4, nil
	}
	return 0, errWireType
}

// appendFloats appends the values of a repeated float field, packed or not.
func (f protoField) appendFloats(dst []float32) ([]float32, error) {
	if f.typ == protowire.Fixed32Type {
		return append(dst, math.Float32frombits(uint32(f.u))), nil
	}
	if _, err := f.countFloats(); err != nil {
		return dst, err
	}
	for b := f.b; len(b) > 0; b = b[4:] {
		dst = append(dst, math.Float32frombits(binary.LittleEndian.Uint32(b)))
	}
	return dst, nil
}
