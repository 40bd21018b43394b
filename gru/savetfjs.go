package gru

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
)

const (
	// tfjsKerasVersion is the keras_version TF.js 4.22's model.toJSON writes: its "hard_sigmoid"
	// is Keras 2's clip(0.2x+0.5, 0, 1).
	tfjsKerasVersion = "tfjs-layers 4.22.0"
	// keras3Version marks a file whose GRU "hard_sigmoid" is Keras 3's clip(x/6+0.5, 0, 1), as the
	// keras_version of the tensorflowjs converter's files of Keras 3 models does.
	keras3Version = "3.0.0"
	// savedShardName is the name TF.js gives the only weight shard of a small model.
	savedShardName = "group1-shard1of1.bin"
)

// savedModel is model.json as TF.js 4.22's model.save writes it; the structs below keep its key
// order, so that the files read like TF.js's own.
type savedModel struct {
	ModelTopology   savedTopology      `json:"modelTopology"`
	Format          string             `json:"format"`
	GeneratedBy     string             `json:"generatedBy"`
	ConvertedBy     *string            `json:"convertedBy"`
	WeightsManifest []savedWeightGroup `json:"weightsManifest"`
}

type savedTopology struct {
	ClassName string `json:"class_name"`
	Config    struct {
		Name   string       `json:"name"`
		Layers []savedLayer `json:"layers"`
	} `json:"config"`
	KerasVersion string `json:"keras_version"`
	Backend      string `json:"backend"`
}

type savedWeightGroup struct {
	Paths   []string      `json:"paths"`
	Weights []savedWeight `json:"weights"`
}

type savedWeight struct {
	Name  string `json:"name"`
	Shape []int  `json:"shape"`
	Dtype string `json:"dtype"`
}

type savedLayer struct {
	ClassName string `json:"class_name"`
	Config    any    `json:"config"`
}

type savedInput struct {
	BatchInputShape []*int `json:"batch_input_shape"`
	Dtype           string `json:"dtype"`
	Sparse          bool   `json:"sparse"`
	Name            string `json:"name"`
}

// The regularizer, constraint and implementation fields stay nil: TF.js writes null for them when
// a model has none, and fastgru models have none.
type savedGRU struct {
	Name                 string           `json:"name"`
	Trainable            bool             `json:"trainable"`
	Units                int              `json:"units"`
	Activation           string           `json:"activation"`
	RecurrentActivation  string           `json:"recurrent_activation"`
	UseBias              bool             `json:"use_bias"`
	KernelInitializer    savedInitializer `json:"kernel_initializer"`
	RecurrentInitializer savedInitializer `json:"recurrent_initializer"`
	BiasInitializer      savedInitializer `json:"bias_initializer"`
	KernelRegularizer    any              `json:"kernel_regularizer"`
	RecurrentRegularizer any              `json:"recurrent_regularizer"`
	BiasRegularizer      any              `json:"bias_regularizer"`
	ActivityRegularizer  any              `json:"activity_regularizer"`
	KernelConstraint     any              `json:"kernel_constraint"`
	RecurrentConstraint  any              `json:"recurrent_constraint"`
	BiasConstraint       any              `json:"bias_constraint"`
	Dropout              float64          `json:"dropout"`
	RecurrentDropout     float64          `json:"recurrent_dropout"`
	Implementation       any              `json:"implementation"`
	ResetAfter           bool             `json:"reset_after"`
	ReturnSequences      bool             `json:"return_sequences"`
	ReturnState          bool             `json:"return_state"`
	GoBackwards          bool             `json:"go_backwards"`
	Stateful             bool             `json:"stateful"`
	Unroll               bool             `json:"unroll"`
}

type savedDense struct {
	Units               int              `json:"units"`
	Activation          string           `json:"activation"`
	UseBias             bool             `json:"use_bias"`
	KernelInitializer   savedInitializer `json:"kernel_initializer"`
	BiasInitializer     savedInitializer `json:"bias_initializer"`
	KernelRegularizer   any              `json:"kernel_regularizer"`
	BiasRegularizer     any              `json:"bias_regularizer"`
	ActivityRegularizer any              `json:"activity_regularizer"`
	KernelConstraint    any              `json:"kernel_constraint"`
	BiasConstraint      any              `json:"bias_constraint"`
	// Name is empty only for a time-distributed Dense left unnamed; a reader then names it.
	Name      string `json:"name,omitempty"`
	Trainable bool   `json:"trainable"`
}

type savedTimeDistributed struct {
	Layer     savedLayer `json:"layer"`
	Name      string     `json:"name"`
	Trainable bool       `json:"trainable"`
}

