package modelfile

import (
	"errors"
	"fmt"
	"math"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/scigolib/hdf5"
)

// h5File is what the Keras loaders read of an HDF5 file: string attributes of groups, and the
// shapes and float values of datasets, by path ("/" is the root; groups end in "/"). It keeps
// the HDF5 library behind one small type, and guards the loaders against what the library
// trusts: a dataset's header may claim any shape, so values are read only after the caller has
// checked the shape against the model and the bytes against the file's size; and a malformed
// file must give an error, not a panic.
type h5File struct {
	f       *hdf5.File
	size    int64
	objects map[string]hdf5.Object
}

// openH5 opens an HDF5 file and indexes its groups and datasets by path.
func openH5(path string) (h *h5File, err error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if fi.Size() > maxFileSize {
		return nil, fmt.Errorf("%d bytes: larger than any model this loader reads", fi.Size())
	}
	defer recoverH5(&err)
	f, err := hdf5.Open(path)
	if err != nil {
		return nil, fmt.Errorf("HDF5: %w", err)
	}
	h = &h5File{f: f, size: fi.Size(), objects: map[string]hdf5.Object{}}
	f.Walk(func(p string, obj hdf5.Object) {
		if len(h.objects) < maxH5Objects {
			h.objects[p] = obj
		}
	})
	if len(h.objects) >= maxH5Objects {
		f.Close()
		return nil, fmt.Errorf("HDF5: more than %d groups and datasets: not a model file", maxH5Objects)
	}
	return h, nil
}

const (
	maxFileSize  = 2 << 30 // 2 GiB: half a billion float32 weights
	maxH5Objects = 1 << 20
)

// recoverH5 turns a panic of the HDF5 library on a malformed file into an error.
func recoverH5(err *error) {
	if r := recover(); r != nil {
		*err = fmt.Errorf("HDF5: malformed file (%v)", r)
	}
}

func (h *h5File) close() { h.f.Close() }

// isGroup reports whether the group at path (ending in "/") exists.
func (h *h5File) isGroup(path string) bool {
	_, ok := h.objects[path].(*hdf5.Group)
	return ok
}

// stringsAttr reads the attribute name of the group at path as a list of strings (a scalar
// string is a list of one); ok is false when the group or the attribute is absent.
func (h *h5File) stringsAttr(path, name string) (list []string, ok bool, err error) {
	g, isGroup := h.objects[path].(*hdf5.Group)
	if !isGroup {
		return nil, false, nil
	}
	defer recoverH5(&err)
	attrs, err := g.Attributes()
	if err != nil {
		return nil, false, fmt.Errorf("HDF5: attributes of %s: %w", path, err)
	}
	for _, a := range attrs {
		if a.Name != name {
			continue
		}
		v, err := a.ReadValue()
		if err != nil {
			return nil, true, fmt.Errorf("HDF5: attribute %s of %s: %w", name, path, err)
		}
		switch v := v.(type) {
		case string:
			return []string{v}, true, nil
		case []string:
			return v, true, nil
		case []any:
			if len(v) == 0 {
				return nil, true, nil
			}
		case []byte:
			return []string{string(v)}, true, nil
		}
		return nil, true, fmt.Errorf("HDF5: attribute %s of %s is a %T, not strings", name, path, v)
	}
	return nil, false, nil
}

// dataset describes the dataset at path: its shape and the bytes of one value.
type dataset struct {
	shape    []int
	elemSize int
}

// datasetInfo matches the library's description of a float dataset's type and shape.
var datasetInfo = regexp.MustCompile(`^Dataset: (\w+) \(size=(\d+) bytes\), (scalar|\d+D array \[([0-9 x]*)\])`)

// dataset returns the type and shape of the float dataset at path.
func (h *h5File) dataset(path string) (d dataset, err error) {
	ds, ok := h.objects[path].(*hdf5.Dataset)
	if !ok {
		return d, fmt.Errorf("no dataset %s", path)
	}
	defer recoverH5(&err)
	info, err := ds.Info()
	if err != nil {
		return d, fmt.Errorf("HDF5: dataset %s: %w", path, err)
	}
	m := datasetInfo.FindStringSubmatch(info)
	if m == nil {
		return d, fmt.Errorf("HDF5: dataset %s: unexpected description %q", path, info)
	}
	if m[1] != "float" || (m[2] != "4" && m[2] != "8") {
		return d, fmt.Errorf("dataset %s holds %s of %s bytes, not float32 or float64 values", path, m[1], m[2])
	}
	d.elemSize, _ = strconv.Atoi(m[2])
	if m[3] == "scalar" {
		return d, nil
	}
	for _, f := range strings.FieldsFunc(m[4], func(r rune) bool { return r == ' ' || r == 'x' }) {
		n, err := strconv.Atoi(f)
		if err != nil || n < 0 {
			return d, fmt.Errorf("HDF5: dataset %s: bad dimension %q", path, f)
		}
		d.shape = append(d.shape, n)
	}
	return d, nil
}

// floats reads the float dataset at path, once its shape has been checked to be want, as
// float32 values.
func (h *h5File) floats(path string, want []int) (v []float32, err error) {
	d, err := h.dataset(path)
	if err != nil {
		return nil, err
	}
	if !slices.Equal(d.shape, want) {
		return nil, fmt.Errorf("weight %s has shape %v, the model's is %v", path, d.shape, want)
	}
	n := 1
	for _, s := range want {
		n *= s
	}
	if int64(n)*int64(d.elemSize) > h.size {
		return nil, fmt.Errorf("weight %s: %d values are more than the file's %d bytes hold", path, n, h.size)
	}
	defer recoverH5(&err)
	vals, err := h.objects[path].(*hdf5.Dataset).Read()
	if err != nil {
		return nil, fmt.Errorf("HDF5: reading %s: %w", path, err)
	}
	if len(vals) != n {
		return nil, fmt.Errorf("HDF5: %s: read %d values, want %d", path, len(vals), n)
	}
	v = make([]float32, n)
	for i, x := range vals {
		if d.elemSize == 8 && math.Abs(x) > math.MaxFloat32 && !math.IsInf(x, 0) {
			return nil, errors.New("weight " + path + " has a value beyond float32's range")
		}
		v[i] = float32(x)
	}
	return v, nil
}
