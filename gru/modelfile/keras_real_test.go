package modelfile_test

import (
	"archive/zip"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/scigolib/hdf5"

	"github.com/fastgru/fastgru/gru"
	"github.com/fastgru/fastgru/gru/modelfile"
)

// The real model files are copies of files in public repositories (see SOURCES.md beside them),
// outside this module; the tests skip when they are absent.
const realKerasDir = "../../../shared/formats/keras"

// summaryRow is one layer of a model summary: its Keras name and class, and its weight count.
type summaryRow struct {
	name, class string
	params      int
}

func gruParams(in, units int, resetAfter bool) int {
	bias := 3 * units
	if resetAfter {
		bias *= 2
	}
	return 3*units*(in+units) + bias
}

func denseParams(in, units int) int { return in*units + units }

// h5Weights reads datasets of an HDF5 file, for the reference: the test's own reading, at paths
// written out per file, apart from the loader's.
type h5Weights struct {
	t    *testing.T
	file string
	sets map[string]*hdf5.Dataset
}

func openH5Weights(t *testing.T, path string) *h5Weights {
	t.Helper()
	f, err := hdf5.Open(path)
	if err != nil {
		t.Fatalf("hdf5: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	w := &h5Weights{t: t, file: path, sets: map[string]*hdf5.Dataset{}}
	f.Walk(func(p string, obj hdf5.Object) {
		if d, ok := obj.(*hdf5.Dataset); ok {
			w.sets[strings.TrimPrefix(p, "/")] = d
		}
	})
	return w
}

var arrayDims = regexp.MustCompile(`\d+D array \[([0-9 x]+)\]`)

// get reads the float32 dataset at path, which must have the shape given.
func (w *h5Weights) get(path string, shape ...int) []float64 {
	w.t.Helper()
	d, ok := w.sets[path]
	if !ok {
		w.t.Fatalf("%s: no dataset %s", w.file, path)
	}
	info, err := d.Info()
	if err != nil {
		w.t.Fatalf("%s: %s: %v", w.file, path, err)
	}
	m := arrayDims.FindStringSubmatch(info)
	if m == nil || !strings.Contains(info, "float (size=4 bytes)") {
		w.t.Fatalf("%s: %s is %s, want float32 of shape %v", w.file, path, info, shape)
	}
	var dims []int
	for _, s := range strings.Split(m[1], " x ") {
		n, _ := strconv.Atoi(s)
		dims = append(dims, n)
	}
	if fmt.Sprint(dims) != fmt.Sprint(shape) {
		w.t.Fatalf("%s: %s has shape %v, want %v", w.file, path, dims, shape)
	}
	v, err := d.Read()
	if err != nil || len(v) != shapeSize(shape) {
		w.t.Fatalf("%s: %s: %d values, %v", w.file, path, len(v), err)
	}
	return v
}

// gruLayer reads a GRU's kernel, recurrent kernel and bias from the datasets named.
func (w *h5Weights) gruLayer(names [3]string, in, units int, resetAfter bool) *refGRU {
	bias := []int{3 * units}
	if resetAfter {
		bias = []int{2, 3 * units}
	}
	return &refGRU{units: units, resetAfter: resetAfter,
		kernel:    w.get(names[0], in, 3*units),
		recurrent: w.get(names[1], units, 3*units),
		bias:      w.get(names[2], bias...)}
}

// denseLayer reads a Dense layer's kernel and bias.
func (w *h5Weights) denseLayer(names [2]string, in, units int, act string) *refDense {
	return &refDense{units: units, activation: act, kernel: w.get(names[0], in, units), bias: w.get(names[1], units)}
}

func keras3Vars(layer string, n int) (names [3]string) {
	for i := range n {
		names[i] = fmt.Sprintf("layers/%s/vars/%d", layer, i)
	}
	return names
}

func legacyNames(prefix, suffix string, vars ...string) (names [3]string) {
	for i, v := range vars {
		names[i] = prefix + v + suffix
	}
	return names
}

func two(n [3]string) [2]string { return [2]string{n[0], n[1]} }

// extractZip unpacks a .keras archive into dir.
func extractZip(t *testing.T, archive, dir string) {
	t.Helper()
	r, err := zip.OpenReader(archive)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	for _, f := range r.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(f.Name)), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

// realKerasFile is a real model file and what it holds, written out from its config.
type realKerasFile struct {
	file           string
	time, features int // time 0: an open time dimension (None)
	// model reads the weights and builds the reference and the summary rows the loaded model
	// should list (Dropout, which inference skips, left out).
	model func(w *h5Weights) (refModel, []summaryRow)
}

var realKerasFiles = []realKerasFile{
	{
		// Keras 3.6.0: Input(30, 3) → GRU(64, rs) → GRU(32) → Dense(16, relu) → Dropout → Dense(1).
		file: "xauusd_gru_model.keras", time: 30, features: 3,
		model: func(w *h5Weights) (refModel, []summaryRow) {
			g := w.gruLayer(keras3Vars("gru/cell", 3), 3, 64, true)
			g.returnSequences = true
			return refModel{
					g,
					w.gruLayer(keras3Vars("gru_1/cell", 3), 64, 32, true),
					w.denseLayer(two(keras3Vars("dense", 2)), 32, 16, "relu"),
					refDropout{},
					w.denseLayer(two(keras3Vars("dense_1", 2)), 16, 1, "linear"),
				}, []summaryRow{
					{"gru", "GRU", gruParams(3, 64, true)}, {"gru_1", "GRU", gruParams(64, 32, true)},
					{"dense", "Dense", denseParams(32, 16)}, {"dense_1", "Dense", denseParams(16, 1)},
				}
		},
	},
	{
		// Keras 3.15.0: Input(480, 3) → GRU(64, rs) → Dropout → GRU(32) → Dropout → Dense(1); the
		// config's gru_2, gru_3, dense_1 are stored as layers/gru, layers/gru_1, layers/dense.
		file: "deepak_gru_model.keras", time: 480, features: 3,
		model: func(w *h5Weights) (refModel, []summaryRow) {
			g := w.gruLayer(keras3Vars("gru/cell", 3), 3, 64, true)
			g.returnSequences = true
			return refModel{
					g, refDropout{},
					w.gruLayer(keras3Vars("gru_1/cell", 3), 64, 32, true), refDropout{},
					w.denseLayer(two(keras3Vars("dense", 2)), 32, 1, "linear"),
				}, []summaryRow{
					{"gru_2", "GRU", gruParams(3, 64, true)}, {"gru_3", "GRU", gruParams(64, 32, true)},
					{"dense_1", "Dense", denseParams(32, 1)},
				}
		},
	},
	{
		// Keras 3.10.0, legacy HDF5: Input(20, 5) → GRU(64) → Dense(1).
		file: "battery_gru_model.h5", time: 20, features: 5,
		model: func(w *h5Weights) (refModel, []summaryRow) {
			return refModel{
					w.gruLayer(legacyNames("model_weights/gru/sequential/gru/gru_cell/", "", "kernel", "recurrent_kernel", "bias"), 5, 64, true),
					w.denseLayer(two(legacyNames("model_weights/dense/sequential/dense/", "", "kernel", "bias")), 64, 1, "linear"),
				}, []summaryRow{
					{"gru", "GRU", gruParams(5, 64, true)}, {"dense", "Dense", denseParams(64, 1)},
				}
		},
	},
	{
		// tf.keras 2.10.0: (None, 20) → GRU(80, reset_after) → Dense(40) → Dense(1).
		file: "benedict_gru_model.h5", time: 0, features: 20,
		model: func(w *h5Weights) (refModel, []summaryRow) {
			return refModel{
					w.gruLayer(legacyNames("model_weights/gru/gru/gru_cell/", ":0", "kernel", "recurrent_kernel", "bias"), 20, 80, true),
					w.denseLayer(two(legacyNames("model_weights/dense_2/dense_2/", ":0", "kernel", "bias")), 80, 40, "linear"),
					w.denseLayer(two(legacyNames("model_weights/dense_3/dense_3/", ":0", "kernel", "bias")), 40, 1, "linear"),
				}, []summaryRow{
					{"gru", "GRU", gruParams(20, 80, true)}, {"dense_2", "Dense", denseParams(80, 40)},
					{"dense_3", "Dense", denseParams(40, 1)},
				}
		},
	},
	{
		// Keras 2.3.1: Input(60, 1) → 4 × [GRU(50, reset_after=False) + Dropout] → Dense(1), the
		// first three GRUs returning sequences.
		file: "arima_gru.h5", time: 60, features: 1,
		model: func(w *h5Weights) (refModel, []summaryRow) {
			var m refModel
			var rows []summaryRow
			in := 1
			for i := 1; i <= 4; i++ {
				name := fmt.Sprintf("gru_%d", i)
				g := w.gruLayer(legacyNames("model_weights/"+name+"/"+name+"/", ":0", "kernel", "recurrent_kernel", "bias"), in, 50, false)
				g.returnSequences = i < 4
				m = append(m, g, refDropout{})
				rows = append(rows, summaryRow{name, "GRU", gruParams(in, 50, false)})
				in = 50
			}
			m = append(m, w.denseLayer(two(legacyNames("model_weights/dense_1/dense_1/", ":0", "kernel", "bias")), 50, 1, "linear"))
			return m, append(rows, summaryRow{"dense_1", "Dense", denseParams(50, 1)})
		},
	},
}

// loadedModel is a model from LoadKeras or LoadKerasWeights, with what it should compute.
type loadedModel struct {
	m    *gru.Sequential
	ref  refModel
	rows []summaryRow // nil: no summary to check
}

// loadKeras loads path with LoadKeras and checks the model's input shape against the config's
// (time 0: any).
func loadKeras(t *testing.T, path string, time, features int) *gru.Sequential {
	t.Helper()
	m, err := modelfile.LoadKeras(path)
	if err != nil {
		t.Fatalf("LoadKeras: %v", err)
	}
	wantIn := []int{time, features}
	if time == 0 {
		wantIn[0] = gru.AnyTime
	}
	if got := m.InputShape(); fmt.Sprint(got) != fmt.Sprint(wantIn) {
		t.Errorf("input shape %v, the config's is %v", got, wantIn)
	}
	return m
}

// checkModel runs m on random inputs of every time length given and compares it with the
// reference.
func checkModel(t *testing.T, lm loadedModel, seed uint64, features int, times ...int) {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 7))
	for _, steps := range times {
		batch := 2 + int(seed%2)
		x, rx := randomInput(rng, batch, steps, features)
		got, err := lm.m.Predict(x)
		if err != nil {
			t.Fatalf("Predict on (%d, %d, %d): %v", batch, steps, features, err)
		}
		t.Run(fmt.Sprintf("time=%d", steps), func(t *testing.T) {
			compareRef(t, got, lm.ref.forward(rx))
		})
	}
	if lm.rows != nil {
		checkSummary(t, lm.m, lm.rows)
	}
}

