package modelfile

import (
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
)

// h5File is what the Keras loaders read of an HDF5 file: string attributes of groups, and the
// shapes and float values of datasets, by path ("/" is the root; groups end in "/"). The file
// is read whole into memory and parsed by this package's own reader (hdf5*.go), which checks
// every size the file states against the bytes it holds, so that a malformed file gives an
// error instead of a panic or an allocation out of proportion to its size.
type h5File struct {
	f *hdf5
}

// maxFileSize bounds the HDF5 files read, which are read whole: 2 GiB is half a billion
// float32 weights.
const maxFileSize = 2 << 30

// openH5 reads an HDF5 file and its structure.
func openH5(path string) (*h5File, error) {
	file, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	fi, err := file.Stat()
	if err != nil {
		return nil, err
	}
	if fi.Size() > maxFileSize || fi.Size() > math.MaxInt {
		return nil, fmt.Errorf("%d bytes: larger than any model this loader reads", fi.Size())
	}
	buf := make([]byte, fi.Size())
	if _, err := io.ReadFull(file, buf); err != nil {
		return nil, err
	}
	return newH5File(buf, true)
}

// newH5File parses the HDF5 file in buf; verify checks the checksums of its version 2
// structures, which the fuzz test turns off so that mutated structures reach the parser.
func newH5File(buf []byte, verify bool) (*h5File, error) {
	f, err := parseHDF5(buf, verify)
	if err != nil {
		return nil, fmt.Errorf("HDF5: %w", err)
	}
	return &h5File{f}, nil
}

// close lets go of the file's bytes.
func (h *h5File) close() { h.f = nil }

// object returns the object at path, or nil when there is none. Each name between slashes is
// looked up in the group before it; a trailing slash adds nothing.
func (h *h5File) object(path string) (*h5Object, error) {
	rest, ok := strings.CutPrefix(path, "/")
	if !ok {
		return nil, nil
	}
	obj := h.f.objects[h.f.root]
	for rest != "" {
		var name string
		name, rest, _ = strings.Cut(rest, "/")
		if !obj.group {
			return nil, nil
		}
		if obj.linksErr != nil {
			return nil, obj.linksErr
		}
		addr, ok := obj.links[name]
		if !ok {
			return nil, nil
		}
		obj = h.f.objects[addr]
	}
	return obj, nil
}

// group returns the group at path, which ends in "/", or nil.
func (h *h5File) group(path string) (*h5Object, error) {
	obj, err := h.object(path)
	if err != nil || obj == nil || !obj.group || !strings.HasSuffix(path, "/") {
		return nil, err
	}
	return obj, nil
}

// isGroup reports whether the group at path (ending in "/") exists.
func (h *h5File) isGroup(path string) bool {
	g, err := h.group(path)
	return err == nil && g != nil
}

// stringsAttr reads the attribute name of the group at path as a list of strings (a scalar
// string is a list of one); ok is false when the group or the attribute is absent. Keras
// splits a list too long for an object header into the attributes name0, name1, …, which are
// joined here as Keras does.
func (h *h5File) stringsAttr(path, name string) (list []string, ok bool, err error) {
	g, err := h.group(path)
	if err != nil {
		return nil, false, fmt.Errorf("HDF5: %s: %w", path, err)
	}
	if g == nil {
		return nil, false, nil
	}
	list, ok, err = h.attrStrings(g, path, name)
	if ok || err != nil {
		return list, ok, err
	}
	for i := 0; ; i++ {
		part, ok, err := h.attrStrings(g, path, name+strconv.Itoa(i))
		if err != nil || !ok {
			return list, i > 0, err
		}
		list = append(list, part...)
	}
}

func (h *h5File) attrStrings(g *h5Object, path, name string) ([]string, bool, error) {
	a, ok, err := h.f.attribute(g, name)
	switch {
	case err != nil:
		return nil, false, fmt.Errorf("HDF5: attributes of %s: %w", path, err)
	case !ok:
		return nil, false, nil
	}
	list, err := h.f.attributeStrings(a)
	if err != nil {
		return nil, true, fmt.Errorf("HDF5: attribute %s of %s: %w", name, path, err)
	}
	return list, true, nil
}

// dataset finds the float dataset at path: its shape and type, and its values, once the file
// has been found to hold them all.
func (h *h5File) dataset(path string) (*h5Floats, error) {
	obj, err := h.object(path)
	if err != nil {
		return nil, fmt.Errorf("HDF5: %s: %w", path, err)
	}
	if obj == nil || obj.group || strings.HasSuffix(path, "/") {
		return nil, fmt.Errorf("no dataset %s", path)
	}
	d, err := h.f.floatDataset(obj)
	if err != nil {
		return nil, fmt.Errorf("HDF5: dataset %s: %w", path, err)
	}
	return d, nil
}

// floats reads the float dataset at path, once its shape has been checked to be want, as
// float32 values.
func (h *h5File) floats(path string, want []int) ([]float32, error) {
	d, err := h.dataset(path)
	if err != nil {
		return nil, err
	}
	if !slices.Equal(d.shape, want) {
		return nil, fmt.Errorf("weight %s has shape %v, the model's is %v", path, d.shape, want)
	}
	v, err := d.float32s()
	if err != nil {
		return nil, fmt.Errorf("weight %s: %w", path, err)
	}
	return v, nil
}
