package modelfile

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
)

// This file reads the frame of an HDF5 file (HDF5 File Format Specification, version 3): the
// superblock and the object headers with their messages. The parser covers what Keras files use
// and reads the whole file from memory; every address, size and count read from the file is
// checked against the bytes present before it is used, so that a malformed file gives an error
// instead of a panic, a loop or an allocation the file's size does not justify.

// hdf5 is a parsed HDF5 file: its bytes and the object headers reachable from the root group.
type hdf5 struct {
	buf    []byte
	base   uint64 // where the superblock lies: the file's addresses count from there
	root   uint64 // address of the root group's object header
	verify bool   // whether to check the checksums of version 2 structures

	objects map[uint64]*h5Object
	// visited holds the B-tree nodes, symbol table nodes and header continuation blocks read so
	// far: a well-formed file reaches each once, a malformed one may link them into a loop.
	visited map[uint64]bool
	// budget is how many more bytes of metadata the parser may read. Structures of a
	// well-formed file do not overlap, so it reads less than the file's size; a malformed file
	// can make many structures share the same bytes, which would otherwise take time quadratic
	// in its size.
	budget int64
	// collections caches the global heap collections that variable-length strings point into.
	collections map[uint64]map[uint32][]byte
}

// undefinedAddress is the address of nothing (all bits set).
const undefinedAddress = ^uint64(0)

// Header message types (section IV.A.2 of the specification).
const (
	msgDataspace     = 0x01
	msgLinkInfo      = 0x02
	msgDatatype      = 0x03
	msgLink          = 0x06
	msgExternalFiles = 0x07
	msgLayout        = 0x08
	msgFilters       = 0x0b
	msgAttribute     = 0x0c
	msgContinuation  = 0x10
	msgSymbolTable   = 0x11
	msgAttributeInfo = 0x15

	// msgFlagShared marks a message stored elsewhere and referenced, which this reader does
	// not follow.
	msgFlagShared = 0x02
)

// h5Object is an object header: its messages, and for a group its members.
type h5Object struct {
	addr uint64
	msgs []h5Message

	group bool
	// links maps a group's member names to their object header addresses; names lists them in
	// the file's order.
	links map[string]uint64
	names []string
	// linksErr says why the members of a group cannot be read (a storage this reader does not
	// support): lookups through the group fail with it, while the rest of the file stays
	// readable.
	linksErr error

	// attrs indexes the attribute messages by name, once an attribute has been asked for.
	attrs map[string]h5Attribute
}

// h5Message is one header message, its data a slice of the file.
type h5Message struct {
	typ   uint16
	flags uint8
	data  []byte
}

// parseHDF5 reads the superblock of the file in buf, then every object header reachable from the
// root group and the members of every group.
func parseHDF5(buf []byte, verify bool) (*hdf5, error) {
	f := &hdf5{
		buf:         buf,
		verify:      verify,
		objects:     map[uint64]*h5Object{},
		visited:     map[uint64]bool{},
		budget:      4*int64(len(buf)) + 1<<16,
		collections: map[uint64]map[uint32][]byte{},
	}
	if err := f.readSuperblock(); err != nil {
		return nil, err
	}
	if err := f.readObjects(); err != nil {
		return nil, err
	}
	return f, nil
}

