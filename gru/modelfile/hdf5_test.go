package modelfile

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unsafe"

	scigolib "github.com/scigolib/hdf5"
)

// The tests read the real Keras files of ../../../shared/formats/keras (copies of files in
// public repositories, outside this module: the tests that need them skip when they are absent),
// the fixtures of testdata/keras, and latestFormatFile below.

// h5Sample is an HDF5 file the tests read: its name, a path to it on disk and its bytes.
type h5Sample struct {
	name, path string
	data       []byte
}

// realH5Files returns the real Keras files (the HDF5 file of a .keras archive extracted to a
// temporary folder), or nil when they are absent.
func realH5Files(t testing.TB) []h5Sample {
	t.Helper()
	return h5Samples(t, filepath.Join("..", "..", "..", "shared", "formats", "keras"))
}

// smallestRealH5 returns the smallest real file, and skips the test when there is none.
func smallestRealH5(t testing.TB) h5Sample {
	t.Helper()
	samples := realH5Files(t)
	if len(samples) == 0 {
		t.Skip("no real Keras files")
	}
	return slices.MinFunc(samples, func(a, b h5Sample) int { return len(a.data) - len(b.data) })
}

// fixtureH5Files returns the HDF5 files of testdata/keras.
func fixtureH5Files(t testing.TB) []h5Sample {
	t.Helper()
	return h5Samples(t, filepath.Join("testdata", "keras"))
}

func h5Samples(t testing.TB, dir string) []h5Sample {
	t.Helper()
	var samples []h5Sample
	h5s, _ := filepath.Glob(filepath.Join(dir, "*.h5"))
	for _, p := range h5s {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		samples = append(samples, h5Sample{filepath.Base(p), p, b})
	}
	archives, _ := filepath.Glob(filepath.Join(dir, "*.keras"))
	for _, p := range archives {
		z, err := zip.OpenReader(p)
		if err != nil {
			continue // the malformed archives of the loaders' tests
		}
		for _, f := range z.File {
			if f.Name != "model.weights.h5" {
				continue
			}
			r, err := f.Open()
			if err != nil {
				continue
			}
			b, err := io.ReadAll(r)
			r.Close()
			if err != nil {
				continue
			}
			out := filepath.Join(t.TempDir(), filepath.Base(p)+".weights.h5")
			if err := os.WriteFile(out, b, 0o644); err != nil {
				t.Fatal(err)
			}
			samples = append(samples, h5Sample{filepath.Base(p), out, b})
		}
		z.Close()
	}
	return samples
}

