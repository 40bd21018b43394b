// Package gru will hold Keras-compatible recurrent layers (GRU, Dense, TimeDistributed,
// Activation, Sequential) running on package kernels.
package gru
