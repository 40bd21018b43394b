package modelfile

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/fastgru/fastgru/gru"
)

// roundTripModels are models of every layer variant gru runs.
func roundTripModels() map[string]func() ([]int, []gru.Layer) {
	models := map[string]func() ([]int, []gru.Layer){}
	for _, seqs := range []bool{false, true} {
		for _, after := range []bool{false, true} {
			for _, back := range []bool{false, true} {
				for _, noBias := range []bool{false, true} {
					name := fmt.Sprintf("gru seq=%v after=%v back=%v nobias=%v", seqs, after, back, noBias)
					models[name] = func() ([]int, []gru.Layer) {
						return []int{6, 3}, []gru.Layer{&gru.GRU{Units: 4, ReturnSequences: seqs, ResetAfter: after, GoBackwards: back, NoBias: noBias}}
					}
				}
			}
		}
	}
	for _, act := range []string{"tanh", "relu", "linear", "sigmoid", "hard_sigmoid"} {
		for _, gate := range []string{"sigmoid", "hard_sigmoid", "hard_sigmoid_keras3", "tanh", "relu", "linear"} {
			models["gru "+act+" "+gate] = func() ([]int, []gru.Layer) {
				return []int{5, 2}, []gru.Layer{&gru.GRU{Units: 3, Activation: act, RecurrentActivation: gate, ReturnSequences: true}}
			}
		}
	}
	for _, act := range []string{"linear", "relu", "sigmoid", "hard_sigmoid", "tanh", "softmax"} {
		models["dense "+act] = func() ([]int, []gru.Layer) {
			return []int{5, 2}, []gru.Layer{&gru.GRU{Units: 4}, &gru.Dense{Units: 3, Activation: act}}
		}
		models["time distributed "+act] = func() ([]int, []gru.Layer) {
			return []int{5, 2}, []gru.Layer{&gru.GRU{Units: 4, ReturnSequences: true},
				&gru.TimeDistributed{Layer: &gru.Dense{Units: 3}}, &gru.Activation{Activation: act}}
		}
	}
	models["stacked, any time"] = func() ([]int, []gru.Layer) {
		return []int{gru.AnyTime, 3}, []gru.Layer{&gru.GRU{Units: 5, ReturnSequences: true, ResetAfter: true},
			&gru.GRU{Units: 4, ReturnSequences: true}, &gru.GRU{Units: 3}, &gru.Dense{Units: 2, Activation: "softmax", NoBias: true}}
	}
	return models
}

// TestONNXRoundTrip writes every variant with SaveONNX and loads it back with LoadONNX: the same
// predictions.
func TestONNXRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	for name, build := range roundTripModels() {
		t.Run(name, func(t *testing.T) {
			in, layers := build()
			m, err := gru.NewSequential(in, layers...)
			if err != nil {
				t.Fatal(err)
			}
			var w []gru.Tensor
			for _, s := range m.WeightShapes() {
				n := 1
				for _, d := range s {
					n *= d
				}
				x := gru.Tensor{Shape: s, Data: make([]float32, n)}
				for i := range x.Data {
					x.Data[i] = 2*rng.Float32() - 1
				}
				w = append(w, x)
			}
			if err := m.SetWeights(w); err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := m.SaveONNX(&buf); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(t.TempDir(), "m.onnx")
			if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			loaded, err := LoadONNX(path)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := loaded.InputShape(), m.InputShape(); fmt.Sprint(got) != fmt.Sprint(want) {
				t.Fatalf("input shape %v, want %v", got, want)
			}
			shape := append([]int{2}, in...)
			if shape[1] == gru.AnyTime {
				shape[1] = 7
			}
			x := gru.Tensor{Shape: shape, Data: make([]float32, 2*shape[1]*shape[2])}
			for i := range x.Data {
				x.Data[i] = 2*rng.Float32() - 1
			}
			want, err := m.Predict(x)
			if err != nil {
				t.Fatal(err)
			}
			got, err := loaded.Predict(x)
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(got.Shape) != fmt.Sprint(want.Shape) {
				t.Fatalf("output shape %v, want %v", got.Shape, want.Shape)
			}
			for i := range want.Data {
				if d := got.Data[i] - want.Data[i]; d > 1e-6 || d < -1e-6 || got.Data[i] != got.Data[i] {
					t.Fatalf("output %d: %v, want %v", i, got.Data[i], want.Data[i])
				}
			}
		})
	}
}
