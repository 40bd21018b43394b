package gru

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/fastgru/fastgru/kernels"
	"github.com/stretchr/testify/require"
)

// fdCase is a model whose gradients are checked against centred differences of its loss.
type fdCase struct {
	name            string
	time, in, batch int
	layers          func() []Layer
	loss            string
	target          string  // how y is drawn: see fdTargets
	scale           float32 // the weights are uniform in ±scale
}

// gruConfig is a GRU's settings, from which each model gets a GRU of its own.
type gruConfig struct {
	Units                           int
	Activation, RecurrentActivation string
	NoBias, ReturnSequences         bool
	GoBackwards, ResetAfter         bool
}

func (c gruConfig) layer() *GRU {
	return &GRU{Units: c.Units, Activation: c.Activation, RecurrentActivation: c.RecurrentActivation, NoBias: c.NoBias,
		ReturnSequences: c.ReturnSequences, GoBackwards: c.GoBackwards, ResetAfter: c.ResetAfter}
}

// fdTargets draws targets for an output of shape out (after the batch):
//
//	real     uniform in ±1 (mse)
//	binary   uniform in (0, 1) (binary_crossentropy)
//	prob     rows of a probability distribution (categorical_crossentropy)
//	uniform  rows uniform in (0, 1), not summing to 1, as the seed program's random targets
//	sparse   class indices stored as float32, without the last axis
//	sparse1  class indices with a last axis of 1
func fdTargets(rng *rand.Rand, kind string, batch int, out []int) Tensor {
	cols := out[len(out)-1]
	shape := append([]int{batch}, out...)
	if kind == "sparse" || kind == "sparse1" {
		shape = shape[:len(shape)-1]
		if kind == "sparse1" {
			shape = append(shape, 1)
		}
	}
	n, _ := size(shape)
	y := Tensor{Shape: shape, Data: make([]float32, n)}
	switch kind {
	case "real":
		for i := range y.Data {
			y.Data[i] = 2*rng.Float32() - 1
		}
	case "binary", "uniform":
		for i := range y.Data {
			y.Data[i] = rng.Float32()
		}
	case "prob":
		for r := 0; r < n/cols; r++ {
			row := y.Data[r*cols:][:cols]
			var s float32
			for k := range row {
				row[k] = 0.05 + rng.Float32()
				s += row[k]
			}
			for k := range row {
				row[k] /= s
			}
		}
	case "sparse", "sparse1":
		for i := range y.Data {
			y.Data[i] = float32(rng.IntN(cols))
		}
	default:
		panic("unknown target kind " + kind)
	}
	return y
}

// uniformWeights returns weights of m's shapes uniform in ±scale.
func uniformWeights(m *Sequential, rng *rand.Rand, scale float32) []Tensor {
	var w []Tensor
	for _, s := range m.WeightShapes() {
		n, _ := size(s)
		d := make([]float32, n)
		for i := range d {
			d[i] = scale * (2*rng.Float32() - 1)
		}
		w = append(w, Tensor{Shape: append([]int(nil), s...), Data: d})
	}
	return w
}

// uniformTensor returns a tensor of shape uniform in ±scale.
func uniformTensor(rng *rand.Rand, scale float32, shape ...int) Tensor {
	n, _ := size(shape)
	t := Tensor{Shape: shape, Data: make([]float32, n)}
	for i := range t.Data {
		t.Data[i] = scale * (2*rng.Float32() - 1)
	}
	return t
}