// checkSummary checks that the model has exactly the layers given, in order, and that its Keras
// summary gives each its weight count, and their total.
func checkSummary(t *testing.T, m *gru.Sequential, want []summaryRow) {
	t.Helper()
	summary := m.Summary()
	// The layer rows lie between the rules of "=", one block per layer, blank lines between
	// blocks; a block's first line ends with the weight count (a long name or shape goes on in the
	// lines after).
	var params []int
	total, inside, first := -1, false, true
	for _, line := range strings.Split(summary, "\n") {
		switch {
		case strings.HasPrefix(line, "====="):
			inside, first = !inside, true
		case inside && strings.TrimSpace(line) == "":
			first = true
		case inside && first:
			f := strings.Fields(line)
			n, err := strconv.Atoi(f[len(f)-1])
			if err != nil {
				n = -1
			}
			params = append(params, n)
			first = false
		}
		if s, ok := strings.CutPrefix(line, "Total params: "); ok {
			total, _ = strconv.Atoi(strings.TrimSpace(s))
		}
	}
	var got []summaryRow
	for i, l := range m.Layers() {
		r := summaryRow{l.Name(), l.Class(), -1}
		if i < len(params) {
			r.params = params[i]
		}
		got = append(got, r)
	}
	wantTotal := 0
	for _, r := range want {
		wantTotal += r.params
	}
	if fmt.Sprint(got) != fmt.Sprint(want) || len(params) != len(got) || total != wantTotal {
		t.Errorf("the model has %v, total %d; the config has %v, total %d\n%s", got, total, want, wantTotal, summary)
	}
}

