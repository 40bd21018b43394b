//go:build amd64 && !purego && !noasm

package amd64

// PackATransAVX2 is PackATransAVX512 with AVX2: each k step one VMASKMOVPS load, which reads
// rows floats only, and the six stored as four and two.
//
//go:noescape
func PackATransAVX2(kc, rows int, a []float32, lda int, dst []float32)
