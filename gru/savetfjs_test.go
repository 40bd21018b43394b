package gru

import (
	"encoding/json"
	"io/fs"
	"maps"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// randomWeights gives m random weights in (-1, 1).
func randomWeights(t *testing.T, m *Sequential, rng *rand.Rand) {
	var w []Tensor
	for _, s := range m.WeightShapes() {
		n, _ := size(s)
		d := make([]float32, n)
		for i := range d {
			d[i] = 2*rng.Float32() - 1
		}
		w = append(w, Tensor{Shape: s, Data: d})
	}
	require.NoError(t, m.SetWeights(w))
}

// requireSameBits fails unless got has want's shape and bit-identical values.
func requireSameBits(t *testing.T, want, got Tensor, msg ...any) {
	require.Equal(t, want.Shape, got.Shape, msg...)
	require.Len(t, got.Data, len(want.Data), msg...)
	for i := range want.Data {
		if math.Float32bits(want.Data[i]) != math.Float32bits(got.Data[i]) {
			require.Failf(t, "values differ", "at %d: want %v, have %v %v", i, want.Data[i], got.Data[i], msg)
		}
	}
}

// requireSameModel checks that loaded is m: summary, weight shapes, weights and predictions on x,
// bit for bit.
func requireSameModel(t *testing.T, m, loaded *Sequential, x Tensor, name string) {
	require.Equal(t, m.Summary(), loaded.Summary(), name)
	require.Equal(t, m.WeightShapes(), loaded.WeightShapes(), name)
	want, got := m.Weights(), loaded.Weights()
	require.Len(t, got, len(want), name)
	for i := range want {
		requireSameBits(t, want[i], got[i], name, "weight", i)
	}
	y, err := m.Predict(x)
	require.NoError(t, err, name)
	y2, err := loaded.Predict(x)
	require.NoError(t, err, name)
	requireSameBits(t, y, y2, name)
}

// saveAndLoad saves m to a new folder and loads it back.
func saveAndLoad(t *testing.T, m *Sequential) (*Sequential, string) {
	dir := filepath.Join(t.TempDir(), "model")
	require.NoError(t, m.SaveTFJS(dir))
	loaded, err := LoadTFJS(filepath.Join(dir, "model.json"))
	require.NoError(t, err)
	return loaded, dir
}

// TestSaveTFJSRoundTrip saves a model of every kind the layers can make, with random weights,
// and loads it back to the same model, predictions bit for bit.
func TestSaveTFJSRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	td := func(units int, act string, noBias bool) *TimeDistributed {
		return &TimeDistributed{Layer: &Dense{Units: units, Activation: act, NoBias: noBias}}
	}
	type model struct {
		in     []int
		layers []Layer
	}
	cases := map[string]model{
		"tfjs default":             {[]int{6, 4}, []Layer{&GRU{Units: 5, ReturnSequences: true}, td(3, "", false), &Activation{Activation: "softmax"}}},
		"reset_after":              {[]int{6, 4}, []Layer{&GRU{Units: 5, ReturnSequences: true, ResetAfter: true}, td(3, "", false), &Activation{Activation: "softmax"}}},
		"reset_after last no bias": {[]int{6, 4}, []Layer{&GRU{Units: 5, ResetAfter: true, NoBias: true}, &Dense{Units: 2}}},
		"sigmoid":                  {[]int{3, 2}, []Layer{&GRU{Units: 3, RecurrentActivation: "sigmoid", ReturnSequences: true}}},
		"hard_sigmoid":             {[]int{7, 3}, []Layer{&GRU{Units: 4, RecurrentActivation: "hard_sigmoid", ReturnSequences: true}, td(2, "relu", false)}},
		"hard_sigmoid_keras3": {[]int{7, 3}, []Layer{&GRU{Units: 4, RecurrentActivation: "hard_sigmoid_keras3"},
			&Dense{Units: 3, Activation: "sigmoid"}}},
		"hard_sigmoid_keras3 reset_after stacked": {[]int{5, 3}, []Layer{
			&GRU{Units: 4, RecurrentActivation: "hard_sigmoid_keras3", ResetAfter: true, ReturnSequences: true},
			&GRU{Units: 3, RecurrentActivation: "hard_sigmoid_keras3", GoBackwards: true, ReturnSequences: true},
			&GRU{Units: 2, Activation: "relu"}, &Activation{Activation: "tanh"}}},
		"hard_sigmoid everywhere": {[]int{5, 3}, []Layer{&GRU{Units: 4, RecurrentActivation: "hard_sigmoid", Activation: "hard_sigmoid"},
			&Dense{Units: 3, Activation: "hard_sigmoid"}, &Activation{Activation: "hard_sigmoid"}}},
		"go_backwards sequences": {[]int{8, 3}, []Layer{&GRU{Units: 4, GoBackwards: true, ReturnSequences: true}, td(3, "", false)}},
		"go_backwards last":      {[]int{8, 3}, []Layer{&GRU{Units: 4, GoBackwards: true}, &Dense{Units: 3}, &Activation{Activation: "softmax"}}},
		"no bias":                {[]int{4, 3}, []Layer{&GRU{Units: 4, NoBias: true, ReturnSequences: true}, td(2, "tanh", true), &Dense{Units: 2, NoBias: true}}},
		"stacked": {[]int{9, 2}, []Layer{&GRU{Units: 6, ReturnSequences: true}, &GRU{Units: 5, ReturnSequences: true, ResetAfter: true},
			&GRU{Units: 4, Activation: "relu"}, &Dense{Units: 3, Activation: "softmax"}}},
		"named": {[]int{4, 3}, []Layer{&GRU{LayerName: "encoder", Units: 3, ReturnSequences: true},
			&TimeDistributed{LayerName: "head", Layer: &Dense{LayerName: "inner", Units: 2}}, &Activation{LayerName: "encoder_input", Activation: "sigmoid"}}},
		"dense only":      {[]int{5}, []Layer{&Dense{Units: 4, Activation: "relu"}, &Dense{Units: 2}, &Activation{Activation: "softmax"}}},
		"activation only": {[]int{2, 5}, []Layer{&Activation{Activation: "softmax"}}},
		"no layers":       {[]int{3}, nil},
	}
	for _, act := range []string{"", "linear", "relu", "sigmoid", "hard_sigmoid", "tanh", "softmax"} {
		cases["dense "+act] = model{[]int{5, 3}, []Layer{&GRU{Units: 4}, &Dense{Units: 3, Activation: act}}}
		layers := []Layer{&GRU{Units: 4, ReturnSequences: true}, td(3, act, false), &Dense{Units: 3, Activation: act, NoBias: true}}
		if act != "" {
			layers = append(layers, &Activation{Activation: act})
		}
		cases["time_distributed "+act] = model{[]int{5, 3}, layers}
	}
	for _, name := range slices.Sorted(maps.Keys(cases)) {
		c := cases[name]
		m, err := NewSequential(c.in, c.layers...)
		require.NoError(t, err, name)
		randomWeights(t, m, rng)
		x := Tensor{Shape: append([]int{3}, c.in...)}
		n, _ := size(x.Shape)
		for range n {
			x.Data = append(x.Data, 4*rng.Float32()-2)
		}
		loaded, dir := saveAndLoad(t, m)
		requireSameModel(t, m, loaded, x, name)
		// TF.js needs every layer's name, the InputLayer's included, to be unique.
		b, err := os.ReadFile(filepath.Join(dir, "model.json"))
		require.NoError(t, err)
		var saved struct {
			ModelTopology struct {
				Config struct {
					Layers []struct{ Config struct{ Name string } }
				}
			}
		}
		require.NoError(t, json.Unmarshal(b, &saved))
		names := map[string]bool{}
		for _, l := range saved.ModelTopology.Config.Layers {
			assert.False(t, names[l.Config.Name], "%s: two layers named %s", name, l.Config.Name)
			names[l.Config.Name] = true
		}
		entries, err := os.ReadDir(dir)
		require.NoError(t, err)
		assert.Len(t, entries, 2, "%s: only model.json and the shard", name)
	}
}

