// Package modelfile loads the model files that Keras and PyTorch users have into gru models:
// Keras 3's .keras archives, legacy Keras .h5 files and weights-only files (LoadKeras,
// LoadKerasWeights), and ONNX graphs of a GRU as PyTorch exports them (LoadONNX).
//
// It is a package of its own so that programs that only run or train models, or load them from
// TensorFlow.js files, do not depend on its HDF5 and protobuf readers.
package modelfile
