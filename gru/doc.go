// Package gru runs and trains Keras models of GRU, Dense, TimeDistributed(Dense) and Activation
// layers in a Sequential stack, with Keras' semantics and weight layouts, on fastgru's kernels.
//
// A Dense on a (batch, time, features) tensor, and TimeDistributed(Dense), is one kernels.Dense
// product over all batch·time rows; a GRU is one such product for the inputs of every time step,
// then one small product per step for the recurrent state.
//
// Training (Compile, then Fit or TrainOnBatch) runs the same way backwards: the Dense's weight
// gradient is one (features × batch·time) by (batch·time × units) product, the GRU's input and
// recurrent weight gradients of all time steps are one product each over the batch·time rows
// that backpropagation through time filled, and every step in between is one kernels.GRUBackStep
// (or GRUBackStepResetAfter) call, for Keras' sigmoid gates and tanh candidate; other activations
// run the same steps in Go. The losses, optimizers and their defaults are Keras'.
package gru