// TestSaveTFJSHardSigmoid: a Keras 3 hard sigmoid gate is written as "hard_sigmoid" under a Keras 3
// keras_version, and reads back as Keras 3's; Keras 2's stays TF.js's file.
func TestSaveTFJSHardSigmoid(t *testing.T) {
	version := func(gate string) string {
		m, err := NewSequential([]int{2, 2}, &GRU{Units: 2, RecurrentActivation: gate})
		require.NoError(t, err)
		randomWeights(t, m, rand.New(rand.NewPCG(3, 4)))
		loaded, dir := saveAndLoad(t, m)
		assert.Equal(t, gate, loaded.Layers()[0].(*GRU).RecurrentActivation)
		var model tfjsModel
		b, err := os.ReadFile(filepath.Join(dir, "model.json"))
		require.NoError(t, err)
		require.NoError(t, json.Unmarshal(b, &model))
		var cfg struct{ Layers []kerasLayer }
		require.NoError(t, json.Unmarshal(model.ModelTopology.Config, &cfg))
		var gru kerasLayerConfig
		require.NoError(t, json.Unmarshal(cfg.Layers[1].Config, &gru))
		assert.JSONEq(t, `"hard_sigmoid"`, string(gru.RecurrentActivation))
		return model.ModelTopology.KerasVersion
	}
	assert.Equal(t, "tfjs-layers 4.22.0", version("hard_sigmoid"))
	assert.Equal(t, "3.0.0", version("hard_sigmoid_keras3"))
}

