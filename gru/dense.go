package gru

import (
	"fmt"

	"github.com/fastgru/fastgru/kernels"
)

// Dense is Keras' Dense layer, y = act(x·kernel + bias), on the last axis of its input: on a
// (batch, time, features) input every batch·time row goes through one product.
type Dense struct {
	LayerName  string // Keras name; NewSequential names it "dense", "dense_1", … when empty
	Units      int
	Activation string // "" or "linear", "relu", "sigmoid", "hard_sigmoid" (Keras 2), "tanh", "softmax"
	NoBias     bool   // Keras' use_bias=False

	act       kernels.Activation
	in        int
	out       []int
	kernel, b []float32
	y         []float32 // the output, reused
	yShape    []int
	// fused, when the model follows this linear Dense with an Activation layer: that activation
	// runs inside the product (the softmax in the micro-kernel for rows that fit one tile).
	fused *Activation
	train denseTrain
}

func (d *Dense) Name() string  { return d.LayerName }
func (d *Dense) Class() string { return "Dense" }

func (d *Dense) build(in []int) ([]int, error) {
	act, err := parseActivation(d.Activation, "linear")
	if err != nil {
		return nil, err
	}
	if d.Units < 1 {
		return nil, fmt.Errorf("units must be positive, have %d", d.Units)
	}
	if len(in) == 0 {
		return nil, fmt.Errorf("needs an input of at least one dimension")
	}
	d.act, d.in = act, in[len(in)-1]
	d.out = append(append([]int(nil), in[:len(in)-1]...), d.Units)
	return d.out, nil
}

func (d *Dense) weightShapes() [][]int {
	if d.NoBias {
		return [][]int{{d.in, d.Units}}
	}
	return [][]int{{d.in, d.Units}, {d.Units}}
}

func (d *Dense) setWeights(w []Tensor) {
	d.kernel = w[0].Data
	if !d.NoBias {
		d.b = w[1].Data
	}
}

func (d *Dense) forward(x Tensor) Tensor {
	rows := 1
	for _, s := range x.Shape[:len(x.Shape)-1] {
		rows *= s
	}
	d.yShape = append(append(reuseShape(&d.yShape, x.Shape[0]), x.Shape[1:len(x.Shape)-1]...), d.Units)
	y := Tensor{Shape: d.yShape, Data: reuse(&d.y, rows*d.Units)}
	act := d.act
	if d.fused != nil {
		act = d.fused.act
	}
	kernels.Dense(y.Data, x.Data, rows, d.in, d.Units, d.kernel, d.b, act)
	return y
}

// TimeDistributed applies its Dense layer to every time step of a (batch, time, features) input:
// the same single product as Dense on that input, with the same weights.
type TimeDistributed struct {
	LayerName string // Keras name; NewSequential names it "time_distributed", … when empty
	Layer     *Dense
}

func (t *TimeDistributed) Name() string  { return t.LayerName }
func (t *TimeDistributed) Class() string { return "TimeDistributed" }

func (t *TimeDistributed) build(in []int) ([]int, error) {
	if t.Layer == nil {
		return nil, fmt.Errorf("wraps no layer")
	}
	if len(in) < 2 {
		return nil, fmt.Errorf("needs a (time, features) input, have %s", shapeString(in))
	}
	return t.Layer.build(in)
}

func (t *TimeDistributed) weightShapes() [][]int   { return t.Layer.weightShapes() }
func (t *TimeDistributed) setWeights(w []Tensor)   { t.Layer.setWeights(w) }
func (t *TimeDistributed) forward(x Tensor) Tensor { return t.Layer.forward(x) }
