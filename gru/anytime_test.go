package gru

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// anyTimeModels builds the same layers twice: for inputs of any time, and of a fixed one.
func anyTimeModels(t *testing.T, steps int, layers func() []Layer) (open, fixed *Sequential) {
	open, err := NewSequential([]int{AnyTime, 3}, layers()...)
	require.NoError(t, err)
	fixed, err = NewSequential([]int{steps, 3}, layers()...)
	require.NoError(t, err)
	randomWeights(t, open, rand.New(rand.NewPCG(3, 4)))
	require.NoError(t, fixed.SetWeights(open.Weights()))
	return open, fixed
}

func randomInput(rng *rand.Rand, shape ...int) Tensor {
	n, _ := size(shape)
	x := Tensor{Shape: shape, Data: make([]float32, n)}
	for i := range x.Data {
		x.Data[i] = 2*rng.Float32() - 1
	}
	return x
}

// TestAnyTimePredict runs a model of any time on inputs of several lengths, one after another on
// the same buffers, each bit for bit as a model built for that length.
func TestAnyTimePredict(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, back := range []bool{false, true} {
		layers := func() []Layer {
			return []Layer{&GRU{Units: 5, ReturnSequences: true, GoBackwards: back}, &GRU{Units: 4, ResetAfter: true, ReturnSequences: true},
				&TimeDistributed{Layer: &Dense{Units: 3}}, &Activation{Activation: "softmax"}}
		}
		for _, steps := range []int{7, 1, 20, 7} {
			open, fixed := anyTimeModels(t, steps, layers)
			x := randomInput(rng, 2, steps, 3)
			want, err := fixed.Predict(x)
			require.NoError(t, err)
			got, err := open.Predict(x)
			require.NoError(t, err)
			requireSameBits(t, want, got, "steps", steps)
		}
	}
	open, _ := anyTimeModels(t, 1, func() []Layer { return []Layer{&GRU{Units: 2, ReturnSequences: true}} })
	require.Contains(t, open.Summary(), "(None, None, 2)")
	_, err := open.Predict(Tensor{Shape: []int{1, 0, 3}})
	require.EqualError(t, err, "gru: input of shape [1 0 3], the model takes (batch, None, 3)")
	_, err = open.Predict(Tensor{Shape: []int{1, 2, 4}, Data: make([]float32, 8)})
	require.EqualError(t, err, "gru: input of shape [1 2 4], the model takes (batch, None, 3)")
}

// TestAnyTimeTrain trains a model of any time on batches of different lengths; each step's loss
// and weights are those of a model built for the length.
func TestAnyTimeTrain(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	layers := func() []Layer {
		return []Layer{&GRU{Units: 6, ReturnSequences: true}, &TimeDistributed{Layer: &Dense{Units: 4, Activation: "softmax"}}}
	}
	open, _ := anyTimeModels(t, 1, layers)
	require.NoError(t, open.Compile("categorical_crossentropy", &RMSprop{}))
	for _, steps := range []int{5, 9, 2, 5} {
		_, fixed := anyTimeModels(t, steps, layers)
		require.NoError(t, fixed.SetWeights(open.Weights()))
		require.NoError(t, fixed.Compile("categorical_crossentropy", &RMSprop{}))
		x := randomInput(rng, 3, steps, 3)
		y := Tensor{Shape: []int{3, steps, 4}, Data: make([]float32, 3*steps*4)}
		for r := 0; r < 3*steps; r++ {
			y.Data[r*4+rng.IntN(4)] = 1
		}
		// A fresh RMSprop on both: the fixed model's first step is then the open model's first.
		require.NoError(t, open.Compile("categorical_crossentropy", &RMSprop{}))
		want, err := fixed.TrainOnBatch(x, y)
		require.NoError(t, err)
		got, err := open.TrainOnBatch(x, y)
		require.NoError(t, err)
		require.Equal(t, want, got, "steps %d", steps)
		ww, wg := fixed.Weights(), open.Weights()
		for i := range ww {
			requireSameBits(t, ww[i], wg[i], "steps", steps, "weight", i)
		}
		_, err = open.TrainOnBatch(x, Tensor{Shape: []int{3, steps + 1, 4}, Data: make([]float32, 3*(steps+1)*4)})
		require.ErrorContains(t, err, "do not fit the model's output")
	}
}