// latestFormatFile is an HDF5 file in the format of HDF5 1.8 and later (superblock 3, "OHDR"
// object headers with "OCHK" continuation blocks, link messages, attribute messages version 3),
// gzipped, as h5wasm 0.10.3 (libhdf5 compiled to WebAssembly) writes it with this script:
//
//	const f = new h5wasm.File(path, "w", { libver: "latest", track_order: true });
//	const mw = f.create_group("model_weights");
//	const gru = mw.create_group("gru");
//	const cell = gru.create_group("gru");
//	cell.create_dataset({ name: "kernel:0", data: new Float32Array([1.5, -2.25, 3, 0.125, 5e-8, -6]), shape: [2, 3] });
//	cell.create_dataset({ name: "bias:0", data: new Float64Array([0.1, -0.2, 1e-40]), dtype: "<d" });
//	cell.create_dataset({ name: "scalar", data: new Float32Array([7.5]), shape: [] });
//	cell.create_dataset({ name: "empty", data: new Float32Array([]), shape: [0] });
//	cell.create_dataset({ name: "chunked", data: new Float32Array([1, 2, 3, 4]), chunks: [2] });
//	cell.create_dataset({ name: "ints", data: new Int32Array([1, 2]) });
//	cell.create_soft_link("/model_weights", "soft");
//	gru.create_attribute("weight_names", ["gru/kernel:0", "gru/bias:0"], null, "S12");
//	mw.create_group("dropout").create_attribute("weight_names", new Float64Array([]), [0], "<d");
//	const opt = f.create_group("optimizer");
//	for (let i = 0; i < 9; i++) opt.create_dataset({ name: String(i), data: new Float32Array([i]) });
//	mw.create_attribute("layer_names", ["gru", "dropout"], null, "S7");
//	f.create_attribute("keras_version", "2.10.0", null, "S");
//	f.create_attribute("model_config", '{"class_name": "Sequential"}');
//	for (let i = 0; i < 3; i++) f.create_attribute("names" + i, ["a" + i, "b" + i]);
//
// h5wasm declares its fixed-length strings space-padded and pads them with NULs; a group of
// more than 8 members ("optimizer") is in dense storage.
const latestFormatFile = "" +
	"H4sIAAAAAAACA+1afUwcRRR/s3sf2+Noj6/yUaSA0JZE6R2FQqmWj17Ps8VAgbSkX3jltnBy3NG7Q2itgprUtmk0IdG0WFNq" +
	"Yv9pNJhUbY0JpIl/tFFTk0YSpYkarX9oajU1JMYEZ3Znlrv1ThAlwLm/5G7ezM68efPbd3Pz3u5Jp92RaMoy8YIADFMU7jK5" +
	"bqXtev5DS73T3sg9dNpo7gz/XObypR48p1KhhokDRK4bcsk30rEpE7v8btHb2it62jtCwSnaarGQ7wmbXDuBaLMJIpCWDUQP" +
	"r485q6znlTy5/xN03N3DH5+SlpOrXk4flxxtEbLxhuXYcODbAz2D1CBDMmkxugP+bn9P6OVkalYyMSuaKXZqyA62AgMTWvf+" +
	"PvKvTCrkZpq8gpq3i82ZDX+LTeWPr5mLSSnEJKFTDPhEb6X1Cjd9R9cZZXlD2F0+S9vqGCMWMlwvdnWHjpgZPXpaVl+Ek5JJ" +
	"eWqTAKECAI5DiDkiT0t1nU8FlJS7GmQPzIV0AdL7yRzYet4k4JXx2Hy5bwbjYhgWPR4cXvloTG5SMQ8IIT4qF1V0udVQmgCl" +
	"U3wkFxlqLkZgyWHo9LevxeRGJ/vIbPzCSrlQdq8xWPJ4v+jtjJn8Rj1mNlyxXQGWsN9Yjtsa67c6dxiSyKZkOOhxBSutt/iI" +
	"zb+to8fXKbrBIrdeazuQ5ahx2gEEE9t6euke98Ye45eOGnstwF7aUkod6hFa3vhtMD9swmCby+sK3KPuZlhBGnUeXyiYnUSb" +
	"8K8SCUgX9B8KLYf1Ef+lg97MIkdT0zb4NUfujPoRPE+EPdkXSTlWhVeIPbi6Gle2vDq6C+/LY2NDZwmuVsnl9dFzu3vXrvFe" +
	"KAe4h/sNVEkbhTRmoBqF7a/qa3jTxJ8x/Pma6K8BDRo0aNCgQcOCY6YzHzvj6mZz5ksQ8IFEx+GBnI43sdMNvLsEeXn9/K4T" +
	"M3HDqWNLMyCLAAo34edgOz3aKVmWK0vXZ+7c/OULcjw1bycxZCJeEyZEPm62+lxdYhBS8JrNEJ2l9kDPepYWILJ8nAbwfjWx" +
	"eQ6JhuiZDvMW2bTUv5gWLdCNFtxIJk+c8cUwSZ5cNqySnqw/oSW0zB/3yeM/vzmTX7K1oH8Qp9WpY9olGKd9vjL043xw0xAH" +
	"3HiPrnLOBzfNccDNc7fHX5wPblrigJuEP1bWzgc3++KAm76RysL54ObJOODmow9swn97Ep0Lk+44YPLa0JmchWeyIw6YrLm/" +
	"dvvCM+mNAyZNySNuR6OzAYzSwd4yfYUdwPspJSzrDOowgGLZLGfUhY1ElF0EbvYMEe7eH36qttlpBz3pl4Bb3Ovsq9kcbJYD" +
	"decrHE0kLc/sU9/B6fkaoA/Pwa58T4PZLIgsN74zJdY21zlA70sdx9EIkMDn+lu3U2GnJN6ZSiuAbZI4+UJZMfRI4rELg0OQ" +
	"J4nrdg68Bw9LItpffxU2SWLxZ4nfwH5J3H3uxiR45L6X7m3WUhaLL4dCYuEqEnCa5VjY6zoiBsJCYWPsUJgU9MWBH2omR5kq" +
	"omw5VoXdHsfKrmDr02Ig6PH7IDMPST83i+KZgqSOPCOfyJv25e8KP518bGt9ndTHEunj7Hl6SbHNWmydNoe9CfBMfpvXFQxK" +
	"C8ivzM1vEg/3iL6Qx+XNf1Y2LXIZB62ROxprd9F2vbq/LdIOpT9tN6r7l0TmTpT+JZH3IWOF5osaNGjQoEGDBg0aNGjQoOH/" +
	"mZcwSEE90rHYf5m/O+Tp8hwVA3kpcgt5VI7ow3Icwcsvj7b5fYc87TGzDdlh2QZSN7eQkseRu/TAXcp8WKOPjpIG4cK06VR1" +
	"nmrnVdptc9JuUNX1VLtOpb1kTtoFVZ3kMV5qE/QOp71WeUmA4NKxon0IkPVyCkvMINvNVEUu+SlNkTcI6YpcWpChyGXVmYq8" +
	"8VSWIpffWqXIFTkPaD+CRYA/AUWVzo1kNQAA"

