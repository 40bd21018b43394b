package gru

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// refOptimizer is an optimizer's formula, as optimizer.go documents it, in float64: step
// changes the flat weights w by their gradient g.
type refOptimizer interface {
	step(w, g []float64)
}

// f64 is a setting as the optimizer holds it, a float32.
func f64(v float32) float64 { return float64(v) }

type refSGD struct {
	lr, momentum float64
	nesterov     bool
	v            []float64
}

func (o *refSGD) step(w, g []float64) {
	if o.v == nil {
		o.v = make([]float64, len(w))
	}
	for i := range w {
		if o.momentum == 0 {
			w[i] -= o.lr * g[i]
			continue
		}
		o.v[i] = o.momentum*o.v[i] - o.lr*g[i]
		if o.nesterov {
			w[i] += o.momentum*o.v[i] - o.lr*g[i]
		} else {
			w[i] += o.v[i]
		}
	}
}

type refAdam struct {
	lr, b1, b2, eps float64
	t               int
	m, v            []float64
}

func (o *refAdam) step(w, g []float64) {
	if o.m == nil {
		o.m, o.v = make([]float64, len(w)), make([]float64, len(w))
	}
	o.t++
	alpha := o.lr * math.Sqrt(1-math.Pow(o.b2, float64(o.t))) / (1 - math.Pow(o.b1, float64(o.t)))
	for i := range w {
		o.m[i] += (g[i] - o.m[i]) * (1 - o.b1)
		o.v[i] += (g[i]*g[i] - o.v[i]) * (1 - o.b2)
		w[i] -= alpha * o.m[i] / (math.Sqrt(o.v[i]) + o.eps)
	}
}

type refRMSprop struct {
	lr, rho, eps float64
	outside      bool
	ms           []float64
}

func (o *refRMSprop) step(w, g []float64) {
	if o.ms == nil {
		o.ms = make([]float64, len(w))
	}
	for i := range w {
		o.ms[i] = o.rho*o.ms[i] + (1-o.rho)*g[i]*g[i]
		if o.outside {
			w[i] -= o.lr * g[i] / (math.Sqrt(o.ms[i]) + o.eps)
		} else {
			w[i] -= o.lr * g[i] / math.Sqrt(o.ms[i]+o.eps)
		}
	}
}

// optimModel is a small model whose 183 weights are not a whole number of the kernels' vectors of
// 8, with random weights, compiled with opt.
func optimModel(t *testing.T, opt Optimizer) (*Sequential, Tensor, Tensor) {
	rng := rand.New(rand.NewPCG(5, 6))
	m, err := NewSequential([]int{4, 4}, &GRU{Units: 5, ResetAfter: true, ReturnSequences: true},
		&TimeDistributed{Layer: &Dense{Units: 3}}, &Activation{Activation: "softmax"})
	require.NoError(t, err)
	require.NoError(t, m.SetWeights(uniformWeights(m, rng, 0.6)))
	require.NoError(t, m.Compile("categorical_crossentropy", opt))
	x := uniformTensor(rng, 1, 7, 4, 4)
	y := fdTargets(rng, "prob", 7, m.outputs[len(m.outputs)-1])
	return m, x, y
}

// flat64 returns the weights one after the other, as float64.
func flat64(w []Tensor) []float64 {
	var out []float64
	for _, t := range w {
		for _, v := range t.Data {
			out = append(out, float64(v))
		}
	}
	return out
}

// TestOptimizerSteps runs TrainOnBatch steps with each optimizer and checks that the weights
// change as its formula, applied in float64 to the gradients Gradients returns before each step,
// says: within 1e-6 of the weights' magnitude (at least 1), the rounding of float32 arithmetic.
func TestOptimizerSteps(t *testing.T) {
	cases := []struct {
		opt   Optimizer
		steps int
		ref   refOptimizer
	}{
		{SGD{}, 3, &refSGD{lr: f64(0.01)}},
		{SGD{LearningRate: 0.5}, 3, &refSGD{lr: f64(0.5)}},
		{SGD{LearningRate: 0.3, Momentum: 0.9}, 3, &refSGD{lr: f64(0.3), momentum: f64(0.9)}},
		{SGD{LearningRate: 0.3, Momentum: 0.9, Nesterov: true}, 3, &refSGD{lr: f64(0.3), momentum: f64(0.9), nesterov: true}},
		{SGD{Momentum: 0.5, Nesterov: true}, 3, &refSGD{lr: f64(0.01), momentum: f64(0.5), nesterov: true}},
		{Adam{}, 3, &refAdam{lr: f64(0.001), b1: f64(0.9), b2: f64(0.999), eps: f64(1e-7)}},
		{Adam{LearningRate: 0.01, Beta1: 0.8, Beta2: 0.99, Epsilon: 1e-3}, 3, &refAdam{lr: f64(0.01), b1: f64(0.8), b2: f64(0.99), eps: f64(1e-3)}},
		{RMSprop{}, 2, &refRMSprop{lr: f64(0.001), rho: f64(0.9), eps: f64(1e-7)}},
		{RMSprop{EpsilonOutsideSqrt: true}, 2, &refRMSprop{lr: f64(0.001), rho: f64(0.9), eps: f64(1e-7), outside: true}},
		{RMSprop{LearningRate: 0.01, Rho: 0.5, Epsilon: 1e-4}, 2, &refRMSprop{lr: f64(0.01), rho: f64(0.5), eps: f64(1e-4)}},
		{RMSprop{LearningRate: 0.01, Rho: 0.5, Epsilon: 1e-4, EpsilonOutsideSqrt: true}, 2,
			&refRMSprop{lr: f64(0.01), rho: f64(0.5), eps: f64(1e-4), outside: true}},
	}
	forEachImpl(t, func(t *testing.T) {
		for _, c := range cases {
			name := fmt.Sprintf("%T%+v", c.opt, c.opt)
			ref := c.ref
			// Each implementation starts the reference afresh.
			switch r := ref.(type) {
			case *refSGD:
				cp := *r
				ref = &cp
			case *refAdam:
				cp := *r
				ref = &cp
			case *refRMSprop:
				cp := *r
				ref = &cp
			}
			m, x, y := optimModel(t, c.opt)
			want := flat64(m.Weights())
			for s := 0; s < c.steps; s++ {
				gl, grads, err := m.Gradients(x, y)
				require.NoError(t, err, name)
				before := flat64(m.Weights())
				ref.step(want, flat64(grads))
				loss, err := m.TrainOnBatch(x, y)
				require.NoError(t, err, name)
				require.Equal(t, gl, loss, "%s: TrainOnBatch's loss is the loss before its step", name)
				got := flat64(m.Weights())
				require.Len(t, got, len(want))
				moved := 0
				for i := range want {
					if d := math.Abs(got[i] - want[i]); !(d <= 1e-6*math.Max(1, math.Abs(want[i]))) {
						require.Failf(t, "weights differ", "%s: step %d: weight element %d: want %.9g, have %.9g (was %.9g)",
							name, s+1, i, want[i], got[i], before[i])
					}
					if got[i] != before[i] {
						moved++
					}
				}
				require.Greater(t, moved, len(want)/2, "%s: step %d moved few weights", name, s+1)
			}
		}
	})
}

