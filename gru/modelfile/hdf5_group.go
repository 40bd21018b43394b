package modelfile

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
)

// This file reads the members of HDF5 groups, in either of the two ways files store them: the
// symbol table of the original format (a version 1 B-tree of symbol table nodes, with the names
// in a local heap), which h5py writes by default, and the link messages of the format of HDF5
// 1.8, which it writes with libver="latest".

// readLinks reads the members of the group obj.
func (f *hdf5) readLinks(obj *h5Object) error {
	obj.links = map[string]uint64{}
	table, ok, err := obj.message(msgSymbolTable)
	if err != nil {
		return err
	}
	if ok {
		c := h5Cursor{b: table.data}
		btree, heap := c.u64(), c.u64()
		if c.short {
			return errors.New("truncated symbol table message")
		}
		return f.readSymbolTable(obj, btree, heap)
	}
	info, ok, err := obj.message(msgLinkInfo)
	if err != nil {
		return err
	}
	if ok {
		dense, err := denseLinks(info.data)
		if err != nil {
			return err
		}
		if dense {
			// libhdf5 moves the links of a group of more than 8 members (and h5repack those
			// of any group) into a fractal heap indexed by a version 2 B-tree.
			obj.linksErr = errors.New("group members in dense storage (fractal heap): not supported")
			return nil
		}
	}
	for _, m := range obj.msgs {
		if m.typ != msgLink {
			continue
		}
		if m.flags&msgFlagShared != 0 {
			return errors.New("shared link message: not supported")
		}
		name, addr, hard, err := parseLink(m.data)
		if err != nil {
			return err
		}
		if hard { // soft and external links lead to no object of this file
			if err := obj.addLink(name, addr); err != nil {
				return err
			}
		}
	}
	return nil
}

func (obj *h5Object) addLink(name string, addr uint64) error {
	if _, dup := obj.links[name]; dup {
		return fmt.Errorf("two members named %q", name)
	}
	obj.links[name] = addr
	obj.names = append(obj.names, name)
	return nil
}

// denseLinks reads a link info message (version 0, flags, the maximum creation index when
// flags bit 0 is set, then the fractal heap's address) and reports whether the links are in
// a fractal heap.
func denseLinks(data []byte) (bool, error) {
	c := h5Cursor{b: data}
	version, flags := c.u8(), c.u8()
	if flags&1 != 0 {
		c.u64()
	}
	heap := c.u64()
	switch {
	case c.short:
		return false, errors.New("truncated link info message")
	case version != 0:
		return false, fmt.Errorf("link info message version %d", version)
	}
	return heap != undefinedAddress, nil
}

// parseLink reads a link message: version 1, flags, the link type when flags bit 3 is set, a
// creation order when bit 2 is, a character set when bit 4 is, the name's length in 1, 2, 4
// or 8 bytes as bits 0-1 say, the name, then for a hard link (type 0) the object's address.
func parseLink(data []byte) (name string, addr uint64, hard bool, err error) {
	c := h5Cursor{b: data}
	version, flags := c.u8(), c.u8()
	if version != 1 || flags&^0x1f != 0 {
		return "", 0, false, fmt.Errorf("link message version %d, flags %#x: not supported", version, flags)
	}
	typ := uint8(0)
	if flags&0x08 != 0 {
		typ = c.u8()
	}
	if flags&0x04 != 0 {
		c.u64()
	}
	if flags&0x10 != 0 {
		c.u8()
	}
	n := c.uint(1 << (flags & 3))
	raw := c.take(n)
	if typ == 0 {
		addr = c.u64()
	}
	switch {
	case c.short:
		return "", 0, false, errors.New("truncated link message")
	case n == 0:
		return "", 0, false, errors.New("link with an empty name")
	}
	return string(raw), addr, typ == 0, nil
}

// readSymbolTable reads the members of a group of the original format from its B-tree and
// local heap.
func (f *hdf5) readSymbolTable(obj *h5Object, btree, heap uint64) error {
	names, err := f.localHeap(heap)
	if err != nil {
		return err
	}
	return f.walkBTree(btree, -1, func(node uint64) error {
		return f.readSymbolNode(obj, node, names)
	})
}

