package gru

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// cloneTensors returns deep copies of w.
func cloneTensors(w []Tensor) []Tensor {
	out := make([]Tensor, len(w))
	for i, t := range w {
		out[i] = Tensor{Shape: append([]int(nil), t.Shape...), Data: append([]float32(nil), t.Data...)}
	}
	return out
}

// requireSameWeights fails unless got holds want's shapes and bit-identical values.
func requireSameWeights(t testing.TB, want, got []Tensor, msg ...any) {
	t.Helper()
	require.Len(t, got, len(want), msg...)
	for i := range want {
		require.Equal(t, want[i].Shape, got[i].Shape, msg...)
		require.Len(t, got[i].Data, len(want[i].Data), msg...)
		for j := range want[i].Data {
			if math.Float32bits(want[i].Data[j]) != math.Float32bits(got[i].Data[j]) {
				require.Failf(t, "weights differ", "weight %d element %d: want %v, have %v %v", i, j, want[i].Data[j], got[i].Data[j], msg)
			}
		}
	}
}

// randomData returns x of shape (batch, time, in) uniform in ±1 and targets of the given kind
// for m's output.
func randomData(m *Sequential, rng *rand.Rand, kind string, batch int) (x, y Tensor) {
	shape := append([]int{batch}, m.InputShape()...)
	x = uniformTensor(rng, 1, shape...)
	return x, fdTargets(rng, kind, batch, m.outputs[len(m.outputs)-1])
}

// newTrainModel builds a model on (time, in) inputs with weights uniform in ±0.5 from seed,
// compiled with loss and opt.
func newTrainModel(t testing.TB, time, in int, loss string, opt Optimizer, seed uint64, layers ...Layer) *Sequential {
	t.Helper()
	m, err := NewSequential([]int{time, in}, layers...)
	require.NoError(t, err)
	require.NoError(t, m.SetWeights(uniformWeights(m, rand.New(rand.NewPCG(seed, 1)), 0.5)))
	require.NoError(t, m.Compile(loss, opt))
	return m
}

// seqSoftmax is the seed program's model 1 at a given size: GRU(units, return_sequences) →
// TimeDistributed(Dense(out)) → softmax.
func seqSoftmax(g *GRU, out int) []Layer {
	g.ReturnSequences = true
	return []Layer{g, &TimeDistributed{Layer: &Dense{Units: out}}, &Activation{Activation: "softmax"}}
}

