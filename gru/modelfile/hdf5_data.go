package modelfile

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
)

// This file reads HDF5 datatypes, dataspaces and the values of datasets of IEEE floats stored
// contiguously or compactly, which is how Keras stores weights.

// Datatype classes.
const (
	classFloat          = 1
	classString         = 3
	classVariableLength = 9
)

// className names a datatype class in errors.
func className(class uint8) string {
	names := []string{"integer", "floating-point", "time", "string", "bit field", "opaque",
		"compound", "reference", "enumerated", "variable-length", "array", "complex"}
	if int(class) < len(names) {
		return names[class]
	}
	return fmt.Sprintf("class %d", class)
}

// h5Type is a datatype message: its class (the low 4 bits of its first byte, the version being
// the high 4), 24 bits of class-specific flags, the size of a value, and class-specific
// properties.
type h5Type struct {
	class uint8
	bits  [3]byte
	size  uint32
	props []byte
}

func parseDatatype(b []byte) (h5Type, error) {
	if len(b) < 8 {
		return h5Type{}, errors.New("truncated datatype message")
	}
	t := h5Type{class: b[0] & 0x0f, size: binary.LittleEndian.Uint32(b[4:]), props: b[8:]}
	copy(t.bits[:], b[1:4])
	return t, nil
}

// maxRank is the most dimensions an HDF5 dataspace may have.
const maxRank = 32

// parseDataspace returns the dimensions of a dataspace message: none for a scalar (one value),
// and null is true for a dataspace of no values. Version 1: version, rank, flags, 5 reserved
// bytes; version 2: version, rank, flags, type (0 scalar, 1 simple, 2 null). The dimensions
// follow, then maximum dimensions, which a reader does not need.
func parseDataspace(b []byte) (dims []uint64, null bool, err error) {
	c := h5Cursor{b: b}
	version, rank := c.u8(), int(c.u8())
	c.u8() // flags: whether maximum dimensions follow
	switch version {
	case 1:
		c.take(5)
	case 2:
		typ := c.u8()
		if typ > 2 {
			return nil, false, fmt.Errorf("dataspace type %d", typ)
		}
		if typ != 1 && rank > 0 {
			return nil, false, errors.New("scalar or null dataspace with dimensions")
		}
		null = typ == 2
	default:
		return nil, false, fmt.Errorf("dataspace message version %d: not supported", version)
	}
	if rank > maxRank {
		return nil, false, fmt.Errorf("dataspace of rank %d", rank)
	}
	dims = make([]uint64, rank)
	for i := range dims {
		dims[i] = c.u64()
	}
	if c.short {
		return nil, false, errors.New("truncated dataspace message")
	}
	return dims, null, nil
}

// elements returns the number of values of the given dimensions, or an error when they are
// more than limit, before any product can overflow.
func elements(dims []uint64, limit uint64) (uint64, error) {
	for _, d := range dims {
		if d == 0 {
			return 0, nil
		}
	}
	n := uint64(1)
	for _, d := range dims {
		if d > limit/n {
			return 0, fmt.Errorf("dimensions %v: more values than the file holds", dims)
		}
		n *= d
	}
	if n > limit { // a scalar, where nothing holds its value
		return 0, errors.New("a value the file does not hold")
	}
	return n, nil
}

// h5Floats is a dataset of IEEE floats: its shape, the size and byte order of a value, and the
// bytes of its values.
type h5Floats struct {
	shape     []int
	elemSize  int
	bigEndian bool
	raw       []byte
}

// floatDataset reads the description of the dataset obj and finds its values, checking that
// the file holds them all.
func (f *hdf5) floatDataset(obj *h5Object) (*h5Floats, error) {
	if _, ok, _ := obj.message(msgFilters); ok {
		return nil, errors.New("chunked/compressed datasets are not supported")
	}
	if _, ok, _ := obj.message(msgExternalFiles); ok {
		return nil, errors.New("data in external files: not supported")
	}
	var msgs [3]h5Message
	for i, typ := range []uint16{msgLayout, msgDatatype, msgDataspace} {
		m, ok, err := obj.message(typ)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, errors.New("not a dataset")
		}
		msgs[i] = m
	}
	t, err := parseDatatype(msgs[1].data)
	if err != nil {
		return nil, err
	}
	d := &h5Floats{}
	if d.elemSize, d.bigEndian, err = ieeeFloat(t); err != nil {
		return nil, err
	}
	dims, null, err := parseDataspace(msgs[2].data)
	if err != nil {
		return nil, err
	}
	if null {
		return nil, errors.New("a dataset without values (null dataspace)")
	}
	for _, dim := range dims {
		if dim > math.MaxInt32 {
			return nil, fmt.Errorf("dimension %d", dim)
		}
		d.shape = append(d.shape, int(dim))
	}
	n, err := elements(dims, uint64(len(f.buf))/uint64(d.elemSize))
	if err != nil {
		return nil, err
	}
	if d.raw, err = f.layoutData(msgs[0].data, n*uint64(d.elemSize)); err != nil {
		return nil, err
	}
	return d, nil
}