type savedActivation struct {
	Activation string `json:"activation"`
	Name       string `json:"name"`
	Trainable  bool   `json:"trainable"`
}

// savedInitializer is a Keras initializer config. Inference does not use them, but TF.js needs one
// for every weight to rebuild the layers; these are TF.js's defaults.
type savedInitializer struct {
	ClassName string `json:"class_name"`
	Config    any    `json:"config"`
}

var (
	tfjsGlorotNormal = savedInitializer{"VarianceScaling", struct {
		Scale        float64 `json:"scale"`
		Mode         string  `json:"mode"`
		Distribution string  `json:"distribution"`
		Seed         any     `json:"seed"`
	}{1, "fan_avg", "normal", nil}}
	tfjsOrthogonal = savedInitializer{"Orthogonal", struct {
		Gain float64 `json:"gain"`
		Seed any     `json:"seed"`
	}{1, nil}}
	tfjsZeros = savedInitializer{"Zeros", struct{}{}}
)

// SaveTFJS writes a layers-model directory (model.json + one weights shard) that LoadTFJS,
// and TF.js's tf.loadLayersModel for the variants TF.js has, read back to the same model.
//
// The files are laid out as TF.js 4.22's model.save writes them: an InputLayer named after the
// first layer, TF.js's default initializers, weights named "<layer>/kernel" and so on in Keras'
// get_weights() order, a time-distributed Dense's weights under the TimeDistributed layer's name.
// Two variants TF.js lacks are written as Keras would say them, for LoadTFJS and other Keras
// readers: GRUs with ResetAfter, which TF.js refuses to load, and the "hard_sigmoid_keras3" gate,
// written as "hard_sigmoid" in a file whose keras_version is 3 — TF.js would load that file but
// compute Keras 2's hard sigmoid, so such a model cannot also hold a GRU with Keras 2's.
//
// dir is created when missing. Each file is written beside its final name and renamed over it, so
// a save that fails leaves no partial file behind.
func (s *Sequential) SaveTFJS(dir string) error {
	modelJSON, shard, err := s.tfjsFiles()
	if err != nil {
		return fmt.Errorf("gru: SaveTFJS: %w", err)
	}
	if err := writeModelDir(dir, modelJSON, shard); err != nil {
		return fmt.Errorf("gru: SaveTFJS: %w", err)
	}
	return nil
}

// tfjsFiles returns model.json and the weight shard of the model.
func (s *Sequential) tfjsFiles() (modelJSON, shard []byte, err error) {
	s.mu.Lock() // a training call updates the weights in place
	defer s.mu.Unlock()
	if !s.ready {
		return nil, nil, errors.New("the model has no weights: call SetWeights first")
	}
	layers := s.Layers()
	names := map[string]bool{}
	for _, l := range layers {
		// LoadTFJS and TF.js find a layer's weights by its name, the part of a weight's name before
		// the "/".
		name := l.Name()
		if name == "" || strings.Contains(name, "/") {
			return nil, nil, fmt.Errorf("layer name %q: a layers-model needs non-empty names without '/'", name)
		}
		if names[name] {
			return nil, nil, fmt.Errorf("two layers are named %q", name)
		}
		names[name] = true
	}

	m := savedModel{Format: "layers-model", GeneratedBy: "fastgru",
		ModelTopology: savedTopology{ClassName: "Sequential", KerasVersion: tfjsKerasVersion, Backend: "tensor_flow.js"}}
	topo := &m.ModelTopology
	topo.Config.Name = s.name
	topo.Config.Layers = append(topo.Config.Layers, savedLayer{"InputLayer", s.inputLayer(layers, names)})
	// hardSigmoids records which hard sigmoids the layers use: Keras 3's (true, a GRU's gates
	// only), Keras 2's (false). keras_version says which one "hard_sigmoid" is for the whole file.
	hardSigmoids := map[bool]bool{}
	keras2 := func(act string) {
		if act == "hard_sigmoid" {
			hardSigmoids[false] = true
		}
	}
	for _, l := range layers {
		var c any
		switch l := l.(type) {
		case *GRU:
			gc, keras3Gate := saveGRU(l)
			if gc.RecurrentActivation == "hard_sigmoid" {
				hardSigmoids[keras3Gate] = true
			}
			keras2(l.Activation)
			c = gc
		case *Dense:
			keras2(l.Activation)
			c = saveDense(l)
		case *TimeDistributed:
			keras2(l.Layer.Activation)
			c = savedTimeDistributed{Layer: savedLayer{"Dense", saveDense(l.Layer)}, Name: l.LayerName, Trainable: true}
		case *Activation:
			keras2(l.Activation)
			c = savedActivation{Activation: l.Activation, Name: l.LayerName, Trainable: true}
		default:
			return nil, nil, fmt.Errorf("layer %s: a layers-model has no %s layer fastgru can write", l.Name(), l.Class())
		}
		topo.Config.Layers = append(topo.Config.Layers, savedLayer{l.Class(), c})
	}
	if hardSigmoids[true] && hardSigmoids[false] {
		return nil, nil, errors.New(`Keras 2's and Keras 3's hard sigmoid in one model: ` +
			`a layers-model's "hard_sigmoid" is one or the other`)
	}
	if hardSigmoids[true] {
		topo.KerasVersion = keras3Version
	}

	group := savedWeightGroup{Paths: []string{savedShardName}}
	weights := s.weights
	for _, l := range layers {
		for _, suffix := range weightSuffixes(l) {
			w := weights[0]
			weights = weights[1:]
			group.Weights = append(group.Weights, savedWeight{Name: l.Name() + "/" + suffix, Shape: w.Shape, Dtype: "float32"})
			for _, v := range w.Data {
				shard = binary.LittleEndian.AppendUint32(shard, math.Float32bits(v))
			}
		}
	}
	m.WeightsManifest = []savedWeightGroup{group}
	modelJSON, err = json.Marshal(m)
	return modelJSON, shard, err
}