// TestOptimizerDefaults: zero fields take Keras' defaults, bit for bit.
func TestOptimizerDefaults(t *testing.T) {
	pairs := [][2]Optimizer{
		{SGD{}, SGD{LearningRate: 0.01}},
		{SGD{Momentum: 0.9}, SGD{LearningRate: 0.01, Momentum: 0.9}},
		{Adam{}, Adam{LearningRate: 0.001, Beta1: 0.9, Beta2: 0.999, Epsilon: 1e-7}},
		{RMSprop{}, RMSprop{LearningRate: 0.001, Rho: 0.9, Epsilon: 1e-7}},
		{RMSprop{EpsilonOutsideSqrt: true}, RMSprop{LearningRate: 0.001, Rho: 0.9, Epsilon: 1e-7, EpsilonOutsideSqrt: true}},
	}
	for _, p := range pairs {
		var w [2][]Tensor
		for k, opt := range p {
			m, x, y := optimModel(t, opt)
			for s := 0; s < 3; s++ {
				_, err := m.TrainOnBatch(x, y)
				require.NoError(t, err)
			}
			w[k] = m.Weights()
		}
		requireSameWeights(t, w[1], w[0], fmt.Sprintf("%+v", p[0]))
	}
	// And the settings matter: the two RMSprop forms and a different rate give other weights.
	var w [3][]float64
	for k, opt := range []Optimizer{RMSprop{LearningRate: 0.01, Epsilon: 1e-3}, RMSprop{LearningRate: 0.01, Epsilon: 1e-3, EpsilonOutsideSqrt: true}, RMSprop{}} {
		m, x, y := optimModel(t, opt)
		_, err := m.TrainOnBatch(x, y)
		require.NoError(t, err)
		w[k] = flat64(m.Weights())
	}
	require.NotEqual(t, w[0], w[1])
	require.NotEqual(t, w[0], w[2])
}

// TestOptimizerInvalid: settings Keras would reject are Compile errors.
func TestOptimizerInvalid(t *testing.T) {
	nan, inf := float32(math.NaN()), float32(math.Inf(1))
	for _, opt := range []Optimizer{
		SGD{LearningRate: -0.01}, SGD{LearningRate: nan}, SGD{LearningRate: inf}, SGD{Momentum: -0.1}, SGD{Momentum: 1},
		SGD{Momentum: 1.5}, SGD{Momentum: nan},
		Adam{LearningRate: -1}, Adam{LearningRate: nan}, Adam{LearningRate: inf}, Adam{Beta1: 1}, Adam{Beta1: -0.5},
		Adam{Beta1: nan}, Adam{Beta2: 1}, Adam{Beta2: 2}, Adam{Beta2: nan}, Adam{Epsilon: -1e-7}, Adam{Epsilon: nan},
		Adam{Epsilon: inf},
		RMSprop{LearningRate: -0.001}, RMSprop{LearningRate: nan}, RMSprop{LearningRate: inf}, RMSprop{Rho: 1},
		RMSprop{Rho: -0.9}, RMSprop{Rho: 1.1}, RMSprop{Rho: nan}, RMSprop{Epsilon: -1}, RMSprop{Epsilon: nan},
		RMSprop{Epsilon: inf},
	} {
		m, err := NewSequential([]int{3, 2}, &GRU{Units: 2}, &Dense{Units: 2, Activation: "softmax"})
		require.NoError(t, err)
		err = m.Compile("categorical_crossentropy", opt)
		require.Error(t, err, "%T%+v", opt, opt)
		require.Contains(t, err.Error(), "Compile", "%T%+v", opt, opt)
		// Not compiled: training is refused.
		_, err = m.TrainOnBatch(Tensor{Shape: []int{1, 3, 2}, Data: make([]float32, 6)}, Tensor{Shape: []int{1, 2}, Data: []float32{1, 0}})
		require.ErrorContains(t, err, "Compile", "%T%+v", opt, opt)
	}
}