// fdCases lists the models: every GRU variant on its own and stacked, every head and standalone
// activation, every loss and target form, over units and batches that do and do not fill the
// kernels' tiles (batches below 12 are padded, 23 is padded to 24, 13 is not).
func fdCases() []fdCase {
	var cases []fdCase
	units := []int{1, 2, 3, 5, 8, 9, 16}
	batches := []int{1, 2, 5, 7, 12, 13, 23}
	times := []int{1, 2, 3, 5}
	ins := []int{1, 2, 3, 4}
	idx := 0
	next := func(list []int) int { return list[idx%len(list)] }
	// The fast kernels (sigmoid gates, tanh candidate) with every combination of the flags; the
	// generic path with each other pair of activations, the flags varying between them.
	for _, resetAfter := range []bool{false, true} {
		for _, gate := range []string{"sigmoid", "hard_sigmoid", "hard_sigmoid_keras3"} {
			for _, act := range []string{"tanh", "relu", "linear"} {
				fast := gate == "sigmoid" && act == "tanh"
				variants := 4
				if fast {
					variants = 8
				}
				for k := 0; k < variants; k++ {
					idx++
					cfg := gruConfig{Units: units[(idx+k)%len(units)], ResetAfter: resetAfter, RecurrentActivation: gate,
						Activation: act, ReturnSequences: k&1 != 0, GoBackwards: k&2 != 0, NoBias: k&4 != 0}
					scale := float32(0.5)
					if !fast {
						cfg.NoBias = (idx+k)%3 == 0
						scale = 0.35 // keeps most hard sigmoid inputs inside its linear part
					}
					cases = append(cases, fdCase{
						name: fmt.Sprintf("gru/reset_after=%v/%s/%s/seq=%v/back=%v/nobias=%v/u%d", resetAfter, gate, act,
							cfg.ReturnSequences, cfg.GoBackwards, cfg.NoBias, cfg.Units),
						time: next(times), in: next(ins), batch: batches[(idx*3+k)%len(batches)],
						layers: func() []Layer { return []Layer{cfg.layer()} },
						loss:   "mse", target: "real", scale: scale,
					})
				}
			}
		}
	}
	// Large weights, which take the hard sigmoids into their flat parts too.
	for i, gate := range []string{"hard_sigmoid", "hard_sigmoid_keras3"} {
		for _, resetAfter := range []bool{false, true} {
			cfg := gruConfig{Units: 4 + 3*i, RecurrentActivation: gate, ResetAfter: resetAfter, ReturnSequences: true}
			cases = append(cases, fdCase{
				name: fmt.Sprintf("gru-saturated/%s/reset_after=%v", gate, resetAfter), time: 4, in: 3, batch: 6, scale: 1.5,
				layers: func() []Layer {
					return []Layer{cfg.layer(), &Dense{Units: 3, Activation: "hard_sigmoid"}}
				},
				loss: "mse", target: "real",
			})
		}
	}
	// Stacked GRUs: the second's input gradient feeds the first.
	stacks := [][2]gruConfig{
		{{Units: 9, ReturnSequences: true}, {Units: 5}},
		{{Units: 4, ReturnSequences: true, ResetAfter: true}, {Units: 16, ReturnSequences: true, ResetAfter: true, GoBackwards: true}},
		{{Units: 3, ReturnSequences: true, GoBackwards: true, RecurrentActivation: "hard_sigmoid"}, {Units: 8, ResetAfter: true}},
		{{Units: 8, ReturnSequences: true, ResetAfter: true, Activation: "relu", NoBias: true},
			{Units: 2, ReturnSequences: true, RecurrentActivation: "hard_sigmoid_keras3"}},
	}
	for i, st := range stacks {
		a, b := st[0], st[1]
		cases = append(cases, fdCase{
			name: fmt.Sprintf("stacked/%d", i), time: times[i], in: ins[(i+1)%len(ins)], batch: batches[i*2%len(batches)],
			layers: func() []Layer {
				return []Layer{a.layer(), b.layer(), &Dense{Units: 3}}
			},
			loss: "mse", target: "real", scale: 0.4,
		})
	}
	// A Dense before the GRU: the GRU's input gradient reaches a weight.
	cases = append(cases, fdCase{
		name: "dense-before-gru", time: 4, in: 3, batch: 5, scale: 0.5,
		layers: func() []Layer {
			return []Layer{&TimeDistributed{Layer: &Dense{Units: 4, Activation: "tanh"}}, &GRU{Units: 6, ReturnSequences: true},
				&Dense{Units: 2}}
		},
		loss: "mse", target: "real",
	})
	// Heads: Dense and TimeDistributed(Dense) with every activation, on sequences and on the
	// last step, each with a loss that suits it.
	headLoss := map[string][][2]string{
		"linear":       {{"mse", "real"}},
		"relu":         {{"mse", "real"}},
		"tanh":         {{"mse", "real"}},
		"hard_sigmoid": {{"mse", "real"}, {"binary_crossentropy", "binary"}},
		"sigmoid":      {{"binary_crossentropy", "binary"}, {"mse", "real"}, {"categorical_crossentropy", "prob"}, {"sparse_categorical_crossentropy", "sparse"}},
		"softmax": {{"categorical_crossentropy", "prob"}, {"categorical_crossentropy", "uniform"}, {"sparse_categorical_crossentropy", "sparse"},
			{"sparse_categorical_crossentropy", "sparse1"}, {"mse", "real"}, {"binary_crossentropy", "binary"}},
	}
	for _, act := range []string{"linear", "relu", "sigmoid", "hard_sigmoid", "tanh", "softmax"} {
		for li, lt := range headLoss[act] {
			for _, head := range []string{"dense", "td", "dense-last", "activation", "activation-last"} {
				idx++
				seq := head != "dense-last" && head != "activation-last"
				out := 1 + units[idx%len(units)]%9
				if lt[0] != "mse" && out == 1 && act == "softmax" {
					out = 3
				}
				noBias := idx%5 == 0
				h, gUnits, resetAfter := head, 1+idx%9, idx%2 == 0
				cases = append(cases, fdCase{
					name: fmt.Sprintf("head/%s/%s/%s/%s/out%d", head, act, lt[0], lt[1], out),
					time: next(times), in: next(ins), batch: batches[(idx+li)%len(batches)], scale: 0.6,
					layers: func() []Layer {
						g := &GRU{Units: gUnits, ReturnSequences: seq, ResetAfter: resetAfter}
						switch h {
						case "dense", "dense-last":
							return []Layer{g, &Dense{Units: out, Activation: act, NoBias: noBias}}
						case "td":
							return []Layer{g, &TimeDistributed{Layer: &Dense{Units: out, Activation: act, NoBias: noBias}}}
						}
						return []Layer{g, &Dense{Units: out, NoBias: noBias}, &Activation{Activation: act}}
					},
					loss: lt[0], target: lt[1],
				})
			}
		}
	}
	// A softmax straight on the GRU's states, and an Activation between two layers.
	cases = append(cases,
		fdCase{name: "gru-softmax/cce", time: 3, in: 2, batch: 7, scale: 0.6, loss: "categorical_crossentropy", target: "prob",
			layers: func() []Layer {
				return []Layer{&GRU{Units: 5, ReturnSequences: true}, &Activation{Activation: "softmax"}}
			}},
		fdCase{name: "gru-softmax/sparse", time: 2, in: 3, batch: 12, scale: 0.6, loss: "sparse_categorical_crossentropy", target: "sparse",
			layers: func() []Layer { return []Layer{&GRU{Units: 4}, &Activation{Activation: "softmax"}} }},
		fdCase{name: "activation-between", time: 4, in: 2, batch: 3, scale: 0.6, loss: "mse", target: "real",
			layers: func() []Layer {
				return []Layer{&GRU{Units: 5, ReturnSequences: true}, &Activation{Activation: "tanh"},
					&TimeDistributed{Layer: &Dense{Units: 3}}, &Activation{Activation: "sigmoid"}}
			}},
		fdCase{name: "mean_squared_error", time: 2, in: 2, batch: 2, scale: 0.6, loss: "mean_squared_error", target: "real",
			layers: func() []Layer { return []Layer{&GRU{Units: 3}, &Dense{Units: 2}} }},
	)
	return cases
}

