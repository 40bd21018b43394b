package modelfile

import (
	"encoding/binary"
	"fmt"
	"math"

	"google.golang.org/protobuf/encoding/protowire"
)

// The values of tensors and attributes, decoded when the graph walk asks for them: a tensor's
// only once its dims have been checked against the values the file holds.

func (t *onnxTensor) String() string { return fmt.Sprintf("tensor %q", t.name) }

// elements checks the tensor's dims and returns their product.
func (t *onnxTensor) elements() (int, error) {
	n := 1
	for _, d := range t.dims {
		if d < 0 {
			return 0, fmt.Errorf("%v has a negative dimension in %v", t, t.dims)
		}
		if d > 0 && int64(n) > maxElements/d {
			return 0, fmt.Errorf("%v of shape %v is too large", t, t.dims)
		}
		n *= int(d)
	}
	return n, nil
}

// header checks that the tensor is of data type want and stored in the file, and returns its
// element count.
func (t *onnxTensor) header(want int64) (int, error) {
	if t.external {
		return 0, fmt.Errorf("%v is stored outside the file (external data), which LoadONNX does not read: save the model as one file", t)
	}
	if t.dataType != want {
		return 0, fmt.Errorf("%v has %s values, want %s", t, onnxTypeName(t.dataType), onnxTypeName(want))
	}
	return t.elements()
}

// float32s returns the values of a FLOAT tensor, from raw_data or float_data.
func (t *onnxTensor) float32s() ([]float32, error) {
	n, err := t.header(onnxFloat)
	if err != nil {
		return nil, err
	}
	raw, present, err := t.present(4, func(f protoField) (int, error) {
		if f.num != 4 { // int32_data or int64_data: values of another type, which a FLOAT tensor has none of
			return 0, fmt.Errorf("%v is FLOAT but holds integer data (field %d)", t, f.num)
		}
		return f.countFloats()
	})
	if err != nil {
		return nil, err
	}
	if present != n {
		return nil, fmt.Errorf("%v of shape %v holds %d values, want %d", t, t.dims, present, n)
	}
	if raw != nil {
		v := make([]float32, n)
		for i := range v {
			v[i] = math.Float32frombits(binary.LittleEndian.Uint32(raw[4*i:]))
		}
		return v, nil
	}
	v := make([]float32, 0, n)
	err = eachField(t.msg, "TensorProto", func(f protoField) (err error) {
		if f.num == 4 {
			v, err = f.appendFloats(v)
		}
		return err
	})
	if err == nil && len(v) != n {
		err = fmt.Errorf("%v of shape %v holds %d values, want %d", t, t.dims, len(v), n)
	}
	return v, err
}

// int64s returns the values of an INT64 or INT32 tensor, from raw_data, int64_data or
// int32_data.
func (t *onnxTensor) int64s() ([]int64, error) {
	want, size, field := int64(onnxInt64), 8, protowire.Number(7)
	if t.dataType == onnxInt32 {
		want, size, field = onnxInt32, 4, 5
	}
	n, err := t.header(want)
	if err != nil {
		return nil, err
	}
	raw, present, err := t.present(size, func(f protoField) (int, error) {
		if f.num != field {
			return 0, nil
		}
		return f.countInts()
	})
	if err != nil {
		return nil, err
	}
	if present != n {
		return nil, fmt.Errorf("%v of shape %v holds %d values, want %d", t, t.dims, present, n)
	}
	v := make([]int64, 0, n)
	if raw != nil {
		for ; len(raw) > 0; raw = raw[size:] {
			if size == 4 {
				v = append(v, int64(int32(binary.LittleEndian.Uint32(raw))))
			} else {
				v = append(v, int64(binary.LittleEndian.Uint64(raw)))
			}
		}
		return v, nil
	}
	err = eachField(t.msg, "TensorProto", func(f protoField) (err error) {
		if f.num == field {
			v, err = f.appendInts(v)
		}
		return err
	})
	if size == 4 {
		for i := range v {
			v[i] = int64(int32(v[i])) // int32_data's varints hold int32 values
		}
	}
	return v, err
}

