package gru

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// trainCase is one case of testdata/train (format keras-gru-train/1): TensorFlow.js 4.22's fit
// of the seed program's models with RMSprop and categorical cross-entropy, checked by an
// independent float64 implementation.
type trainCase struct {
	Name  string
	Model struct {
		Kind                string
		Time                int
		InputSize           int `json:"input_size"`
		Units, Out          int
		ReturnSequences     bool   `json:"return_sequences"`
		RecurrentActivation string `json:"recurrent_activation"`
	}
	Training struct {
		LearningRate float32 `json:"learning_rate"`
		BatchSize    int     `json:"batch_size"`
		Epochs       int
	}
	InitialWeights caseWeights `json:"initial_weights"`
	FinalWeights   caseWeights `json:"final_weights"`
	X, Y           Tensor
	FirstBatch     struct {
		Size      int
		Loss      float32
		Gradients caseWeights
	} `json:"first_batch"`
	BatchLosses Tensor `json:"batch_losses"`
	Predictions struct {
		Samples int
		Shape   []int
		Data    []float32
	}
}

type caseWeights struct {
	GRU struct {
		Kernel          Tensor
		RecurrentKernel Tensor `json:"recurrent_kernel"`
		Bias            Tensor
	}
	Dense struct{ Kernel, Bias Tensor }
}

func (w caseWeights) list() []Tensor {
	return []Tensor{w.GRU.Kernel, w.GRU.RecurrentKernel, w.GRU.Bias, w.Dense.Kernel, w.Dense.Bias}
}

// model builds the case's model: GRU, then TimeDistributed(Dense) ("td") or Dense, then softmax.
func (c *trainCase) model(t *testing.T) *Sequential {
	head := Layer(&Dense{Units: c.Model.Out})
	if c.Model.Kind == "td" {
		head = &TimeDistributed{Layer: &Dense{Units: c.Model.Out}}
	}
	m, err := NewSequential([]int{c.Model.Time, c.Model.InputSize},
		&GRU{Units: c.Model.Units, ReturnSequences: c.Model.ReturnSequences, RecurrentActivation: c.Model.RecurrentActivation},
		head, &Activation{Activation: "softmax"})
	require.NoError(t, err)
	require.NoError(t, m.SetWeights(c.InitialWeights.list()))
	require.NoError(t, m.Compile("categorical_crossentropy", RMSprop{LearningRate: c.Training.LearningRate}))
	return m
}

func loadTrainCases(t *testing.T) []trainCase {
	files, err := filepath.Glob("testdata/train/*.json")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	var cases []trainCase
	for _, f := range files {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		var c trainCase
		require.NoError(t, json.Unmarshal(b, &c), f)
		cases = append(cases, c)
	}
	return cases
}

// TestTrainOracle trains every case's model with every kernel implementation and compares the
// first batch's loss and gradients, every batch's loss, the final weights and the predictions
// of the trained model with TensorFlow.js's.
func TestTrainOracle(t *testing.T) {
	for _, c := range loadTrainCases(t) {
		t.Run(c.Name, func(t *testing.T) {
			forEachImpl(t, func(t *testing.T) {
				m := c.model(t)
				n := c.FirstBatch.Size
				loss, grads, err := m.Gradients(rowsOf(c.X, 0, n), rowsOf(c.Y, 0, n))
				require.NoError(t, err)
				require.InDelta(t, c.FirstBatch.Loss, loss, 1e-5)
				for i, want := range c.FirstBatch.Gradients.list() {
					require.Equal(t, want.Shape, grads[i].Shape)
					scale := 0.0
					for _, v := range want.Data {
						scale = max(scale, math.Abs(float64(v)))
					}
					require.LessOrEqual(t, maxAbsDiff(t, grads[i], want), 1e-6+1e-5*scale, "gradient %d", i)
				}
				h, err := m.Fit(c.X, c.Y, FitOptions{BatchSize: c.Training.BatchSize, Epochs: c.Training.Epochs})
				require.NoError(t, err)
				var losses []float32
				for _, e := range h.BatchLoss {
					losses = append(losses, e...)
				}
				require.Len(t, losses, len(c.BatchLosses.Data))
				for i, want := range c.BatchLosses.Data {
					require.InDelta(t, want, losses[i], 1e-5, "batch loss %d", i)
				}
				for i, want := range c.FinalWeights.list() {
					require.LessOrEqual(t, maxAbsDiff(t, m.Weights()[i], want), 1e-5, "final weight %d", i)
				}
				p, err := m.Predict(rowsOf(c.X, 0, c.Predictions.Samples))
				require.NoError(t, err)
				require.LessOrEqual(t, maxAbsDiff(t, p, Tensor{Shape: c.Predictions.Shape, Data: c.Predictions.Data}), 1e-5)
			})
		})
	}
}
