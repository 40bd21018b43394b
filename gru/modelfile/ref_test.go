package modelfile_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/fastgru/fastgru/gru"
)

// This file is a float64 forward pass of the Keras layers that the loaders build, written from
// Keras' formulas (keras/src/layers/rnn/gru.py, core/dense.py, activations) and not from package
// gru, so that the loaded models are checked against Keras' arithmetic rather than against
// themselves.

// refTensor is a row-major float64 array; the first dimension is the batch.
type refTensor struct {
	shape []int
	data  []float64
}

type refLayer interface {
	forward(x refTensor) refTensor
}

// refModel runs its layers in order, as a Keras Sequential model does.
type refModel []refLayer

func (m refModel) forward(x refTensor) refTensor {
	for _, l := range m {
		x = l.forward(x)
	}
	return x
}

// refActivate applies the elementwise Keras activation name to x. keras3 picks Keras 3's
// hard_sigmoid, relu6(x+3)/6 = clip(x/6 + 1/2, 0, 1), over Keras 2's clip(0.2x + 1/2, 0, 1).
func refActivate(name string, keras3 bool, x float64) float64 {
	switch name {
	case "linear", "":
		return x
	case "tanh":
		return math.Tanh(x)
	case "sigmoid":
		return 1 / (1 + math.Exp(-x))
	case "relu":
		return math.Max(x, 0)
	case "hard_sigmoid":
		if keras3 {
			return math.Min(math.Max(x/6+0.5, 0), 1)
		}
		return math.Min(math.Max(0.2*x+0.5, 0), 1)
	}
	panic("reference: unknown activation " + name)
}

// refActivateRows applies name to every row of cols values: softmax over each row, any other
// activation elementwise.
func refActivateRows(name string, keras3 bool, v []float64, cols int) {
	if name != "softmax" {
		for i := range v {
			v[i] = refActivate(name, keras3, v[i])
		}
		return
	}
	for r := 0; r < len(v); r += cols {
		row := v[r : r+cols]
		top := math.Inf(-1)
		for _, x := range row {
			top = math.Max(top, x)
		}
		sum := 0.0
		for i, x := range row {
			row[i] = math.Exp(x - top)
			sum += row[i]
		}
		for i := range row {
			row[i] /= sum
		}
	}
}

// refGRU is Keras' GRU over a (batch, time, features) input from a zero state. Its weights are
// Keras': kernel (features, 3·units) and recurrent (units, 3·units) with the gates in column
// blocks z, r, h; bias (3·units) with resetAfter false, (2, 3·units) — the input row, then the
// recurrent row — with resetAfter true, nil without a bias. Per step, with x the input and h the
// state:
//
//	z = recurrent_activation(x·Wz + bz + h·Uz (+ b_rec_z))
//	r = recurrent_activation(x·Wr + br + h·Ur (+ b_rec_r))
//	reset_after:  h̃ = activation(x·Wh + bh + r⊙(h·Uh + b_rec_h))
//	otherwise:    h̃ = activation(x·Wh + bh + (r⊙h)·Uh)
//	h' = z⊙h + (1−z)⊙h̃
type refGRU struct {
	units                           int
	kernel, recurrent, bias         []float64
	resetAfter                      bool
	activation, recurrentActivation string // "" is tanh, and sigmoid
	keras3                          bool   // which hard_sigmoid
	returnSequences, goBackwards    bool
}