// present returns the tensor's raw_data, when it has some, and the number of values the file
// holds for it: raw_data's bytes over size, or what count finds in the typed data fields (4,
// float_data; 5, int32_data; 7, int64_data).
func (t *onnxTensor) present(size int, count func(protoField) (int, error)) (raw []byte, n int, err error) {
	typed := 0
	err = eachField(t.msg, "TensorProto", func(f protoField) (err error) {
		switch f.num {
		case 9:
			raw, err = f.bytes()
		case 4, 5, 7:
			var k int
			k, err = count(f)
			typed += k
		}
		return err
	})
	switch {
	case err != nil:
		return nil, 0, err
	case len(raw) > 0 && typed > 0:
		return nil, 0, fmt.Errorf("%v has both raw_data and typed data", t)
	case len(raw) > 0:
		if len(raw)%size != 0 {
			return nil, 0, fmt.Errorf("%v has %d bytes of raw_data, not a whole number of values", t, len(raw))
		}
		return raw, len(raw) / size, nil
	}
	return nil, typed, nil
}

// The accessors of an attribute check its type and decode its value.

func (a *onnxAttr) want(typ int64) error {
	if a.typ != 0 && a.typ != typ {
		name, ok := attrTypeNames[a.typ]
		if !ok {
			name = fmt.Sprintf("type %d", a.typ)
		}
		return fmt.Errorf("attribute %s is of type %s, want %s", a.name, name, attrTypeNames[typ])
	}
	return nil
}

func (a *onnxAttr) int() (int64, error) {
	var v int64
	err := a.scalar(attrInt, 3, func(f protoField) (err error) { v, err = f.int(); return err })
	return v, err
}

func (a *onnxAttr) float() (float32, error) {
	var v float32
	err := a.scalar(attrFloat, 2, func(f protoField) (err error) { v, err = f.float(); return err })
	return v, err
}

func (a *onnxAttr) str() (string, error) {
	var v string
	err := a.scalar(attrString, 4, func(f protoField) (err error) { v, err = f.str(); return err })
	return v, err
}

func (a *onnxAttr) tensor() (*onnxTensor, error) {
	var v *onnxTensor
	err := a.scalar(attrTensor, 5, func(f protoField) error {
		b, err := f.bytes()
		if err != nil {
			return err
		}
		v, err = parseTensor(b)
		return err
	})
	if err == nil && v == nil {
		err = fmt.Errorf("attribute %s holds no tensor", a.name)
	}
	return v, err
}

// scalar decodes the attribute's field num, of type typ, with get.
func (a *onnxAttr) scalar(typ int64, num protowire.Number, get func(protoField) error) error {
	if err := a.want(typ); err != nil {
		return err
	}
	return eachField(a.msg, "AttributeProto", func(f protoField) error {
		if f.num != num {
			return nil
		}
		return get(f)
	})
}

func (a *onnxAttr) ints() ([]int64, error) {
	if err := a.want(attrInts); err != nil {
		return nil, err
	}
	n := 0
	err := eachField(a.msg, "AttributeProto", func(f protoField) error {
		if f.num != 8 {
			return nil
		}
		k, err := f.countInts()
		n += k
		return err
	})
	if err != nil {
		return nil, err
	}
	v := make([]int64, 0, n)
	err = eachField(a.msg, "AttributeProto", func(f protoField) (err error) {
		if f.num == 8 {
			v, err = f.appendInts(v)
		}
		return err
	})
	return v, err
}

func (a *onnxAttr) floats() ([]float32, error) {
	if err := a.want(attrFloats); err != nil {
		return nil, err
	}
	n := 0
	err := eachField(a.msg, "AttributeProto", func(f protoField) error {
		if f.num != 7 {
			return nil
		}
		k, err := f.countFloats()
		n += k
		return err
	})
	if err != nil {
		return nil, err
	}
	v := make([]float32, 0, n)
	err = eachField(a.msg, "AttributeProto", func(f protoField) (err error) {
		if f.num == 7 {
			v, err = f.appendFloats(v)
		}
		return err
	})
	return v, err
}

func (a *onnxAttr) strs() ([]string, error) {
	if err := a.want(attrStrings); err != nil {
		return nil, err
	}
	var v []string
	err := eachField(a.msg, "AttributeProto", func(f protoField) error {
		if f.num != 9 {
			return nil
		}
		s, err := f.str()
		v = append(v, s)
		return err
	})
	return v, err
}