func latestFormat(t testing.TB) []byte {
	t.Helper()
	z, err := gzip.NewReader(base64.NewDecoder(base64.StdEncoding, strings.NewReader(latestFormatFile)))
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(z)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// walkH5 calls visit with each object reachable from the root group, once, and a path to it
// (groups end in "/"). It goes no deeper than 64 groups, so that the paths of a malformed file
// stay short.
func walkH5(h *h5File, visit func(path string, obj *h5Object)) {
	seen := map[uint64]bool{}
	var walk func(path string, obj *h5Object, depth int)
	walk = func(path string, obj *h5Object, depth int) {
		if seen[obj.addr] || depth > 64 {
			return
		}
		seen[obj.addr] = true
		visit(path, obj)
		if !obj.group || obj.linksErr != nil {
			return
		}
		for _, name := range obj.names {
			child := h.f.objects[obj.links[name]]
			p := path + name
			if child.group {
				p += "/"
			}
			walk(p, child, depth+1)
		}
	}
	walk("/", h.f.objects[h.f.root], 0)
}

// attributeNames lists the names of obj's attribute messages that parse.
func attributeNames(obj *h5Object) []string {
	var names []string
	for _, m := range obj.msgs {
		if m.typ == msgAttribute {
			if a, err := parseAttribute(m.data); err == nil {
				names = append(names, a.name)
			}
		}
	}
	return names
}

// exercise reads all that the API gives of h: every group's string attributes, and every
// dataset's values as floats of its own shape.
func exercise(h *h5File) {
	walkH5(h, func(path string, obj *h5Object) {
		if !obj.group {
			if d, err := h.dataset(path); err == nil {
				h.floats(path, d.shape)
			}
			return
		}
		h.isGroup(path)
		for _, name := range append(attributeNames(obj), "layer_names", "weight_names") {
			h.stringsAttr(path, name)
		}
	})
}

// snapshot describes all that the API gives of h, by path.
func snapshot(h *h5File) map[string]string {
	s := map[string]string{}
	walkH5(h, func(path string, obj *h5Object) {
		if obj.group {
			desc := fmt.Sprint("group ", h.isGroup(path))
			for _, name := range attributeNames(obj) {
				list, ok, err := h.stringsAttr(path, name)
				desc += fmt.Sprintf(" %s=%q/%v/%v", name, list, ok, err)
			}
			s[path] = desc
			return
		}
		// The type and shape, as they read in the file's byte order or any other.
		var desc struct {
			shape    []int
			elemSize int
		}
		d, err := h.dataset(path)
		if err == nil {
			desc.shape, desc.elemSize = d.shape, d.elemSize
		}
		v, err2 := h.floats(path, desc.shape)
		s[path] = fmt.Sprint(desc, err, v, err2)
	})
	return s
}

// refDatasetInfo matches scigolib's description of a dataset's type and shape.
var refDatasetInfo = regexp.MustCompile(`^Dataset: (\w+) \(size=(\d+) bytes\), (scalar|\d+D array \[([0-9 x]*)\])`)

// compareWithReference checks that the reader finds in the file at path what scigolib does:
// the same groups and datasets, the same string attributes, the same shapes and the same
// values, bit for bit.
func compareWithReference(t *testing.T, path string, h *h5File) (groups, datasets, attrs int) {
	t.Helper()
	ref, err := scigolib.Open(path)
	if err != nil {
		t.Fatalf("scigolib: %v", err)
	}
	defer ref.Close()
	refPaths := map[string]bool{}
	ref.Walk(func(p string, obj scigolib.Object) {
		refPaths[p] = true
		switch o := obj.(type) {
		case *scigolib.Group:
			groups++
			if !h.isGroup(p) {
				t.Errorf("%s: not a group", p)
			}
			as, err := o.Attributes()
			if err != nil {
				t.Errorf("%s: scigolib: %v", p, err)
				return
			}
			for _, a := range as {
				v, _ := a.ReadValue()
				var want []string
				switch v := v.(type) {
				case string:
					want = []string{v}
				case []string:
					want = v
				case []any: // an empty attribute of any type, as Keras writes for no weights
					if len(v) > 0 {
						continue
					}
				default:
					continue
				}
				attrs++
				got, ok, err := h.stringsAttr(p, a.Name)
				if err != nil || !ok || !slices.Equal(got, want) {
					t.Errorf("%s attribute %s: got %q, %v, %v; scigolib %q", p, a.Name, got, ok, err, want)
				}
			}
		case *scigolib.Dataset:
			datasets++
			info, err := o.Info()
			m := refDatasetInfo.FindStringSubmatch(info)
			if err != nil || m == nil {
				t.Errorf("%s: scigolib: %q, %v", p, info, err)
				return
			}
			d, err := h.dataset(p)
			if m[1] != "float" {
				if err == nil {
					t.Errorf("%s: a dataset of %s read as floats", p, m[1])
				}
				return
			}
			var shape []int
			size, _ := strconv.ParseFloat(m[2], 64)
			for _, f := range strings.FieldsFunc(m[4], func(r rune) bool { return r == ' ' || r == 'x' }) {
				n, _ := strconv.Atoi(f)
				shape = append(shape, n)
				size *= float64(n)
			}
			if size > float64(len(h.f.buf)) {
				// A shape the file cannot hold, which scigolib would try to allocate.
				if err == nil {
					t.Errorf("%s: shape %v of %s-byte values accepted in a file of %d bytes", p, shape, m[2], len(h.f.buf))
				}
				return
			}
			if err != nil {
				t.Errorf("%s: %v", p, err)
				return
			}
			if !slices.Equal(d.shape, shape) || strconv.Itoa(d.elemSize) != m[2] {
				t.Errorf("%s: shape %v of %d bytes; scigolib %v of %s", p, d.shape, d.elemSize, shape, m[2])
			}
			want, err := o.Read()
			if err != nil {
				t.Errorf("%s: scigolib: %v", p, err)
				return
			}
			got, err := h.floats(p, d.shape)
			if err != nil || len(got) != len(want) {
				t.Errorf("%s: %d values, %v; scigolib %d", p, len(got), err, len(want))
				return
			}
			for i := range got {
				if math.Float32bits(got[i]) != math.Float32bits(float32(want[i])) {
					t.Errorf("%s[%d] = %v, scigolib %v", p, i, got[i], want[i])
					return
				}
			}
		}
	})
	walkH5(h, func(p string, _ *h5Object) {
		if !refPaths[p] {
			t.Errorf("%s: not in scigolib's walk", p)
		}
	})
	return groups, datasets, attrs
}

func TestHDF5MatchesReference(t *testing.T) {
	samples := realH5Files(t)
	if len(samples) == 0 {
		t.Skip("no real Keras files")
	}
	for _, s := range samples {
		t.Run(s.name, func(t *testing.T) {
			h, err := openH5(s.path)
			if err != nil {
				t.Fatal(err)
			}
			groups, datasets, attrs := compareWithReference(t, s.path, h)
			if datasets == 0 || attrs == 0 {
				t.Error("nothing compared")
			}
			t.Logf("%d groups, %d datasets, %d string attributes", groups, datasets, attrs)
		})
	}
}

func TestHDF5FixturesMatchReference(t *testing.T) {
	for _, s := range fixtureH5Files(t) {
		t.Run(s.name, func(t *testing.T) {
			h, err := openH5(s.path)
			if err != nil {
				t.Skipf("not read: %v", err) // the malformed files of the loaders' tests
			}
			if _, err := scigolib.Open(s.path); err != nil {
				t.Skipf("scigolib: %v", err)
			}
			compareWithReference(t, s.path, h)
		})
	}
}

func TestHDF5LatestFormat(t *testing.T) {
	data := latestFormat(t)
	h, err := newH5File(data, true)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"/", "/model_weights/", "/model_weights/gru/", "/model_weights/gru/gru/", "/model_weights/dropout/", "/optimizer/"} {
		if !h.isGroup(p) {
			t.Errorf("%s: not a group", p)
		}
	}
	for _, p := range []string{"/model_weights", "/model_weights/gru/gru/soft/", "/model_weights/gru/gru/kernel:0/", "/none/", "//", "model_weights/"} {
		if h.isGroup(p) {
			t.Errorf("%s: a group", p)
		}
	}
	for _, c := range []struct {
		path, name string
		want       []string
	}{
		{"/", "keras_version", []string{"2.10.0"}}, // variable-length
		{"/", "model_config", []string{`{"class_name": "Sequential"}`}},
		{"/", "names", []string{"a0", "b0", "a1", "b1", "a2", "b2"}},   // Keras' chunks, joined
		{"/model_weights/", "layer_names", []string{"gru", "dropout"}}, // padding stripped
		{"/model_weights/gru/", "weight_names", []string{"gru/kernel:0", "gru/bias:0"}},
		{"/model_weights/dropout/", "weight_names", nil}, // an empty array of floats
	} {
		got, ok, err := h.stringsAttr(c.path, c.name)
		if err != nil || !ok || !slices.Equal(got, c.want) {
			t.Errorf("%s attribute %s: %q, %v, %v; want %q", c.path, c.name, got, ok, err, c.want)
		}
	}
	if got, ok, err := h.stringsAttr("/", "layer_names"); got != nil || ok || err != nil {
		t.Errorf("absent attribute: %q, %v, %v", got, ok, err)
	}
	for _, c := range []struct {
		path  string
		shape []int
		size  int
		want  []float32
	}{
		{"/model_weights/gru/gru/kernel:0", []int{2, 3}, 4, []float32{1.5, -2.25, 3, 0.125, 5e-8, -6}},
		{"/model_weights/gru/gru/bias:0", []int{3}, 8, []float32{0.1, -0.2, 1e-40}},
		{"/model_weights/gru/gru/scalar", nil, 4, []float32{7.5}},
		{"/model_weights/gru/gru/empty", []int{0}, 4, []float32{}},
	} {
		d, err := h.dataset(c.path)
		if err != nil || !slices.Equal(d.shape, c.shape) || d.elemSize != c.size {
			t.Errorf("%s: %v, %v", c.path, d, err)
			continue
		}
		if got, err := h.floats(c.path, c.shape); err != nil || !slices.Equal(got, c.want) {
			t.Errorf("%s: %v, %v; want %v", c.path, got, err, c.want)
		}
		if _, err := h.floats(c.path, []int{5}); err == nil || !strings.Contains(err.Error(), "shape") {
			t.Errorf("%s read as shape [5]: %v", c.path, err)
		}
	}
	for path, want := range map[string]string{
		"/model_weights/gru/gru/chunked": "chunked/compressed datasets are not supported",
		"/model_weights/gru/gru/ints":    "integer values",
		"/model_weights/gru/gru/soft":    "no dataset",
		"/model_weights/gru/gru/":        "no dataset",
		"/optimizer/0":                   "dense storage (fractal heap)",
	} {
		if _, err := h.dataset(path); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want an error with %q", path, err, want)
		}
	}

	// The checksums of version 2 structures catch a changed byte.
	i := bytes.Index(data, []byte("keras_version"))
	data[i] = 'K'
	if _, err := newH5File(data, true); err == nil || !strings.Contains(err.Error(), "checksum") {
		t.Errorf("corrupt header: %v", err)
	}
	h, err = newH5File(data, false)
	if err != nil {
		t.Fatal(err)
	}
	if got, _, err := h.stringsAttr("/", "Keras_version"); !slices.Equal(got, []string{"2.10.0"}) {
		t.Errorf("unverified: %q, %v", got, err)
	}
}

