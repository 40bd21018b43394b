package modelfile

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
)

// This file reads HDF5 attributes whose values are strings, fixed-length or variable-length
// (held in global heap collections), which is how Keras stores its configuration and the names
// of its layers and weights.

// h5Attribute is an attribute message split into its name, the encoded datatype and dataspace
// of its value, and the value's bytes.
type h5Attribute struct {
	name               string
	dtype, space, data []byte
}

// parseAttribute splits an attribute message. Version 1: version, a reserved byte, the sizes of
// the name (with its NUL), datatype and dataspace, then each of them padded to 8 bytes, then
// the value. Version 2 has flags instead of the reserved byte and no padding; version 3 adds
// the name's character set after the sizes.
func parseAttribute(data []byte) (h5Attribute, error) {
	c := h5Cursor{b: data}
	version, flags := c.u8(), c.u8()
	nameSize, typeSize, spaceSize := uint64(c.u16()), uint64(c.u16()), uint64(c.u16())
	pad := func(n uint64) uint64 { return n }
	switch version {
	case 1:
		pad = func(n uint64) uint64 { return (n + 7) &^ 7 }
	case 2:
	case 3:
		c.u8()
	default:
		return h5Attribute{}, fmt.Errorf("attribute message version %d: not supported", version)
	}
	if version > 1 && flags&3 != 0 {
		return h5Attribute{}, errors.New("attribute with a shared datatype or dataspace: not supported")
	}
	name := c.take(pad(nameSize))
	dtype := c.take(pad(typeSize))
	space := c.take(pad(spaceSize))
	if c.short {
		return h5Attribute{}, errors.New("truncated attribute message")
	}
	name = name[:nameSize]
	if i := bytes.IndexByte(name, 0); i >= 0 {
		name = name[:i]
	}
	return h5Attribute{string(name), dtype[:typeSize], space[:spaceSize], c.b}, nil
}

// attribute returns obj's attribute name, and whether it has one.
func (f *hdf5) attribute(obj *h5Object, name string) (h5Attribute, bool, error) {
	if obj.attrs == nil {
		attrs := map[string]h5Attribute{}
		for _, m := range obj.msgs {
			if m.typ != msgAttribute {
				continue
			}
			if m.flags&msgFlagShared != 0 {
				return h5Attribute{}, false, errors.New("shared attribute message: not supported")
			}
			a, err := parseAttribute(m.data)
			if err != nil {
				return h5Attribute{}, false, err
			}
			if _, dup := attrs[a.name]; dup {
				return h5Attribute{}, false, fmt.Errorf("two attributes named %q", a.name)
			}
			attrs[a.name] = a
		}
		obj.attrs = attrs
	}
	if a, ok := obj.attrs[name]; ok {
		return a, true, nil
	}
	m, ok, err := obj.message(msgAttributeInfo)
	if err != nil || !ok {
		return h5Attribute{}, false, err
	}
	// An attribute info message (version 0, flags, the maximum creation index when flags bit
	// 0 is set, then the fractal heap's address) says whether more attributes are stored apart,
	// as HDF5 1.8's format does for objects of many attributes.
	c := h5Cursor{b: m.data}
	c.u8()
	if c.u8()&1 != 0 {
		c.u16()
	}
	switch heap := c.u64(); {
	case c.short:
		return h5Attribute{}, false, errors.New("truncated attribute info message")
	case heap == undefinedAddress:
		return h5Attribute{}, false, nil
	}
	return h5Attribute{}, false, fmt.Errorf("attribute %s may be in dense storage (fractal heap): not supported", name)
}