// TestTrainWrongTargets: the seed program's model 3 outputs (batch, 8); its sequence targets
// (batch, 64, 8) are refused by every training call with both shapes named, and nothing changes.
func TestTrainWrongTargets(t *testing.T) {
	m := newTrainModel(t, 64, 15, "categorical_crossentropy", RMSprop{}, 1,
		&GRU{Units: 16}, &Dense{Units: 8}, &Activation{Activation: "softmax"})
	rng := rand.New(rand.NewPCG(1, 2))
	x := uniformTensor(rng, 1, 4, 64, 15)
	ySeq := uniformTensor(rng, 1, 4, 64, 8)
	before := cloneTensors(m.Weights())
	calls := map[string]func(x, y Tensor) error{
		"Fit": func(x, y Tensor) error {
			h, err := m.Fit(x, y, FitOptions{BatchSize: 2})
			require.Empty(t, h.Loss)
			return err
		},
		"TrainOnBatch": func(x, y Tensor) error { _, err := m.TrainOnBatch(x, y); return err },
		"Evaluate":     func(x, y Tensor) error { _, err := m.Evaluate(x, y, 2); return err },
		"Gradients": func(x, y Tensor) error {
			_, g, err := m.Gradients(x, y)
			require.Nil(t, g)
			return err
		},
	}
	for name, call := range calls {
		err := call(x, ySeq)
		require.Error(t, err, name)
		require.Contains(t, err.Error(), "(batch, 8)", name)
		require.Contains(t, err.Error(), "(batch, 64, 8)", name)
		for _, bad := range []struct {
			y    Tensor
			want string
		}{
			{uniformTensor(rng, 1, 5, 8), "samples"},                       // 5 samples for x's 4
			{uniformTensor(rng, 1, 4, 7), "(batch, 7)"},                    // the wrong width
			{uniformTensor(rng, 1, 4), "(batch)"},                          // no last axis
			{uniformTensor(rng, 1), "(batch, 8)"},                          // a scalar
			{Tensor{Shape: []int{4, 8}, Data: make([]float32, 31)}, "31"},  // data that does not fill its shape
			{Tensor{Shape: []int{4, -8}, Data: make([]float32, 32)}, "-8"}, // a negative dimension
			{Tensor{Shape: []int{-4, 8}, Data: make([]float32, 32)}, "-4"}, // a negative batch
			{Tensor{Shape: []int{4, 1, 8}, Data: make([]float32, 32)}, "(batch, 1, 8)"},
		} {
			err := call(x, bad.y)
			require.Error(t, err, "%s %v", name, bad.y.Shape)
			require.Contains(t, err.Error(), bad.want, name)
		}
		for _, badX := range []Tensor{
			uniformTensor(rng, 1, 4, 63, 15),
			uniformTensor(rng, 1, 4, 64),
			{Shape: []int{4, 64, 15}, Data: make([]float32, 10)},
		} {
			require.Error(t, call(badX, uniformTensor(rng, 1, 4, 8)), "%s x %v", name, badX.Shape)
		}
		requireSameWeights(t, before, m.Weights(), name)
	}
	// The same targets train the sequence model 1.
	m1 := newTrainModel(t, 64, 15, "categorical_crossentropy", RMSprop{}, 1, seqSoftmax(&GRU{Units: 16}, 8)...)
	_, err := m1.TrainOnBatch(x, ySeq)
	require.NoError(t, err)
}

// TestTrainBeforeCompile: training calls on a model that was not compiled fail and say why.
func TestTrainBeforeCompile(t *testing.T) {
	for _, withWeights := range []bool{false, true} {
		m, err := NewSequential([]int{3, 2}, &GRU{Units: 2}, &Dense{Units: 2, Activation: "softmax"})
		require.NoError(t, err)
		if withWeights {
			require.NoError(t, m.InitWeights(3))
		}
		before := cloneTensors(m.Weights())
		x := uniformTensor(rand.New(rand.NewPCG(1, 1)), 1, 2, 3, 2)
		y := Tensor{Shape: []int{2, 2}, Data: []float32{1, 0, 0, 1}}
		_, err = m.Fit(x, y, FitOptions{})
		require.ErrorContains(t, err, "Compile")
		_, err = m.TrainOnBatch(x, y)
		require.ErrorContains(t, err, "Compile")
		_, err = m.Evaluate(x, y, 1)
		require.ErrorContains(t, err, "Compile")
		_, _, err = m.Gradients(x, y)
		require.ErrorContains(t, err, "Compile")
		requireSameWeights(t, before, m.Weights())
	}
}

// TestCompileErrors: an unknown loss or no optimizer is refused, and the model stays
// uncompiled.
func TestCompileErrors(t *testing.T) {
	m, err := NewSequential([]int{3, 2}, &GRU{Units: 2}, &Dense{Units: 2, Activation: "softmax"})
	require.NoError(t, err)
	for _, loss := range []string{"", "hinge", "categorical_crossentropy ", "kl_divergence"} {
		err := m.Compile(loss, RMSprop{})
		require.Error(t, err, loss)
		require.Contains(t, err.Error(), "unknown loss", loss)
		require.Contains(t, err.Error(), fmt.Sprintf("%q", loss))
	}
	require.ErrorContains(t, m.Compile("mse", nil), "optimizer")
	x := uniformTensor(rand.New(rand.NewPCG(1, 1)), 1, 2, 3, 2)
	_, err = m.Evaluate(x, Tensor{Shape: []int{2, 2}, Data: []float32{1, 0, 0, 1}}, 1)
	require.ErrorContains(t, err, "Compile")
	if empty, err := NewSequential([]int{3, 2}); err == nil {
		require.Error(t, empty.Compile("mse", SGD{}))
	}
}

