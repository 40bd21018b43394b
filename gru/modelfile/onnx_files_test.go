package modelfile

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"google.golang.org/protobuf/encoding/protowire"

	"github.com/fastgru/fastgru/gru"
)

// Real ONNX files, in ../../../shared/formats/onnx (SOURCES.md there says where each comes from);
// the tests skip without them.

func onnxFormats(t *testing.T) string {
	t.Helper()
	dir := filepath.Join("..", "..", "..", "shared", "formats", "onnx")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("no real ONNX files: %v", err)
	}
	return dir
}

// TestONNXPyTorchGRU loads PyTorch 1.9's export of nn.GRU(3, 5, batch_first=True), open in its
// time, and compares with the outputs gonnx's tests expect.
func TestONNXPyTorchGRU(t *testing.T) {
	dir := onnxFormats(t)
	m, err := LoadONNX(filepath.Join(dir, "gonnx_gru.onnx"))
	if err != nil {
		t.Fatal(err)
	}
	if got := m.InputShape(); got[0] != gru.AnyTime || got[1] != 3 {
		t.Fatalf("input shape %v, want [AnyTime 3]", got)
	}
	b, err := os.ReadFile(filepath.Join(dir, "gonnx_gru.expected.json"))
	if err != nil {
		t.Fatal(err)
	}
	var want struct {
		Outputs struct {
			Preds struct {
				Shape  []int     `json:"shape"`
				Values []float32 `json:"values"`
			} `json:"preds"`
		} `json:"outputs"`
	}
	if err := json.Unmarshal(b, &want); err != nil {
		t.Fatal(err)
	}
	x := gru.Tensor{Shape: []int{1, 30, 3}, Data: make([]float32, 90)}
	for i := range x.Data {
		x.Data[i] = float32(i)
	}
	y, err := m.Predict(x)
	if err != nil {
		t.Fatal(err)
	}
	compareONNX(t, y, want.Outputs.Preds.Shape, want.Outputs.Preds.Values, 1e-5)
}

// onnxTensorFile reads a TensorProto file of float32 values.
func onnxTensorFile(t *testing.T, path string) (*onnxTensor, []float32) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	ts, err := parseTensor(b)
	if err != nil {
		t.Fatal(err)
	}
	v, err := ts.float32s()
	if err != nil {
		t.Fatal(err)
	}
	return ts, v
}

// TestONNXNodeTests runs ONNX's own GRU conformance cases, whose weights are graph inputs: the
// test appends them to the graph as initializers (fields appended to a message add to it).
// test_gru_seq_length is named for its two time steps: its node has no sequence_lens.
func TestONNXNodeTests(t *testing.T) {
	dir := filepath.Join(onnxFormats(t), "onnx_node_tests")
	for _, c := range []struct {
		name   string
		layout int
	}{
		{"test_gru_defaults", 0},
		{"test_gru_with_initial_bias", 0},
		{"test_gru_batchwise", 1},
		{"test_gru_seq_length", 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			data := filepath.Join(dir, c.name, "test_data_set_0")
			model, err := os.ReadFile(filepath.Join(dir, c.name, "model.onnx"))
			if err != nil {
				t.Fatal(err)
			}
			var weights []byte
			for i := 1; ; i++ {
				b, err := os.ReadFile(filepath.Join(data, fmt.Sprintf("input_%d.pb", i)))
				if err != nil {
					break
				}
				weights = protowire.AppendTag(weights, 5, protowire.BytesType)
				weights = protowire.AppendBytes(weights, b)
			}
			path := writeONNX(t, onnxWithGraphFields(t, model, weights))
			m, err := LoadONNX(path)
			if err != nil {
				t.Fatal(err)
			}
			xt, xv := onnxTensorFile(t, filepath.Join(data, "input_0.pb"))
			x := gru.Tensor{Shape: []int{int(xt.dims[0]), int(xt.dims[1]), int(xt.dims[2])}, Data: xv}
			if c.layout == 0 { // (time, batch, features) to batch-major
				x = onnxTransposeTB(x)
			}
			y, err := m.Predict(x)
			if err != nil {
				t.Fatal(err)
			}
			yt, yv := onnxTensorFile(t, filepath.Join(data, "output_0.pb"))
			// The model's output is batch-major, without the num_directions axis.
			var shape []int
			for i, d := range yt.dims {
				if (c.layout == 0 && i != len(yt.dims)-3) || (c.layout == 1 && i != len(yt.dims)-2) {
					shape = append(shape, int(d))
				}
			}
			want := gru.Tensor{Shape: shape, Data: yv}
			if c.layout == 0 && len(shape) == 3 {
				want = onnxTransposeTB(want)
			}
			compareONNX(t, y, want.Shape, want.Data, 1e-5)
		})
	}
}

// onnxWithGraphFields appends encoded GraphProto fields to a model's graph.
func onnxWithGraphFields(t *testing.T, model, fields []byte) []byte {
	t.Helper()
	var out []byte
	err := eachField(model, "ModelProto", func(f protoField) error {
		if f.num == 7 {
			f.b = append(append([]byte(nil), f.b...), fields...)
		}
		out = onnxAppendField(out, f)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func onnxAppendField(b []byte, f protoField) []byte {
	b = protowire.AppendTag(b, f.num, f.typ)
	switch f.typ {
	case protowire.VarintType:
		return protowire.AppendVarint(b, f.u)
	case protowire.Fixed32Type:
		return protowire.AppendFixed32(b, uint32(f.u))
	case protowire.Fixed64Type:
		return protowire.AppendFixed64(b, f.u)
	}
	return protowire.AppendBytes(b, f.b)
}

// onnxTransposeTB swaps the first two axes of a 3-D tensor.
func onnxTransposeTB(x gru.Tensor) gru.Tensor {
	a, b, c := x.Shape[0], x.Shape[1], x.Shape[2]
	out := gru.Tensor{Shape: []int{b, a, c}, Data: make([]float32, len(x.Data))}
	for i := range a {
		for j := range b {
			copy(out.Data[(j*a+i)*c:][:c], x.Data[(i*b+j)*c:][:c])
		}
	}
	return out
}

func TestONNXRejectsRealFiles(t *testing.T) {
	dir := onnxFormats(t)
	for _, c := range []struct{ file, want string }{
		{"gtcrn_simple.onnx", "is not supported"},
		{"water_gru_model_tf2onnx.onnx", "no GRU node, a Loop op"},
	} {
		_, err := LoadONNX(filepath.Join(dir, c.file))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one saying %q", c.file, err, c.want)
		}
		t.Logf("%s: %v", c.file, err)
	}
}