// readSuperblock finds the superblock, at 0 or after a user block of 512, 1024, 2048… bytes,
// and reads the root group's address.
func (f *hdf5) readSuperblock() error {
	base := -1
	for off := 0; off+len(hdf5Magic) <= len(f.buf); off = max(512, 2*off) {
		if bytes.Equal(f.buf[off:off+len(hdf5Magic)], hdf5Magic) {
			base = off
			break
		}
	}
	if base < 0 {
		return errors.New("no HDF5 signature: not an HDF5 file")
	}
	f.base = uint64(base)
	c := h5Cursor{b: f.buf[base+len(hdf5Magic):]}
	var offsets, lengths uint8
	var eof uint64
	switch version := c.u8(); version {
	case 0, 1:
		// Versions of the free-space storage, root group entry and shared header formats,
		// and a reserved byte.
		c.take(4)
		if offsets, lengths = c.u8(), c.u8(); offsets != 8 || lengths != 8 {
			break // the sizes of the fields that follow
		}
		// A reserved byte, the group B-tree's K values and the consistency flags; version 1
		// adds the chunk B-tree's K and two reserved bytes.
		c.take(1 + 4 + 4)
		if version == 1 {
			c.take(4)
		}
		c.u64() // base address: libhdf5 takes the superblock's position instead, as here
		c.u64() // free-space info
		eof = c.u64()
		c.u64() // driver info
		// The root group's symbol table entry: the link name's offset, then the object header.
		c.u64()
		f.root = c.u64()
	case 2, 3:
		if offsets, lengths = c.u8(), c.u8(); offsets != 8 || lengths != 8 {
			break
		}
		c.take(1) // consistency flags
		c.u64()   // base address
		c.u64()   // superblock extension: shared messages and such, which Keras files lack
		eof = c.u64()
		f.root = c.u64()
		if sum := c.take(4); !c.short && f.verify && binary.LittleEndian.Uint32(sum) != checksum(f.buf[base:base+44]) {
			return errors.New("superblock checksum mismatch: the file is corrupt")
		}
	default:
		return fmt.Errorf("superblock version %d: not supported", version)
	}
	if c.short {
		return errors.New("the file ends inside its superblock")
	}
	if offsets != 8 || lengths != 8 {
		return fmt.Errorf("%d-byte addresses and %d-byte lengths: only 8-byte ones are supported", offsets, lengths)
	}
	if size := uint64(len(f.buf)) - f.base; eof != undefinedAddress && eof > size {
		return fmt.Errorf("truncated file: it should hold %d bytes, it holds %d", eof+f.base, len(f.buf))
	}
	return nil
}

// readObjects reads the object headers reachable from the root group, each once however many
// links lead to it, and the members of each group.
func (f *hdf5) readObjects() error {
	root, err := f.readObject(f.root)
	if err != nil {
		return err
	}
	if !root.group {
		return errors.New("the root object is not a group")
	}
	todo := []*h5Object{root}
	for len(todo) > 0 {
		g := todo[len(todo)-1]
		todo = todo[:len(todo)-1]
		for _, name := range g.names {
			addr := g.links[name]
			if f.objects[addr] != nil {
				continue
			}
			obj, err := f.readObject(addr)
			if err != nil {
				return fmt.Errorf("%q: %w", name, err)
			}
			if obj.group {
				todo = append(todo, obj)
			}
		}
	}
	return nil
}

// readObject reads the object header at addr and, for a group, its members.
func (f *hdf5) readObject(addr uint64) (*h5Object, error) {
	obj := &h5Object{addr: addr}
	f.objects[addr] = obj
	var err error
	if obj.msgs, err = f.readMessages(addr); err != nil {
		return nil, err
	}
	for _, m := range obj.msgs {
		switch m.typ {
		case msgSymbolTable, msgLinkInfo, msgLink:
			obj.group = true
		}
	}
	if obj.group {
		if err := f.readLinks(obj); err != nil {
			return nil, fmt.Errorf("group at %#x: %w", addr, err)
		}
	}
	return obj, nil
}

// readMessages reads the messages of the object header at addr, following its continuation
// blocks.
func (f *hdf5) readMessages(addr uint64) ([]h5Message, error) {
	head, err := f.at(addr, 4)
	if err != nil {
		return nil, fmt.Errorf("object header: %w", err)
	}
	var chunk []byte
	v2, creationOrder := false, false
	switch {
	case string(head) == "OHDR":
		v2 = true
		chunk, creationOrder, err = f.headerV2(addr)
	case head[0] == 1:
		chunk, err = f.headerV1(addr)
	default:
		err = fmt.Errorf("no object header at %#x", addr)
	}
	if err != nil {
		return nil, err
	}
	var msgs []h5Message
	for chunks := [][]byte{chunk}; len(chunks) > 0; chunks = chunks[1:] {
		n := len(msgs)
		if msgs, err = appendMessages(msgs, chunks[0], v2, creationOrder); err != nil {
			return nil, fmt.Errorf("object header at %#x: %w", addr, err)
		}
		for _, m := range msgs[n:] {
			if m.typ != msgContinuation {
				continue
			}
			c := h5Cursor{b: m.data}
			at, size := c.u64(), c.u64()
			if c.short {
				return nil, fmt.Errorf("object header at %#x: truncated continuation message", addr)
			}
			next, err := f.continuation(at, size, v2)
			if err != nil {
				return nil, fmt.Errorf("object header at %#x: %w", addr, err)
			}
			chunks = append(chunks, next)
		}
	}
	return msgs, nil
}

