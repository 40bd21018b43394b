package gru

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// tfjsModel is a TensorFlow.js "layers-model" model.json.
type tfjsModel struct {
	ModelTopology   *kerasTopology `json:"modelTopology"`
	WeightsManifest []struct {
		Paths   []string `json:"paths"`
		Weights []struct {
			Name  string `json:"name"`
			Shape []int  `json:"shape"`
			Dtype string `json:"dtype"`
		} `json:"weights"`
	} `json:"weightsManifest"`
}

// kerasTopology is a Keras model config as TF.js writes it, or wrapped in model_config as the
// tensorflowjs converter writes it.
type kerasTopology struct {
	ClassName    string          `json:"class_name"`
	Config       json.RawMessage `json:"config"`
	KerasVersion string          `json:"keras_version"`
	ModelConfig  *kerasTopology  `json:"model_config"`
}

type kerasLayer struct {
	ClassName string          `json:"class_name"`
	Config    json.RawMessage `json:"config"`
}

// kerasLayerConfig holds the fields of the layer configs fastgru reads; the rest (initializers,
// regularizers, dropout, which inference does not use) are ignored.
type kerasLayerConfig struct {
	Name                string      `json:"name"`
	BatchInputShape     []*int      `json:"batch_input_shape"`
	BatchShape          []*int      `json:"batch_shape"` // Keras 3's name
	Units               int         `json:"units"`
	Activation          string      `json:"activation"`
	RecurrentActivation string      `json:"recurrent_activation"`
	UseBias             *bool       `json:"use_bias"`
	ReturnSequences     bool        `json:"return_sequences"`
	ReturnState         bool        `json:"return_state"`
	GoBackwards         bool        `json:"go_backwards"`
	Stateful            bool        `json:"stateful"`
	ResetAfter          bool        `json:"reset_after"`
	Layer               *kerasLayer `json:"layer"`
}

// LoadTFJS reads a TensorFlow.js layers-model (model.json and the weight shards it names, beside
// it) of a Sequential stack of GRU, Dense, TimeDistributed(Dense) and Activation layers. Weights
// are found by layer name and the suffix kernel, recurrent_kernel or bias, whatever prefix a
// converter put before them; GRUs with reset_after=true and a (2, 3·units) bias load too, which
// TF.js itself cannot run. "hard_sigmoid" is Keras 2's formula unless keras_version is 3 or later.
func LoadTFJS(modelJSON string) (*Sequential, error) {
	b, err := os.ReadFile(modelJSON)
	if err != nil {
		return nil, fmt.Errorf("gru: %w", err)
	}
	m, err := parseTFJS(b, filepath.Dir(modelJSON))
	if err != nil {
		return nil, fmt.Errorf("gru: %s: %w", modelJSON, err)
	}
	return m, nil
}

func parseTFJS(b []byte, dir string) (*Sequential, error) {
	var model tfjsModel
	if err := json.Unmarshal(b, &model); err != nil {
		return nil, fmt.Errorf("malformed model.json: %w", err)
	}
	topo := model.ModelTopology
	if topo != nil && topo.ModelConfig != nil {
		version := topo.KerasVersion
		topo = topo.ModelConfig
		if topo.KerasVersion == "" {
			topo.KerasVersion = version
		}
	}
	if topo == nil {
		return nil, errors.New("no modelTopology")
	}
	if topo.ClassName != "Sequential" {
		return nil, fmt.Errorf("model class %q, want Sequential", topo.ClassName)
	}
	var cfg struct {
		Name   string       `json:"name"`
		Layers []kerasLayer `json:"layers"`
	}
	if err := json.Unmarshal(topo.Config, &cfg); err != nil {
		// Older Keras writes the layer list itself as the config.
		if err2 := json.Unmarshal(topo.Config, &cfg.Layers); err2 != nil {
			return nil, fmt.Errorf("malformed Sequential config: %w", err)
		}
	}
	input, layers, err := buildLayers(cfg.Layers, keras3(topo.KerasVersion))
	if err != nil {
		return nil, err
	}
	s, err := NewSequential(input, layers...)
	if err != nil {
		return nil, err
	}
	if cfg.Name != "" {
		s.name = cfg.Name
	}
	weights, err := readWeights(&model, dir)
	if err != nil {
		return nil, err
	}
	var w []Tensor
	for _, l := range s.layers {
		for _, suffix := range weightSuffixes(l) {
			t, err := findWeight(weights, l.Name(), suffix)
			if err != nil {
				return nil, err
			}
			w = append(w, t)
		}
	}
	if err := s.SetWeights(w); err != nil {
		return nil, err
	}
	return s, nil
}

// keras3 reports whether a keras_version names Keras 3 or later ("tfjs-layers …" is Keras 2).
func keras3(version string) bool {
	major, _, _ := strings.Cut(version, ".")
	n, err := strconv.Atoi(major)
	return err == nil && n >= 3
}

// buildLayers turns the Keras layer configs into layers and the model's input shape.
func buildLayers(kl []kerasLayer, keras3 bool) (input []int, layers []Layer, err error) {
	for i, l := range kl {
		var c kerasLayerConfig
		if err := json.Unmarshal(l.Config, &c); err != nil {
			return nil, nil, fmt.Errorf("layer %d (%s): malformed config: %w", i, l.ClassName, err)
		}
		if shape := append(c.BatchInputShape, c.BatchShape...); input == nil && len(shape) > 0 {
			if input, err = inputShape(shape); err != nil {
				return nil, nil, fmt.Errorf("layer %d (%s): %w", i, l.ClassName, err)
			}
		}
		layer, err := newLayer(l.ClassName, c, keras3)
		if err != nil {
			return nil, nil, fmt.Errorf("layer %d (%s): %w", i, l.ClassName, err)
		}
		if layer != nil {
			layers = append(layers, layer)
		}
	}
	if input == nil {
		return nil, nil, errors.New("no layer gives the input shape (batch_input_shape)")
	}
	return input, layers, nil
}

