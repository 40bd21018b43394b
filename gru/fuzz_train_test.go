package gru

import (
	"math"
	"testing"
)

// fuzzReader hands out the fuzz input a byte at a time, zeros once it runs out.
type fuzzReader struct{ b []byte }

func (r *fuzzReader) next() byte {
	if len(r.b) == 0 {
		return 0
	}
	v := r.b[0]
	r.b = r.b[1:]
	return v
}

func (r *fuzzReader) intn(n int) int { return int(r.next()) % n }
func (r *fuzzReader) flag() bool     { return r.next()&1 != 0 }

// float is a value in [-2, 2), or now and then one that breaks arithmetic.
func (r *fuzzReader) float() float32 {
	switch v := r.next(); v {
	case 255:
		return float32(math.NaN())
	case 254:
		return float32(math.Inf(1))
	case 253:
		return float32(math.Inf(-1))
	case 252:
		return 1e30
	default:
		return float32(int(v)-128) / 64
	}
}

func (r *fuzzReader) pick(s ...string) string { return s[r.intn(len(s))] }

// fuzzModel builds a small model from r: one or two GRUs of any settings, then maybe a head.
func fuzzModel(r *fuzzReader) (*Sequential, error) {
	// A GRU on inputs of no features is TestTrainZeroFeatures's, which it does not pass yet.
	time, in := r.intn(5), 1+r.intn(3)
	gruLayer := func(seq bool) *GRU {
		flags := r.next()
		return &GRU{Units: 1 + r.intn(9), ReturnSequences: seq || flags&1 != 0, GoBackwards: flags&2 != 0,
			ResetAfter: flags&4 != 0, NoBias: flags&8 != 0,
			RecurrentActivation: r.pick("", "sigmoid", "hard_sigmoid", "hard_sigmoid_keras3", "tanh", "relu"),
			Activation:          r.pick("", "tanh", "relu", "linear", "sigmoid", "hard_sigmoid")}
	}
	var layers []Layer
	if r.intn(4) == 0 {
		layers = append(layers, &TimeDistributed{Layer: &Dense{Units: 1 + r.intn(4), Activation: r.pick("linear", "tanh", "relu")}})
	}
	if r.intn(3) == 0 {
		layers = append(layers, gruLayer(true))
	}
	layers = append(layers, gruLayer(false))
	act := r.pick("", "linear", "relu", "sigmoid", "hard_sigmoid", "tanh", "softmax")
	units := 1 + r.intn(5)
	switch r.intn(5) {
	case 1:
		layers = append(layers, &Dense{Units: units, Activation: act, NoBias: r.flag()})
	case 2:
		layers = append(layers, &TimeDistributed{Layer: &Dense{Units: units, Activation: act}})
	case 3:
		layers = append(layers, &Dense{Units: units}, &Activation{Activation: act})
	case 4:
		layers = append(layers, &Activation{Activation: act})
	}
	return NewSequential([]int{time, in}, layers...)
}

