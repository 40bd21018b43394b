package gru

import (
	"math/rand/v2"
	"sync"
	"testing"
)

// TestSetWeightsWhilePredicting sets weights while another goroutine predicts: -race finds any
// access of one to what the other writes.
func TestSetWeightsWhilePredicting(t *testing.T) {
	m, err := NewSequential([]int{4, 3}, &GRU{Units: 4}, &Dense{Units: 2})
	if err != nil {
		t.Fatal(err)
	}
	shapes := m.WeightShapes()
	mk := func(v float32) []Tensor {
		var w []Tensor
		for _, s := range shapes {
			n, _ := size(s)
			d := make([]float32, n)
			for i := range d {
				d[i] = v
			}
			w = append(w, Tensor{Shape: s, Data: d})
		}
		return w
	}
	if err := m.SetWeights(mk(0.1)); err != nil {
		t.Fatal(err)
	}
	x := Tensor{Shape: []int{1, 4, 3}, Data: make([]float32, 12)}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; i < 200; i++ {
			m.Predict(x)
		}
	}()
	for i := 0; i < 200; i++ {
		m.SetWeights(mk(float32(i%3) * 0.1))
	}
	wg.Wait()
}

// TestSaveTFJSWhileFitting saves a model while another goroutine trains it, which updates the
// weights in place: -race finds any access of one to what the other writes.
func TestSaveTFJSWhileFitting(t *testing.T) {
	m, err := NewSequential([]int{4, 3}, &GRU{Units: 4}, &Dense{Units: 2})
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Compile("mse", &SGD{LearningRate: 0.01}); err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	x, y := randomInput(rng, 64, 4, 3), randomInput(rng, 64, 2)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		m.Fit(x, y, FitOptions{BatchSize: 8, Epochs: 20})
	}()
	for i := 0; i < 20; i++ {
		if err := m.SaveTFJS(t.TempDir()); err != nil {
			t.Fatal(err)
		}
	}
	wg.Wait()
}

// TestGRUSetWeightsWhileCalling sets a standalone GRU's weights while another goroutine calls it.
func TestGRUSetWeightsWhileCalling(t *testing.T) {
	g := standaloneGRU(t, 4, true)
	w := g.weightShapes()
	x := Tensor{Shape: []int{2, 4, 3}, Data: make([]float32, 24)}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for range 200 {
			if _, _, err := g.Call(x, nil); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	for i := range 200 {
		var ws []Tensor
		for _, s := range w {
			n, _ := size(s)
			d := make([]float32, n)
			for j := range d {
				d[j] = float32(i%3) * 0.1
			}
			ws = append(ws, Tensor{Shape: s, Data: d})
		}
		if err := g.SetWeights(ws); err != nil {
			t.Fatal(err)
		}
	}
	wg.Wait()
}
