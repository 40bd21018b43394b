//go:build cuda

// Package cuda is fastgru's optional GPU path: SGEMM and Dense with fastgru's fused epilogues, in
// FP32 and on TF32 tensor cores, and Keras GRU models from package gru, run on a CUDA device
// through gorgonia.org/cu.
//
// It is a module of its own, and every file needs the cuda build tag: gorgonia.org/cu needs
// cuda.h and libcuda to build, and its package init calls cuInit and exits the process when no
// driver or device answers. Only programs built with -tags cuda link it; fastgru's CPU path
// never imports it.
//
// The device kernels are CUDA C in kernels/fastgru.cu, compiled to PTX for compute_80 by
// kernels/gen.sh (go generate), committed, embedded, and JIT-compiled by the driver for the
// device at hand.
package cuda
