package gru

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// kerasTopology is a Keras model config: what model.to_json() writes, a .keras archive's
// config.json, an .h5 file's model_config, or a TF.js model.json's modelTopology (there, possibly
// wrapped in model_config as the tensorflowjs converter writes it).
type kerasTopology struct {
	ClassName    string          `json:"class_name"`
	Config       json.RawMessage `json:"config"`
	KerasVersion string          `json:"keras_version"`
	ModelConfig  *kerasTopology  `json:"model_config"`
	// A model built by model.build(shape) or its first call, with no Input, records the shape
	// here (Keras 3) or in its config's build_input_shape.
	BuildConfig struct {
		InputShape []*int `json:"input_shape"`
	} `json:"build_config"`
}

type kerasLayer struct {
	ClassName string          `json:"class_name"`
	Config    json.RawMessage `json:"config"`
	// A Functional model's layers name their inputs.
	Name         string          `json:"name"`
	InboundNodes json.RawMessage `json:"inbound_nodes"`
}

// kerasLayerConfig holds the fields of the layer configs fastgru reads; the rest (initializers,
// regularizers, dropout rates, which inference does not use) are ignored.
type kerasLayerConfig struct {
	Name                string          `json:"name"`
	BatchInputShape     []*int          `json:"batch_input_shape"`
	BatchShape          []*int          `json:"batch_shape"` // Keras 3's name
	Units               int             `json:"units"`
	Activation          json.RawMessage `json:"activation"`
	RecurrentActivation json.RawMessage `json:"recurrent_activation"`
	UseBias             *bool           `json:"use_bias"`
	ReturnSequences     bool            `json:"return_sequences"`
	ReturnState         bool            `json:"return_state"`
	GoBackwards         bool            `json:"go_backwards"`
	Stateful            bool            `json:"stateful"`
	Unroll              bool            `json:"unroll"`
	TimeMajor           bool            `json:"time_major"`
	ResetAfter          bool            `json:"reset_after"`
	DType               json.RawMessage `json:"dtype"`
	Layer               *kerasLayer     `json:"layer"`
}

// NewFromKerasConfig builds the model that a Keras model config describes, without weights: the
// JSON of model.to_json(), of a .keras archive's config.json or of an .h5 file's model_config
// attribute. It takes a Sequential model, or a Functional one whose graph is one chain of layers
// from its input to its output, of InputLayer, GRU, Dense, TimeDistributed(Dense), Activation
// and Dropout layers (Dropout and its kin are the identity at inference, and are left out).
// kerasVersion, such as "2.3.1" or "3.6.0", says which hard sigmoid "hard_sigmoid" is; the
// config's own keras_version is used when it is empty.
func NewFromKerasConfig(config []byte, kerasVersion string) (*Sequential, error) {
	var topo kerasTopology
	if err := json.Unmarshal(config, &topo); err != nil {
		return nil, fmt.Errorf("gru: malformed Keras model config: %w", err)
	}
	if kerasVersion != "" {
		topo.KerasVersion = kerasVersion
	}
	s, err := modelFromTopology(&topo)
	if err != nil {
		return nil, fmt.Errorf("gru: %w", err)
	}
	return s, nil
}

// modelFromTopology builds a Sequential model, or a Functional chain, without weights.
func modelFromTopology(topo *kerasTopology) (*Sequential, error) {
	var cfg struct {
		Name            string       `json:"name"`
		Layers          []kerasLayer `json:"layers"`
		BuildInputShape []*int       `json:"build_input_shape"`
	}
	switch topo.ClassName {
	case "Sequential":
		if err := json.Unmarshal(topo.Config, &cfg); err != nil {
			// Older Keras writes the layer list itself as the config.
			if err2 := json.Unmarshal(topo.Config, &cfg.Layers); err2 != nil {
				return nil, fmt.Errorf("malformed Sequential config: %w", err)
			}
		}
	case "Functional", "Model":
		name, layers, err := functionalChain(topo.Config)
		if err != nil {
			return nil, fmt.Errorf("%s model: %w", topo.ClassName, err)
		}
		cfg.Name, cfg.Layers = name, layers
	default:
		return nil, fmt.Errorf("model class %q: only Sequential models and Functional chains load", topo.ClassName)
	}
	built := cfg.BuildInputShape
	if built == nil {
		built = topo.BuildConfig.InputShape
	}
	input, layers, err := buildLayers(cfg.Layers, built, keras3(topo.KerasVersion))
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
	return s, nil
}

// keras3 reports whether a keras_version names Keras 3 or later ("tfjs-layers …" is Keras 2).
func keras3(version string) bool {
	major, _, _ := strings.Cut(version, ".")
	n, err := strconv.Atoi(major)
	return err == nil && n >= 3
}

