package gru

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
)

// functionalChain orders the layers of a Functional model config from its input to its output,
// given that they form one chain: each layer but the input takes the output of the one before,
// called once, and nothing else. It returns the model's name and the layers in order.
func functionalChain(config json.RawMessage) (string, []kerasLayer, error) {
	var cfg struct {
		Name         string          `json:"name"`
		Layers       []kerasLayer    `json:"layers"`
		InputLayers  json.RawMessage `json:"input_layers"`
		OutputLayers json.RawMessage `json:"output_layers"`
	}
	if err := json.Unmarshal(config, &cfg); err != nil {
		return "", nil, fmt.Errorf("malformed config: %w", err)
	}
	inputs, err := layerRefs(cfg.InputLayers)
	if err != nil {
		return "", nil, fmt.Errorf("input_layers: %w", err)
	}
	outputs, err := layerRefs(cfg.OutputLayers)
	if err != nil {
		return "", nil, fmt.Errorf("output_layers: %w", err)
	}
	if len(inputs) != 1 || len(outputs) != 1 {
		return "", nil, fmt.Errorf("%d inputs and %d outputs: only a chain from one input to one output loads", len(inputs), len(outputs))
	}
	byName := map[string]int{}
	for i, l := range cfg.Layers {
		if l.Name == "" {
			return "", nil, fmt.Errorf("layer %d (%s) has no name", i, l.ClassName)
		}
		if _, dup := byName[l.Name]; dup {
			return "", nil, fmt.Errorf("two layers are named %q", l.Name)
		}
		byName[l.Name] = i
	}
	// Walk back from the output to the input.
	var chain []kerasLayer
	seen := map[string]bool{}
	for name := outputs[0]; ; {
		i, ok := byName[name]
		if !ok {
			return "", nil, fmt.Errorf("no layer %q", name)
		}
		if seen[name] {
			return "", nil, fmt.Errorf("layer %q is reached twice: not a chain", name)
		}
		seen[name] = true
		l := cfg.Layers[i]
		chain = append(chain, l)
		if name == inputs[0] {
			break
		}
		from, err := inboundLayer(l.InboundNodes)
		if err != nil {
			return "", nil, fmt.Errorf("layer %q (%s): %w", name, l.ClassName, err)
		}
		name = from
	}
	for _, l := range cfg.Layers {
		if !seen[l.Name] {
			return "", nil, fmt.Errorf("layer %q (%s) is off the chain from the input to the output: only chains load", l.Name, l.ClassName)
		}
	}
	slices.Reverse(chain)
	return cfg.Name, chain, nil
}

// layerRefs reads input_layers or output_layers: a list of [name, node, tensor] references, or,
// as Keras 3 writes one, a single reference.
func layerRefs(raw json.RawMessage) ([]string, error) {
	var list []json.RawMessage
	if err := json.Unmarshal(raw, &list); err != nil {
		return nil, errors.New("malformed layer references")
	}
	var single string
	if len(list) > 0 && json.Unmarshal(list[0], &single) == nil {
		list = []json.RawMessage{raw}
	}
	names := make([]string, len(list))
	for i, r := range list {
		name, err := tensorRef(r)
		if err != nil {
			return nil, err
		}
		names[i] = name
	}
	return names, nil
}

// tensorRef reads a reference [name, node index, tensor index (, kwargs)] to the first output of
// a layer's first call, and returns the name.
func tensorRef(raw json.RawMessage) (string, error) {
	var ref []json.RawMessage
	var name string
	var node, tensor int
	if json.Unmarshal(raw, &ref) != nil || len(ref) < 3 || json.Unmarshal(ref[0], &name) != nil ||
		json.Unmarshal(ref[1], &node) != nil || json.Unmarshal(ref[2], &tensor) != nil {
		return "", fmt.Errorf("malformed layer reference %.80s", raw)
	}
	if node != 0 || tensor != 0 {
		return "", fmt.Errorf("layer %q is used by reference [%d, %d]: shared layers and layers of several outputs do not form a chain", name, node, tensor)
	}
	return name, nil
}

// inboundLayer reads a layer's inbound_nodes and returns the one layer it takes its input from:
// Keras 2 writes [[[name, node, tensor, kwargs]]], Keras 3 [{"args": [tensor], "kwargs": {…}}]
// where each Keras tensor holds its keras_history [name, node, tensor].
func inboundLayer(raw json.RawMessage) (string, error) {
	var nodes []json.RawMessage
	if err := json.Unmarshal(raw, &nodes); err != nil || len(nodes) == 0 {
		return "", errors.New("no inbound node: not a chain")
	}
	if len(nodes) > 1 {
		return "", fmt.Errorf("called %d times: shared layers do not form a chain", len(nodes))
	}
	var refs []json.RawMessage
	var keras2 [][]json.RawMessage
	if json.Unmarshal(nodes[0], &keras2) == nil {
		for _, r := range keras2 {
			b, _ := json.Marshal(r)
			refs = append(refs, b)
		}
	} else {
		var tree any
		if err := json.Unmarshal(nodes[0], &tree); err != nil {
			return "", errors.New("malformed inbound node")
		}
		refs = kerasHistories(tree, refs)
	}
	if len(refs) != 1 {
		return "", fmt.Errorf("takes %d inputs: only a chain of one-input layers loads", len(refs))
	}
	return tensorRef(refs[0])
}

// kerasHistories collects the keras_history of every Keras tensor in a Keras 3 inbound node.
func kerasHistories(v any, refs []json.RawMessage) []json.RawMessage {
	switch v := v.(type) {
	case map[string]any:
		if v["class_name"] == "__keras_tensor__" {
			if c, ok := v["config"].(map[string]any); ok {
				b, _ := json.Marshal(c["keras_history"])
				return append(refs, b)
			}
		}
		for _, k := range slices.Sorted(maps.Keys(v)) {
			refs = kerasHistories(v[k], refs)
		}
	case []any:
		for _, e := range v {
			refs = kerasHistories(e, refs)
		}
	}
	return refs
}
