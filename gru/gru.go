package gru

import (
	"fmt"

	"github.com/fastgru/fastgru/kernels"
	"gonum.org/v1/gonum/blas"
)

// GRU is Keras' GRU layer over a (batch, time, features) input, with Keras' weight layout: kernel
// (features, 3·units) and recurrent_kernel (units, 3·units) in gate blocks z, r, h; bias (3·units),
// or (2, 3·units) — input row, then recurrent row — with ResetAfter. The initial state is zero.
//
// reset_after=false (Keras 2, TF.js):  h̃ = act(x·Wh + bh + (r⊙h)·Uh)
// reset_after=true (tf.keras 2, Keras 3): h̃ = act(x·Wh + bh + r⊙(h·Uh + bh_rec))
// and in both h' = z⊙h + (1-z)⊙h̃ with z, r = recurrent_activation(x·W + b + h·U (+ b_rec)).
type GRU struct {
	LayerName string // Keras name; NewSequential names it "gru", "gru_1", … when empty
	Units     int
	// Activation of the candidate state: "" means "tanh", as in Keras.
	Activation string
	// RecurrentActivation of the gates: "" means "sigmoid"; "hard_sigmoid" is Keras 2's and TF.js's
	// clip(0.2x+0.5, 0, 1), "hard_sigmoid_keras3" Keras 3's clip(x/6+0.5, 0, 1).
	RecurrentActivation string
	NoBias              bool // Keras' use_bias=False
	ReturnSequences     bool // output every step (batch, time, units), not the last (batch, units)
	GoBackwards         bool // read time backwards; outputs stay in processing order, as in Keras
	ResetAfter          bool // Keras' reset_after: false is Keras 2's and TF.js's default, true Keras 3's

	act, gate             kernels.Activation
	keras3Gate            bool
	time, in              int
	kernel, recurrent     []float32
	inBias, recurrentBias []float32
}

func (g *GRU) Name() string  { return g.LayerName }
func (g *GRU) Class() string { return "GRU" }

func (g *GRU) build(in []int) ([]int, error) {
	var err error
	if g.act, err = parseActivation(g.Activation, "tanh"); err != nil {
		return nil, err
	}
	if g.act == kernels.Softmax {
		return nil, fmt.Errorf("softmax is not an elementwise activation")
	}
	switch g.RecurrentActivation {
	case "hard_sigmoid_keras3":
		g.keras3Gate = true
	default:
		if g.gate, err = parseActivation(g.RecurrentActivation, "sigmoid"); err != nil {
			return nil, fmt.Errorf("recurrent %v", err)
		}
		if g.gate == kernels.Softmax {
			return nil, fmt.Errorf("softmax is not an elementwise recurrent activation")
		}
	}
	if g.Units < 1 {
		return nil, fmt.Errorf("units must be positive, have %d", g.Units)
	}
	if len(in) != 2 {
		return nil, fmt.Errorf("needs a (time, features) input, have %s", shapeString(in))
	}
	g.time, g.in = in[0], in[1]
	if g.ReturnSequences {
		return []int{g.time, g.Units}, nil
	}
	return []int{g.Units}, nil
}

func (g *GRU) weightShapes() [][]int {
	h3 := 3 * g.Units
	w := [][]int{{g.in, h3}, {g.Units, h3}}
	switch {
	case g.NoBias:
	case g.ResetAfter:
		w = append(w, []int{2, h3})
	default:
		w = append(w, []int{h3})
	}
	return w
}

func (g *GRU) setWeights(w []Tensor) {
	g.kernel, g.recurrent, g.inBias, g.recurrentBias = w[0].Data, w[1].Data, nil, nil
	if g.NoBias {
		return
	}
	g.inBias = w[2].Data[:3*g.Units]
	if g.ResetAfter {
		g.recurrentBias = w[2].Data[3*g.Units:]
	}
}

// forward runs the input projection of every step as one product with its bias fused, then one
// recurrent product per step, the gate math on whole rows of the batch.
func (g *GRU) forward(x Tensor) Tensor {
	batch, steps, hid := x.Shape[0], g.time, g.Units
	h3 := 3 * hid
	xw := make([]float32, batch*steps*h3)
	kernels.Dense(xw, x.Data, batch*steps, g.in, h3, g.kernel, g.inBias, kernels.Linear)

	h := make([]float32, batch*hid)
	hu := make([]float32, batch*h3)
	z, r, cand := make([]float32, batch*hid), make([]float32, batch*hid), make([]float32, batch*hid)
	var out Tensor
	if g.ReturnSequences {
		out = Tensor{Shape: []int{batch, steps, hid}, Data: make([]float32, batch*steps*hid)}
	}
	for s := 0; s < steps; s++ {
		t := s
		if g.GoBackwards {
			t = steps - 1 - s
		}
		if g.ResetAfter {
			// h·U for all three gates, plus the recurrent bias.
			kernels.Sgemm(blas.NoTrans, blas.NoTrans, batch, h3, hid, 1, h, hid, g.recurrent, h3, 0, hu, h3)
			if g.recurrentBias != nil {
				for b := 0; b < batch; b++ {
					row := hu[b*h3 : b*h3+h3]
					for j, v := range g.recurrentBias {
						row[j] += v
					}
				}
			}
		} else {
			// h·U for z and r only; the candidate needs r first.
			kernels.Sgemm(blas.NoTrans, blas.NoTrans, batch, 2*hid, hid, 1, h, hid, g.recurrent, h3, 0, hu, h3)
		}
		for b := 0; b < batch; b++ {
			xr, ur := xw[(b*steps+t)*h3:][:h3], hu[b*h3:][:h3]
			for j := 0; j < hid; j++ {
				z[b*hid+j] = xr[j] + ur[j]
				r[b*hid+j] = xr[hid+j] + ur[hid+j]
			}
		}
		g.gates(z)
		g.gates(r)
		if g.ResetAfter {
			for b := 0; b < batch; b++ {
				xr, ur := xw[(b*steps+t)*h3:][:h3], hu[b*h3:][:h3]
				for j := 0; j < hid; j++ {
					cand[b*hid+j] = xr[2*hid+j] + r[b*hid+j]*ur[2*hid+j]
				}
			}
		} else {
			for i := range r {
				r[i] *= h[i]
			}
			kernels.Sgemm(blas.NoTrans, blas.NoTrans, batch, hid, hid, 1, r, hid, g.recurrent[2*hid:], h3, 0, cand, hid)
			for b := 0; b < batch; b++ {
				xr := xw[(b*steps+t)*h3:][:h3]
				for j := 0; j < hid; j++ {
					cand[b*hid+j] += xr[2*hid+j]
				}
			}
		}
		kernels.Activate(g.act, cand, batch, hid, hid)
		for i, zi := range z {
			h[i] = zi*h[i] + (1-zi)*cand[i]
		}
		if g.ReturnSequences {
			for b := 0; b < batch; b++ {
				copy(out.Data[(b*steps+s)*hid:][:hid], h[b*hid:][:hid])
			}
		}
	}
	if !g.ReturnSequences {
		out = Tensor{Shape: []int{batch, hid}, Data: h}
	}
	return out
}

// gates applies the recurrent activation in place.
func (g *GRU) gates(v []float32) {
	switch {
	case len(v) == 0:
	case g.keras3Gate:
		for i, x := range v {
			v[i] = min(max(x/6+0.5, 0), 1)
		}
	default:
		kernels.Activate(g.gate, v, 1, len(v), len(v))
	}
}
