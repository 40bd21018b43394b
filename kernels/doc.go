// Package kernels is fastgru's float32 compute core: a BLIS-style SGEMM with fused Dense
// epilogues (bias, ReLU, sigmoid, hard sigmoid, tanh, row softmax), vector activations, and the
// dispatch that picks hand-written assembly micro-kernels for the running CPU; and the steps of
// training a GRU: forward steps that keep their gates, backward steps, the softmax cross-entropy
// head and the optimizers' updates.
//
// Only the micro-kernels and the vector loops (packing, activations, gates, optimizer updates)
// are assembly (package kernels/amd64 and kernels/arm64); the blocking, edges and threads are
// Go, and every assembly kernel has a pure-Go twin here that the "generic" implementation runs.
// Implementations lists what this CPU can run, Use picks one, and the environment variable
// FASTGRU_KERNELS=name picks one at start-up.
//
// Raw BLAS-style entry points (Sgemm, Dense, Activate) panic on bad arguments with a message that
// names the argument, as gonum's blas does.
package kernels
