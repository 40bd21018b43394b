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
	s, err := modelFromTopology(topo)
	if err != nil {
		return nil, err
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