// TestFitEvaluateBadSettings: a negative batch size or epoch count for Fit, a batch size below 1
// for Evaluate, or no samples are errors that change nothing.
func TestFitEvaluateBadSettings(t *testing.T) {
	m := newTrainModel(t, 3, 2, "mse", SGD{}, 1, &GRU{Units: 3}, &Dense{Units: 2})
	x, y := randomData(m, rand.New(rand.NewPCG(1, 1)), "real", 5)
	before := cloneTensors(m.Weights())
	for _, o := range []FitOptions{{BatchSize: -1}, {BatchSize: -32, Epochs: 2}, {Epochs: -1}} {
		h, err := m.Fit(x, y, o)
		require.Error(t, err, "%+v", o)
		require.Empty(t, h.Loss)
		require.Empty(t, h.BatchLoss)
	}
	_, err := m.Fit(x, y, FitOptions{BatchSize: -1})
	require.ErrorContains(t, err, "-1")
	for _, bs := range []int{0, -1} {
		_, err := m.Evaluate(x, y, bs)
		require.ErrorContains(t, err, "batch size", "batch size %d", bs)
	}
	_, err = m.Fit(rowsOf(x, 0, 0), rowsOf(y, 0, 0), FitOptions{})
	require.Error(t, err)
	requireSameWeights(t, before, m.Weights())
}

// TestSparseTargetsInvalid: sparse targets must be class indices; anything else is refused with
// the offending value, and nothing changes.
func TestSparseTargetsInvalid(t *testing.T) {
	m := newTrainModel(t, 3, 2, "sparse_categorical_crossentropy", Adam{}, 1,
		&GRU{Units: 3, ReturnSequences: true}, &TimeDistributed{Layer: &Dense{Units: 4, Activation: "softmax"}})
	x, y := randomData(m, rand.New(rand.NewPCG(1, 1)), "sparse", 2)
	_, err := m.TrainOnBatch(x, y)
	require.NoError(t, err)
	y1 := Tensor{Shape: []int{2, 3, 1}, Data: y.Data}
	_, err = m.TrainOnBatch(x, y1)
	require.NoError(t, err, "the form with a last axis of 1")
	before := cloneTensors(m.Weights())
	for _, v := range []float32{4, 5, -1, 1.5, 0.25, float32(math.NaN()), float32(math.Inf(1)), float32(math.Inf(-1)), 1e20, -1e20} {
		for _, shape := range [][]int{{2, 3}, {2, 3, 1}} {
			bad := Tensor{Shape: shape, Data: append([]float32(nil), y.Data...)}
			bad.Data[4] = v
			_, err := m.TrainOnBatch(x, bad)
			require.ErrorContains(t, err, "class index", "%v", v)
			_, _, err = m.Gradients(x, bad)
			require.ErrorContains(t, err, "class index", "%v", v)
			_, err = m.Evaluate(x, bad, 1)
			require.ErrorContains(t, err, "class index", "%v", v)
			_, err = m.Fit(x, bad, FitOptions{BatchSize: 1})
			require.ErrorContains(t, err, "class index", "%v", v)
		}
	}
	// One-hot rows are the dense form, not sparse targets.
	_, err = m.TrainOnBatch(x, uniformTensor(rand.New(rand.NewPCG(2, 2)), 1, 2, 3, 4))
	require.ErrorContains(t, err, "(batch, 3)")
	requireSameWeights(t, before, m.Weights())
}

