package modelfile

import (
	"errors"
	"fmt"
	"strings"
	"unicode"

	"github.com/fastgru/fastgru/gru"
)

// setWeights reads m's weights from an HDF5 file in either of Keras' layouts and gives them to
// m, all at once.
func setWeights(m *gru.Sequential, h *h5File) error {
	var w []gru.Tensor
	var err error
	switch {
	case h.isGroup("/layers/"):
		w, err = keras3Weights(m, h)
	case h.isGroup("/model_weights/"):
		w, err = legacyWeights(m, h, "/model_weights/")
	default:
		w, err = legacyWeights(m, h, "/")
	}
	if err != nil {
		return err
	}
	return m.SetWeights(w)
}

// layerWeights lists the weights of each kind of layer in Keras' order.
func layerWeights(l gru.Layer) ([]string, error) {
	switch l := l.(type) {
	case *gru.GRU:
		if l.NoBias {
			return []string{"kernel", "recurrent_kernel"}, nil
		}
		return []string{"kernel", "recurrent_kernel", "bias"}, nil
	case *gru.Dense:
		return denseWeights(l), nil
	case *gru.TimeDistributed:
		return denseWeights(l.Layer), nil
	case *gru.Activation:
		return nil, nil
	}
	return nil, fmt.Errorf("layer %s: Keras files hold no %s layer", l.Name(), l.Class())
}

func denseWeights(d *gru.Dense) []string {
	if d.NoBias {
		return []string{"kernel"}
	}
	return []string{"kernel", "bias"}
}

// keras3Weights reads Keras 3's layout, where the weights of the model's layers lie under
// layers/<class in snake case>[_<rank among the layers of that class>]: a GRU's in cell/vars/0-2,
// a Dense's in vars/0-1, a TimeDistributed's in layer/vars/0-1.
func keras3Weights(m *gru.Sequential, h *h5File) ([]gru.Tensor, error) {
	shapes := m.WeightShapes()
	var w []gru.Tensor
	seen := map[string]int{}
	for _, l := range m.Layers() {
		names, err := layerWeights(l)
		if err != nil {
			return nil, err
		}
		group := snakeCase(l.Class())
		if k := seen[group]; k > 0 {
			seen[group]++
			group = fmt.Sprintf("%s_%d", group, k)
		} else {
			seen[group] = 1
		}
		if len(names) == 0 {
			continue
		}
		vars := "/layers/" + group + "/vars/"
		switch l.(type) {
		case *gru.GRU:
			vars = "/layers/" + group + "/cell/vars/"
		case *gru.TimeDistributed:
			vars = "/layers/" + group + "/layer/vars/"
		}
		if !h.isGroup(vars) {
			return nil, fmt.Errorf("layer %s (%s): no weights at %s", l.Name(), l.Class(), strings.TrimSuffix(vars, "/"))
		}
		for i, name := range names {
			v, err := h.floats(fmt.Sprintf("%s%d", vars, i), shapes[len(w)])
			if err != nil {
				return nil, fmt.Errorf("layer %s (%s), %s: %w", l.Name(), l.Class(), name, err)
			}
			w = append(w, gru.Tensor{Shape: shapes[len(w)], Data: v})
		}
		if _, err := h.dataset(fmt.Sprintf("%s%d", vars, len(names))); err == nil {
			return nil, fmt.Errorf("layer %s (%s): the file holds more than its %d weights", l.Name(), l.Class(), len(names))
		}
	}
	return w, nil
}

// snakeCase is Keras' name of a class in snake case: GRU → gru, TimeDistributed → time_distributed.
func snakeCase(class string) string {
	var b strings.Builder
	r := []rune(class)
	for i, c := range r {
		if i > 0 && unicode.IsUpper(c) && (unicode.IsLower(r[i-1]) || i+1 < len(r) && unicode.IsLower(r[i+1])) {
			b.WriteByte('_')
		}
		b.WriteRune(unicode.ToLower(c))
	}
	return b.String()
}

// legacyWeights reads the legacy layout under base: the attribute layer_names lists the layers,
// each layer's group lists its weights in weight_names, and the layers that have weights take
// them in order, as Keras assigns them; the names themselves vary from version to version
// (gru_1/kernel:0, gru/gru_cell/kernel:0, sequential/gru/gru_cell/kernel) and are not parsed.
func legacyWeights(m *gru.Sequential, h *h5File, base string) ([]gru.Tensor, error) {
	layerNames, ok, err := h.stringsAttr(base, "layer_names")
	switch {
	case err != nil:
		return nil, err
	case !ok:
		return nil, errors.New("no layer_names attribute: not a Keras weights file")
	}
	type fileLayer struct {
		name    string
		weights []string
	}
	var file []fileLayer
	for _, name := range layerNames {
		weights, _, err := h.stringsAttr(base+name+"/", "weight_names")
		if err != nil {
			return nil, fmt.Errorf("layer %s: %w", name, err)
		}
		if !h.isGroup(base + name + "/") {
			return nil, fmt.Errorf("layer %s is listed but has no group", name)
		}
		if len(weights) > 0 {
			file = append(file, fileLayer{name, weights})
		}
	}
	type modelLayer struct {
		l       gru.Layer
		weights []string
	}
	var model []modelLayer
	for _, l := range m.Layers() {
		names, err := layerWeights(l)
		if err != nil {
			return nil, err
		}
		if len(names) > 0 {
			model = append(model, modelLayer{l, names})
		}
	}
	if len(file) != len(model) {
		return nil, fmt.Errorf("the file holds weights for %d layers, the model has %d layers with weights", len(file), len(model))
	}
	shapes := m.WeightShapes()
	var w []gru.Tensor
	for i, f := range file {
		ml := model[i]
		if len(f.weights) != len(ml.weights) {
			return nil, fmt.Errorf("layer %s of the file has %d weights, the model's layer %s (%s) %d",
				f.name, len(f.weights), ml.l.Name(), ml.l.Class(), len(ml.weights))
		}
		for _, wn := range f.weights {
			v, err := h.floats(base+f.name+"/"+wn, shapes[len(w)])
			if err != nil {
				return nil, fmt.Errorf("layer %s (%s): %w", ml.l.Name(), ml.l.Class(), err)
			}
			w = append(w, gru.Tensor{Shape: shapes[len(w)], Data: v})
		}
	}
	return w, nil
}
