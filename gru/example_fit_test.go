package gru_test

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/fastgru/fastgru/gru"
)

// The question's program in Go: three models, a GRU over 64 steps of 15 features with a
// TimeDistributed(Dense(8)) head, a plain Dense(8) head, and a GRU returning its last step only,
// compiled with RMSprop and categorical cross-entropy and fitted one epoch on random data in
// batches of 128. Dense and TimeDistributed(Dense) have the same 136 weights and compute the same
// (batch·time)×16 by 16×8 product. Model 3 outputs (batch, 8), so the sequence targets of models
// 1 and 2 do not fit it.
func ExampleSequential_Fit() {
	rng := rand.New(rand.NewPCG(1, 2))
	random := func(shape ...int) gru.Tensor {
		n := 1
		for _, d := range shape {
			n *= d
		}
		t := gru.Tensor{Shape: shape, Data: make([]float32, n)}
		for i := range t.Data {
			t.Data[i] = rng.Float32()
		}
		return t
	}
	x := random(1000, 64, 15)
	ySeq := random(1000, 64, 8) // one row of targets per time step, as models 1 and 2 output
	yLast := random(1000, 8)    // one row per sample, as model 3 outputs

	models := [][]gru.Layer{
		{&gru.GRU{Units: 16, ReturnSequences: true}, &gru.TimeDistributed{Layer: &gru.Dense{Units: 8}}, &gru.Activation{Activation: "softmax"}},
		{&gru.GRU{Units: 16, ReturnSequences: true}, &gru.Dense{Units: 8}, &gru.Activation{Activation: "softmax"}},
		{&gru.GRU{Units: 16}, &gru.Dense{Units: 8}, &gru.Activation{Activation: "softmax"}},
	}
	for i, layers := range models {
		m, err := gru.NewSequential([]int{64, 15}, layers...)
		if err != nil {
			panic(err)
		}
		fmt.Print(m.Summary())
		if err := m.Compile("categorical_crossentropy", gru.RMSprop{}); err != nil {
			panic(err)
		}
		y := ySeq
		if i == 2 {
			y = yLast
		}
		h, err := m.Fit(x, y, gru.FitOptions{BatchSize: 128})
		if err != nil {
			panic(err)
		}
		fmt.Printf("model %d: one epoch of %d batches, mean loss finite: %v\n", i+1, len(h.BatchLoss[0]), !math.IsNaN(float64(h.Loss[0])))
		if i == 2 {
			_, err = m.Fit(x, ySeq, gru.FitOptions{BatchSize: 128})
			fmt.Printf("model 3 on the sequence targets: %v\n", err)
		}
	}
	// Output:
	// Model: "sequential"
	// _________________________________________________________________
	//  Layer (type)                Output Shape              Param #
	// =================================================================
	//  gru (GRU)                   (None, 64, 16)            1536
	//
	//  time_distributed (TimeDistr (None, 64, 8)             136
	//  ibuted)
	//
	//  activation (Activation)     (None, 64, 8)             0
	// =================================================================
	// Total params: 1672
	// Trainable params: 1672
	// Non-trainable params: 0
	// _________________________________________________________________
	// model 1: one epoch of 8 batches, mean loss finite: true
	// Model: "sequential"
	// _________________________________________________________________
	//  Layer (type)                Output Shape              Param #
	// =================================================================
	//  gru (GRU)                   (None, 64, 16)            1536
	//
	//  dense (Dense)               (None, 64, 8)             136
	//
	//  activation (Activation)     (None, 64, 8)             0
	// =================================================================
	// Total params: 1672
	// Trainable params: 1672
	// Non-trainable params: 0
	// _________________________________________________________________
	// model 2: one epoch of 8 batches, mean loss finite: true
	// Model: "sequential"
	// _________________________________________________________________
	//  Layer (type)                Output Shape              Param #
	// =================================================================
	//  gru (GRU)                   (None, 16)                1536
	//
	//  dense (Dense)               (None, 8)                 136
	//
	//  activation (Activation)     (None, 8)                 0
	// =================================================================
	// Total params: 1672
	// Trainable params: 1672
	// Non-trainable params: 0
	// _________________________________________________________________
	// model 3: one epoch of 8 batches, mean loss finite: true
	// model 3 on the sequence targets: gru: Fit: targets of shape (1000, 64, 8) do not fit the model's output: expected (batch, 8), given (batch, 64, 8)
}