// kinkDistance returns how close the last training pass of m came to a kink of relu (0) or of a
// hard sigmoid (±2.5, or ±3 for Keras 3's): the least distance of any of their inputs, +Inf
// when none runs.
func kinkDistance(m *Sequential) float64 {
	d := math.Inf(1)
	near := func(act kernels.Activation, keras3 bool, v []float32) {
		var kinks []float64
		switch {
		case keras3:
			kinks = []float64{-3, 3}
		case act == kernels.ReLU:
			kinks = []float64{0}
		case act == kernels.HardSigmoid:
			kinks = []float64{-2.5, 2.5}
		}
		for _, x := range v {
			for _, k := range kinks {
				d = math.Min(d, math.Abs(float64(x)-k))
			}
		}
	}
	for _, l := range m.layers {
		switch l := l.(type) {
		case *GRU:
			t := &l.train
			if t.fast {
				continue
			}
			// Rows past the batch are padding.
			for s := 0; s < l.time; s++ {
				rows := t.az[s*t.padded*l.Units:][:t.batch*l.Units]
				near(l.gate, l.keras3Gate, rows)
				near(l.gate, l.keras3Gate, t.ar[s*t.padded*l.Units:][:t.batch*l.Units])
				near(l.act, false, t.ac[s*t.padded*l.Units:][:t.batch*l.Units])
			}
		case *Dense:
			near(l.train.act, false, l.train.z)
		case *TimeDistributed:
			near(l.Layer.train.act, false, l.Layer.train.z)
		case *Activation:
			near(l.act, false, l.x.Data)
		}
	}
	return d
}