// headerV1 returns the first chunk of messages of a version 1 object header: a 16-byte prefix
// (version, reserved byte, message count, reference count, chunk size, padding) precedes it.
func (f *hdf5) headerV1(addr uint64) ([]byte, error) {
	prefix, err := f.metadata(addr, 16)
	if err != nil {
		return nil, fmt.Errorf("object header: %w", err)
	}
	size := uint64(binary.LittleEndian.Uint32(prefix[8:]))
	chunk, err := f.metadata(addr+16, size)
	if err != nil {
		return nil, fmt.Errorf("object header at %#x: %w", addr, err)
	}
	return chunk, nil
}

// headerV2 returns the first chunk of messages of a version 2 object header ("OHDR"), and
// whether its messages carry a creation order.
func (f *hdf5) headerV2(addr uint64) (chunk []byte, creationOrder bool, err error) {
	prefix, err := f.at(addr, 6)
	if err != nil {
		return nil, false, err
	}
	version, flags := prefix[4], prefix[5]
	if version != 2 {
		return nil, false, fmt.Errorf("object header at %#x: version %d", addr, version)
	}
	if flags&0xc0 != 0 {
		return nil, false, fmt.Errorf("object header at %#x: unknown flags %#x", addr, flags)
	}
	n := uint64(6)
	if flags&0x20 != 0 { // access, modification, change and birth times
		n += 16
	}
	if flags&0x10 != 0 { // attribute storage thresholds
		n += 4
	}
	sizeBytes := 1 << (flags & 3)
	head, err := f.at(addr, n+uint64(sizeBytes))
	if err != nil {
		return nil, false, fmt.Errorf("object header at %#x: %w", addr, err)
	}
	c := h5Cursor{b: head[n:]}
	size := c.uint(sizeBytes)
	n += uint64(sizeBytes)
	if size > uint64(len(f.buf)) {
		return nil, false, fmt.Errorf("object header at %#x: %d bytes of messages, more than the file holds", addr, size)
	}
	whole, err := f.metadata(addr, n+size+4)
	if err != nil {
		return nil, false, fmt.Errorf("object header at %#x: %w", addr, err)
	}
	if err := f.checkSum(whole); err != nil {
		return nil, false, fmt.Errorf("object header at %#x: %w", addr, err)
	}
	return whole[n : n+size], flags&0x04 != 0, nil
}

// continuation returns the messages of the continuation block at addr: raw messages for a
// version 1 header, "OCHK", messages and a checksum for version 2.
func (f *hdf5) continuation(addr, size uint64, v2 bool) ([]byte, error) {
	if f.visited[addr] {
		return nil, fmt.Errorf("continuation block at %#x is reached twice: the header loops", addr)
	}
	f.visited[addr] = true
	block, err := f.metadata(addr, size)
	if err != nil {
		return nil, fmt.Errorf("continuation block: %w", err)
	}
	if !v2 {
		return block, nil
	}
	if len(block) < 8 || string(block[:4]) != "OCHK" {
		return nil, fmt.Errorf("no continuation block at %#x", addr)
	}
	if err := f.checkSum(block); err != nil {
		return nil, fmt.Errorf("continuation block at %#x: %w", addr, err)
	}
	return block[4 : len(block)-4], nil
}

// appendMessages appends the messages of a chunk to msgs. A version 1 message has an 8-byte
// header (type, size, flags, 3 reserved bytes); a version 2 one a 4-byte header (type, size,
// flags) and 2 more bytes when the header records creation orders. Fewer bytes than a message
// header at a chunk's end are a gap.
func appendMessages(msgs []h5Message, chunk []byte, v2, creationOrder bool) ([]h5Message, error) {
	head := 8
	if v2 {
		head = 4
		if creationOrder {
			head = 6
		}
	}
	for len(chunk) >= head {
		var m h5Message
		var size int
		if v2 {
			m.typ, size, m.flags = uint16(chunk[0]), int(binary.LittleEndian.Uint16(chunk[1:])), chunk[3]
		} else {
			m.typ, size, m.flags = binary.LittleEndian.Uint16(chunk), int(binary.LittleEndian.Uint16(chunk[2:])), chunk[4]
		}
		if size > len(chunk)-head {
			return nil, fmt.Errorf("message of type %#x overruns its chunk", m.typ)
		}
		m.data = chunk[head : head+size : head+size]
		msgs = append(msgs, m)
		chunk = chunk[head+size:]
	}
	return msgs, nil
}