// TestFitStopsOnNaN: NaN inputs in the samples of the second batch make its loss NaN; Fit stops
// there with an error naming the epoch and the batch, the weights those after the first batch,
// and the History holding the first batch's loss.
func TestFitStopsOnNaN(t *testing.T) {
	layers := func() []Layer { return seqSoftmax(&GRU{Units: 5}, 3) }
	m := newTrainModel(t, 4, 3, "categorical_crossentropy", RMSprop{}, 1, layers()...)
	twin := newTrainModel(t, 4, 3, "categorical_crossentropy", RMSprop{}, 1, layers()...)
	x, y := randomData(m, rand.New(rand.NewPCG(1, 1)), "prob", 10)
	// Batch 2 of 4 holds samples 4 to 7.
	k := 4 * 3
	x.Data[5*k+7] = float32(math.NaN())
	h, err := m.Fit(x, y, FitOptions{BatchSize: 4, Epochs: 3})
	require.Error(t, err)
	require.Contains(t, err.Error(), "epoch 1, batch 2")
	require.Contains(t, err.Error(), "NaN")
	loss1, err := twin.TrainOnBatch(rowsOf(x, 0, 4), rowsOf(y, 0, 4))
	require.NoError(t, err)
	requireSameWeights(t, twin.Weights(), m.Weights())
	require.Empty(t, h.Loss)
	require.Equal(t, [][]float32{{loss1}}, h.BatchLoss)

	// NaN targets stop it too, here in the last batch of the second epoch.
	m = newTrainModel(t, 4, 3, "mse", SGD{}, 1, &GRU{Units: 5}, &Dense{Units: 2})
	x, y = randomData(m, rand.New(rand.NewPCG(1, 1)), "real", 10)
	y.Data[19] = float32(math.NaN())
	h, err = m.Fit(x, y, FitOptions{BatchSize: 4, Epochs: 2})
	require.ErrorContains(t, err, "epoch 1, batch 3")
	require.Len(t, h.BatchLoss, 1)
	require.Len(t, h.BatchLoss[0], 2)

	// A TrainOnBatch whose loss is NaN changes nothing.
	before := cloneTensors(m.Weights())
	_, err = m.TrainOnBatch(x, y)
	require.ErrorContains(t, err, "NaN")
	requireSameWeights(t, before, m.Weights())
}

// TestPredictAfterTraining: Predict runs the trained weights, as a fresh model given them does,
// bit for bit, for the fast gate kernels and the generic ones.
func TestPredictAfterTraining(t *testing.T) {
	for _, g := range []gruConfig{
		{Units: 9},
		{Units: 9, ResetAfter: true, GoBackwards: true},
		{Units: 5, RecurrentActivation: "hard_sigmoid"},
		{Units: 5, ResetAfter: true, RecurrentActivation: "hard_sigmoid_keras3", Activation: "relu"},
	} {
		for _, fit := range []bool{false, true} {
			name := fmt.Sprintf("%+v fit=%v", g, fit)
			m := newTrainModel(t, 5, 3, "categorical_crossentropy", Adam{LearningRate: 0.01}, 1, seqSoftmax(g.layer(), 4)...)
			x, y := randomData(m, rand.New(rand.NewPCG(1, 1)), "prob", 13)
			p0, err := m.Predict(x)
			require.NoError(t, err)
			if fit {
				_, err = m.Fit(x, y, FitOptions{BatchSize: 4, Epochs: 2})
			} else {
				_, err = m.TrainOnBatch(x, y)
			}
			require.NoError(t, err, name)
			p1, err := m.Predict(x)
			require.NoError(t, err)
			require.NotEqual(t, p0.Data, p1.Data, name)
			fresh, err := NewSequential([]int{5, 3}, seqSoftmax(g.layer(), 4)...)
			require.NoError(t, err)
			require.NoError(t, fresh.SetWeights(cloneTensors(m.Weights())))
			p2, err := fresh.Predict(x)
			require.NoError(t, err)
			requireSameWeights(t, []Tensor{p2}, []Tensor{p1}, name)
			// And training on continues from them.
			_, err = m.TrainOnBatch(x, y)
			require.NoError(t, err)
			p3, err := m.Predict(x)
			require.NoError(t, err)
			require.NotEqual(t, p1.Data, p3.Data, name)
		}
	}
}