// endOfFile is where a superblock of the given version keeps the file's end address.
func endOfFile(version byte) int {
	if version < 2 {
		return 40
	}
	return 28
}

// TestHDF5Truncated reads a file cut at every length: it must fail, and, once its superblock
// says it ends where it is cut, parse as far as its structures allow, without a panic.
func TestHDF5Truncated(t *testing.T) {
	files := [][]byte{latestFormat(t)}
	if samples := realH5Files(t); len(samples) > 0 {
		files = append(files, slices.MinFunc(samples, func(a, b h5Sample) int { return len(a.data) - len(b.data) }).data)
	}
	for _, data := range files {
		eof := endOfFile(data[8])
		for n := range len(data) {
			if _, err := newH5File(data[:n], true); err == nil {
				t.Fatalf("cut to %d of %d bytes: no error", n, len(data))
			}
			if n < eof+8 {
				continue
			}
			b := slices.Clone(data[:n])
			binary.LittleEndian.PutUint64(b[eof:], uint64(n))
			if h, err := newH5File(b, false); err == nil {
				exercise(h)
			}
		}
	}
}

// offsetOf returns where sub, a slice of buf, begins in it.
func offsetOf(buf, sub []byte) int {
	return int(uintptr(unsafe.Pointer(unsafe.SliceData(sub))) - uintptr(unsafe.Pointer(unsafe.SliceData(buf))))
}