// attributeStrings reads the value of an attribute of fixed- or variable-length strings,
// scalar or 1-D, as a list. An empty attribute is an empty list whatever its type: Keras writes
// the weight names of a layer without weights as an empty array of floats.
func (f *hdf5) attributeStrings(a h5Attribute) ([]string, error) {
	t, err := parseDatatype(a.dtype)
	if err != nil {
		return nil, err
	}
	dims, null, err := parseDataspace(a.space)
	if err != nil {
		return nil, err
	}
	if null || slices.Contains(dims, 0) {
		return nil, nil
	}
	if len(dims) > 1 {
		return nil, fmt.Errorf("a %d-D array, not a list", len(dims))
	}
	var elemSize uint64
	switch {
	case t.class == classString:
		elemSize = uint64(t.size)
	case t.class == classVariableLength && t.bits[0]&0x0f == 1:
		elemSize = 16 // the string's length, then its global heap collection and index
	default:
		return nil, fmt.Errorf("%s values, not strings", className(t.class))
	}
	if elemSize == 0 || t.size != uint32(elemSize) {
		return nil, fmt.Errorf("strings of %d bytes each", t.size)
	}
	n, err := elements(dims, uint64(len(a.data))/elemSize)
	if err != nil {
		return nil, err
	}
	list := make([]string, n)
	// Variable-length strings may all point at one long heap object: what they may copy out
	// is bounded by the file's size.
	copied := uint64(0)
	for i := range list {
		v := a.data[uint64(i)*elemSize : uint64(i+1)*elemSize]
		if t.class == classString {
			list[i] = string(unpad(v, t.bits[0]&0x0f))
			continue
		}
		length := uint64(binary.LittleEndian.Uint32(v))
		if length == 0 {
			continue
		}
		obj, err := f.globalHeapObject(binary.LittleEndian.Uint64(v[4:]), binary.LittleEndian.Uint32(v[12:]))
		if err != nil {
			return nil, err
		}
		if length > uint64(len(obj)) {
			return nil, fmt.Errorf("string of %d bytes in a heap object of %d", length, len(obj))
		}
		if copied += length; copied > uint64(len(f.buf)) {
			return nil, errors.New("strings longer in all than the file")
		}
		list[i] = string(obj[:length])
	}
	return list, nil
}

// unpad strips a fixed-length string's padding as h5py does: a NUL-terminated string ends at
// its first NUL (padding 0); otherwise libhdf5 strips a space-padded string's trailing spaces
// (2), and numpy then the trailing NULs of any (1 and 2; some writers pad with NULs a string
// they declare space-padded).
func unpad(s []byte, padding byte) []byte {
	if padding == 0 {
		if i := bytes.IndexByte(s, 0); i >= 0 {
			return s[:i]
		}
		return s
	}
	if padding == 2 {
		s = bytes.TrimRight(s, " ")
	}
	return bytes.TrimRight(s, "\x00")
}

// globalHeapObject returns object index of the global heap collection at addr.
func (f *hdf5) globalHeapObject(addr uint64, index uint32) ([]byte, error) {
	objs, ok := f.collections[addr]
	if !ok {
		var err error
		if objs, err = f.readCollection(addr); err != nil {
			return nil, err
		}
		f.collections[addr] = objs
	}
	obj, ok := objs[index]
	if !ok {
		return nil, fmt.Errorf("no object %d in the global heap collection at %#x", index, addr)
	}
	return obj, nil
}

// readCollection reads the global heap collection at addr: "GCOL", version 1, 3 reserved bytes,
// the collection's size, then objects (index, reference count, 4 reserved bytes, size, data
// padded to 8 bytes) up to the object of index 0, which is the free space.
func (f *hdf5) readCollection(addr uint64) (map[uint32][]byte, error) {
	head, err := f.at(addr, 16)
	if err != nil {
		return nil, fmt.Errorf("global heap collection: %w", err)
	}
	size := binary.LittleEndian.Uint64(head[8:])
	if string(head[:4]) != "GCOL" || head[4] != 1 || size < 16 {
		return nil, fmt.Errorf("no global heap collection at %#x", addr)
	}
	b, err := f.metadata(addr, size)
	if err != nil {
		return nil, fmt.Errorf("global heap collection at %#x: %w", addr, err)
	}
	objs := map[uint32][]byte{}
	for b = b[16:]; len(b) >= 16; {
		index, size := uint32(binary.LittleEndian.Uint16(b)), binary.LittleEndian.Uint64(b[8:])
		if index == 0 {
			break
		}
		if size > uint64(len(b)-16) {
			return nil, fmt.Errorf("global heap collection at %#x: object %d overruns it", addr, index)
		}
		objs[index] = b[16 : 16+size : 16+size]
		b = b[min(16+(size+7)&^7, uint64(len(b))):]
	}
	return objs, nil
}