// TestFitShuffle: a shuffled Fit is the same for the same seed, and differs from an unshuffled
// one and from another seed.
func TestFitShuffle(t *testing.T) {
	run := func(o FitOptions) ([]Tensor, History) {
		m := newTrainModel(t, 3, 2, "categorical_crossentropy", RMSprop{}, 1, seqSoftmax(&GRU{Units: 4}, 3)...)
		x, y := randomData(m, rand.New(rand.NewPCG(1, 1)), "prob", 11)
		xc, yc := cloneTensors([]Tensor{x, y}), []Tensor{x, y}
		h, err := m.Fit(x, y, o)
		require.NoError(t, err)
		// Fit leaves its data as it was.
		requireSameWeights(t, xc, yc)
		return m.Weights(), h
	}
	o := FitOptions{BatchSize: 3, Epochs: 3, Shuffle: true, Seed: 7}
	a, ha := run(o)
	b, hb := run(o)
	requireSameWeights(t, a, b)
	require.Equal(t, ha, hb)
	for _, other := range []FitOptions{{BatchSize: 3, Epochs: 3}, {BatchSize: 3, Epochs: 3, Shuffle: true, Seed: 8}} {
		c, hc := run(other)
		require.NotEqual(t, flat64(a), flat64(c), "%+v", other)
		require.NotEqual(t, ha.BatchLoss, hc.BatchLoss, "%+v", other)
		require.Len(t, hc.BatchLoss, 3)
		for _, e := range hc.BatchLoss {
			require.Len(t, e, 4)
		}
	}
	// One batch of every sample sees the same batch however it is shuffled, up to the order of
	// a sum.
	d, _ := run(FitOptions{BatchSize: 11, Shuffle: true, Seed: 7})
	e, _ := run(FitOptions{BatchSize: 11})
	fd, fe := flat64(d), flat64(e)
	for i := range fd {
		require.InDelta(t, fe[i], fd[i], 1e-5)
	}
}

// TestFitBatches: Fit's batches are the samples in order, the last one holding the remainder;
// its History holds each batch's loss and each epoch's mean weighted by the batches' sizes; zero
// options mean one epoch of batches of 32.
func TestFitBatches(t *testing.T) {
	layers := func() []Layer { return []Layer{&GRU{Units: 3}, &Dense{Units: 2, Activation: "sigmoid"}} }
	for _, c := range []struct {
		o       FitOptions
		samples int
		sizes   []int
		epochs  int
	}{
		{FitOptions{BatchSize: 4, Epochs: 2}, 10, []int{4, 4, 2}, 2},
		{FitOptions{BatchSize: 5}, 10, []int{5, 5}, 1},
		{FitOptions{BatchSize: 1, Epochs: 1}, 3, []int{1, 1, 1}, 1},
		{FitOptions{BatchSize: 100}, 7, []int{7}, 1},
		{FitOptions{}, 70, []int{32, 32, 6}, 1},
		{FitOptions{Epochs: 2}, 32, []int{32}, 2},
	} {
		name := fmt.Sprintf("%+v on %d", c.o, c.samples)
		m := newTrainModel(t, 3, 2, "binary_crossentropy", Adam{}, 1, layers()...)
		twin := newTrainModel(t, 3, 2, "binary_crossentropy", Adam{}, 1, layers()...)
		x, y := randomData(m, rand.New(rand.NewPCG(1, 1)), "binary", c.samples)
		h, err := m.Fit(x, y, c.o)
		require.NoError(t, err, name)
		require.Len(t, h.BatchLoss, c.epochs, name)
		require.Len(t, h.Loss, c.epochs, name)
		for e := 0; e < c.epochs; e++ {
			require.Len(t, h.BatchLoss[e], len(c.sizes), name)
			lo := 0
			var sum float64
			for b, n := range c.sizes {
				loss, err := twin.TrainOnBatch(rowsOf(x, lo, lo+n), rowsOf(y, lo, lo+n))
				require.NoError(t, err)
				require.Equal(t, loss, h.BatchLoss[e][b], "%s: epoch %d batch %d", name, e, b)
				sum += float64(loss) * float64(n)
				lo += n
			}
			require.Equal(t, float32(sum/float64(c.samples)), h.Loss[e], name)
		}
		requireSameWeights(t, twin.Weights(), m.Weights(), name)
	}
}