// at returns the n bytes at address addr.
func (f *hdf5) at(addr, n uint64) ([]byte, error) {
	size := uint64(len(f.buf)) - f.base
	if addr == undefinedAddress {
		return nil, errors.New("undefined address")
	}
	if addr > size || n > size-addr {
		return nil, fmt.Errorf("%d bytes at %#x lie beyond the file's end", n, addr)
	}
	start := f.base + addr
	return f.buf[start : start+n : start+n], nil
}

// metadata is at for structures that the parser walks, charged to its budget.
func (f *hdf5) metadata(addr, n uint64) ([]byte, error) {
	b, err := f.at(addr, n)
	if err != nil {
		return nil, err
	}
	return b, f.charge(n)
}

// charge takes n bytes from the parser's budget.
func (f *hdf5) charge(n uint64) error {
	if n > uint64(f.budget) {
		f.budget = 0
		return errors.New("the file's structures overlap: it is malformed")
	}
	f.budget -= int64(n)
	return nil
}

// message returns the first message of type typ, or false; a shared one is an error, as this
// reader does not follow them.
func (obj *h5Object) message(typ uint16) (h5Message, bool, error) {
	for _, m := range obj.msgs {
		if m.typ == typ {
			if m.flags&msgFlagShared != 0 {
				return m, true, fmt.Errorf("shared message of type %#x: not supported", typ)
			}
			return m, true, nil
		}
	}
	return h5Message{}, false, nil
}

// checkSum checks the checksum in the last 4 bytes of a version 2 structure.
func (f *hdf5) checkSum(b []byte) error {
	n := len(b) - 4
	if f.verify && binary.LittleEndian.Uint32(b[n:]) != checksum(b[:n]) {
		return errors.New("checksum mismatch: the file is corrupt")
	}
	return nil
}

// checksum is Bob Jenkins' lookup3 hash (hashlittle) with an initial value of 0, which HDF5
// uses for the checksums of its version 2 metadata.
func checksum(b []byte) uint32 {
	rot := func(x uint32, k uint) uint32 { return x<<k | x>>(32-k) }
	a := 0xdeadbeef + uint32(len(b))
	bb, c := a, a
	for len(b) > 12 {
		a += binary.LittleEndian.Uint32(b)
		bb += binary.LittleEndian.Uint32(b[4:])
		c += binary.LittleEndian.Uint32(b[8:])
		a -= c
		a ^= rot(c, 4)
		c += bb
		bb -= a
		bb ^= rot(a, 6)
		a += c
		c -= bb
		c ^= rot(bb, 8)
		bb += a
		a -= c
		a ^= rot(c, 16)
		c += bb
		bb -= a
		bb ^= rot(a, 19)
		a += c
		c -= bb
		c ^= rot(bb, 4)
		bb += a
		b = b[12:]
	}
	if len(b) == 0 {
		return c
	}
	var tail [12]byte
	copy(tail[:], b)
	a += binary.LittleEndian.Uint32(tail[:])
	bb += binary.LittleEndian.Uint32(tail[4:])
	c += binary.LittleEndian.Uint32(tail[8:])
	c ^= bb
	c -= rot(bb, 14)
	a ^= c
	a -= rot(c, 11)
	bb ^= a
	bb -= rot(a, 25)
	c ^= bb
	c -= rot(bb, 16)
	a ^= c
	a -= rot(c, 4)
	bb ^= a
	bb -= rot(a, 14)
	c ^= bb
	c -= rot(bb, 24)
	return c
}

// h5Cursor decodes the little-endian fields of a structure in order. A read past the end
// yields zeros and sets short, which the caller checks after the fields it needs.
type h5Cursor struct {
	b     []byte
	short bool
}

func (c *h5Cursor) take(n uint64) []byte {
	if c.short || n > uint64(len(c.b)) {
		c.short, c.b = true, nil
		return nil
	}
	p := c.b[:n:n]
	c.b = c.b[n:]
	return p
}

// uint reads an n-byte unsigned integer (n ≤ 8).
func (c *h5Cursor) uint(n int) uint64 {
	p := c.take(uint64(n))
	var v uint64
	for i := len(p) - 1; i >= 0; i-- {
		v = v<<8 | uint64(p[i])
	}
	return v
}

func (c *h5Cursor) u8() uint8   { return uint8(c.uint(1)) }
func (c *h5Cursor) u16() uint16 { return uint16(c.uint(2)) }
func (c *h5Cursor) u32() uint32 { return uint32(c.uint(4)) }
func (c *h5Cursor) u64() uint64 { return c.uint(8) }