// TestGradientsFiniteDifferences compares Gradients with centred differences of Evaluate's loss
// for every case and kernel implementation: at w ± h for a few elements of every weight, and
// along each weight's gradient, where the loss changes by |g|·h and every element's error adds
// up. The loss is computed in float32, so the step is large (h = 2⁻⁸·max(1, |w|)) and the
// tolerance a few 1e-3 relative (1e-3 along the gradient) with an absolute floor for the loss's
// rounding divided by the step.
//
// Where an input of relu or of a hard sigmoid lies within 0.05 of one of its kinks, a step may
// cross it: a difference that fails is then retried with steps of 2⁻¹⁰ and 2⁻¹². A wrong
// derivative fails at every step and for most elements, so no more than a tenth may need the
// retry.
func TestGradientsFiniteDifferences(t *testing.T) {
	cases := fdCases()
	forEachImpl(t, func(t *testing.T) {
		var worst [2]float64 // [smooth, near a kink]
		kinkCases, kinkChecks, retried, fastGRUs, genericGRUs := 0, 0, 0, 0, 0
		for ci, c := range cases {
			rng := rand.New(rand.NewPCG(uint64(ci), 77))
			m, err := NewSequential([]int{c.time, c.in}, c.layers()...)
			require.NoError(t, err, c.name)
			w0 := uniformWeights(m, rng, c.scale)
			require.NoError(t, m.SetWeights(w0), c.name)
			require.NoError(t, m.Compile(c.loss, SGD{}), c.name)
			x := uniformTensor(rng, 1, c.batch, c.time, c.in)
			y := fdTargets(rng, c.target, c.batch, m.outputs[len(m.outputs)-1])
			loss, grads, err := m.Gradients(x, y)
			require.NoError(t, err, c.name)
			require.Len(t, grads, len(w0), c.name)
			for _, l := range m.layers {
				if g, ok := l.(*GRU); ok && g.train.fast {
					fastGRUs++
				} else if ok {
					genericGRUs++
				}
			}
			kink := 0
			if kinkDistance(m) < 0.05 {
				kink = 1
				kinkCases++
			}
			lossAt := func(w []Tensor) float64 {
				require.NoError(t, m.SetWeights(w))
				l, err := m.Evaluate(x, y, c.batch)
				require.NoError(t, err)
				return float64(l)
			}
			// The loss Gradients returns is Evaluate's at the same weights.
			require.Equal(t, loss, float32(lossAt(cloneTensors(w0))), c.name)
			steps := []float64{1.0 / 256}
			if kink == 1 {
				steps = append(steps, 1.0/1024, 1.0/4096)
			}
			// try runs check at each step until it passes, and reports whether one did.
			try := func(check func(h float64) (err, tol float64)) (bool, []float64) {
				kinkChecks += kink
				var errs []float64
				for si, h := range steps {
					e, tol := check(h)
					errs = append(errs, e)
					if e <= tol {
						if si == 0 {
							worst[kink] = math.Max(worst[kink], e/tol)
						} else {
							retried++
						}
						return true, nil
					}
				}
				return false, errs
			}
			for i, g := range grads {
				require.Equal(t, w0[i].Shape, g.Shape, c.name)
				var norm float64
				for _, v := range g.Data {
					norm += float64(v) * float64(v)
				}
				if norm = math.Sqrt(norm); norm > 0 {
					var got, want float64
					ok, errs := try(func(h float64) (float64, float64) {
						wp, wm := cloneTensors(w0), cloneTensors(w0)
						want = 0 // Σ g·(w⁺ - w⁻), the steps as rounded to float32
						for j, v := range g.Data {
							step := h * float64(v) / norm
							wp[i].Data[j] = float32(float64(w0[i].Data[j]) + step)
							wm[i].Data[j] = float32(float64(w0[i].Data[j]) - step)
							want += float64(v) * (float64(wp[i].Data[j]) - float64(wm[i].Data[j]))
						}
						lp, lm := lossAt(wp), lossAt(wm)
						got = lp - lm
						return math.Abs(got - want), 1e-3*math.Abs(want) + 4e-7*math.Max(1, math.Abs(lp))
					})
					if !ok {
						t.Errorf("%s: weight %d: along the gradient the loss changes by %.7g, which predicts %.7g (errors %.3g)",
							c.name, i, got, want, errs)
					}
				}
				for _, j := range pickElements(rng, len(g.Data), 4) {
					gj := float64(g.Data[j])
					var fd float64
					ok, errs := try(func(h float64) (float64, float64) {
						w := cloneTensors(w0)
						v := float64(w0[i].Data[j])
						step := h * math.Max(1, math.Abs(v))
						plus, minus := float32(v+step), float32(v-step)
						w[i].Data[j] = plus
						lp := lossAt(w)
						w[i].Data[j] = minus
						lm := lossAt(w)
						fd = (lp - lm) / (float64(plus) - float64(minus))
						// The loss's rounding, about 1e-7 of it, is divided by the step.
						tol := 3e-3*math.Max(math.Abs(gj), math.Abs(fd)) + 4e-5*math.Max(1, math.Abs(lp))*(1.0/256)/h
						return math.Abs(fd - gj), tol
					})
					if !ok {
						t.Errorf("%s: weight %d element %d: gradient %.7g, centred difference %.7g (errors %.3g)", c.name, i, j, gj, fd, errs)
					}
				}
			}
		}
		t.Logf("%d cases, %d of them near a kink; worst error %.2f of the tolerance (%.2f near a kink); %d of %d checks near kinks retried with a smaller step",
			len(cases), kinkCases, worst[0], worst[1], retried, kinkChecks)
		require.LessOrEqual(t, retried*10, kinkChecks, "too many differences needed a smaller step")
		// Both the fast training kernels and the generic steps ran.
		t.Logf("%d GRUs on the fast kernels, %d on the generic steps", fastGRUs, genericGRUs)
		require.Greater(t, fastGRUs, 50)
		require.Greater(t, genericGRUs, 50)
	})
}

// pickElements returns up to k distinct indices below n, all of them when n ≤ k.
func pickElements(rng *rand.Rand, n, k int) []int {
	if n <= k {
		idx := make([]int, n)
		for i := range idx {
			idx[i] = i
		}
		return idx
	}
	return rng.Perm(n)[:k]
}
