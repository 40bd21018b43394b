package gru

import (
	"fmt"

	"github.com/fastgru/fastgru/kernels"
)

var activations = map[string]kernels.Activation{
	"linear": kernels.Linear, "relu": kernels.ReLU, "sigmoid": kernels.Sigmoid,
	"hard_sigmoid": kernels.HardSigmoid, "tanh": kernels.Tanh, "softmax": kernels.Softmax,
}

// parseActivation maps a Keras activation name ("" meaning def) to the kernels' activation.
func parseActivation(name, def string) (kernels.Activation, error) {
	if name == "" {
		name = def
	}
	a, ok := activations[name]
	if !ok {
		return 0, fmt.Errorf("unknown activation %q", name)
	}
	return a, nil
}

// Activation is Keras' Activation layer: softmax over the last axis, or an elementwise function.
type Activation struct {
	LayerName  string // Keras name; NewSequential names it "activation", "activation_1", … when empty
	Activation string // "linear", "relu", "sigmoid", "hard_sigmoid" (Keras 2), "tanh" or "softmax"

	act   kernels.Activation
	shape []int
	y     []float32 // the output, reused
	x     Tensor    // trainForward's input, for backward
	dx    []float32
}

func (a *Activation) Name() string  { return a.LayerName }
func (a *Activation) Class() string { return "Activation" }

func (a *Activation) build(in []int) ([]int, error) {
	act, err := parseActivation(a.Activation, "")
	if err != nil {
		return nil, err
	}
	if len(in) == 0 {
		return nil, fmt.Errorf("needs an input of at least one dimension")
	}
	a.act, a.shape = act, in
	return in, nil
}

func (a *Activation) weightShapes() [][]int { return nil }
func (a *Activation) setWeights([]Tensor)   {}

func (a *Activation) forward(x Tensor) Tensor {
	y := Tensor{Shape: x.Shape, Data: reuse(&a.y, len(x.Data))}
	copy(y.Data, x.Data)
	cols := a.shape[len(a.shape)-1]
	if cols > 0 {
		kernels.Activate(a.act, y.Data, len(y.Data)/cols, cols, cols)
	}
	return y
}