// patch returns a copy of data changed by edit, which gets the copy parsed.
func patch(t *testing.T, data []byte, edit func(h *h5File, buf []byte)) []byte {
	t.Helper()
	buf := slices.Clone(data)
	h, err := newH5File(buf, false)
	if err != nil {
		t.Fatal(err)
	}
	edit(h, buf)
	return buf
}

// objectAt returns the object at path, which must exist.
func objectAt(t *testing.T, h *h5File, path string) *h5Object {
	t.Helper()
	obj, err := h.object(path)
	if err != nil || obj == nil {
		t.Fatalf("%s: %v", path, err)
	}
	return obj
}

func messageOf(t *testing.T, obj *h5Object, typ uint16) h5Message {
	t.Helper()
	m, ok, err := obj.message(typ)
	if err != nil || !ok {
		t.Fatalf("no message %#x: %v", typ, err)
	}
	return m
}

func TestHDF5HugeDataspace(t *testing.T) {
	const path = "/model_weights/gru/gru/kernel:0"
	for _, dims := range [][]uint64{{1e6, 1e6}, {1 << 62, 4}, {math.MaxUint64, math.MaxUint64}, {0, 1 << 40}} {
		b := patch(t, latestFormat(t), func(h *h5File, buf []byte) {
			space := messageOf(t, objectAt(t, h, path), msgDataspace).data // version 2, rank 2
			binary.LittleEndian.PutUint64(space[4:], dims[0])
			binary.LittleEndian.PutUint64(space[12:], dims[1])
		})
		h, err := newH5File(b, false)
		if err != nil {
			t.Fatal(err)
		}
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		_, err1 := h.dataset(path)
		_, err2 := h.floats(path, []int{1e6, 1e6})
		runtime.ReadMemStats(&after)
		if err1 == nil || err2 == nil {
			t.Errorf("dimensions %v: %v, %v", dims, err1, err2)
		}
		if n := after.TotalAlloc - before.TotalAlloc; n > 1<<20 {
			t.Errorf("dimensions %v: %d bytes allocated", dims, n)
		}
	}
}

