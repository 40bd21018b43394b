package modelfile

import (
	"testing"
)

// BenchmarkLoadONNX loads a GRU of 640 units on 640 features, a 10 MB file.
func BenchmarkLoadONNX(b *testing.B) {
	model, _ := onnxCase{in: 640, hid: 640, time: 20, transpose: true, lbr: true, out: "Y"}.build(1)
	if len(model) < 9<<20 {
		b.Fatalf("the model has %d bytes, want about 10 MB", len(model))
	}
	path := writeONNX(b, model)
	b.SetBytes(int64(len(model)))
	for b.Loop() {
		if _, err := LoadONNX(path); err != nil {
			b.Fatal(err)
		}
	}
}

// TestONNXLongChains loads a model whose path and weights run through long chains of Identity
// nodes, which the loader walks once each.
func TestONNXLongChains(t *testing.T) {
	const n = 20000
	g := pyTorchGRU(nil)
	v := "out"
	for range n {
		v = g.node("Identity", []string{v}, nil)
	}
	w := g.floats([]int{2, 2}, []float32{1, 2, 3, 4})
	for range n {
		w = g.node("Identity", []string{w}, nil)
	}
	g.output(g.node("MatMul", []string{v, w}, nil))
	if _, err := LoadONNX(writeONNX(t, g.bytes())); err != nil {
		t.Fatal(err)
	}
}