// TestEvaluateBatches: Evaluate is the mean of its batches' losses weighted by their sizes, the
// same whatever the batch size, and changes nothing.
func TestEvaluateBatches(t *testing.T) {
	for _, loss := range []string{"categorical_crossentropy", "sparse_categorical_crossentropy", "mse", "binary_crossentropy"} {
		target := map[string]string{"categorical_crossentropy": "prob", "sparse_categorical_crossentropy": "sparse",
			"mse": "real", "binary_crossentropy": "binary"}[loss]
		m := newTrainModel(t, 4, 3, loss, SGD{}, 1, &GRU{Units: 6, ReturnSequences: true},
			&TimeDistributed{Layer: &Dense{Units: 3, Activation: "sigmoid"}}, &Activation{Activation: "softmax"})
		x, y := randomData(m, rand.New(rand.NewPCG(1, 1)), target, 13)
		before := cloneTensors(m.Weights())
		all, err := m.Evaluate(x, y, 13)
		require.NoError(t, err)
		gl, _, err := m.Gradients(x, y)
		require.NoError(t, err)
		require.Equal(t, gl, all, loss)
		for _, bs := range []int{1, 2, 4, 5, 12, 13, 14, 1000} {
			got, err := m.Evaluate(x, y, bs)
			require.NoError(t, err)
			var sum float64
			for lo := 0; lo < 13; lo += bs {
				hi := min(lo+bs, 13)
				l, err := m.Evaluate(rowsOf(x, lo, hi), rowsOf(y, lo, hi), hi-lo)
				require.NoError(t, err)
				sum += float64(l) * float64(hi-lo)
			}
			require.InEpsilon(t, sum/13, got, 1e-6, "%s batch size %d", loss, bs)
			require.InEpsilon(t, all, got, 1e-5, "%s batch size %d", loss, bs)
		}
		requireSameWeights(t, before, m.Weights(), loss)
	}
}

// TestCompileRestartsOptimizer: Compile starts the optimizer's state afresh, so training again
// from the same weights after a second Compile repeats the first training bit for bit, while
// without it Adam's moments carry on.
func TestCompileRestartsOptimizer(t *testing.T) {
	m := newTrainModel(t, 4, 3, "categorical_crossentropy", Adam{LearningRate: 0.01}, 1, seqSoftmax(&GRU{Units: 5}, 3)...)
	x, y := randomData(m, rand.New(rand.NewPCG(1, 1)), "prob", 9)
	w0 := cloneTensors(m.Weights())
	train := func() ([]Tensor, History) {
		h, err := m.Fit(x, y, FitOptions{BatchSize: 4, Epochs: 2})
		require.NoError(t, err)
		return cloneTensors(m.Weights()), h
	}
	a, ha := train()
	require.NoError(t, m.SetWeights(cloneTensors(w0)))
	require.NoError(t, m.Compile("categorical_crossentropy", Adam{LearningRate: 0.01}))
	b, hb := train()
	requireSameWeights(t, a, b)
	require.Equal(t, ha, hb)
	require.NoError(t, m.SetWeights(cloneTensors(w0)))
	c, _ := train()
	require.NotEqual(t, flat64(a), flat64(c))
	// A second Compile keeps the weights.
	require.NoError(t, m.Compile("categorical_crossentropy", SGD{}))
	requireSameWeights(t, c, m.Weights())
}

