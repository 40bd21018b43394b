package modelfile

import (
	"testing"

	"google.golang.org/protobuf/encoding/protowire"
)

// TestONNXFloatTensorWithIntegerData loads a FLOAT tensor whose float_data holds too few values,
// made up in number by an int64_data field: an error, not a panic.
func TestONNXFloatTensorWithIntegerData(t *testing.T) {
	b := pyTorchGRUWeights(func(w []byte) []byte {
		ts, _ := parseTensor(w)
		var nb []byte
		for _, d := range ts.dims {
			nb = pbInt(nb, 1, d)
		}
		nb = pbInt(nb, 2, onnxFloat)
		nb = pbStr(nb, 8, ts.name)
		var packed []byte
		for i := 0; i < 14; i++ { // 18 are needed
			packed = protowire.AppendFixed32(packed, 0x3f800000)
		}
		nb = pbBytes(nb, 4, packed)
		nb = pbBytes(nb, 7, []byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}) // 16 bytes: "4 floats"
		return nb
	})
	defer func() {
		if r := recover(); r != nil {
			t.Fatalf("LoadONNX panicked: %v", r)
		}
	}()
	_, err := LoadONNX(writeONNX(t, b))
	if err == nil {
		t.Fatal("no error")
	}
}
