package gru_test

import (
	"fmt"

	"github.com/fastgru/fastgru/gru"
)

// The model of the question that started fastgru: Dense and TimeDistributed(Dense) after a
// GRU(return_sequences=True) have the same 255 weights.
func ExampleSequential_Summary() {
	m, err := gru.NewSequential([]int{64, 15},
		&gru.GRU{Units: 16, ReturnSequences: true},
		&gru.TimeDistributed{Layer: &gru.Dense{Units: 15}},
		&gru.Activation{Activation: "softmax"},
	)
	if err != nil {
		panic(err)
	}
	fmt.Print(m.Summary())
	// Output:
	// Model: "sequential"
	// _________________________________________________________________
	//  Layer (type)                Output Shape              Param #
	// =================================================================
	//  gru (GRU)                   (None, 64, 16)            1536
	//
	//  time_distributed (TimeDistr (None, 64, 15)            255
	//  ibuted)
	//
	//  activation (Activation)     (None, 64, 15)            0
	// =================================================================
	// Total params: 1791
	// Trainable params: 1791
	// Non-trainable params: 0
	// _________________________________________________________________
}