// inputLayer is the InputLayer TF.js puts first: named after the first layer, as TF.js
// names it, unless a layer already has that name.
func (s *Sequential) inputLayer(layers []Layer, names map[string]bool) savedInput {
	base := "input"
	if len(layers) > 0 {
		base = layers[0].Name() + "_input"
	}
	name := base
	for n := 1; names[name]; n++ {
		name = fmt.Sprintf("%s_%d", base, n)
	}
	shape := []*int{nil}
	for _, d := range s.InputShape() {
		if d == AnyTime {
			shape = append(shape, nil)
			continue
		}
		shape = append(shape, &d)
	}
	return savedInput{BatchInputShape: shape, Dtype: "float32", Name: name}
}

// saveGRU returns g's config and whether its gate is Keras 3's hard sigmoid, which the config
// calls "hard_sigmoid".
func saveGRU(g *GRU) (savedGRU, bool) {
	gate, keras3Gate := g.RecurrentActivation, false
	switch gate {
	case "":
		gate = "sigmoid"
	case "hard_sigmoid_keras3":
		gate, keras3Gate = "hard_sigmoid", true
	}
	act := g.Activation
	if act == "" {
		act = "tanh"
	}
	return savedGRU{Name: g.LayerName, Trainable: true, Units: g.Units, Activation: act, RecurrentActivation: gate,
		UseBias: !g.NoBias, KernelInitializer: tfjsGlorotNormal, RecurrentInitializer: tfjsOrthogonal,
		BiasInitializer: tfjsZeros,
		ResetAfter:      g.ResetAfter, ReturnSequences: g.ReturnSequences, GoBackwards: g.GoBackwards}, keras3Gate
}

func saveDense(d *Dense) savedDense {
	act := d.Activation
	if act == "" {
		act = "linear"
	}
	return savedDense{Units: d.Units, Activation: act, UseBias: !d.NoBias, KernelInitializer: tfjsGlorotNormal,
		BiasInitializer: tfjsZeros, Name: d.LayerName, Trainable: true}
}

// writeModelDir writes model.json and the shard into dir, made if missing: both to temporary
// files first, then each renamed over its name, so that neither is ever seen half written. The
// shard goes first: model.json, the file readers open, then names weights already there.
func writeModelDir(dir string, modelJSON, shard []byte) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	shardTmp, err := writeTemp(dir, savedShardName, shard)
	if err != nil {
		return err
	}
	defer os.Remove(shardTmp) // after a rename, there is nothing left to remove
	jsonTmp, err := writeTemp(dir, "model.json", modelJSON)
	if err != nil {
		return err
	}
	defer os.Remove(jsonTmp)
	if err := os.Rename(shardTmp, filepath.Join(dir, savedShardName)); err != nil {
		return err
	}
	return os.Rename(jsonTmp, filepath.Join(dir, "model.json"))
}

// writeTemp writes data to a new temporary file in dir and returns its path.
func writeTemp(dir, name string, data []byte) (string, error) {
	f, err := os.CreateTemp(dir, "."+name+".*.tmp")
	if err != nil {
		return "", err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if err == nil {
		err = f.Chmod(0o644)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(f.Name())
		return "", err
	}
	return f.Name(), nil
}
