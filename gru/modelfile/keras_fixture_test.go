package modelfile_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/scigolib/hdf5"

	"github.com/fastgru/fastgru/gru"
	"github.com/fastgru/fastgru/gru/modelfile"
)

// The fixtures in testdata/keras are written by testdata/keras/make.mjs (npm's h5wasm, the HDF5
// C library compiled to WebAssembly), laid out as Keras 2.3, tf.keras 2.10 and Keras 3 write
// their files. Their weights are not read back here: both sides draw them from the same seeded
// stream (fixtureWeights), so the expected outputs owe nothing to an HDF5 reader.
const fixtureDir = "testdata/keras"

// fixtureWeights draws the n weights that make.mjs's draw() wrote for key, "<file>:<layer>:<i>":
// xorshift32 seeded with the FNV-1a hash of the key, each value a multiple of 2^-24 in
// [-0.5, 0.5), which float32 holds exactly.
func fixtureWeights(key string, n int) []float64 {
	h := fnv.New32a()
	h.Write([]byte(key))
	x := h.Sum32()
	if x == 0 {
		x = 1
	}
	w := make([]float64, n)
	for i := range w {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		w[i] = float64(int32(x>>8)-0x800000) / 0x1000000
	}
	return w
}

// TestFixtureWeights reads one fixture's kernel with the HDF5 library and checks that it holds
// what fixtureWeights draws: the Go and JavaScript streams agree, value for value.
func TestFixtureWeights(t *testing.T) {
	w := openH5Weights(t, filepath.Join(fixtureDir, "k2_legacy.h5"))
	got := w.get("model_weights/gru_1/gru_1/kernel:0", 15, 48)
	want := fixtureWeights("k2_legacy.h5:gru_1:0", 15*48)
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("value %d is %v in the file, %v drawn", i, got[i], want[i])
		}
	}
}

// fixGRU is the reference GRU of a layer of a fixture, with the weights drawn for it.
func fixGRU(file, layer string, in, units int, resetAfter bool) *refGRU {
	bias := 3 * units
	if resetAfter {
		bias *= 2
	}
	return &refGRU{units: units, resetAfter: resetAfter,
		kernel:    fixtureWeights(file+":"+layer+":0", in*3*units),
		recurrent: fixtureWeights(file+":"+layer+":1", units*3*units),
		bias:      fixtureWeights(file+":"+layer+":2", bias)}
}

func fixDense(file, layer string, in, units int, act string) *refDense {
	return &refDense{units: units, activation: act,
		kernel: fixtureWeights(file+":"+layer+":0", in*units),
		bias:   fixtureWeights(file+":"+layer+":1", units)}
}

// goodFixture is a fixture that loads, and what its model computes.
type goodFixture struct {
	file           string
	time, features int // time 0: an open time dimension (None)
	model          func(file string) (refModel, []summaryRow)
	// goModel, for a weights-only file, builds the model that LoadKerasWeights fills.
	goModel func() (*gru.Sequential, error)
}

// taggerModel builds in Go the tagger that most fixtures hold, a softmax over 15 classes per time
// step: GRU(16, return_sequences) → TimeDistributed(Dense(15)) → softmax on 15 features of any
// time, with Keras 3's default reset_after or Keras 2's without.
func taggerModel(resetAfter bool, gate string) func() (*gru.Sequential, error) {
	return func() (*gru.Sequential, error) {
		return gru.NewSequential([]int{gru.AnyTime, 15},
			&gru.GRU{Units: 16, ReturnSequences: true, ResetAfter: resetAfter, RecurrentActivation: gate},
			&gru.TimeDistributed{Layer: &gru.Dense{Units: 15}},
			&gru.Activation{Activation: "softmax"})
	}
}

// taggerRef is the reference of that model, with the weights drawn under the layer names given.
func taggerRef(file, gruName, tdName string, resetAfter bool, gate string, keras3 bool) refModel {
	g := fixGRU(file, gruName, 15, 16, resetAfter)
	g.returnSequences, g.recurrentActivation, g.keras3 = true, gate, keras3
	return refModel{g, refTimeDistributed{fixDense(file, tdName, 16, 15, "linear")}, refActivation{name: "softmax"}}
}

