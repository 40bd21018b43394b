// Package gru runs Keras models of GRU, Dense, TimeDistributed(Dense) and Activation layers in a
// Sequential stack, with Keras' semantics and weight layouts, on fastgru's kernels.
//
// A Dense on a (batch, time, features) tensor, and TimeDistributed(Dense), is one kernels.Dense
// product over all batch·time rows; a GRU is one such product for the inputs of every time step,
// then one small product per step for the recurrent state.
package gru
