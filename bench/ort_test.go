//go:build ort

package main

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/fastgru/fastgru/gru"
)

// requireORT skips a test when ONNX Runtime is not installed (bench/ort/install.sh), or fails it
// with $ORT_REQUIRED set, as CI sets it.
func requireORT(t *testing.T) {
	requireOrSkip(t, preparePeers != nil, "ORT_REQUIRED", ortNotes[0])
}

// TestORT loads every GRU row (over 20 steps, the largest made smaller) into ONNX Runtime as the
// bench does, on 1 and 2 threads, and checks that its output is fastgru's.
func TestORT(t *testing.T) {
	requireORT(t)
	for _, threads := range []int{1, 2} {
		for _, r := range modelRows {
			r.time = min(r.time, 20)
			if r.batch*r.units > 32*256 {
				r.batch, r.in = 4, 64
			}
			m, err := r.build()
			if err != nil {
				t.Fatal(err)
			}
			notes := len(ortNotes)
			skip, release := preparePeers(r, m, threads)
			if skip[ortName] {
				t.Errorf("%s, %d threads: left out: %v", r.name, threads, ortNotes[notes:])
				continue
			}
			clear(ortModels[m].output())
			ortPredict(m)
			if d := maxDiff(ortModels[m].output(), m.y.Data); d > ortTolerance {
				t.Errorf("%s, %d threads: ORT's output differs from fastgru's by %g", r.name, threads, d)
			}
			release()
			if _, ok := ortModels[m]; ok || len(ortNotes) != notes {
				t.Errorf("%s: after release, model kept or notes added: %v", r.name, ortNotes[notes:])
			}
		}
	}
}

// ortVariant is a model for TestORTVariants: input shape, layers, and for an input of AnyTime
// time the numbers of steps to run it on.
type ortVariant struct {
	name   string
	in     []int
	layers []gru.Layer
	steps  []int
}

// ortVariants are models of every variant gru runs: each GRU option and activation pair, stacked
// GRUs, and Dense, TimeDistributed(Dense) and Activation layers with each activation.
func ortVariants() []ortVariant {
	var vs []ortVariant
	for _, rs := range []bool{false, true} {
		for _, ra := range []bool{false, true} {
			for _, back := range []bool{false, true} {
				for _, noBias := range []bool{false, true} {
					l := &gru.GRU{Units: 6, ReturnSequences: rs, ResetAfter: ra, GoBackwards: back, NoBias: noBias}
					vs = append(vs, ortVariant{name: fmt.Sprintf("gru return_sequences=%v reset_after=%v go_backwards=%v no_bias=%v", rs, ra, back, noBias),
						in: []int{8, 5}, layers: []gru.Layer{l}})
				}
			}
		}
	}
	for i, act := range []string{"tanh", "relu", "linear", "sigmoid", "hard_sigmoid"} {
		for j, rec := range []string{"sigmoid", "hard_sigmoid", "hard_sigmoid_keras3", "tanh", "relu", "linear"} {
			// The options alternate, so that each activation pair meets several of them.
			l := &gru.GRU{Units: 5, Activation: act, RecurrentActivation: rec, ReturnSequences: (i+j)%2 == 0,
				ResetAfter: j%2 == 1, GoBackwards: (i+j)%3 == 0}
			vs = append(vs, ortVariant{name: fmt.Sprintf("gru activation=%s recurrent_activation=%s", act, rec),
				in: []int{6, 4}, layers: []gru.Layer{l}})
		}
	}
	for _, act := range []string{"linear", "relu", "sigmoid", "hard_sigmoid", "tanh", "softmax"} {
		vs = append(vs,
			ortVariant{name: "gru → dense " + act, in: []int{6, 4},
				layers: []gru.Layer{&gru.GRU{Units: 5, ReturnSequences: true}, &gru.Dense{Units: 3, Activation: act}}},
			ortVariant{name: "gru last → dense " + act, in: []int{6, 4},
				layers: []gru.Layer{&gru.GRU{Units: 5, GoBackwards: true}, &gru.Dense{Units: 3, Activation: act}}},
			ortVariant{name: "gru → time_distributed(dense) → activation " + act, in: []int{6, 4},
				layers: []gru.Layer{&gru.GRU{Units: 5, ReturnSequences: true, ResetAfter: true},
					&gru.TimeDistributed{Layer: &gru.Dense{Units: 3, NoBias: true}}, &gru.Activation{Activation: act}}},
			ortVariant{name: "dense → activation " + act, in: []int{7},
				layers: []gru.Layer{&gru.Dense{Units: 4, Activation: "tanh"}, &gru.Activation{Activation: act}}})
	}
	return append(vs,
		ortVariant{name: "stacked grus", in: []int{7, 3}, layers: []gru.Layer{
			&gru.GRU{Units: 6, ReturnSequences: true, GoBackwards: true},
			&gru.GRU{Units: 5, ReturnSequences: true, ResetAfter: true, RecurrentActivation: "hard_sigmoid"},
			&gru.GRU{Units: 4, GoBackwards: true, NoBias: true},
			&gru.Dense{Units: 3, Activation: "softmax"}}},
		ortVariant{name: "activation linear alone", in: []int{4, 3}, layers: []gru.Layer{&gru.Activation{Activation: "linear"}}},
		ortVariant{name: "open time", in: []int{gru.AnyTime, 4}, steps: []int{7, 1, 3}, layers: []gru.Layer{
			&gru.GRU{Units: 5, ReturnSequences: true, GoBackwards: true},
			&gru.TimeDistributed{Layer: &gru.Dense{Units: 3}}, &gru.Activation{Activation: "softmax"}}})
}

