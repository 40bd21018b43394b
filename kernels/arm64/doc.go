// Package arm64 holds fastgru's hand-written arm64 assembly kernels. NEON is part of every
// arm64 core, so package kernels runs them without asking the CPU. Each kernel has a pure-Go
// twin in package kernels, which the tests compare it with.
package arm64