// inputShape checks a batch_input_shape [null, d1, …] and returns [d1, …].
func inputShape(shape []*int) ([]int, error) {
	if len(shape) < 2 || shape[0] != nil {
		return nil, fmt.Errorf("batch_input_shape must be [null, dims…]")
	}
	dims := make([]int, len(shape)-1)
	for i, d := range shape[1:] {
		switch {
		case d == nil && i == 0 && len(dims) >= 2:
			dims[i] = AnyTime // (None, None, features): any number of time steps
		case d == nil || *d < 1:
			return nil, fmt.Errorf("batch_input_shape needs positive fixed sizes after the batch and time")
		default:
			dims[i] = *d
		}
	}
	if err := checkInputShape(dims); err != nil {
		return nil, err
	}
	return dims, nil
}

func newLayer(class string, c kerasLayerConfig, keras3 bool) (Layer, error) {
	noBias := c.UseBias != nil && !*c.UseBias
	switch class {
	case "InputLayer":
		return nil, nil
	case "GRU":
		if c.ReturnState || c.Stateful {
			return nil, errors.New("return_state and stateful GRUs do not fit a Sequential model")
		}
		ra := c.RecurrentActivation
		if ra == "hard_sigmoid" && keras3 {
			ra = "hard_sigmoid_keras3"
		}
		return &GRU{LayerName: c.Name, Units: c.Units, Activation: c.Activation, RecurrentActivation: ra,
			NoBias: noBias, ReturnSequences: c.ReturnSequences, GoBackwards: c.GoBackwards, ResetAfter: c.ResetAfter}, nil
	case "Dense":
		return &Dense{LayerName: c.Name, Units: c.Units, Activation: c.Activation, NoBias: noBias}, nil
	case "TimeDistributed":
		if c.Layer == nil || c.Layer.ClassName != "Dense" {
			return nil, errors.New("only a Dense layer can be time-distributed")
		}
		var dc kerasLayerConfig
		if err := json.Unmarshal(c.Layer.Config, &dc); err != nil {
			return nil, fmt.Errorf("malformed Dense config: %w", err)
		}
		d, _ := newLayer("Dense", dc, keras3)
		return &TimeDistributed{LayerName: c.Name, Layer: d.(*Dense)}, nil
	case "Activation":
		return &Activation{LayerName: c.Name, Activation: c.Activation}, nil
	}
	return nil, fmt.Errorf("unknown layer class %q", class)
}

// weightSuffixes lists the names of a layer's weights in Keras order.
func weightSuffixes(l Layer) []string {
	n := len(l.weightShapes())
	if _, ok := l.(*GRU); ok {
		return []string{"kernel", "recurrent_kernel", "bias"}[:n]
	}
	return []string{"kernel", "bias"}[:n]
}

// findWeight finds the weight of layer with the given suffix: a name whose last part is suffix
// and whose other parts include the layer's name.
func findWeight(weights map[string]Tensor, layer, suffix string) (Tensor, error) {
	var found []string
	for name := range weights {
		parts := strings.Split(name, "/")
		if len(parts) < 2 || parts[len(parts)-1] != suffix {
			continue
		}
		for _, p := range parts[:len(parts)-1] {
			if p == layer {
				found = append(found, name)
				break
			}
		}
	}
	switch len(found) {
	case 0:
		return Tensor{}, fmt.Errorf("layer %s: no weight %s in the manifest", layer, suffix)
	case 1:
		return weights[found[0]], nil
	}
	return Tensor{}, fmt.Errorf("layer %s: weight %s is ambiguous: %v", layer, suffix, found)
}

// readWeights reads every weight of the manifest from its group's shards: little-endian float32,
// concatenated in manifest order.
func readWeights(model *tfjsModel, dir string) (map[string]Tensor, error) {
	weights := map[string]Tensor{}
	for g, group := range model.WeightsManifest {
		var data []byte
		for _, p := range group.Paths {
			if !filepath.IsLocal(p) {
				return nil, fmt.Errorf("weight shard %q is outside the model's folder", p)
			}
			b, err := os.ReadFile(filepath.Join(dir, p))
			if err != nil {
				return nil, fmt.Errorf("weight shard: %w", err)
			}
			data = append(data, b...)
		}
		for _, w := range group.Weights {
			if w.Dtype != "float32" {
				return nil, fmt.Errorf("weight %s: dtype %q, only float32 is supported", w.Name, w.Dtype)
			}
			n, err := size(w.Shape)
			if err != nil {
				return nil, fmt.Errorf("weight %s: %w", w.Name, err)
			}
			if len(data) < 4*n {
				return nil, fmt.Errorf("weight %s: shards of group %d end early (truncated)", w.Name, g)
			}
			t := Tensor{Shape: w.Shape, Data: make([]float32, n)}
			for i := range t.Data {
				t.Data[i] = math.Float32frombits(binary.LittleEndian.Uint32(data[4*i:]))
			}
			data = data[4*n:]
			if _, dup := weights[w.Name]; dup {
				return nil, fmt.Errorf("weight %s appears twice in the manifest", w.Name)
			}
			weights[w.Name] = t
		}
		if len(data) != 0 {
			return nil, fmt.Errorf("shards of group %d hold %d bytes more than its weights", g, len(data))
		}
	}
	return weights, nil
}