func (g *refGRU) forward(x refTensor) refTensor {
	if len(x.shape) != 3 {
		panic(fmt.Sprintf("reference GRU: input of shape %v", x.shape))
	}
	batch, steps, in := x.shape[0], x.shape[1], x.shape[2]
	u := g.units
	if len(g.kernel) != in*3*u || len(g.recurrent) != u*3*u {
		panic(fmt.Sprintf("reference GRU: %d kernel and %d recurrent values for %d inputs and %d units", len(g.kernel), len(g.recurrent), in, u))
	}
	act, gate := g.activation, g.recurrentActivation
	if act == "" {
		act = "tanh"
	}
	if gate == "" {
		gate = "sigmoid"
	}
	var inBias, recBias []float64
	switch {
	case g.bias == nil:
	case g.resetAfter && len(g.bias) == 6*u:
		inBias, recBias = g.bias[:3*u], g.bias[3*u:]
	case !g.resetAfter && len(g.bias) == 3*u:
		inBias = g.bias
	default:
		panic(fmt.Sprintf("reference GRU: %d bias values for %d units, reset_after %v", len(g.bias), u, g.resetAfter))
	}
	out := refTensor{shape: []int{batch, u}}
	if g.returnSequences {
		out.shape = []int{batch, steps, u}
	}
	out.data = make([]float64, shapeSize(out.shape))
	h := make([]float64, u)
	xw := make([]float64, 3*u) // x·W + b
	hu := make([]float64, 3*u) // h·U (+ b_rec)
	rh := make([]float64, u)   // r⊙h, without reset_after
	cand := make([]float64, u) // h̃
	z := make([]float64, u)
	for b := range batch {
		clear(h)
		for s := range steps {
			t := s
			if g.goBackwards {
				t = steps - 1 - s
			}
			xt := x.data[(b*steps+t)*in : (b*steps+t+1)*in]
			for j := range 3 * u {
				v := 0.0
				if inBias != nil {
					v = inBias[j]
				}
				for i, xi := range xt {
					v += xi * g.kernel[i*3*u+j]
				}
				xw[j] = v
				w := 0.0
				if recBias != nil {
					w = recBias[j]
				}
				if g.resetAfter || j < 2*u {
					for i, hi := range h {
						w += hi * g.recurrent[i*3*u+j]
					}
				}
				hu[j] = w
			}
			for j := range u {
				z[j] = refActivate(gate, g.keras3, xw[j]+hu[j])
				r := refActivate(gate, g.keras3, xw[u+j]+hu[u+j])
				if g.resetAfter {
					cand[j] = xw[2*u+j] + r*hu[2*u+j]
				} else {
					rh[j] = r * h[j]
				}
			}
			if !g.resetAfter {
				for j := range u {
					v := xw[2*u+j]
					for i, v2 := range rh {
						v += v2 * g.recurrent[i*3*u+2*u+j]
					}
					cand[j] = v
				}
			}
			for j := range u {
				c := refActivate(act, g.keras3, cand[j])
				h[j] = z[j]*h[j] + (1-z[j])*c
			}
			if g.returnSequences {
				// Keras keeps a backwards GRU's outputs in the order it made them.
				copy(out.data[(b*steps+s)*u:], h)
			}
		}
		if !g.returnSequences {
			copy(out.data[b*u:], h)
		}
	}
	return out
}

// refDense is Keras' Dense on the last axis of its input, whatever its rank: act(x·kernel + bias)
// with kernel (in, units) and bias (units) or nil.
type refDense struct {
	units        int
	kernel, bias []float64
	activation   string
	keras3       bool
}

func (d *refDense) forward(x refTensor) refTensor {
	in := x.shape[len(x.shape)-1]
	if len(d.kernel) != in*d.units || (d.bias != nil && len(d.bias) != d.units) {
		panic(fmt.Sprintf("reference Dense: %d kernel and %d bias values for %d inputs and %d units", len(d.kernel), len(d.bias), in, d.units))
	}
	rows := len(x.data) / in
	out := refTensor{shape: append(append([]int(nil), x.shape[:len(x.shape)-1]...), d.units), data: make([]float64, rows*d.units)}
	for r := range rows {
		xr := x.data[r*in : (r+1)*in]
		for j := range d.units {
			v := 0.0
			if d.bias != nil {
				v = d.bias[j]
			}
			for i, xi := range xr {
				v += xi * d.kernel[i*d.units+j]
			}
			out.data[r*d.units+j] = v
		}
	}
	refActivateRows(d.activation, d.keras3, out.data, d.units)
	return out
}

// refTimeDistributed applies its Dense to each time step of a (batch, time, features) input, one
// step at a time, as Keras' TimeDistributed does.
type refTimeDistributed struct{ layer *refDense }

func (td refTimeDistributed) forward(x refTensor) refTensor {
	if len(x.shape) != 3 {
		panic(fmt.Sprintf("reference TimeDistributed: input of shape %v", x.shape))
	}
	batch, steps, in := x.shape[0], x.shape[1], x.shape[2]
	out := refTensor{shape: []int{batch, steps, td.layer.units}}
	for b := range batch {
		for t := range steps {
			row := refTensor{shape: []int{1, in}, data: x.data[(b*steps+t)*in : (b*steps+t+1)*in]}
			out.data = append(out.data, td.layer.forward(row).data...)
		}
	}
	return out
}

// refActivation is Keras' Activation layer: softmax over the last axis or an elementwise function.
type refActivation struct {
	name   string
	keras3 bool
}

func (a refActivation) forward(x refTensor) refTensor {
	out := refTensor{shape: x.shape, data: append([]float64(nil), x.data...)}
	refActivateRows(a.name, a.keras3, out.data, x.shape[len(x.shape)-1])
	return out
}

// refDropout is Dropout at inference: the identity.
type refDropout struct{}

func (refDropout) forward(x refTensor) refTensor { return x }

func shapeSize(shape []int) int {
	n := 1
	for _, d := range shape {
		n *= d
	}
	return n
}

// randomInput returns a float32 input of the shape in [-1, 1), and the same values as a reference
// tensor.
func randomInput(rng *rand.Rand, shape ...int) (gru.Tensor, refTensor) {
	x := gru.Tensor{Shape: shape, Data: make([]float32, shapeSize(shape))}
	r := refTensor{shape: shape, data: make([]float64, len(x.Data))}
	for i := range x.Data {
		x.Data[i] = float32(rng.Float64()*2 - 1)
		r.data[i] = float64(x.Data[i])
	}
	return x, r
}