var taggerRows = []summaryRow{
	{"gru", "GRU", gruParams(15, 16, true)},
	{"time_distributed", "TimeDistributed", denseParams(16, 15)},
	{"activation", "Activation", 0},
}

var goodFixtures = []goodFixture{
	{
		// Keras 3.6 Sequential: (None, 15) → GRU(16, rs) → TimeDistributed(Dense(15)) →
		// Activation(softmax), with an optimizer state in the weights file.
		file: "k3_seq_softmax.keras", features: 15,
		model: func(file string) (refModel, []summaryRow) {
			return taggerRef(file, "gru", "time_distributed", true, "", true), taggerRows
		},
	},
	{
		// Keras 3.15 Sequential: (64, 15) → GRU "gru_7"(16, rs) → Dense "dense_3"(15, softmax)
		// on the 3-D output; the weights are under layers/gru and layers/dense.
		file: "k3_seq_dense_t64.keras", time: 64, features: 15,
		model: func(file string) (refModel, []summaryRow) {
			g := fixGRU(file, "gru_7", 15, 16, true)
			g.returnSequences = true
			return refModel{g, fixDense(file, "dense_3", 16, 15, "softmax")},
				[]summaryRow{{"gru_7", "GRU", gruParams(15, 16, true)}, {"dense_3", "Dense", denseParams(16, 15)}}
		},
	},
	{
		// Keras 3.10 Functional chain: input_layer (None, 15) → GRU "encoder"(16) → Dense
		// "head"(15, tanh).
		file: "k3_functional.keras", features: 15,
		model: func(file string) (refModel, []summaryRow) {
			return refModel{fixGRU(file, "encoder", 15, 16, true), fixDense(file, "head", 16, 15, "tanh")},
				[]summaryRow{{"encoder", "GRU", gruParams(15, 16, true)}, {"head", "Dense", denseParams(16, 15)}}
		},
	},
	{
		// Keras 3.6: GRU(16, rs, reset_after=False, hard_sigmoid) → Dropout → GRU(12, rs,
		// go_backwards) → Dropout → TimeDistributed(Dense(15, relu)); Keras 3's hard_sigmoid.
		file: "k3_stacked.keras", features: 15,
		model: func(file string) (refModel, []summaryRow) {
			g := fixGRU(file, "gru", 15, 16, false)
			g.returnSequences, g.recurrentActivation, g.keras3 = true, "hard_sigmoid", true
			g1 := fixGRU(file, "gru_1", 16, 12, true)
			g1.returnSequences, g1.goBackwards = true, true
			return refModel{g, refDropout{}, g1, refDropout{}, refTimeDistributed{fixDense(file, "time_distributed", 12, 15, "relu")}},
				[]summaryRow{{"gru", "GRU", gruParams(15, 16, false)}, {"gru_1", "GRU", gruParams(16, 12, true)},
					{"time_distributed", "TimeDistributed", denseParams(12, 15)}}
		},
	},
	{
		// Keras 2.3.1 legacy .h5 of the tagger: reset_after=False, Keras 2's
		// hard_sigmoid, weights at model_weights/gru_1/gru_1/kernel:0.
		file: "k2_legacy.h5", features: 15,
		model: func(file string) (refModel, []summaryRow) {
			return taggerRef(file, "gru_1", "time_distributed_1", false, "hard_sigmoid", false),
				[]summaryRow{{"gru_1", "GRU", gruParams(15, 16, false)}, {"time_distributed_1", "TimeDistributed", denseParams(16, 15)},
					{"activation_1", "Activation", 0}}
		},
	},
	{
		// tf.keras 2.10 legacy .h5: InputLayer (64, 15) → GRU(16, rs, go_backwards) → Dropout →
		// GRU(8) → Dense(15, softmax).
		file: "k2_tfkeras.h5", time: 64, features: 15,
		model: func(file string) (refModel, []summaryRow) {
			g := fixGRU(file, "gru", 15, 16, true)
			g.returnSequences, g.goBackwards = true, true
			return refModel{g, refDropout{}, fixGRU(file, "gru_1", 16, 8, true), fixDense(file, "dense", 8, 15, "softmax")},
				[]summaryRow{{"gru", "GRU", gruParams(15, 16, true)}, {"gru_1", "GRU", gruParams(16, 8, true)},
					{"dense", "Dense", denseParams(8, 15)}}
		},
	},
	{
		// Keras 3.10 legacy .h5: (None, 15) → GRU(16, rs, hard_sigmoid) → Dense(15, softmax);
		// Keras 3's hard_sigmoid.
		file: "k3_legacy.h5", features: 15,
		model: func(file string) (refModel, []summaryRow) {
			g := fixGRU(file, "gru", 15, 16, true)
			g.returnSequences, g.recurrentActivation, g.keras3 = true, "hard_sigmoid", true
			return refModel{g, fixDense(file, "dense", 16, 15, "softmax")},
				[]summaryRow{{"gru", "GRU", gruParams(15, 16, true)}, {"dense", "Dense", denseParams(16, 15)}}
		},
	},
	{
		// Keras 3 save_weights of the tagger.
		file: "k3_weights.weights.h5", features: 15, goModel: taggerModel(true, ""),
		model: func(file string) (refModel, []summaryRow) {
			return taggerRef(file, "gru", "time_distributed", true, "", true), taggerRows
		},
	},
	{
		// tf.keras 2 save_weights of the tagger (gru/gru/gru_cell/kernel:0).
		file: "k2_weights.h5", features: 15, goModel: taggerModel(true, ""),
		model: func(file string) (refModel, []summaryRow) {
			return taggerRef(file, "gru", "time_distributed", true, "", false), taggerRows
		},
	},
	{
		// Keras 2.3 save_weights of the tagger with reset_after=False
		// (gru_1/gru_1/kernel:0), into a model with Keras 2's hard_sigmoid.
		file: "k2_weights_v23.h5", features: 15, goModel: taggerModel(false, "hard_sigmoid"),
		model: func(file string) (refModel, []summaryRow) {
			rows := append([]summaryRow(nil), taggerRows...)
			rows[0].params = gruParams(15, 16, false)
			return taggerRef(file, "gru_1", "time_distributed_1", false, "hard_sigmoid", false), rows
		},
	},
}