// walkBTree calls leaf with the address of each symbol table node under the group B-tree node
// at addr, whose level is level unless it is the root (-1). A node is "TREE", its type (0 for
// groups), its level, the number of children, the addresses of its siblings, then keys (8-byte
// heap offsets) and children (8-byte addresses) in turn, a key first and last. Each level is
// one below its parent's and each node is read once, so the walk ends.
func (f *hdf5) walkBTree(addr uint64, level int, leaf func(uint64) error) error {
	if f.visited[addr] {
		return fmt.Errorf("B-tree node at %#x is reached twice: the tree loops", addr)
	}
	f.visited[addr] = true
	head, err := f.at(addr, 24)
	if err != nil {
		return fmt.Errorf("B-tree node: %w", err)
	}
	if string(head[:4]) != "TREE" || head[4] != 0 {
		return fmt.Errorf("no group B-tree node at %#x", addr)
	}
	nodeLevel, n := int(head[5]), uint64(binary.LittleEndian.Uint16(head[6:]))
	if level >= 0 && nodeLevel != level {
		return fmt.Errorf("B-tree node at %#x: level %d under a node of level %d", addr, nodeLevel, level+1)
	}
	node, err := f.metadata(addr, 24+16*n+8)
	if err != nil {
		return fmt.Errorf("B-tree node at %#x: %w", addr, err)
	}
	for i := range n {
		child := binary.LittleEndian.Uint64(node[24+16*i+8:])
		if nodeLevel == 0 {
			err = leaf(child)
		} else {
			err = f.walkBTree(child, nodeLevel-1, leaf)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// readSymbolNode adds to obj the members listed in the symbol table node at addr: "SNOD",
// version 1, a reserved byte, the number of entries, then 40-byte entries (the name's offset
// in the local heap, the object header's address, and cached data this reader does not need).
func (f *hdf5) readSymbolNode(obj *h5Object, addr uint64, names []byte) error {
	if f.visited[addr] {
		return fmt.Errorf("symbol table node at %#x is reached twice", addr)
	}
	f.visited[addr] = true
	head, err := f.at(addr, 8)
	if err != nil {
		return fmt.Errorf("symbol table node: %w", err)
	}
	if string(head[:4]) != "SNOD" || head[4] != 1 {
		return fmt.Errorf("no symbol table node at %#x", addr)
	}
	n := uint64(binary.LittleEndian.Uint16(head[6:]))
	node, err := f.metadata(addr, 8+40*n)
	if err != nil {
		return fmt.Errorf("symbol table node at %#x: %w", addr, err)
	}
	for e := node[8:]; len(e) > 0; e = e[40:] {
		name, err := f.heapName(names, binary.LittleEndian.Uint64(e))
		if err != nil {
			return fmt.Errorf("symbol table node at %#x: %w", addr, err)
		}
		if err := obj.addLink(name, binary.LittleEndian.Uint64(e[8:])); err != nil {
			return err
		}
	}
	return nil
}

// localHeap returns the data segment of the local heap at addr: "HEAP", version 0, 3 reserved
// bytes, the segment's size, the offset of its free list, and its address.
func (f *hdf5) localHeap(addr uint64) ([]byte, error) {
	head, err := f.metadata(addr, 32)
	if err != nil {
		return nil, fmt.Errorf("local heap: %w", err)
	}
	if string(head[:4]) != "HEAP" || head[4] != 0 {
		return nil, fmt.Errorf("no local heap at %#x", addr)
	}
	data, err := f.at(binary.LittleEndian.Uint64(head[24:]), binary.LittleEndian.Uint64(head[8:]))
	if err != nil {
		return nil, fmt.Errorf("local heap at %#x: %w", addr, err)
	}
	return data, nil
}

// heapName returns the NUL-terminated name at offset off of a local heap's data segment. The
// bytes scanned are charged to the budget, since a malformed file may point many entries at
// one long unterminated run.
func (f *hdf5) heapName(heap []byte, off uint64) (string, error) {
	if off >= uint64(len(heap)) {
		return "", fmt.Errorf("name at offset %d of a %d-byte heap", off, len(heap))
	}
	s := heap[off:]
	n := bytes.IndexByte(s, 0)
	scanned := n + 1
	if n < 0 {
		scanned = len(s)
	}
	if err := f.charge(uint64(scanned)); err != nil {
		return "", err
	}
	switch {
	case n < 0:
		return "", errors.New("unterminated name in the local heap")
	case n == 0:
		return "", errors.New("empty name in the local heap")
	}
	return string(s[:n]), nil
}