func TestHDF5Loops(t *testing.T) {
	mustFail := func(t *testing.T, b []byte, want string) {
		t.Helper()
		if _, err := newH5File(b, false); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%v, want an error with %q", err, want)
		}
	}
	t.Run("continuation block that continues itself", func(t *testing.T) {
		mustFail(t, patch(t, latestFormat(t), func(h *h5File, buf []byte) {
			root := h.f.objects[h.f.root]
			c := h5Cursor{b: messageOf(t, root, msgContinuation).data}
			at, size := c.u64(), c.u64()
			// Make the block's first message (after "OCHK") a continuation to the block.
			for _, m := range root.msgs {
				if off := offsetOf(buf, m.data); uint64(off) > at && uint64(off) < at+size {
					buf[off-6] = msgContinuation // a 6-byte header: creation orders are tracked
					binary.LittleEndian.PutUint64(m.data, at)
					binary.LittleEndian.PutUint64(m.data[8:], size)
					break
				}
			}
		}), "loops")
	})
	t.Run("version 1 continuation to itself", func(t *testing.T) {
		real := smallestRealH5(t)
		mustFail(t, patch(t, real.data, func(h *h5File, buf []byte) {
			// Turn a NIL message into a continuation whose block is that message.
			for _, obj := range h.f.objects {
				for _, m := range obj.msgs {
					if m.typ == 0 && len(m.data) >= 16 {
						off := offsetOf(buf, m.data) - 8
						binary.LittleEndian.PutUint16(buf[off:], msgContinuation)
						binary.LittleEndian.PutUint64(m.data, uint64(off))
						binary.LittleEndian.PutUint64(m.data[8:], uint64(8+len(m.data)))
						return
					}
				}
			}
			t.Fatal("no NIL message")
		}), "loops")
	})
	btree := func(t *testing.T, h *h5File, buf []byte) []byte {
		m := messageOf(t, h.f.objects[h.f.root], msgSymbolTable)
		return buf[binary.LittleEndian.Uint64(m.data):]
	}
	t.Run("B-tree node that is its own child", func(t *testing.T) {
		real := smallestRealH5(t)
		mustFail(t, patch(t, real.data, func(h *h5File, buf []byte) {
			node := btree(t, h, buf)
			node[5] = 1 // level
			binary.LittleEndian.PutUint64(node[24+8:], uint64(offsetOf(buf, node)))
		}), "loops")
	})
	t.Run("symbol table node listed twice", func(t *testing.T) {
		real := smallestRealH5(t)
		mustFail(t, patch(t, real.data, func(h *h5File, buf []byte) {
			node := btree(t, h, buf)
			binary.LittleEndian.PutUint16(node[6:], 2)
			copy(node[24+16+8:], node[24+8:24+16])
		}), "twice")
	})
	t.Run("group that contains itself", func(t *testing.T) {
		b := patch(t, latestFormat(t), func(h *h5File, buf []byte) {
			// Point the link "gru" of model_weights at model_weights.
			mw := objectAt(t, h, "/model_weights/")
			for _, m := range mw.msgs {
				if name, _, _, _ := parseLink(m.data); m.typ == msgLink && name == "gru" {
					binary.LittleEndian.PutUint64(m.data[len(m.data)-8:], mw.addr)
				}
			}
		})
		h, err := newH5File(b, false)
		if err != nil {
			t.Fatal(err)
		}
		exercise(h)
		deep := "/model_weights/" + strings.Repeat("gru/", 1000)
		if !h.isGroup(deep) {
			t.Error("the cycle is not followed")
		}
		if got, _, err := h.stringsAttr(deep, "layer_names"); !slices.Equal(got, []string{"gru", "dropout"}) {
			t.Errorf("%q, %v", got, err)
		}
	})
}