func fixtureTimes(f goodFixture) []int {
	if f.time == 0 {
		return []int{1, 5, 17}
	}
	return []int{f.time}
}

// TestKerasFixtures loads each model fixture, and each .keras one unpacked into a directory too,
// and compares its outputs with the reference.
func TestKerasFixtures(t *testing.T) {
	for i, f := range goodFixtures {
		if f.goModel != nil {
			continue
		}
		t.Run(f.file, func(t *testing.T) {
			ref, rows := f.model(f.file)
			path := filepath.Join(fixtureDir, f.file)
			m := loadKeras(t, path, f.time, f.features)
			checkModel(t, loadedModel{m, ref, rows}, uint64(100+i), f.features, fixtureTimes(f)...)
			if strings.HasSuffix(f.file, ".keras") {
				t.Run("unpacked", func(t *testing.T) {
					dir := t.TempDir()
					extractZip(t, path, dir)
					m, err := modelfile.LoadKeras(dir)
					if err != nil {
						t.Fatalf("LoadKeras of the unpacked archive: %v", err)
					}
					checkModel(t, loadedModel{m, ref, rows}, uint64(100+i), f.features, fixtureTimes(f)...)
				})
			}
		})
	}
}

// TestKerasWeightsFixtures loads each weights-only fixture into its model built in Go.
func TestKerasWeightsFixtures(t *testing.T) {
	for i, f := range goodFixtures {
		if f.goModel == nil {
			continue
		}
		t.Run(f.file, func(t *testing.T) {
			ref, rows := f.model(f.file)
			m, err := f.goModel()
			if err != nil {
				t.Fatal(err)
			}
			if err := modelfile.LoadKerasWeights(m, filepath.Join(fixtureDir, f.file)); err != nil {
				t.Fatalf("LoadKerasWeights: %v", err)
			}
			checkModel(t, loadedModel{m, ref, rows}, uint64(200+i), f.features, fixtureTimes(f)...)
		})
	}
}