// TestSaveTFJSOracle loads every layers-model of testdata/oracle, saves it and loads it again: the
// same model, the same outputs bit for bit. The files TF.js saved itself come out as TF.js wrote
// them, but for generatedBy.
func TestSaveTFJSOracle(t *testing.T) {
	n := 0
	for _, c := range loadOracle(t) {
		path := filepath.Join("testdata/oracle", c.Name, "model.json")
		if _, err := os.Stat(path); err != nil {
			continue // Keras 3 hard sigmoid: no layers-model
		}
		n++
		m, err := LoadTFJS(path)
		require.NoError(t, err, c.Name)
		loaded, dir := saveAndLoad(t, m)
		requireSameModel(t, m, loaded, c.Input, c.Name)

		var orig, saved map[string]any
		b, err := os.ReadFile(path)
		require.NoError(t, err)
		require.NoError(t, json.Unmarshal(b, &orig))
		b, err = os.ReadFile(filepath.Join(dir, "model.json"))
		require.NoError(t, err)
		require.NoError(t, json.Unmarshal(b, &saved))
		assert.Equal(t, "fastgru", saved["generatedBy"])
		if orig["convertedBy"] != nil {
			continue // patched to tf.keras' reset_after layout; SaveTFJS names weights as TF.js does
		}
		delete(orig, "generatedBy")
		delete(saved, "generatedBy")
		assert.Equal(t, orig, saved, c.Name)
		origShard, err := os.ReadFile(filepath.Join("testdata/oracle", c.Name, "group1-shard1of1.bin"))
		require.NoError(t, err)
		shard, err := os.ReadFile(filepath.Join(dir, "group1-shard1of1.bin"))
		require.NoError(t, err)
		assert.Equal(t, origShard, shard, c.Name)
	}
	require.Greater(t, n, 20)
}

