// Package amd64 holds fastgru's hand-written amd64 assembly kernels.
//
// Every function here is a leaf that trusts its arguments: package kernels checks lengths and
// strides before it calls one, and each has a pure-Go twin with the same signature there. Only
// package kernels should import this package, and only after it has checked the CPU features that
// a kernel's name carries (AVX2 means AVX2 and FMA3).
package amd64