// TestKerasWeightsMismatch loads weights into models they do not fit: each is an error, and the
// model keeps the weights it had.
func TestKerasWeightsMismatch(t *testing.T) {
	m, err := taggerModel(true, "")()
	if err != nil {
		t.Fatal(err)
	}
	if err := modelfile.LoadKerasWeights(m, filepath.Join(fixtureDir, "k3_weights.weights.h5")); err != nil {
		t.Fatal(err)
	}
	ref := taggerRef("k3_weights.weights.h5", "gru", "time_distributed", true, "", true)
	for _, c := range []struct {
		file  string
		model func() (*gru.Sequential, error)
	}{
		// A (48,) bias where the model wants (2, 48), and the other way round.
		{"k2_weights_v23.h5", taggerModel(true, "")},
		{"k2_weights.h5", taggerModel(false, "")},
		{"k3_weights.weights.h5", taggerModel(false, "")},
		// 16 units stored, 12 wanted.
		{"k3_weights.weights.h5", func() (*gru.Sequential, error) {
			return gru.NewSequential([]int{gru.AnyTime, 15}, &gru.GRU{Units: 12, ReturnSequences: true},
				&gru.TimeDistributed{Layer: &gru.Dense{Units: 15}}, &gru.Activation{Activation: "softmax"})
		}},
		// 15 features stored, 7 wanted.
		{"k2_weights.h5", func() (*gru.Sequential, error) {
			return gru.NewSequential([]int{gru.AnyTime, 7}, &gru.GRU{Units: 16, ReturnSequences: true, ResetAfter: true},
				&gru.TimeDistributed{Layer: &gru.Dense{Units: 15}}, &gru.Activation{Activation: "softmax"})
		}},
	} {
		other, err := c.model()
		if err != nil {
			t.Fatal(err)
		}
		for _, target := range []*gru.Sequential{other, m} {
			if target == m && fmt.Sprint(m.WeightShapes()) != fmt.Sprint(other.WeightShapes()) {
				continue // only a file that fits neither model is tried on m
			}
			if err := modelfile.LoadKerasWeights(target, filepath.Join(fixtureDir, c.file)); err == nil {
				t.Errorf("%s into a model of weights %v: no error", c.file, target.WeightShapes())
			} else {
				t.Logf("%s: %v", c.file, err)
			}
		}
	}
	// A file of the right architecture but the wrong reset_after, on the loaded model itself.
	if err := modelfile.LoadKerasWeights(m, filepath.Join(fixtureDir, "k2_weights_v23.h5")); err == nil {
		t.Fatal("k2_weights_v23.h5 (bias (48,)) into a reset_after model: no error")
	}
	checkModel(t, loadedModel{m, ref, taggerRows}, 300, 15, 9)
	// A weights-only file has no model to load.
	for _, f := range []string{"k3_weights.weights.h5", "k2_weights.h5"} {
		if _, err := modelfile.LoadKeras(filepath.Join(fixtureDir, f)); err == nil {
			t.Errorf("LoadKeras(%s), a weights-only file: no error", f)
		}
	}
}

// badFixtures are the fixtures that LoadKeras must refuse, each with the words of which its
// error must name one: the layer or the feature at fault (none: any error).
var badFixtures = []struct {
	file  string
	words []string
}{
	{"bad_lstm.keras", []string{"LSTM"}},
	{"bad_bidirectional.keras", []string{"Bidirectional"}},
	{"bad_embedding.h5", []string{"Embedding"}},
	{"bad_stateful.keras", []string{"stateful"}},
	{"bad_unroll.h5", []string{"unroll"}},
	{"bad_graph.keras", []string{"output", "chain"}},
	{"bad_concat.keras", []string{"Concatenate"}},
	{"bad_shape.keras", []string{"head", "layers/dense/"}},
	{"bad_shape.h5", []string{"encoder"}},
	{"bad_missing.keras", []string{"head", "layers/dense/"}},
	{"bad_huge.h5", nil},
	{"bad_huge_chunked.keras", nil},
	{"bad_gcol.h5", nil},
	{"bad_truncated.h5", nil},
	{"bad_truncated.keras", nil},
	{"bad_truncated_weights.keras", nil},
}

// maxLoadAlloc bounds what loading a fixture of tens of kB may allocate, a file that claims
// terabytes included.
const maxLoadAlloc = 256 << 20