// refTolerance is how far a float32 model may stray from the float64 reference.
const refTolerance = 1e-5

// compareRef checks got against the reference, rounded to float32 only at the end, value by value
// within refTolerance.
func compareRef(t *testing.T, got gru.Tensor, want refTensor) {
	t.Helper()
	if fmt.Sprint(got.Shape) != fmt.Sprint(want.shape) {
		t.Fatalf("output of shape %v, the reference's is %v", got.Shape, want.shape)
	}
	worst, at := 0.0, 0
	for i, w := range want.data {
		d := math.Abs(float64(got.Data[i]) - float64(float32(w)))
		if math.IsNaN(d) || d > worst {
			worst, at = d, i
		}
	}
	if !(worst <= refTolerance) {
		t.Fatalf("output %d is %.9g, the reference %.9g (|diff| %.3g > %g)", at, got.Data[at], float32(want.data[at]), worst, refTolerance)
	}
}

// TestRefGRU pins the reference to numbers worked by hand, so that the reference itself is not
// the thing under test: one unit, one input, two steps.
func TestRefGRU(t *testing.T) {
	sig := func(x float64) float64 { return 1 / (1 + math.Exp(-x)) }
	// kernel [z r h] = [0.5 -0.25 1], recurrent [0.75 0.5 -1].
	x := refTensor{shape: []int{1, 2, 1}, data: []float64{1, -2}}
	after := &refGRU{units: 1, kernel: []float64{0.5, -0.25, 1}, recurrent: []float64{0.75, 0.5, -1},
		bias: []float64{0.1, 0.2, 0.3, -0.1, 0.05, 0.4}, resetAfter: true, returnSequences: true}
	before := &refGRU{units: 1, kernel: []float64{0.5, -0.25, 1}, recurrent: []float64{0.75, 0.5, -1},
		bias: []float64{0.1, 0.2, 0.3}, returnSequences: true}
	step := func(xt, h float64, resetAfter bool) float64 {
		if resetAfter {
			z := sig(0.5*xt + 0.1 + 0.75*h - 0.1)
			r := sig(-0.25*xt + 0.2 + 0.5*h + 0.05)
			c := math.Tanh(xt + 0.3 + r*(-h+0.4))
			return z*h + (1-z)*c
		}
		z := sig(0.5*xt + 0.1 + 0.75*h)
		r := sig(-0.25*xt + 0.2 + 0.5*h)
		c := math.Tanh(xt + 0.3 - r*h)
		return z*h + (1-z)*c
	}
	for _, c := range []struct {
		g          *refGRU
		resetAfter bool
	}{{after, true}, {before, false}} {
		h1 := step(1, 0, c.resetAfter)
		h2 := step(-2, h1, c.resetAfter)
		got := c.g.forward(x).data
		if math.Abs(got[0]-h1) > 1e-15 || math.Abs(got[1]-h2) > 1e-15 {
			t.Errorf("reset_after %v: %v, worked by hand %v", c.resetAfter, got, []float64{h1, h2})
		}
		c.g.goBackwards = true
		h1 = step(-2, 0, c.resetAfter)
		h2 = step(1, h1, c.resetAfter)
		got = c.g.forward(x).data
		if math.Abs(got[0]-h1) > 1e-15 || math.Abs(got[1]-h2) > 1e-15 {
			t.Errorf("reset_after %v backwards: %v, worked by hand %v", c.resetAfter, got, []float64{h1, h2})
		}
	}
	for _, c := range []struct {
		name   string
		keras3 bool
		x, y   float64
	}{
		{"hard_sigmoid", false, 1, 0.7}, {"hard_sigmoid", true, 1, 0.5 + 1.0/6},
		{"hard_sigmoid", false, 3, 1}, {"hard_sigmoid", true, 2.9, 0.5 + 2.9/6},
		{"relu", false, -1, 0}, {"linear", false, -1, -1},
	} {
		if got := refActivate(c.name, c.keras3, c.x); math.Abs(got-c.y) > 1e-15 {
			t.Errorf("%s (keras3 %v) of %v = %v, want %v", c.name, c.keras3, c.x, got, c.y)
		}
	}
	soft := []float64{1, 2, 3, 0, 0, 0}
	refActivateRows("softmax", false, soft, 3)
	e := math.Exp(1) + math.Exp(2) + math.Exp(3)
	for i, w := range []float64{math.Exp(1) / e, math.Exp(2) / e, math.Exp(3) / e, 1.0 / 3, 1.0 / 3, 1.0 / 3} {
		if math.Abs(soft[i]-w) > 1e-15 {
			t.Errorf("softmax: %v", soft)
		}
	}
}