// ieeeFloat checks that t is an IEEE 754 binary32 or binary64 type and returns its size and
// byte order. Flags: bit 0 the byte order, bits 1-3 the padding, bits 4-5 the mantissa's
// normalization (2: implied leading 1), bit 6 VAX order; the second byte is the sign bit's
// position. Properties: bit offset and precision (2 bytes each), exponent position and size,
// mantissa position and size (1 byte each), exponent bias (4 bytes).
func ieeeFloat(t h5Type) (size int, bigEndian bool, err error) {
	if t.class != classFloat {
		return 0, false, fmt.Errorf("%s values of %d bytes, not float32 or float64", className(t.class), t.size)
	}
	var want []byte
	switch t.size {
	case 4:
		want = []byte{0, 0, 32, 0, 23, 8, 0, 23, 127, 0, 0, 0}
	case 8:
		want = []byte{0, 0, 64, 0, 52, 11, 0, 52, 0xff, 0x03, 0, 0}
	}
	if want == nil || t.bits[0]&^1 != 0x20 || t.bits[1] != byte(8*t.size-1) ||
		len(t.props) < len(want) || string(t.props[:len(want)]) != string(want) {
		return 0, false, fmt.Errorf("%d-byte floats other than IEEE float32 or float64", t.size)
	}
	return int(t.size), t.bits[0]&1 != 0, nil
}

// layoutData returns the nbytes bytes of a dataset's values from its data layout message.
// Versions 1 and 2: version, rank, layout class, 5 reserved bytes, the address (unless compact),
// 4-byte dimensions, then for compact storage the data's size (4 bytes) and the data.
// Versions 3 and 4: version, layout class, then for compact storage the data's size (2 bytes)
// and the data, for contiguous storage the data's address and size.
func (f *hdf5) layoutData(data []byte, nbytes uint64) ([]byte, error) {
	c := h5Cursor{b: data}
	version := c.u8()
	var class uint8
	var raw []byte
	addr, size := undefinedAddress, uint64(0)
	switch version {
	case 1, 2:
		rank := c.u8()
		class = c.u8()
		c.take(5)
		if class == 1 {
			addr, size = c.u64(), nbytes
		}
		c.take(4 * uint64(rank))
		if class == 0 {
			raw = c.take(uint64(c.u32()))
		}
	case 3, 4:
		class = c.u8()
		switch class {
		case 0:
			raw = c.take(uint64(c.u16()))
		case 1:
			addr, size = c.u64(), c.u64()
		}
	default:
		return nil, fmt.Errorf("data layout message version %d: not supported", version)
	}
	if class > 1 {
		if class == 2 {
			return nil, errors.New("chunked/compressed datasets are not supported")
		}
		return nil, fmt.Errorf("data layout class %d: not supported", class)
	}
	if c.short {
		return nil, errors.New("truncated data layout message")
	}
	if class == 0 {
		size = uint64(len(raw))
	}
	if size != nbytes {
		return nil, fmt.Errorf("%d bytes of data for %d bytes of values", size, nbytes)
	}
	if class == 0 {
		return raw, nil
	}
	if addr == undefinedAddress && nbytes == 0 {
		return nil, nil // an empty dataset has no storage
	}
	raw, err := f.at(addr, nbytes)
	if err != nil {
		return nil, fmt.Errorf("data: %w", err)
	}
	return raw, nil
}

// float32s decodes the values of d as float32s, rounding float64 ones.
func (d *h5Floats) float32s() ([]float32, error) {
	var order binary.ByteOrder = binary.LittleEndian
	if d.bigEndian {
		order = binary.BigEndian
	}
	v := make([]float32, len(d.raw)/d.elemSize)
	if d.elemSize == 4 {
		for i := range v {
			v[i] = math.Float32frombits(order.Uint32(d.raw[4*i:]))
		}
		return v, nil
	}
	for i := range v {
		x := math.Float64frombits(order.Uint64(d.raw[8*i:]))
		if math.Abs(x) > math.MaxFloat32 && !math.IsInf(x, 0) {
			return nil, fmt.Errorf("value %g is beyond float32's range", x)
		}
		v[i] = float32(x)
	}
	return v, nil
}