// allocated returns the bytes f allocates.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// loadNoPanic is LoadKeras, with a panic turned into a test failure, so that the tests after it
// still run.
func loadNoPanic(t *testing.T, path string) (m *gru.Sequential, err error) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			t.Fatalf("LoadKeras panicked: %v\n%s", r, debug.Stack())
		}
	}()
	return modelfile.LoadKeras(path)
}

// TestKerasBadFixtures checks that LoadKeras refuses each bad fixture with an error that names
// what is wrong, within bounded memory.
func TestKerasBadFixtures(t *testing.T) {
	for _, f := range badFixtures {
		t.Run(f.file, func(t *testing.T) {
			var m *gru.Sequential
			var err error
			n := allocated(func() { m, err = loadNoPanic(t, filepath.Join(fixtureDir, f.file)) })
			if n > maxLoadAlloc {
				t.Errorf("allocated %d MB", n>>20)
			}
			if err == nil {
				t.Fatalf("no error; the model:\n%s", m.Summary())
			}
			msg := strings.TrimPrefix(err.Error(), "modelfile: "+filepath.Join(fixtureDir, f.file))
			ok := len(f.words) == 0
			for _, w := range f.words {
				ok = ok || strings.Contains(msg, w)
			}
			if !ok {
				t.Errorf("error %q names none of %q", err, f.words)
			}
			t.Log(err)
		})
	}
}

// fixtureFiles lists the fixtures' paths.
func fixtureFiles(t testing.TB) []string {
	var files []string
	for _, pat := range []string{"*.keras", "*.h5"} {
		m, err := filepath.Glob(filepath.Join(fixtureDir, pat))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) == 0 {
		t.Fatal("no fixtures in " + fixtureDir)
	}
	return files
}

// zipEntries reads the entries of a .keras archive.
func zipEntries(t testing.TB, b []byte) map[string][]byte {
	r, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	entries := map[string][]byte{}
	for _, f := range r.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		entries[f.Name], err = io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
	}
	return entries
}