func TestSaveTFJSErrors(t *testing.T) {
	build := func(layers ...Layer) *Sequential {
		m, err := NewSequential([]int{3, 2}, layers...)
		require.NoError(t, err)
		return m
	}
	withWeights := func(m *Sequential) *Sequential {
		randomWeights(t, m, rand.New(rand.NewPCG(5, 6)))
		return m
	}
	cases := map[string]*Sequential{
		"gru: SaveTFJS: the model has no weights: call SetWeights first":                    build(&GRU{Units: 2}),
		`gru: SaveTFJS: two layers are named "x"`:                                           withWeights(build(&GRU{LayerName: "x", Units: 2}, &Dense{LayerName: "x", Units: 2})),
		`gru: SaveTFJS: layer name "a/b": a layers-model needs non-empty names without '/'`: withWeights(build(&GRU{LayerName: "a/b", Units: 2})),
		`gru: SaveTFJS: Keras 2's and Keras 3's hard sigmoid in one model: a layers-model's "hard_sigmoid" is one or the other`: withWeights(build(
			&GRU{Units: 2, RecurrentActivation: "hard_sigmoid", ReturnSequences: true}, &GRU{Units: 2, RecurrentActivation: "hard_sigmoid_keras3"})),
	}
	// A Keras 3 gate beside a Keras 2 hard sigmoid elsewhere: a Keras 3 file's Dense would read it
	// as Keras 3's.
	mixed := withWeights(build(&GRU{Units: 2, RecurrentActivation: "hard_sigmoid_keras3"}, &Dense{Units: 2, Activation: "hard_sigmoid"}))
	assert.ErrorContains(t, mixed.SaveTFJS(filepath.Join(t.TempDir(), "model")), "Keras 2's and Keras 3's hard sigmoid in one model")
	for want, m := range cases {
		dir := filepath.Join(t.TempDir(), "model")
		assert.EqualError(t, m.SaveTFJS(dir), want)
		_, err := os.Stat(dir)
		assert.True(t, os.IsNotExist(err), "%s: the folder was made", want)
	}

	m := withWeights(build(&GRU{Units: 2}))
	file := filepath.Join(t.TempDir(), "file")
	require.NoError(t, os.WriteFile(file, nil, 0o644))
	for _, dir := range []string{file, filepath.Join(file, "model")} {
		err := m.SaveTFJS(dir)
		if assert.Error(t, err) {
			assert.Contains(t, err.Error(), "gru: SaveTFJS: ")
			var pathErr *fs.PathError
			assert.ErrorAs(t, err, &pathErr)
		}
	}

	// A save that fails part way leaves no model.json and no temporary file.
	dir := t.TempDir()
	require.NoError(t, os.Mkdir(filepath.Join(dir, "group1-shard1of1.bin"), 0o755))
	require.Error(t, m.SaveTFJS(dir))
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	require.Len(t, entries, 1)
	assert.Equal(t, "group1-shard1of1.bin", entries[0].Name())
}

// TestSaveTFJSOverwrite: a save replaces the model in its folder; one that fails leaves it be.
func TestSaveTFJSOverwrite(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	x := Tensor{Shape: []int{2, 4, 3}, Data: make([]float32, 24)}
	for i := range x.Data {
		x.Data[i] = 2*rng.Float32() - 1
	}
	dir := t.TempDir()
	for _, units := range []int{5, 2} {
		m, err := NewSequential([]int{4, 3}, &GRU{Units: units, ReturnSequences: true}, &Dense{Units: 3})
		require.NoError(t, err)
		randomWeights(t, m, rng)
		require.NoError(t, m.SaveTFJS(dir))
		loaded, err := LoadTFJS(filepath.Join(dir, "model.json"))
		require.NoError(t, err)
		requireSameModel(t, m, loaded, x, "overwrite")

		unset, err := NewSequential([]int{4, 3}, &GRU{Units: 1})
		require.NoError(t, err)
		require.Error(t, unset.SaveTFJS(dir))
		loaded, err = LoadTFJS(filepath.Join(dir, "model.json"))
		require.NoError(t, err)
		requireSameModel(t, m, loaded, x, "after a failed save")
	}
}
