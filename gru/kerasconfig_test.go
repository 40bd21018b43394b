package gru

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// keras3Layer is one layer of a Keras 3 config.
func keras3Layer(class, config string) string {
	return fmt.Sprintf(`{"module": "keras.layers", "class_name": %q, "config": %s, "registered_name": null}`, class, config)
}

const float32Policy = `{"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null}`

func keras3Sequential(layers ...string) string {
	return `{"module": "keras", "class_name": "Sequential", "config": {"name": "seq", "trainable": true, "dtype": ` +
		float32Policy + `, "layers": [` + strings.Join(layers, ", ") + `]}, "build_config": {"input_shape": [null, 9, 2]}}`
}

func TestNewFromKerasConfigSequential(t *testing.T) {
	input := keras3Layer("InputLayer", `{"batch_shape": [null, null, 15], "dtype": "float32", "sparse": false, "name": "input_layer"}`)
	gruLayer := keras3Layer("GRU", `{"name": "gru", "dtype": `+float32Policy+`, "return_sequences": true, "return_state": false,
		"go_backwards": false, "stateful": false, "unroll": false, "units": 16, "activation": "tanh",
		"recurrent_activation": "hard_sigmoid", "use_bias": true, "dropout": 0.2, "recurrent_dropout": 0.1, "reset_after": true}`)
	dropout := keras3Layer("Dropout", `{"name": "dropout", "rate": 0.3, "dtype": `+float32Policy+`}`)
	td := keras3Layer("TimeDistributed", `{"name": "time_distributed", "layer": `+
		keras3Layer("Dense", `{"name": "dense", "units": 15, "activation": "softmax", "use_bias": true}`)+`}`)
	m, err := NewFromKerasConfig([]byte(keras3Sequential(input, gruLayer, dropout, td)), "3.6.0")
	require.NoError(t, err)
	assert.Equal(t, []int{AnyTime, 15}, m.InputShape())
	require.Len(t, m.Layers(), 2)
	g := m.Layers()[0].(*GRU)
	assert.Equal(t, "hard_sigmoid_keras3", g.RecurrentActivation)
	assert.True(t, g.ResetAfter && g.ReturnSequences)
	assert.Equal(t, "softmax", m.Layers()[1].(*TimeDistributed).Layer.Activation)
	assert.Equal(t, [][]int{{15, 48}, {16, 48}, {2, 48}, {16, 15}, {15}}, m.WeightShapes())

	// Keras 2: the same hard sigmoid name is 0.2x+0.5.
	m, err = NewFromKerasConfig([]byte(keras3Sequential(input, gruLayer)), "2.10.0")
	require.NoError(t, err)
	assert.Equal(t, "hard_sigmoid", m.Layers()[0].(*GRU).RecurrentActivation)

	// No InputLayer: the shape the model was built for.
	m, err = NewFromKerasConfig([]byte(keras3Sequential(gruLayer)), "3.6.0")
	require.NoError(t, err)
	assert.Equal(t, []int{9, 2}, m.InputShape())
}

// keras3Node is an inbound node of a Keras 3 Functional config, taking the output of from.
func keras3Node(from ...string) string {
	var args []string
	for _, f := range from {
		args = append(args, fmt.Sprintf(`{"class_name": "__keras_tensor__", "config": {"shape": [null, 4, 3], "dtype": "float32", "keras_history": [%q, 0, 0]}}`, f))
	}
	return `[{"args": [` + strings.Join(args, ", ") + `], "kwargs": {"training": false}}]`
}

func functionalConfig(layers []string, in, out string) string {
	return fmt.Sprintf(`{"class_name": "Functional", "config": {"name": "model", "layers": [%s],
		"input_layers": [[%q, 0, 0]], "output_layers": [%q, 0, 0]}}`, strings.Join(layers, ", "), in, out)
}

func functionalLayer(class, name, config, inbound string) string {
	return fmt.Sprintf(`{"module": "keras.layers", "class_name": %q, "name": %q, "config": %s, "inbound_nodes": %s}`, class, name, config, inbound)
}

