package gru

import (
	"math"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func seedModel(t *testing.T) *Sequential {
	m, err := NewSequential([]int{5, 3},
		&GRU{Units: 4, ReturnSequences: true},
		&Dense{Units: 2, Activation: "softmax"})
	require.NoError(t, err)
	var w []Tensor
	for i, s := range m.WeightShapes() {
		n, _ := size(s)
		d := make([]float32, n)
		for j := range d {
			d[j] = float32((i+j)%7)/7 - 0.4
		}
		w = append(w, Tensor{Shape: s, Data: d})
	}
	require.NoError(t, m.SetWeights(w))
	return m
}

func TestBuildErrors(t *testing.T) {
	cases := map[string]struct {
		in     []int
		layers []Layer
	}{
		"gru: layer gru (GRU): needs a (time, features) input, have (None, 3)":                    {[]int{3}, []Layer{&GRU{Units: 2}}},
		`gru: layer dense (Dense): unknown activation "swish"`:                                    {[]int{4, 3}, []Layer{&Dense{Units: 2, Activation: "swish"}}},
		`gru: layer gru (GRU): recurrent unknown activation "hard_tanh"`:                          {[]int{4, 3}, []Layer{&GRU{Units: 2, RecurrentActivation: "hard_tanh"}}},
		"gru: layer gru (GRU): units must be positive, have 0":                                    {[]int{4, 3}, []Layer{&GRU{}}},
		"gru: bad input shape [4 -3] (AnyTime may only be the time of a (time, features…) input)": {[]int{4, -3}, nil},
		"gru: layer time_distributed (TimeDistributed): wraps no layer":                           {[]int{4, 3}, []Layer{&TimeDistributed{}}},
		"gru: layer 0 is nil": {[]int{4, 3}, []Layer{nil}},
	}
	for want, c := range cases {
		_, err := NewSequential(c.in, c.layers...)
		assert.EqualError(t, err, want)
	}
}

func TestWeightErrors(t *testing.T) {
	m := seedModel(t)
	w := []Tensor{{Shape: []int{3, 12}, Data: make([]float32, 36)}, {Shape: []int{4, 12}, Data: make([]float32, 48)},
		{Shape: []int{12}, Data: make([]float32, 12)}, {Shape: []int{4, 2}, Data: make([]float32, 8)}, {Shape: []int{2}, Data: make([]float32, 2)}}
	require.NoError(t, m.SetWeights(w))
	assert.EqualError(t, m.SetWeights(w[:4]), "gru: 4 weights given, the model has 5")
	bad := append([]Tensor(nil), w...)
	bad[2] = Tensor{Shape: []int{2, 12}, Data: make([]float32, 24)}
	assert.EqualError(t, m.SetWeights(bad), "gru: weight 2 of layer gru has shape [2 12], want [12]")
	bad[2] = Tensor{Shape: []int{12}, Data: make([]float32, 11)}
	assert.EqualError(t, m.SetWeights(bad), "gru: weight 2 of layer gru: tensor of shape [12] holds 11 values, want 12")

	// A bad weight in the last layer leaves the first layers as they were too.
	x := Tensor{Shape: []int{1, 5, 3}, Data: []float32{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}}
	before, err := m.Predict(x)
	require.NoError(t, err)
	bad = append([]Tensor(nil), w...)
	bad[0] = Tensor{Shape: []int{3, 12}, Data: slices.Repeat([]float32{0.5}, 36)}
	bad[4] = Tensor{Shape: []int{3}, Data: make([]float32, 3)}
	assert.EqualError(t, m.SetWeights(bad), "gru: weight 1 of layer dense has shape [3], want [2]")
	after, err := m.Predict(x)
	require.NoError(t, err)
	requireSameBits(t, before, after)
}

func TestPredictErrors(t *testing.T) {
	m, err := NewSequential([]int{5, 3}, &GRU{Units: 4})
	require.NoError(t, err)
	_, err = m.Predict(Tensor{Shape: []int{1, 5, 3}, Data: make([]float32, 15)})
	assert.EqualError(t, err, "gru: Predict before SetWeights")
	m = seedModel(t)
	_, err = m.Predict(Tensor{Shape: []int{1, 6, 3}, Data: make([]float32, 18)})
	assert.EqualError(t, err, "gru: input of shape [1 6 3], the model takes (batch, 5, 3)")
	_, err = m.Predict(Tensor{Shape: []int{1, 5, 3}, Data: make([]float32, 14)})
	assert.EqualError(t, err, "gru: input: tensor of shape [1 5 3] holds 14 values, want 15")
	y, err := m.Predict(Tensor{Shape: []int{0, 5, 3}})
	require.NoError(t, err)
	assert.Equal(t, []int{0, 5, 2}, y.Shape)
}

// TestNaNStaysInItsSequence: a NaN in one batch element's input reaches that element's outputs
// from its time step on, and no other element's.
func TestNaNStaysInItsSequence(t *testing.T) {
	m := seedModel(t)
	x := Tensor{Shape: []int{3, 5, 3}, Data: make([]float32, 45)}
	for i := range x.Data {
		x.Data[i] = float32(i%5) / 5
	}
	x.Data[(1*5+2)*3+1] = float32(math.NaN()) // batch 1, time 2
	y, err := m.Predict(x)
	require.NoError(t, err)
	for b := 0; b < 3; b++ {
		for s := 0; s < 5; s++ {
			for j := 0; j < 2; j++ {
				nan := math.IsNaN(float64(y.Data[(b*5+s)*2+j]))
				assert.Equal(t, b == 1 && s >= 2, nan, "batch %d step %d", b, s)
			}
		}
	}
}

// TestPredictInto: the caller's tensor gets the output, with no allocation once warmed.
func TestPredictInto(t *testing.T) {
	m := seedModel(t)
	x := Tensor{Shape: []int{7, 5, 3}, Data: make([]float32, 105)}
	for i := range x.Data {
		x.Data[i] = float32(i%9)/9 - 0.5
	}
	want, err := m.Predict(x)
	require.NoError(t, err)
	dst := Tensor{Data: make([]float32, len(want.Data))}
	require.NoError(t, m.PredictInto(&dst, x))
	assert.Equal(t, want, dst)
	allocs := testing.AllocsPerRun(20, func() { _ = m.PredictInto(&dst, x) })
	assert.Zero(t, allocs)
	assert.EqualError(t, m.PredictInto(&Tensor{Data: make([]float32, 3)}, x),
		"gru: PredictInto: destination holds 3 values, the output of shape [7 5 2] has 70")
}

// TestSequentialAccessors checks Layers, InputShape and Weights, which other packages (the CUDA
// path) read a model through.
func TestSequentialAccessors(t *testing.T) {
	g, d := &GRU{Units: 3, ReturnSequences: true}, &Dense{Units: 2}
	s, err := NewSequential([]int{4, 5}, g, d)
	if err != nil {
		t.Fatal(err)
	}
	if s.Weights() != nil {
		t.Error("Weights before SetWeights is not nil")
	}
	var w []Tensor
	for _, shape := range s.WeightShapes() {
		n, _ := size(shape)
		w = append(w, Tensor{Shape: shape, Data: make([]float32, n)})
	}
	if err := s.SetWeights(w); err != nil {
		t.Fatal(err)
	}
	got := s.Weights()
	if len(got) != len(w) || &got[1].Data[0] != &w[1].Data[0] {
		t.Errorf("Weights = %d tensors, not the ones given", len(got))
	}
	if l := s.Layers(); len(l) != 2 || l[0] != g || l[1] != d {
		t.Errorf("Layers = %v", l)
	}
	if in := s.InputShape(); !slices.Equal(in, []int{4, 5}) {
		t.Errorf("InputShape = %v", in)
	}
}