// TestSetWeightsAfterCompile: weights set after Compile are those training starts from; the
// caller's tensors are copied, not trained in place. The optimizer's state stays, as in Keras,
// so the comparison is with a model that took the same steps.
func TestSetWeightsAfterCompile(t *testing.T) {
	layers := func() []Layer { return seqSoftmax(&GRU{Units: 4, ResetAfter: true}, 3) }
	for _, trainedBefore := range []bool{false, true} {
		m := newTrainModel(t, 4, 3, "categorical_crossentropy", RMSprop{}, 1, layers()...)
		twin := newTrainModel(t, 4, 3, "categorical_crossentropy", RMSprop{}, 1, layers()...)
		x, y := randomData(m, rand.New(rand.NewPCG(1, 1)), "prob", 6)
		if trainedBefore {
			for _, s := range []*Sequential{m, twin} {
				_, err := s.TrainOnBatch(x, y)
				require.NoError(t, err)
			}
		}
		w1 := uniformWeights(m, rand.New(rand.NewPCG(9, 9)), 0.5)
		w1c := cloneTensors(w1)
		require.NoError(t, m.SetWeights(w1))
		requireSameWeights(t, w1c, m.Weights())
		p, err := m.Predict(x)
		require.NoError(t, err)
		l1, err := m.TrainOnBatch(x, y)
		require.NoError(t, err)

		// The twin is given the same values in its own storage.
		for i, w := range twin.Weights() {
			copy(w.Data, w1c[i].Data)
		}
		require.NoError(t, twin.SetWeights(twin.Weights()))
		pt, err := twin.Predict(x)
		require.NoError(t, err)
		requireSameWeights(t, []Tensor{pt}, []Tensor{p})
		l2, err := twin.TrainOnBatch(x, y)
		require.NoError(t, err)
		require.Equal(t, l2, l1)
		requireSameWeights(t, twin.Weights(), m.Weights())
		requireSameWeights(t, w1c, w1, "the caller's tensors")
		if !trainedBefore {
			// From Compile, the same as a fresh model given w1.
			fresh := newTrainModel(t, 4, 3, "categorical_crossentropy", RMSprop{}, 2, layers()...)
			require.NoError(t, fresh.SetWeights(cloneTensors(w1c)))
			_, err := fresh.TrainOnBatch(x, y)
			require.NoError(t, err)
			requireSameWeights(t, fresh.Weights(), m.Weights())
		}
	}
}

// TestCompileInitialWeights: a model given no weights gets Keras' initial ones at Compile —
// glorot_uniform kernels, orthogonal recurrent kernels, zero biases — and trains.
func TestCompileInitialWeights(t *testing.T) {
	for _, units := range []int{1, 3, 16} {
		for _, resetAfter := range []bool{false, true} {
			name := fmt.Sprintf("units %d reset_after %v", units, resetAfter)
			m, err := NewSequential([]int{6, 15}, &GRU{Units: units, ResetAfter: resetAfter, ReturnSequences: true},
				&TimeDistributed{Layer: &Dense{Units: 8}}, &Activation{Activation: "softmax"})
			require.NoError(t, err)
			require.Nil(t, m.Weights())
			require.NoError(t, m.Compile("categorical_crossentropy", RMSprop{LearningRate: 0.01}))
			w := m.Weights()
			require.Len(t, w, 5)
			glorot := func(k Tensor, fanIn, fanOut int) {
				limit := math.Sqrt(6 / float64(fanIn+fanOut))
				big := 0.0
				for _, v := range k.Data {
					require.LessOrEqual(t, math.Abs(float64(v)), limit, name)
					big = math.Max(big, math.Abs(float64(v)))
				}
				require.Greater(t, big, 0.7*limit, name)
			}
			glorot(w[0], 15, 3*units)
			glorot(w[3], units, 8)
			// The recurrent kernel, units × 3·units, is the transpose of a tall orthonormal Q.
			u := w[1]
			for i := 0; i < units; i++ {
				for j := 0; j < units; j++ {
					var dot float64
					for k := 0; k < 3*units; k++ {
						dot += float64(u.Data[i*3*units+k]) * float64(u.Data[j*3*units+k])
					}
					want := 0.0
					if i == j {
						want = 1
					}
					require.InDelta(t, want, dot, 1e-5, "%s: (W·Wᵀ)[%d][%d]", name, i, j)
				}
			}
			for _, b := range []Tensor{w[2], w[4]} {
				require.Equal(t, make([]float32, len(b.Data)), b.Data, name)
			}
			x, y := randomData(m, rand.New(rand.NewPCG(1, 1)), "prob", 16)
			first, err := m.Evaluate(x, y, 16)
			require.NoError(t, err)
			h, err := m.Fit(x, y, FitOptions{BatchSize: 4, Epochs: 5})
			require.NoError(t, err, name)
			last, err := m.Evaluate(x, y, 16)
			require.NoError(t, err)
			require.Less(t, last, first, "%s: %v", name, h.Loss)
		}
	}
}

