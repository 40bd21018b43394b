// Package arm64 will hold fastgru's hand-written arm64 assembly kernels (NEON, SVE). Until then,
// arm64 runs the generic implementation of package kernels.
package arm64