func TestNewFromKerasConfigFunctional(t *testing.T) {
	input := functionalLayer("InputLayer", "input_layer", `{"batch_shape": [null, 4, 3], "name": "input_layer"}`, "[]")
	g := functionalLayer("GRU", "gru", `{"name": "gru", "units": 5, "return_sequences": true}`, keras3Node("input_layer"))
	d := functionalLayer("Dense", "dense", `{"name": "dense", "units": 2, "activation": "relu"}`, keras3Node("gru"))
	// Listed out of order: the chain, not the list, gives the order.
	m, err := NewFromKerasConfig([]byte(functionalConfig([]string{d, input, g}, "input_layer", "dense")), "3.10.0")
	require.NoError(t, err)
	require.Len(t, m.Layers(), 2)
	assert.Equal(t, "gru", m.Layers()[0].Name())
	assert.Equal(t, "dense", m.Layers()[1].Name())
	assert.Equal(t, []int{4, 3}, m.InputShape())

	// Keras 2's form of the same chain.
	k2 := `{"class_name": "Model", "config": {"name": "model_1", "layers": [
		{"class_name": "InputLayer", "name": "input_1", "config": {"batch_input_shape": [null, 4, 3], "name": "input_1"}, "inbound_nodes": []},
		{"class_name": "GRU", "name": "gru_1", "config": {"name": "gru_1", "units": 5}, "inbound_nodes": [[["input_1", 0, 0, {}]]]},
		{"class_name": "Dense", "name": "dense_1", "config": {"name": "dense_1", "units": 2}, "inbound_nodes": [[["gru_1", 0, 0, {}]]]}],
		"input_layers": [["input_1", 0, 0]], "output_layers": [["dense_1", 0, 0]]}, "keras_version": "2.3.1"}`
	m, err = NewFromKerasConfig([]byte(k2), "")
	require.NoError(t, err)
	require.Len(t, m.Layers(), 2)

	other := functionalLayer("Dense", "side", `{"name": "side", "units": 2}`, keras3Node("input_layer"))
	add := functionalLayer("Add", "add", `{"name": "add"}`, keras3Node("gru", "side"))
	for want, cfg := range map[string]string{
		`layer "side" (Dense) is off the chain`:  functionalConfig([]string{input, g, d, other}, "input_layer", "dense"),
		`layer "add" (Add): takes 2 inputs`:      functionalConfig([]string{input, g, other, add}, "input_layer", "add"),
		`layer "gru" (GRU): called 2 times`:      functionalConfig([]string{input, functionalLayer("GRU", "gru", `{"name": "gru", "units": 5}`, `[`+keras3Node("input_layer")[1:len(keras3Node("input_layer"))-1]+`, `+keras3Node("input_layer")[1:]), d}, "input_layer", "dense"),
		`no layer "dense"`:                       functionalConfig([]string{input, g}, "input_layer", "dense"),
		`layer "dense" (Dense): no inbound node`: functionalConfig([]string{input, g, functionalLayer("Dense", "dense", `{"name": "dense", "units": 2}`, "[]")}, "input_layer", "dense"),
	} {
		_, err := NewFromKerasConfig([]byte(cfg), "3.6.0")
		require.Error(t, err, want)
		assert.Contains(t, err.Error(), want)
	}
}

func TestNewFromKerasConfigErrors(t *testing.T) {
	input := keras3Layer("InputLayer", `{"batch_shape": [null, 4, 3], "name": "input_layer"}`)
	for want, layer := range map[string]string{
		`layer "lstm" (LSTM): layer class "LSTM" is not supported`:                     keras3Layer("LSTM", `{"name": "lstm", "units": 4}`),
		`layer "bidirectional" (Bidirectional): layer class "Bidirectional" is not`:    keras3Layer("Bidirectional", `{"name": "bidirectional", "layer": {}}`),
		`layer "embedding" (Embedding)`:                                                keras3Layer("Embedding", `{"name": "embedding"}`),
		`layer "masking" (Masking)`:                                                    keras3Layer("Masking", `{"name": "masking"}`),
		`layer "gru" (GRU): return_state and stateful GRUs`:                            keras3Layer("GRU", `{"name": "gru", "units": 4, "stateful": true}`),
		`layer "gru" (GRU): unroll=True is not supported`:                              keras3Layer("GRU", `{"name": "gru", "units": 4, "unroll": true}`),
		`layer "gru" (GRU): time_major=True is not supported`:                          keras3Layer("GRU", `{"name": "gru", "units": 4, "time_major": true}`),
		`layer "gru" (GRU): dtype "mixed_float16": only float32 layers`:                keras3Layer("GRU", `{"name": "gru", "units": 4, "dtype": {"class_name": "DTypePolicy", "config": {"name": "mixed_float16"}}}`),
		`layer "dense" (Dense): dtype "float16"`:                                       keras3Layer("Dense", `{"name": "dense", "units": 4, "dtype": "float16"}`),
		`layer "dense" (Dense): activation {"class_name": "LeakyReLU"} is not a built`: keras3Layer("Dense", `{"name": "dense", "units": 4, "activation": {"class_name": "LeakyReLU"}}`),
		`layer "td" (TimeDistributed): only a Dense layer can be time-distributed`:     keras3Layer("TimeDistributed", `{"name": "td", "layer": {"class_name": "GRU", "config": {}}}`),
	} {
		_, err := NewFromKerasConfig([]byte(keras3Sequential(input, layer)), "3.6.0")
		require.Error(t, err, want)
		assert.Contains(t, err.Error(), want)
	}
	for want, cfg := range map[string]string{
		`model class "Bogus"`:             `{"class_name": "Bogus", "config": {}}`,
		`malformed Keras model config`:    `{"class_name": `,
		`no layer gives the input shape`:  `{"class_name": "Sequential", "config": {"layers": [` + keras3Layer("Dense", `{"name": "d", "units": 1}`) + `]}}`,
		`batch_input_shape must be [null`: `{"class_name": "Sequential", "config": {"layers": [` + keras3Layer("InputLayer", `{"batch_shape": [3, 4]}`) + `]}}`,
	} {
		_, err := NewFromKerasConfig([]byte(cfg), "3.6.0")
		require.Error(t, err, want)
		assert.Contains(t, err.Error(), want)
	}
}