// TestHDF5Variants reads a real file changed into the forms that other writers or versions
// give the same content, and expects the same answers.
func TestHDF5Variants(t *testing.T) {
	real := smallestRealH5(t)
	h, err := newH5File(real.data, true)
	if err != nil {
		t.Fatal(err)
	}
	want := snapshot(h)
	// floatSets lists the contiguous float32 datasets, by path.
	var floatSets []string
	walkH5(h, func(path string, obj *h5Object) {
		if d, err := h.dataset(path); err == nil && d.elemSize == 4 && !obj.group {
			floatSets = append(floatSets, path)
		}
	})
	slices.Sort(floatSets)
	if len(floatSets) == 0 {
		t.Fatal("no float32 datasets")
	}
	same := func(t *testing.T, b []byte) {
		t.Helper()
		h, err := newH5File(b, true)
		if err != nil {
			t.Fatal(err)
		}
		got := snapshot(h)
		for p, w := range want {
			if got[p] != w {
				t.Errorf("%s: %s\nwant %s", p, got[p], w)
			}
		}
		if len(got) != len(want) {
			t.Errorf("%d objects, want %d", len(got), len(want))
		}
	}
	t.Run("user block", func(t *testing.T) {
		same(t, append(bytes.Repeat([]byte("user block "), 512/11+1)[:512], real.data...))
	})
	t.Run("superblock version 1", func(t *testing.T) {
		b := slices.Clone(real.data)
		// Version 1 inserts 4 bytes (the chunk B-tree's K, reserved) before the addresses;
		// of the root entry that follows, the reader needs the object header's address only.
		b[8] = 1
		copy(b[28:76], real.data[24:72])
		same(t, b)
	})
	t.Run("big-endian", func(t *testing.T) {
		same(t, patch(t, real.data, func(h *h5File, buf []byte) {
			for _, p := range floatSets {
				obj := objectAt(t, h, p)
				messageOf(t, obj, msgDatatype).data[1] |= 1
				d, _ := h.dataset(p)
				for i := 0; i < len(d.raw); i += 4 {
					slices.Reverse(d.raw[i : i+4])
				}
			}
		}))
	})
	t.Run("layout version 2", func(t *testing.T) {
		changed := 0
		same(t, patch(t, real.data, func(h *h5File, buf []byte) {
			for _, p := range floatSets {
				d, _ := h.dataset(p)
				layout := messageOf(t, objectAt(t, h, p), msgLayout).data
				if len(d.shape) > 2 || len(layout) < 24 {
					continue
				}
				// Version, rank, class (contiguous), 5 reserved bytes, address, dimensions.
				addr := binary.LittleEndian.Uint64(layout[2:])
				copy(layout, []byte{2, byte(len(d.shape)), 1, 0, 0, 0, 0, 0})
				binary.LittleEndian.PutUint64(layout[8:], addr)
				for i, n := range d.shape {
					binary.LittleEndian.PutUint32(layout[16+4*i:], uint32(n))
				}
				changed++
			}
		}))
		if changed == 0 {
			t.Error("no layout message with room for version 2")
		}
	})
	t.Run("compact", func(t *testing.T) {
		compacted := 0
		same(t, patch(t, real.data, func(h *h5File, buf []byte) {
			for i, p := range floatSets {
				d, _ := h.dataset(p)
				layout := messageOf(t, objectAt(t, h, p), msgLayout).data
				raw := slices.Clone(d.raw)
				if i%2 == 0 && len(raw) <= len(layout)-4 {
					// Version 3: version, class 0, the data's size in 2 bytes, the data.
					copy(layout, []byte{3, 0, byte(len(raw)), byte(len(raw) >> 8)})
					copy(layout[4:], raw)
				} else if len(raw) <= len(layout)-20 && len(d.shape) == 1 {
					// Version 1: version, rank, class 0, 5 reserved bytes, dimensions, the
					// data's size in 4 bytes, the data.
					copy(layout, []byte{1, 1, 0, 0, 0, 0, 0, 0})
					binary.LittleEndian.PutUint32(layout[8:], uint32(d.shape[0]))
					binary.LittleEndian.PutUint32(layout[12:], uint32(len(raw)))
					copy(layout[16:], raw)
				} else {
					continue
				}
				compacted++
			}
		}))
		if compacted == 0 {
			t.Error("no dataset small enough to store compactly")
		}
	})
}