// TestORTVariants runs every variant of ortVariants through ONNX Runtime, as gru's SaveONNX writes
// it, and checks that its output is Predict's.
func TestORTVariants(t *testing.T) {
	requireORT(t)
	const tolerance = 1e-5
	worst := 0.0
	for _, v := range ortVariants() {
		t.Run(v.name, func(t *testing.T) {
			seq, err := gru.NewSequential(v.in, v.layers...)
			if err != nil {
				t.Fatal(err)
			}
			rng := rand.New(rand.NewPCG(3, 4))
			uniform := func(shape ...int) gru.Tensor {
				x := gru.Tensor{Shape: shape}
				n := 1
				for _, d := range shape {
					n *= d
				}
				for range n {
					x.Data = append(x.Data, rng.Float32()-0.5)
				}
				return x
			}
			var w []gru.Tensor
			for _, s := range seq.WeightShapes() {
				w = append(w, uniform(s...))
			}
			if err := seq.SetWeights(w); err != nil {
				t.Fatal(err)
			}
			steps := v.steps
			if steps == nil {
				steps = []int{v.in[0]}
			}
			for _, n := range steps {
				shape := append([]int{3}, v.in...)
				shape[1] = n
				x := uniform(shape...)
				y, err := seq.Predict(x)
				if err != nil {
					t.Fatal(err)
				}
				o, err := loadORT(&model{seq: seq, x: x, y: y}, 1)
				if err != nil {
					t.Fatal(err)
				}
				err = o.run()
				d := maxDiff(o.output(), y.Data)
				o.release()
				if err != nil {
					t.Fatal(err)
				}
				if !(d <= tolerance) {
					t.Errorf("%d steps: ORT's output differs from Predict's by %g", n, d)
				}
				t.Logf("%d steps: max difference %.3g", n, d)
				worst = max(worst, d)
			}
		})
	}
	t.Logf("largest difference: %.3g", worst)
}

func TestMaxDiff(t *testing.T) {
	nan := float32(math.NaN())
	for _, tc := range []struct {
		a, b []float32
		want float64
	}{
		{[]float32{1, 2}, []float32{1, 2.5}, 0.5},
		{[]float32{1, 2}, []float32{1}, math.Inf(1)},
		{[]float32{nan, 2}, []float32{1, 2}, math.NaN()},
		{[]float32{1, 2}, []float32{1, nan}, math.NaN()},
	} {
		if d := maxDiff(tc.a, tc.b); d != tc.want && !(math.IsNaN(d) && math.IsNaN(tc.want)) {
			t.Errorf("maxDiff(%v, %v) = %g, want %g", tc.a, tc.b, d, tc.want)
		}
	}
}
