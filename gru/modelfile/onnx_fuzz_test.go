package modelfile

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/fastgru/fastgru/gru"
)

// FuzzLoadONNX feeds LoadONNX arbitrary files, seeded with the test models: it must return an
// error or a model that runs, never panic.
func FuzzLoadONNX(f *testing.F) {
	names := make([]string, 0, len(onnxCases))
	for name := range onnxCases {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		b, _ := onnxCases[name].build(1)
		f.Add(b)
	}
	g := pyTorchGRU(nil)
	g.output("out")
	f.Add(g.bytes())
	if b, err := os.ReadFile(filepath.Join("..", "..", "..", "shared", "formats", "onnx", "gonnx_gru.onnx")); err == nil {
		f.Add(b)
	}
	// One file serves every input: a worker runs them one at a time.
	path := filepath.Join(f.TempDir(), "model.onnx")
	f.Fuzz(func(t *testing.T, b []byte) {
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		m, err := LoadONNX(path)
		if err != nil {
			if m != nil {
				t.Fatal("a model and an error")
			}
			return
		}
		shape := m.InputShape()
		steps := shape[0]
		if steps == gru.AnyTime {
			steps = 3
		}
		if steps*shape[1] > 1<<16 {
			return
		}
		x := gru.Tensor{Shape: []int{2, steps, shape[1]}, Data: make([]float32, 2*steps*shape[1])}
		if _, err := m.Predict(x); err != nil {
			t.Fatalf("a loaded model does not run: %v", err)
		}
	})
}