// buildLayers turns the Keras layer configs into layers and the model's input shape: the first
// layer's batch shape, else the shape the model was built for.
func buildLayers(kl []kerasLayer, built []*int, keras3 bool) (input []int, layers []Layer, err error) {
	// A bad input shape is reported after the layers: a layer fastgru lacks, or a stateful GRU
	// with the fixed batch it needs, is named as such, not by the shape it came with.
	var shapeErr error
	for i, l := range kl {
		var c kerasLayerConfig
		if err := json.Unmarshal(l.Config, &c); err != nil {
			return nil, nil, fmt.Errorf("layer %d (%s): malformed config: %w", i, l.ClassName, err)
		}
		label := layerLabel(i, c.Name, l.Name)
		if shape := append(c.BatchInputShape, c.BatchShape...); input == nil && shapeErr == nil && len(shape) > 0 {
			if input, err = inputShape(shape); err != nil {
				shapeErr = fmt.Errorf("layer %s (%s): %w", label, l.ClassName, err)
			}
		}
		layer, err := newLayer(l.ClassName, c, keras3)
		if err != nil {
			return nil, nil, fmt.Errorf("layer %s (%s): %w", label, l.ClassName, err)
		}
		if layer != nil {
			layers = append(layers, layer)
		}
	}
	if shapeErr != nil {
		return nil, nil, shapeErr
	}
	if input == nil && built != nil {
		if input, err = inputShape(built); err != nil {
			return nil, nil, fmt.Errorf("build_input_shape: %w", err)
		}
	}
	if input == nil {
		return nil, nil, errors.New("no layer gives the input shape (batch_input_shape), nor does the model's build_input_shape")
	}
	return input, layers, nil
}

// layerLabel names layer i of a config in errors: by its name when it has one.
func layerLabel(i int, names ...string) string {
	for _, n := range names {
		if n != "" {
			return strconv.Quote(n)
		}
	}
	return strconv.Itoa(i)
}

// inputShape checks a batch_input_shape [null, d1, …] and returns [d1, …]; a null time, the
// first of two or more, is AnyTime.
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

// identityLayers are the layers that inference passes through unchanged.
var identityLayers = map[string]bool{"InputLayer": true, "Dropout": true, "SpatialDropout1D": true,
	"GaussianDropout": true, "GaussianNoise": true, "AlphaDropout": true}

func newLayer(class string, c kerasLayerConfig, keras3 bool) (Layer, error) {
	if err := checkDType(c.DType); err != nil {
		return nil, err
	}
	if identityLayers[class] {
		return nil, nil
	}
	noBias := c.UseBias != nil && !*c.UseBias
	act, err := activationName(c.Activation, "activation")
	if err != nil {
		return nil, err
	}
	if act == "hard_sigmoid" && keras3 {
		// Keras 3's is x/6+0.5, which fastgru has for a GRU's gates only.
		return nil, errors.New(`activation "hard_sigmoid" of Keras 3 (x/6+0.5) is supported as a GRU's recurrent_activation only`)
	}
	switch class {
	case "GRU":
		switch {
		case c.ReturnState || c.Stateful:
			return nil, errors.New("return_state and stateful GRUs do not fit a Sequential model")
		case c.Unroll:
			return nil, errors.New("unroll=True is not supported")
		case c.TimeMajor:
			return nil, errors.New("time_major=True is not supported")
		}
		ra, err := activationName(c.RecurrentActivation, "recurrent_activation")
		if err != nil {
			return nil, err
		}
		if ra == "hard_sigmoid" && keras3 {
			ra = "hard_sigmoid_keras3"
		}
		return &GRU{LayerName: c.Name, Units: c.Units, Activation: act, RecurrentActivation: ra,
			NoBias: noBias, ReturnSequences: c.ReturnSequences, GoBackwards: c.GoBackwards, ResetAfter: c.ResetAfter}, nil
	case "Dense":
		return &Dense{LayerName: c.Name, Units: c.Units, Activation: act, NoBias: noBias}, nil
	case "TimeDistributed":
		if c.Layer == nil || c.Layer.ClassName != "Dense" {
			return nil, errors.New("only a Dense layer can be time-distributed")
		}
		var dc kerasLayerConfig
		if err := json.Unmarshal(c.Layer.Config, &dc); err != nil {
			return nil, fmt.Errorf("malformed Dense config: %w", err)
		}
		d, err := newLayer("Dense", dc, keras3)
		if err != nil {
			return nil, fmt.Errorf("its Dense: %w", err)
		}
		return &TimeDistributed{LayerName: c.Name, Layer: d.(*Dense)}, nil
	case "Activation":
		return &Activation{LayerName: c.Name, Activation: act}, nil
	}
	return nil, fmt.Errorf("layer class %q is not supported (fastgru runs GRU, Dense, TimeDistributed(Dense), Activation and Dropout layers)", class)
}

// activationName reads an activation of a config: a name; a serialized function (Keras 3 may
// write {"class_name": "function", "config": "relu"}) gives its name too.
func activationName(raw json.RawMessage, field string) (string, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return "", nil
	}
	var name string
	if json.Unmarshal(raw, &name) == nil {
		return name, nil
	}
	var fn struct {
		ClassName string `json:"class_name"`
		Config    string `json:"config"`
	}
	if json.Unmarshal(raw, &fn) == nil && fn.ClassName == "function" && fn.Config != "" {
		return fn.Config, nil
	}
	return "", fmt.Errorf("%s %s is not a built-in activation", field, raw)
}

// checkDType accepts a layer dtype of float32, or none: weights in other types, or a mixed
// precision policy, would run at another precision than Keras does.
func checkDType(raw json.RawMessage) error {
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	var name string
	if json.Unmarshal(raw, &name) != nil {
		var policy struct {
			Config struct {
				Name string `json:"name"`
			} `json:"config"`
		}
		if json.Unmarshal(raw, &policy) != nil {
			return fmt.Errorf("malformed dtype %s", raw)
		}
		name = policy.Config.Name
	}
	if name != "float32" {
		return fmt.Errorf("dtype %q: only float32 layers are supported", name)
	}
	return nil
}
