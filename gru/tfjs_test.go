package gru

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLoadTFJS loads every oracle case that has a layers-model directory, reset_after=true ones
// in the converter's layout included, and matches its final output within 1e-5 under every
// kernel implementation.
func TestLoadTFJS(t *testing.T) {
	cases := loadOracle(t)
	forEachImpl(t, func(t *testing.T) {
		n := 0
		for _, c := range cases {
			path := filepath.Join("testdata/oracle", c.Name, "model.json")
			if _, err := os.Stat(path); err != nil {
				continue // Keras 3 hard sigmoid: no layers-model can say it
			}
			n++
			m, err := LoadTFJS(path)
			require.NoError(t, err, c.Name)
			got, err := m.Predict(c.Input)
			require.NoError(t, err, c.Name)
			want := c.Output
			if c.Config.Head == "none" {
				want = c.GRUOutput
			}
			if d := maxAbsDiff(t, got, want); !(d <= 1e-5) {
				t.Errorf("%s: output differs by %.3g", c.Name, d)
			}
		}
		require.Greater(t, n, 20)
	})
}

// writeModel writes model.json and shard bytes into a fresh folder and returns model.json's path.
func writeModel(t *testing.T, modelJSON string, shard []byte) string {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "model.json"), []byte(modelJSON), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "w.bin"), shard, 0o644))
	return filepath.Join(dir, "model.json")
}

const tinyModel = `{"modelTopology": {"class_name": "Sequential", "keras_version": "tfjs-layers 4.22.0",
 "config": {"name": "sequential", "layers": [
  {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 2, 1], "name": "in"}},
  {"class_name": "GRU", "config": {"name": "gru", "units": 1, "activation": "tanh", "recurrent_activation": "%s"}},
  {"class_name": "%s", "config": {"name": "head", "units": 1, "activation": "linear"}}]}},
 "weightsManifest": [{"paths": ["w.bin"], "weights": [
  {"name": "gru/kernel", "shape": [1, 3], "dtype": "float32"},
  {"name": "gru/recurrent_kernel", "shape": [1, 3], "dtype": "float32"},
  {"name": "gru/bias", "shape": [3], "dtype": "%s"},
  {"name": "head/kernel", "shape": [1, 1], "dtype": "float32"},
  {"name": "head/bias", "shape": [1], "dtype": "float32"}]}]}`

func TestLoadTFJSErrors(t *testing.T) {
	shard := make([]byte, 4*11)
	model := func(ra, head, dtype string) string {
		return fmt.Sprintf(tinyModel, ra, head, dtype)
	}
	_, err := LoadTFJS(writeModel(t, model("sigmoid", "Dense", "float32"), shard))
	require.NoError(t, err)
	cases := map[string]struct {
		json  string
		shard []byte
	}{
		"malformed model.json":                 {`{"modelTopology": [`, shard},
		`layer class "LSTM" is not supported`:  {model("sigmoid", "LSTM", "float32"), shard},
		`recurrent unknown activation "swish"`: {model("swish", "Dense", "float32"), shard},
		`dtype "int32"`:                        {model("sigmoid", "Dense", "int32"), shard},
		"end early (truncated)":                {model("sigmoid", "Dense", "float32"), shard[:40]},
		"44 bytes more":                        {model("sigmoid", "Dense", "float32"), append(shard, shard...)},
		"no modelTopology":                     {`{}`, shard},
	}
	for want, c := range cases {
		_, err := LoadTFJS(writeModel(t, c.json, c.shard))
		if assert.Error(t, err, want) {
			assert.Contains(t, err.Error(), want)
		}
	}
	_, err = LoadTFJS(filepath.Join(t.TempDir(), "missing.json"))
	assert.Error(t, err)
}

// FuzzLoadTFJS feeds arbitrary bytes to the loader as model.json (with an 11-float shard beside
// it): it returns a model or an error, and never panics.
func FuzzLoadTFJS(f *testing.F) {
	f.Add([]byte(fmt.Sprintf(tinyModel, "sigmoid", "Dense", "float32")))
	f.Add([]byte(fmt.Sprintf(tinyModel, "hard_sigmoid", "TimeDistributed", "float32")))
	f.Add([]byte(`{"modelTopology": {"model_config": {"class_name": "Sequential", "config": []}}}`))
	dir := f.TempDir()
	require.NoError(f, os.WriteFile(filepath.Join(dir, "w.bin"), make([]byte, 4*11), 0o644))
	f.Fuzz(func(t *testing.T, modelJSON []byte) {
		m, err := parseTFJS(modelJSON, dir)
		if err == nil && m == nil {
			t.Fatal("no model and no error")
		}
	})
}