// TestAnyTimeTFJS saves a model of any time as a TF.js layers-model, whose input shape is then
// [null, null, 3], and loads it back.
func TestAnyTimeTFJS(t *testing.T) {
	open, _ := anyTimeModels(t, 1, func() []Layer { return []Layer{&GRU{Units: 3, ReturnSequences: true}, &Dense{Units: 2}} })
	loaded, dir := saveAndLoad(t, open)
	require.Equal(t, []int{AnyTime, 3}, loaded.InputShape())
	requireSameModel(t, open, loaded, randomInput(rand.New(rand.NewPCG(1, 2)), 2, 11, 3), "any time")
	b, err := os.ReadFile(filepath.Join(dir, "model.json"))
	require.NoError(t, err)
	require.True(t, strings.Contains(string(b), `[null,null,3]`), "batch_input_shape")
}

// TestAnyTimeTrainVariants trains every GRU variant on lengths and batch sizes that change the
// padding; each step's loss, weights and predictions are those of a model built for the length.
func TestAnyTimeTrainVariants(t *testing.T) {
	type variant struct {
		after, back, noBias, seq bool
		act, gate                string
	}
	var vs []variant
	for _, after := range []bool{false, true} {
		for _, back := range []bool{false, true} {
			for _, seq := range []bool{false, true} {
				for _, ag := range [][2]string{{"tanh", "sigmoid"}, {"relu", "hard_sigmoid_keras3"}, {"linear", "hard_sigmoid"}} {
					vs = append(vs, variant{after, back, after && back, seq, ag[0], ag[1]})
				}
			}
		}
	}
	rng := rand.New(rand.NewPCG(11, 12))
	for _, v := range vs {
		layers := func() []Layer {
			return []Layer{&GRU{Units: 5, ReturnSequences: true, ResetAfter: v.after, GoBackwards: v.back, NoBias: v.noBias,
				Activation: v.act, RecurrentActivation: v.gate},
				&GRU{Units: 3, ReturnSequences: v.seq, GoBackwards: !v.back, ResetAfter: !v.after}, &Dense{Units: 2}}
		}
		open, _ := anyTimeModels(t, 1, layers)
		for _, c := range [][2]int{{4, 2}, {9, 7}, {2, 1}, {9, 2}, {4, 13}, {6, 7}} {
			steps, batch := c[0], c[1]
			_, fixed := anyTimeModels(t, steps, layers)
			w := open.Weights()
			cp := make([]Tensor, len(w))
			for i := range w {
				cp[i] = Tensor{Shape: w[i].Shape, Data: append([]float32(nil), w[i].Data...)}
			}
			if err := fixed.SetWeights(cp); err != nil {
				t.Fatal(err)
			}
			if err := fixed.Compile("mse", &SGD{LearningRate: 0.1}); err != nil {
				t.Fatal(err)
			}
			if err := open.Compile("mse", &SGD{LearningRate: 0.1}); err != nil {
				t.Fatal(err)
			}
			x := randomInput(rng, batch, steps, 3)
			ys := []int{batch, 2}
			if v.seq {
				ys = []int{batch, steps, 2}
			}
			y := randomInput(rng, ys...)
			want, err := fixed.TrainOnBatch(x, y)
			if err != nil {
				t.Fatal(err)
			}
			got, err := open.TrainOnBatch(x, y)
			if err != nil {
				t.Fatal(err)
			}
			if want != got {
				t.Fatalf("%+v steps %d batch %d: loss %v, want %v", v, steps, batch, got, want)
			}
			ww, wg := fixed.Weights(), open.Weights()
			for i := range ww {
				for j := range ww[i].Data {
					if ww[i].Data[j] != wg[i].Data[j] {
						t.Fatalf("%+v steps %d batch %d: weight %d[%d] %v, want %v", v, steps, batch, i, j, wg[i].Data[j], ww[i].Data[j])
					}
				}
			}
			p1, _ := fixed.Predict(x)
			p2, _ := open.Predict(x)
			for j := range p1.Data {
				if p1.Data[j] != p2.Data[j] {
					t.Fatalf("%+v steps %d batch %d: predict differs", v, steps, batch)
				}
			}
		}
	}
}