// writeArchive writes a .keras archive of config.json, metadata.json and model.weights.h5.
func writeArchive(t testing.TB, path string, config, metadata, weights []byte) {
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for _, e := range []struct {
		name string
		b    []byte
	}{{"metadata.json", metadata}, {"config.json", config}, {"model.weights.h5", weights}} {
		f, err := w.CreateHeader(&zip.FileHeader{Name: e.name, Method: zip.Store})
		if err != nil {
			t.Fatal(err)
		}
		f.Write(e.b)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
}

// Fuzz input kinds: a legacy .h5 file, a .keras archive, or the model.weights.h5 of an archive
// whose config.json and metadata.json are k3_seq_softmax.keras's (the mutations then reach the
// HDF5 reader instead of failing the zip's checksums).
const (
	fuzzH5 = iota
	fuzzKeras
	fuzzWeights
	fuzzKinds
)

// FuzzLoadKeras feeds LoadKeras mutated fixtures: it must return a model or an error, never
// panic, and allocate within bounds; a model it returns must run.
func FuzzLoadKeras(f *testing.F) {
	var base map[string][]byte
	for _, path := range fixtureFiles(f) {
		b, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		switch {
		case strings.HasSuffix(path, ".h5"):
			f.Add(b, byte(fuzzH5))
		case strings.HasSuffix(path, "k3_seq_softmax.keras"):
			base = zipEntries(f, b)
			f.Add(base["model.weights.h5"], byte(fuzzWeights))
			fallthrough
		default:
			f.Add(b, byte(fuzzKeras))
		}
	}
	f.Fuzz(func(t *testing.T, data []byte, kind byte) {
		dir := t.TempDir()
		path := filepath.Join(dir, "m.h5")
		switch kind % fuzzKinds {
		case fuzzH5:
			if err := os.WriteFile(path, data, 0o600); err != nil {
				t.Fatal(err)
			}
		case fuzzKeras:
			path = filepath.Join(dir, "m.keras")
			if err := os.WriteFile(path, data, 0o600); err != nil {
				t.Fatal(err)
			}
		case fuzzWeights:
			path = filepath.Join(dir, "m.keras")
			writeArchive(t, path, base["config.json"], base["metadata.json"], data)
		}
		var m *gru.Sequential
		var err error
		if n := allocated(func() { m, err = loadNoPanic(t, path) }); n > 1<<30 {
			t.Fatalf("LoadKeras of %d bytes allocated %d MB", len(data), n>>20)
		}
		if err != nil {
			return
		}
		in := m.InputShape()
		if in[0] == gru.AnyTime {
			in[0] = 3
		}
		if shapeSize(in) > 1<<20 {
			return
		}
		x := gru.Tensor{Shape: append([]int{2}, in...), Data: make([]float32, 2*shapeSize(in))}
		if _, err := m.Predict(x); err != nil {
			t.Fatalf("a loaded model does not run: %v", err)
		}
	})
}

// writeBigKeras writes, with the HDF5 library's own writer, a .keras archive of GRU(units) on
// units features (its three weights 2·units·3·units + 6·units float32s: 9.8 MB for 640) and
// Dense(1), and returns its path.
func writeBigKeras(b *testing.B, dir string, units int) string {
	h5 := filepath.Join(dir, "model.weights.h5")
	fw, err := hdf5.CreateForWrite(h5, hdf5.CreateTruncate, hdf5.WithSuperblockVersion(0))
	if err != nil {
		b.Fatal(err)
	}
	for _, g := range []string{"/layers", "/layers/gru", "/layers/gru/vars", "/layers/gru/cell", "/layers/gru/cell/vars",
		"/layers/dense", "/layers/dense/vars", "/vars"} {
		if _, err := fw.CreateGroup(g); err != nil {
			b.Fatal(err)
		}
	}
	for _, d := range []struct {
		path  string
		shape []uint64
	}{
		{"/layers/gru/cell/vars/0", []uint64{uint64(units), uint64(3 * units)}},
		{"/layers/gru/cell/vars/1", []uint64{uint64(units), uint64(3 * units)}},
		{"/layers/gru/cell/vars/2", []uint64{2, uint64(3 * units)}},
		{"/layers/dense/vars/0", []uint64{uint64(units), 1}},
		{"/layers/dense/vars/1", []uint64{1}},
	} {
		dw, err := fw.CreateDataset(d.path, hdf5.Float32, d.shape)
		if err != nil {
			b.Fatal(err)
		}
		n := 1
		for _, s := range d.shape {
			n *= int(s)
		}
		v := make([]float32, n)
		for i := range v {
			v[i] = float32(i%17-8) / 256
		}
		if err := dw.Write(v); err != nil {
			b.Fatal(err)
		}
		dw.Close()
	}
	if err := fw.Close(); err != nil {
		b.Fatal(err)
	}
	weights, err := os.ReadFile(h5)
	if err != nil {
		b.Fatal(err)
	}
	config := fmt.Sprintf(`{"module": "keras", "class_name": "Sequential", "config": {"name": "sequential", "trainable": true, `+
		`"layers": [{"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, null, %d], "dtype": "float32", "name": "input_layer"}}, `+
		`{"module": "keras.layers", "class_name": "GRU", "config": {"name": "gru", "units": %d, "activation": "tanh", "recurrent_activation": "sigmoid", "use_bias": true, "return_sequences": false, "reset_after": true}}, `+
		`{"module": "keras.layers", "class_name": "Dense", "config": {"name": "dense", "units": 1, "activation": "linear", "use_bias": true}}]}}`, units, units)
	path := filepath.Join(dir, "big.keras")
	writeArchive(b, path, []byte(config), []byte(`{"keras_version": "3.6.0", "date_saved": "2025-01-01@00:00:00"}`), weights)
	return path
}

// BenchmarkLoadKeras loads a .keras archive of about 10 MB: GRU(640) on 640 features and
// Dense(1). Loading should take well under 100 ms.
func BenchmarkLoadKeras(b *testing.B) {
	path := writeBigKeras(b, b.TempDir(), 640)
	fi, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(fi.Size())
	b.ReportAllocs()
	for b.Loop() {
		if _, err := modelfile.LoadKeras(path); err != nil {
			b.Fatal(err)
		}
	}
}
