package gru

import (
	"fmt"
	"math"

	"github.com/fastgru/fastgru/kernels"
)

// Optimizer is how Fit and TrainOnBatch change the weights from their gradient: RMSprop, SGD or
// Adam, with Keras' formulas and defaults.
type Optimizer interface {
	// start checks the settings and returns the optimizer's state for n weights, zero.
	start(n int) (optimizerState, error)
}

// optimizerState applies one step to all the weights w from their gradient g, in one pass.
type optimizerState interface {
	step(w, g []float32)
}

// RMSprop is Keras' RMSprop without momentum, not centred. Zero fields take Keras' defaults:
// LearningRate 0.001, Rho 0.9, Epsilon 1e-7. Per weight,
//
//	ms = rho·ms + (1-rho)·g², w -= lr·g/sqrt(ms + eps)
//
// as Keras 3, tf.keras ≥ 2.11 and TF.js compute it; EpsilonOutsideSqrt gives Keras ≤ 2.3's and
// tf.keras 2.0–2.10's w -= lr·g/(sqrt(ms) + eps).
type RMSprop struct {
	LearningRate, Rho, Epsilon float32
	EpsilonOutsideSqrt         bool
}

// SGD is Keras' SGD: w -= lr·g, or with Momentum, v = momentum·v - lr·g and w += v (Nesterov:
// w += momentum·v - lr·g). LearningRate 0 means Keras' 0.01.
type SGD struct {
	LearningRate, Momentum float32
	Nesterov               bool
}

// Adam is Keras' Adam. Zero fields take Keras' defaults: LearningRate 0.001, Beta1 0.9,
// Beta2 0.999, Epsilon 1e-7. At step t, with alpha = lr·sqrt(1-beta2^t)/(1-beta1^t),
//
//	m += (g - m)·(1-beta1), v += (g² - v)·(1-beta2), w -= alpha·m/(sqrt(v) + eps)
type Adam struct {
	LearningRate, Beta1, Beta2, Epsilon float32
}

// orDefault returns v, or def when v is zero.
func orDefault(v, def float32) float32 {
	if v == 0 {
		return def
	}
	return v
}

// finitePositive reports whether v is a finite number > 0.
func finitePositive(v float32) bool { return v > 0 && !math.IsInf(float64(v), 1) }

func (o RMSprop) start(n int) (optimizerState, error) {
	s := &rmspropState{lr: orDefault(o.LearningRate, 0.001), rho: orDefault(o.Rho, 0.9),
		eps: orDefault(o.Epsilon, 1e-7), outside: o.EpsilonOutsideSqrt}
	switch {
	case !finitePositive(s.lr):
		return nil, fmt.Errorf("RMSprop learning rate %v is not a positive number", o.LearningRate)
	case !(s.rho > 0 && s.rho < 1):
		return nil, fmt.Errorf("RMSprop rho %v is not in (0, 1)", o.Rho)
	case !finitePositive(s.eps):
		return nil, fmt.Errorf("RMSprop epsilon %v is not a positive number", o.Epsilon)
	}
	s.ms = make([]float32, n)
	return s, nil
}

type rmspropState struct {
	lr, rho, eps float32
	outside      bool
	ms           []float32
}

func (s *rmspropState) step(w, g []float32) {
	kernels.RMSpropUpdate(w, g, s.ms, s.lr, s.rho, s.eps, s.outside)
}

func (o SGD) start(n int) (optimizerState, error) {
	s := &sgdState{lr: orDefault(o.LearningRate, 0.01), momentum: o.Momentum, nesterov: o.Nesterov}
	switch {
	case !finitePositive(s.lr):
		return nil, fmt.Errorf("SGD learning rate %v is not a positive number", o.LearningRate)
	case !(s.momentum >= 0 && s.momentum < 1):
		return nil, fmt.Errorf("SGD momentum %v is not in [0, 1)", o.Momentum)
	}
	if s.momentum != 0 {
		s.vel = make([]float32, n)
	}
	return s, nil
}

type sgdState struct {
	lr, momentum float32
	nesterov     bool
	vel          []float32
}

func (s *sgdState) step(w, g []float32) {
	kernels.SGDUpdate(w, g, s.vel, s.lr, s.momentum, s.nesterov)
}

func (o Adam) start(n int) (optimizerState, error) {
	s := &adamState{lr: orDefault(o.LearningRate, 0.001), b1: orDefault(o.Beta1, 0.9),
		b2: orDefault(o.Beta2, 0.999), eps: orDefault(o.Epsilon, 1e-7)}
	switch {
	case !finitePositive(s.lr):
		return nil, fmt.Errorf("Adam learning rate %v is not a positive number", o.LearningRate)
	case !(s.b1 > 0 && s.b1 < 1):
		return nil, fmt.Errorf("Adam beta1 %v is not in (0, 1)", o.Beta1)
	case !(s.b2 > 0 && s.b2 < 1):
		return nil, fmt.Errorf("Adam beta2 %v is not in (0, 1)", o.Beta2)
	case !finitePositive(s.eps):
		return nil, fmt.Errorf("Adam epsilon %v is not a positive number", o.Epsilon)
	}
	s.m, s.v = make([]float32, n), make([]float32, n)
	return s, nil
}

type adamState struct {
	lr, b1, b2, eps float32
	t               int
	m, v            []float32
}

func (s *adamState) step(w, g []float32) {
	s.t++
	t := float64(s.t)
	alpha := float64(s.lr) * math.Sqrt(1-math.Pow(float64(s.b2), t)) / (1 - math.Pow(float64(s.b1), t))
	kernels.AdamUpdate(w, g, s.m, s.v, float32(alpha), s.b1, s.b2, s.eps)
}
