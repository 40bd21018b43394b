package gru

import (
	"errors"
	"fmt"
	"sync"

	"github.com/fastgru/fastgru/kernels"
)

// GRU is Keras' GRU layer over a (batch, time, features) input, with Keras' weight layout: kernel
// (features, 3·units) and recurrent_kernel (units, 3·units) in gate blocks z, r, h; bias (3·units),
// or (2, 3·units) — input row, then recurrent row — with ResetAfter.
//
// reset_after=false (Keras 2, TF.js):  h̃ = act(x·Wh + bh + (r⊙h)·Uh)
// reset_after=true (tf.keras 2, Keras 3): h̃ = act(x·Wh + bh + r⊙(h·Uh + bh_rec))
// and in both h' = z⊙h + (1-z)⊙h̃ with z, r = recurrent_activation(x·W + b + h·U (+ b_rec)).
// In a Sequential model the initial state is zero; Call runs a GRU from a given initial state and
// returns its final state too, as Keras' initial_state and return_state do.
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
	kernel                []float32
	inBias, recurrentBias []float32
	// The recurrent kernel packed once: all three gates with ResetAfter, else z and r, and h.
	recurrent, candidate *kernels.Packed
	// Buffers reused from call to call: the input projection, the state and scratch rows, the
	// output.
	xw, out  []float32
	outShape []int
	st       gruState
	ready    bool       // weights set
	mu       sync.Mutex // the buffers serve one call at a time
	// recurrentKernel is the recurrent kernel as set, which stale says has changed since it was
	// packed: an optimizer step updates it in place.
	recurrentKernel []float32
	stale           bool
	train           gruTrain
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

// Build fixes the input shape, (time, features), of a GRU used on its own with Call.
func (g *GRU) Build(inputShape []int) error {
	if _, err := g.build(inputShape); err != nil {
		return fmt.Errorf("gru: layer %s (GRU): %w", g.LayerName, err)
	}
	return nil
}

// SetWeights takes the weights of a GRU used on its own, in Keras' order and shapes: kernel,
// recurrent_kernel, bias.
func (g *GRU) SetWeights(w []Tensor) error {
	shapes := g.weightShapes()
	if len(w) != len(shapes) {
		return fmt.Errorf("gru: %d weights given, the GRU has %d", len(w), len(shapes))
	}
	for i, s := range shapes {
		if err := w[i].check(); err != nil {
			return fmt.Errorf("gru: weight %d: %w", i, err)
		}
		if !sameShape(w[i].Shape, s) {
			return fmt.Errorf("gru: weight %d has shape %v, want %v", i, w[i].Shape, s)
		}
	}
	g.mu.Lock() // a Call of another goroutine waits for all of them
	defer g.mu.Unlock()
	g.setWeights(w)
	return nil
}

// Call runs the GRU, built by NewSequential or Build and given its weights, on x of shape
// (batch, time, features), from the initial state h0 of shape (batch, units) — nil means zeros,
// as in Keras — and returns its output and its final state, as Keras' return_state does.
func (g *GRU) Call(x Tensor, h0 *Tensor) (out, state Tensor, err error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	switch {
	case !g.ready:
		return out, state, errors.New("gru: Call before SetWeights")
	case x.check() != nil:
		return out, state, fmt.Errorf("gru: input: %w", x.check())
	case len(x.Shape) != 3 || !fitShape(x.Shape[1:], []int{g.time, g.in}):
		return out, state, fmt.Errorf("gru: input of shape %v, the GRU takes %s", x.Shape, batchShape([]int{g.time, g.in}))
	}
	batch := x.Shape[0]
	var init []float32
	if h0 != nil {
		if h0.check() != nil || !sameShape(h0.Shape, []int{batch, g.Units}) {
			return out, state, fmt.Errorf("gru: initial state of shape %v, want [%d %d]", h0.Shape, batch, g.Units)
		}
		init = h0.Data
	}
	y := g.run(x, init)
	out = Tensor{Shape: append([]int(nil), y.Shape...), Data: append([]float32(nil), y.Data...)}
	state = Tensor{Shape: []int{batch, g.Units}, Data: append([]float32(nil), g.st.h[:batch*g.Units]...)}
	return out, state, nil
}

func (g *GRU) setWeights(w []Tensor) {
	g.ready = true
	g.kernel, g.inBias, g.recurrentBias = w[0].Data, nil, nil
	hid, u := g.Units, w[1].Data
	g.recurrentKernel, g.stale, g.train.packedT = u, false, false
	if g.ResetAfter {
		g.recurrent, g.candidate = kernels.PackB(hid, 3*hid, u, 3*hid), nil
	} else {
		g.recurrent, g.candidate = kernels.PackB(hid, 2*hid, u, 3*hid), kernels.PackB(hid, hid, u[2*hid:], 3*hid)
	}
	if g.NoBias {
		return
	}
	g.inBias = w[2].Data[:3*g.Units]
	if g.ResetAfter {
		g.recurrentBias = w[2].Data[3*g.Units:]
	}
}

// forward runs the input projection of every step as one product with its bias fused, then per
// step the recurrent product on the packed weights (a one-row batch streams their micro-panels)
// and the gate math: vectorised kernels for Keras' sigmoid and tanh, rows of Go for the other
// activations.
func (g *GRU) forward(x Tensor) Tensor {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.run(x, nil)
}