// FuzzTrainOnBatch trains random small models on random inputs and targets — of the right
// shape or not, valid class indices or not, finite or not — with random losses and optimizer
// settings. Nothing may panic, and a call that fails changes no weight.
func FuzzTrainOnBatch(f *testing.F) {
	f.Add([]byte{3, 2, 5, 0, 1, 2, 1, 1, 6, 2, 1, 0, 4, 0, 0, 1, 2, 3})
	f.Add([]byte{4, 3, 0, 2, 7, 5, 0, 0, 3, 6, 3, 3, 2, 1, 1, 9, 255, 4, 200, 7})
	f.Add([]byte{1, 1, 3, 1, 1, 3, 3, 4, 6, 4, 2, 5, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1})
	f.Add([]byte{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0})
	f.Add([]byte{2, 1, 2, 5, 15, 8, 2, 1, 0, 6, 0, 1, 3, 2, 252, 254, 253, 17, 99})
	f.Fuzz(func(t *testing.T, data []byte) {
		r := &fuzzReader{b: data}
		m, err := fuzzModel(r)
		if err != nil {
			return
		}
		loss := r.pick("categorical_crossentropy", "sparse_categorical_crossentropy", "binary_crossentropy", "mse",
			"mean_squared_error", "hinge")
		var opt Optimizer
		setting := func() float32 {
			if r.intn(3) == 0 {
				return 0 // the default
			}
			return r.float() / 2
		}
		switch r.intn(4) {
		case 0:
			opt = SGD{LearningRate: setting(), Momentum: setting(), Nesterov: r.flag()}
		case 1:
			opt = Adam{LearningRate: setting(), Beta1: setting(), Beta2: setting(), Epsilon: setting()}
		case 2:
			opt = RMSprop{LearningRate: setting(), Rho: setting(), Epsilon: setting(), EpsilonOutsideSqrt: r.flag()}
		}
		if r.flag() {
			if err := m.InitWeights(uint64(r.next())); err != nil {
				t.Fatalf("InitWeights: %v", err)
			}
		}
		if err := m.Compile(loss, opt); err != nil {
			return
		}
		batch := r.intn(8)
		xShape := append([]int{batch}, m.InputShape()...)
		out := m.outputs[len(m.outputs)-1]
		yShape := append([]int{batch}, out...)
		switch r.intn(8) {
		case 0: // sparse's forms, whatever the loss
			yShape = yShape[:len(yShape)-1]
		case 1:
			yShape[len(yShape)-1] = 1
		case 2: // a wrong number of samples
			yShape[0] = r.intn(8)
		case 3: // a wrong last axis
			yShape[len(yShape)-1] = r.intn(6)
		case 4: // a wrong input
			xShape[len(xShape)-1] = r.intn(4)
		}
		fill := func(shape []int) Tensor {
			n, err := size(shape)
			if err != nil {
				t.Fatal(err)
			}
			v := Tensor{Shape: shape, Data: make([]float32, n)}
			for i := range v.Data {
				v.Data[i] = r.float()
			}
			return v
		}
		x := fill(xShape)
		y := fill(yShape)
		if r.flag() {
			// Mostly class indices, some out of range.
			classes := max(out[len(out)-1], 1)
			for i := range y.Data {
				y.Data[i] = float32(r.intn(classes + 1))
			}
		}
		if r.intn(4) == 0 && len(x.Data) > 0 {
			x.Data = x.Data[1:] // data that does not fill its shape
		}
		before := cloneTensors(m.Weights())
		check := func(what string, err error) {
			t.Helper()
			if err != nil {
				requireSameWeights(t, before, m.Weights(), what, err)
			}
		}
		l, err := m.TrainOnBatch(x, y)
		check("TrainOnBatch", err)
		// A loss that overflows float32 is TestTrainLossOverflow's, which it does not pass yet.
		if err == nil && math.IsNaN(float64(l)) {
			t.Fatalf("TrainOnBatch succeeded with loss %v", l)
		}
		before = cloneTensors(m.Weights())
		_, grads, err := m.Gradients(x, y)
		check("Gradients", err)
		if err == nil && len(grads) != len(before) {
			t.Fatalf("%d gradients for %d weights", len(grads), len(before))
		}
		_, err = m.Evaluate(x, y, r.intn(4))
		check("Evaluate", err)
		if err == nil {
			requireSameWeights(t, before, m.Weights(), "Evaluate changes no weight")
		}
		before = cloneTensors(m.Weights())
		h, err := m.Fit(x, y, FitOptions{BatchSize: r.intn(4) - 1, Epochs: r.intn(3), Shuffle: r.flag(), Seed: uint64(r.next())})
		steps := 0
		for _, e := range h.BatchLoss {
			steps += len(e)
		}
		// A Fit that stops after some steps keeps them.
		if steps == 0 {
			check("Fit", err)
		}
	})
}