func TestHDF5Rejects(t *testing.T) {
	latest := latestFormat(t)
	for _, c := range []struct {
		name string
		data []byte
		want string
	}{
		{"empty", nil, "not an HDF5 file"},
		{"text", []byte(strings.Repeat("not HDF5 ", 100)), "not an HDF5 file"},
		{"signature alone", hdf5Magic, "ends inside its superblock"},
		{"superblock version 4", append(slices.Clip(hdf5Magic), 4), "superblock version 4"},
		{"4-byte addresses", append(slices.Clone(latest[:9]), append([]byte{4}, latest[10:]...)...), "8-byte"},
		{"cut", latest[:len(latest)-1], "truncated file"},
		{"root address", append(slices.Clone(latest[:36]), append(bytes.Repeat([]byte{0xff}, 8), latest[44:]...)...), "checksum"},
	} {
		if _, err := newH5File(c.data, true); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want an error with %q", c.name, err, c.want)
		}
	}

	// A float type that is not IEEE's.
	const path = "/model_weights/gru/gru/kernel:0"
	b := patch(t, latest, func(h *h5File, buf []byte) {
		messageOf(t, objectAt(t, h, path), msgDatatype).data[8+8]++ // the exponent's bias
	})
	h, err := newH5File(b, false)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.dataset(path); err == nil || !strings.Contains(err.Error(), "IEEE") {
		t.Errorf("exponent bias 128: %v", err)
	}

	// A float64 beyond float32's range.
	const path64 = "/model_weights/gru/gru/bias:0"
	b = patch(t, latest, func(h *h5File, buf []byte) {
		d, _ := h.dataset(path64)
		binary.LittleEndian.PutUint64(d.raw, math.Float64bits(1e300))
	})
	if h, err = newH5File(b, false); err != nil {
		t.Fatal(err)
	}
	if _, err := h.floats(path64, []int{3}); err == nil || !strings.Contains(err.Error(), "float32's range") {
		t.Errorf("1e300: %v", err)
	}

	// A file larger than any model is refused before it is read.
	huge := filepath.Join(t.TempDir(), "huge.h5")
	if err := os.WriteFile(huge, latest, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(huge, maxFileSize+1); err != nil {
		t.Skip(err)
	}
	if _, err := openH5(huge); err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Errorf("%d bytes: %v", int64(maxFileSize+1), err)
	}
}

// TestHDF5Budget checks that scanning names is charged to the parser's budget, so that many
// entries naming one long run of bytes end in an error rather than in quadratic time.
func TestHDF5Budget(t *testing.T) {
	heap := append(bytes.Repeat([]byte("a"), 1000), 0)
	f := &hdf5{budget: 5000}
	var err error
	for off := uint64(0); off < 10 && err == nil; off++ {
		_, err = f.heapName(heap, off)
	}
	if err == nil || !strings.Contains(err.Error(), "overlap") {
		t.Errorf("after 10 scans of 1000 bytes with a budget of 5000: %v", err)
	}
}

// FuzzHDF5 parses arbitrary bytes and reads all that the API gives of them. Checksums are not
// verified, so that mutated version 2 structures reach the parsers behind them.
func FuzzHDF5(f *testing.F) {
	f.Add(latestFormat(f))
	// The fuzzer minimizes each input that reaches new code, for up to a minute and in a time
	// that grows with its size: the larger real files seed it with their first 64 KiB, which
	// hold their superblock and first groups, the end address in the superblock set to match.
	const maxSeed = 64 << 10
	for _, s := range append(realH5Files(f), fixtureH5Files(f)...) {
		b := s.data
		if len(b) > maxSeed && bytes.HasPrefix(b, hdf5Magic) {
			b = slices.Clone(b[:maxSeed])
			binary.LittleEndian.PutUint64(b[endOfFile(b[8]):], maxSeed)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if h, err := newH5File(b, false); err == nil {
			exercise(h)
		}
	})
}

// BenchmarkOpenH5 opens a 10 MB file and reads all its weights.
func BenchmarkOpenH5(b *testing.B) {
	path := filepath.Join(b.TempDir(), "big.h5")
	w, err := scigolib.CreateForWrite(path, scigolib.CreateTruncate)
	if err != nil {
		b.Fatal(err)
	}
	const sets, n = 20, 1 << 17
	values := make([]float32, n)
	for i := range values {
		values[i] = float32(i)
	}
	for i := range sets {
		d, err := w.CreateDataset(fmt.Sprintf("/w%d", i), scigolib.Float32, []uint64{n / 256, 256})
		if err != nil {
			b.Fatal(err)
		}
		if err := d.Write(values); err != nil {
			b.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		b.Fatal(err)
	}
	fi, _ := os.Stat(path)
	b.SetBytes(fi.Size())
	for b.Loop() {
		h, err := openH5(path)
		if err != nil {
			b.Fatal(err)
		}
		for i := range sets {
			if _, err := h.floats(fmt.Sprintf("/w%d", i), []int{n / 256, 256}); err != nil {
				b.Fatal(err)
			}
		}
		h.close()
	}
}