// run is forward from the initial state h0 (batch×units), or zeros when h0 is nil. g.mu is held.
func (g *GRU) run(x Tensor, h0 []float32) Tensor {
	if g.stale {
		g.repack()
	}
	batch, steps, hid := x.Shape[0], x.Shape[1], g.Units
	h3 := 3 * hid
	out := Tensor{Shape: reuseShape(&g.outShape, batch, hid), Data: reuse(&g.out, batch*hid)}
	if g.ReturnSequences {
		out = Tensor{Shape: reuseShape(&g.outShape, batch, steps, hid), Data: reuse(&g.out, batch*steps*hid)}
	}
	st := &g.st
	st.reset(batch, hid)
	copy(st.h, h0)
	if batch == 0 || steps == 0 {
		copy(out.Data, st.h) // no step: the last output is the initial state
		return out
	}
	fast := !g.keras3Gate && g.gate == kernels.Sigmoid && g.act == kernels.Tanh
	if fast && !g.ResetAfter && !g.GoBackwards && hid <= 16 && kernels.Sequence16Fast(batch) {
		// A small GRU's whole sequence, its input projection included, in one kernel, each
		// row's state in a register.
		var o []float32
		if g.ReturnSequences {
			o = out.Data
		}
		kernels.GRUSequence16(st.h, o, x.Data, g.kernel, g.inBias, g.recurrentKernel, batch, steps, g.in, hid,
			steps*g.in, g.in, steps*hid, hid)
		if !g.ReturnSequences {
			copy(out.Data, st.h[:batch*hid])
		}
		return out
	}
	xw := reuse(&g.xw, batch*steps*h3)
	kernels.Dense(xw, x.Data, batch*steps, g.in, h3, g.kernel, g.inBias, kernels.Linear)

	for s := 0; s < steps; s++ {
		t := s
		if g.GoBackwards {
			t = steps - 1 - s
		}
		// Row b of this step's input projection starts at xw[(b*steps+t)*h3].
		xt := xw[t*h3:]
		if fast {
			g.stepFast(st, batch, steps, xt)
		} else {
			g.step(st, batch, steps, xt)
		}
		if g.ReturnSequences {
			for b := 0; b < batch; b++ {
				copy(out.Data[(b*steps+s)*hid:][:hid], st.h[b*hid:][:hid])
			}
		}
	}
	if !g.ReturnSequences {
		copy(out.Data, st.h)
	}
	return out
}

// gruState is a GRU's state and scratch rows across the steps of one batch. A small batch is
// padded to whole micro-tiles of 6 rows, zero in h and r, so that the recurrent products read
// their rows in place.
type gruState struct {
	rows              int // the batch padded
	h, hu, z, r, cand []float32
}

// reset sizes the state for batch rows of units and zeroes it: Keras' initial state.
func (st *gruState) reset(batch, units int) {
	st.rows = batch
	if batch > 1 && batch < 12 {
		// Padding a small batch costs less than packing its partial tile at every step; in a
		// large one the padded rows' work would cost more.
		st.rows = (batch + 5) / 6 * 6
	}
	n := st.rows * units
	clear(reuse(&st.h, n))
	clear(reuse(&st.r, n))
	reuse(&st.z, n)
	reuse(&st.cand, n)
	reuse(&st.hu, 3*n)
}

// mul computes c = a·P for the state's rows of a, P being a packed part of the recurrent kernel.
// A single row streams P's micro-panels front to back.
func (g *GRU) mul(st *gruState, a []float32, p *kernels.Packed, c []float32, ldc int) {
	kernels.MulPacked(st.rows, 1, a, g.Units, p, 0, c, ldc)
}

// stepFast is one step with sigmoid gates and a tanh candidate, on the gate kernels.
func (g *GRU) stepFast(st *gruState, batch, steps int, xt []float32) {
	hid, ldx := g.Units, steps*3*g.Units
	if g.ResetAfter {
		kernels.GRUStepResetAfter(st.h, st.hu, xt, g.recurrentBias, batch, st.rows, hid, ldx, g.recurrent)
		return
	}
	kernels.GRUStep(st.h, st.z, st.r, st.hu, st.cand, xt, batch, st.rows, hid, ldx, g.recurrent, g.candidate)
}

// step is one step with any activations, as rows of Go between the products.
func (g *GRU) step(st *gruState, batch, steps int, xt []float32) {
	hid, h3 := g.Units, 3*g.Units
	n := batch * hid
	h, hu, z, r, cand := st.h, st.hu, st.z[:n], st.r, st.cand
	if g.ResetAfter {
		g.mul(st, h, g.recurrent, hu, h3)
		if g.recurrentBias != nil {
			for b := 0; b < batch; b++ {
				row := hu[b*h3 : b*h3+h3]
				for j, v := range g.recurrentBias {
					row[j] += v
				}
			}
		}
	} else {
		g.mul(st, h, g.recurrent, hu, h3)
	}
	for b := 0; b < batch; b++ {
		xr, ur := xt[b*steps*h3:][:h3], hu[b*h3:][:h3]
		for j := 0; j < hid; j++ {
			z[b*hid+j] = xr[j] + ur[j]
			r[b*hid+j] = xr[hid+j] + ur[hid+j]
		}
	}
	g.gates(z)
	g.gates(r[:n])
	if g.ResetAfter {
		for b := 0; b < batch; b++ {
			xr, ur := xt[b*steps*h3:][:h3], hu[b*h3:][:h3]
			for j := 0; j < hid; j++ {
				cand[b*hid+j] = xr[2*hid+j] + r[b*hid+j]*ur[2*hid+j]
			}
		}
	} else {
		for i := range r[:n] {
			r[i] *= h[i]
		}
		g.mul(st, r, g.candidate, cand, hid)
		for b := 0; b < batch; b++ {
			xr := xt[b*steps*h3:][:h3]
			for j := 0; j < hid; j++ {
				cand[b*hid+j] += xr[2*hid+j]
			}
		}
	}
	kernels.Activate(g.act, cand, batch, hid, hid)
	for i, zi := range z {
		h[i] = zi*h[i] + (1-zi)*cand[i]
	}
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