// TestTrainZeroFeatures: a GRU over inputs of no features, which Predict and Evaluate run, trains
// too: its kernel has no element, and the recurrent weights still learn.
func TestTrainZeroFeatures(t *testing.T) {
	for _, g := range []gruConfig{{Units: 1}, {Units: 3, ResetAfter: true, ReturnSequences: true}} {
		m, err := NewSequential([]int{2, 0}, g.layer())
		require.NoError(t, err)
		require.NoError(t, m.InitWeights(1))
		require.NoError(t, m.Compile("mse", SGD{}))
		x, y := randomData(m, rand.New(rand.NewPCG(1, 1)), "real", 3)
		_, err = m.Evaluate(x, y, 3)
		require.NoError(t, err)
		_, grads, err := m.Gradients(x, y)
		require.NoError(t, err)
		require.Empty(t, grads[0].Data)
		_, err = m.TrainOnBatch(x, y)
		require.NoError(t, err)
		_, err = m.Fit(x, y, FitOptions{BatchSize: 2})
		require.NoError(t, err)
	}
}

// TestTrainLossOverflow: a loss finite in float64 but beyond float32's range is +Inf as returned;
// like any non-finite loss it is an error and the step is not taken.
func TestTrainLossOverflow(t *testing.T) {
	m, err := NewSequential([]int{1, 1}, &Dense{Units: 1})
	require.NoError(t, err)
	require.NoError(t, m.SetWeights([]Tensor{{Shape: []int{1, 1}, Data: []float32{0.5}}, {Shape: []int{1}, Data: []float32{0}}}))
	require.NoError(t, m.Compile("mse", SGD{}))
	x := Tensor{Shape: []int{1, 1, 1}, Data: []float32{0.5}}
	y := Tensor{Shape: []int{1, 1, 1}, Data: []float32{1e30}} // a squared error of 1e60
	before := cloneTensors(m.Weights())
	_, err = m.TrainOnBatch(x, y)
	require.ErrorContains(t, err, "Inf")
	h, err := m.Fit(x, y, FitOptions{})
	require.ErrorContains(t, err, "epoch 1, batch 1")
	require.Empty(t, h.Loss)
	requireSameWeights(t, before, m.Weights())
}

// TestTrainOnBatchAllocs: a warmed TrainOnBatch allocates nothing, on the seed program's model 1
// at its size and on the models whose GRU runs reset_after or hard sigmoid gates.
func TestTrainOnBatchAllocs(t *testing.T) {
	for _, c := range []struct {
		name string
		g    *GRU
	}{
		{"model 1", &GRU{Units: 16}},
		{"reset_after", &GRU{Units: 16, ResetAfter: true}},
		{"hard_sigmoid", &GRU{Units: 16, RecurrentActivation: "hard_sigmoid"}},
	} {
		m := newTrainModel(t, 64, 15, "categorical_crossentropy", RMSprop{}, 1, seqSoftmax(c.g, 8)...)
		x, y := randomData(m, rand.New(rand.NewPCG(1, 1)), "uniform", 128)
		for i := 0; i < 2; i++ {
			_, err := m.TrainOnBatch(x, y)
			require.NoError(t, err)
		}
		allocs := testing.AllocsPerRun(5, func() {
			if _, err := m.TrainOnBatch(x, y); err != nil {
				t.Fatal(err)
			}
		})
		if allocs != 0 {
			t.Errorf("%s: a warmed TrainOnBatch allocates %v times", c.name, allocs)
		}
	}
}
