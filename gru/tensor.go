package gru

import (
	"fmt"
	"strings"
)

// Tensor is a dense row-major float32 array; a model's input is (batch, time, features).
type Tensor struct {
	Shape []int
	Data  []float32
}

// size returns the number of elements shape describes, or an error for a negative or
// overflowing dimension.
func size(shape []int) (int, error) {
	n := 1
	for _, d := range shape {
		if d < 0 {
			return 0, fmt.Errorf("negative dimension in shape %v", shape)
		}
		if d > 0 && n > (1<<40)/d {
			return 0, fmt.Errorf("shape %v is too large", shape)
		}
		n *= d
	}
	return n, nil
}

// check reports whether t's data matches its shape.
func (t Tensor) check() error {
	n, err := size(t.Shape)
	if err != nil {
		return err
	}
	if len(t.Data) != n {
		return fmt.Errorf("tensor of shape %v holds %d values, want %d", t.Shape, len(t.Data), n)
	}
	return nil
}

func sameShape(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// fitShape reports whether an input's shape after the batch fits a model's, whose time may be
// AnyTime.
func fitShape(x, model []int) bool {
	if len(x) != len(model) || len(x) == 0 {
		return false
	}
	if model[0] == AnyTime && x[0] >= 1 {
		return sameShape(x[1:], model[1:])
	}
	return sameShape(x, model)
}

// withTime is shape with an AnyTime time set to steps: the shape a layer gives for an input of
// that many steps.
func withTime(dst *[]int, shape []int, steps int) []int {
	*dst = append((*dst)[:0], shape...)
	if len(shape) > 0 && shape[0] == AnyTime {
		(*dst)[0] = steps
	}
	return *dst
}

// batchShape formats an input shape for errors: (batch, 64, 15), or (batch, None, 15) for any time.
func batchShape(shape []int) string {
	return "(batch" + strings.TrimPrefix(shapeString(shape), "(None")
}

// shapeString formats a shape the way Keras prints it, with None for the batch.
func shapeString(shape []int) string {
	s := "(None"
	for _, d := range shape {
		if d == AnyTime {
			s += ", None"
			continue
		}
		s += fmt.Sprintf(", %d", d)
	}
	return s + ")"
}

// reuse returns (*buf)[:n], growing *buf when it is shorter: layers keep their outputs and scratch
// between calls, so that a warmed Predict allocates nothing but its result.
func reuse(buf *[]float32, n int) []float32 {
	if cap(*buf) < n {
		*buf = make([]float32, n)
	}
	*buf = (*buf)[:n]
	return *buf
}

// reuseShape returns dims in *buf's storage.
func reuseShape(buf *[]int, dims ...int) []int {
	*buf = append((*buf)[:0], dims...)
	return *buf
}