func realTimes(f realKerasFile) []int {
	if f.time == 0 {
		return []int{5, 17}
	}
	return []int{f.time}
}

// TestKerasRealFiles loads each real Keras model file and compares its output with the reference
// built from the file's config and weights.
func TestKerasRealFiles(t *testing.T) {
	if _, err := os.Stat(realKerasDir); err != nil {
		t.Skipf("no real model files: %v", err)
	}
	for i, f := range realKerasFiles {
		t.Run(f.file, func(t *testing.T) {
			path := filepath.Join(realKerasDir, f.file)
			weights := path
			if strings.HasSuffix(f.file, ".keras") {
				dir := t.TempDir()
				extractZip(t, path, dir)
				weights = filepath.Join(dir, "model.weights.h5")
			}
			ref, rows := f.model(openH5Weights(t, weights))
			m := loadKeras(t, path, f.time, f.features)
			checkModel(t, loadedModel{m, ref, rows}, uint64(i), f.features, realTimes(f)...)
			if strings.HasSuffix(f.file, ".keras") {
				t.Run("unpacked", func(t *testing.T) {
					m, err := modelfile.LoadKeras(filepath.Dir(weights))
					if err != nil {
						t.Fatalf("LoadKeras of the unpacked archive: %v", err)
					}
					checkModel(t, loadedModel{m, ref, rows}, uint64(i), f.features, realTimes(f)...)
				})
			}
		})
	}
}

// TestKerasRealWeightsOnly loads the weights-only file of GRU(20, return_sequences) +
// TimeDistributed(Dense(1)) on 7 features (Keras 2.3.0-tf save_weights) into that model built in
// Go, of a fixed and of an open time.
func TestKerasRealWeightsOnly(t *testing.T) {
	path := filepath.Join(realKerasDir, "mukulbasu_gru_weights.h5")
	if _, err := os.Stat(path); err != nil {
		t.Skipf("no real model files: %v", err)
	}
	w := openH5Weights(t, path)
	g := w.gruLayer(legacyNames("gru/gru/gru_cell/", ":0", "kernel", "recurrent_kernel", "bias"), 7, 20, true)
	g.returnSequences = true
	ref := refModel{g, refTimeDistributed{w.denseLayer(two(legacyNames("time_distributed_1/time_distributed_1/", ":0", "kernel", "bias")), 20, 1, "linear")}}
	rows := []summaryRow{{"gru", "GRU", gruParams(7, 20, true)}, {"time_distributed", "TimeDistributed", denseParams(20, 1)}}
	for _, steps := range []int{64, gru.AnyTime} {
		t.Run(fmt.Sprintf("input=(%d,7)", steps), func(t *testing.T) {
			m, err := gru.NewSequential([]int{steps, 7},
				&gru.GRU{Units: 20, ReturnSequences: true, ResetAfter: true},
				&gru.TimeDistributed{Layer: &gru.Dense{Units: 1}})
			if err != nil {
				t.Fatal(err)
			}
			if err := modelfile.LoadKerasWeights(m, path); err != nil {
				t.Fatalf("LoadKerasWeights: %v", err)
			}
			times := []int{steps}
			if steps == gru.AnyTime {
				times = []int{5, 17}
			}
			checkModel(t, loadedModel{m, ref, rows}, 11, 7, times...)
		})
	}
}
