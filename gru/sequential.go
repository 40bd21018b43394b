package gru

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/fastgru/fastgru/kernels"
)

// Sequential is Keras' Sequential model: layers applied in order to a (batch, time, features)
// input.
type Sequential struct {
	name    string
	input   []int // the input shape after the batch
	layers  []Layer
	outputs [][]int  // each layer's output shape after the batch
	run     []Layer  // the layers forward runs: Activations fused into a Dense are left out
	ready   bool     // SetWeights has succeeded
	weights []Tensor // as SetWeights took them
	// mu serialises calls: the layers keep their outputs and scratch between calls.
	mu      sync.Mutex
	trainer *trainer // set by Compile
}

// AnyTime in a model's input shape, as its time dimension, takes whatever number of time steps
// each input has, as a Keras input shape of (None, features) does.
const AnyTime = -1

// NewSequential builds a model for inputs of inputShape (without the batch), such as
// []int{64, 15} for 64 time steps of 15 features. Layers without a name get Keras' default
// names: gru, gru_1, dense, time_distributed, activation, ….
func NewSequential(inputShape []int, layers ...Layer) (*Sequential, error) {
	if err := checkInputShape(inputShape); err != nil {
		return nil, fmt.Errorf("gru: %w", err)
	}
	s := &Sequential{name: "sequential", input: append([]int(nil), inputShape...), layers: layers}
	seen := map[string]int{}
	shape := s.input
	for i, l := range layers {
		if l == nil {
			return nil, fmt.Errorf("gru: layer %d is nil", i)
		}
		name := defaultName(l, seen)
		out, err := l.build(shape)
		if err != nil {
			return nil, fmt.Errorf("gru: layer %s (%s): %w", name, l.Class(), err)
		}
		shape = out
		s.outputs = append(s.outputs, out)
	}
	s.fuse()
	return s, nil
}

// checkInputShape reports whether a model can take inputs of shape (batch, shape…): no negative
// size, but for a time of AnyTime first in a shape of two or more dimensions.
func checkInputShape(shape []int) error {
	if len(shape) == 0 {
		return errors.New("the input shape is empty")
	}
	fixed := shape
	if len(shape) >= 2 && shape[0] == AnyTime {
		fixed = shape[1:]
	}
	for _, d := range fixed {
		if d < 0 {
			return fmt.Errorf("bad input shape %v (AnyTime may only be the time of a (time, features…) input)", shape)
		}
	}
	if _, err := size(fixed); err != nil {
		return fmt.Errorf("bad input shape %v: %w", shape, err)
	}
	return nil
}

// fuse plans the forward pass: a linear Dense (or TimeDistributed Dense) followed by an Activation
// runs as one product with the activation fused, and the Activation layer is skipped.
func (s *Sequential) fuse() {
	s.run = s.run[:0]
	for i := 0; i < len(s.layers); i++ {
		l := s.layers[i]
		s.run = append(s.run, l)
		d, ok := l.(*Dense)
		if td, isTD := l.(*TimeDistributed); isTD {
			d, ok = td.Layer, true
		}
		if !ok || d.act != kernels.Linear || i+1 == len(s.layers) {
			continue
		}
		if a, ok := s.layers[i+1].(*Activation); ok {
			d.fused = a
			i++
		}
	}
}

// defaultName gives an unnamed layer Keras' name for its class and returns the layer's name.
func defaultName(l Layer, seen map[string]int) string {
	var name *string
	var base string
	switch l := l.(type) {
	case *GRU:
		name, base = &l.LayerName, "gru"
	case *Dense:
		name, base = &l.LayerName, "dense"
	case *TimeDistributed:
		name, base = &l.LayerName, "time_distributed"
	case *Activation:
		name, base = &l.LayerName, "activation"
	default:
		return l.Name()
	}
	if *name == "" {
		*name = base
		if n := seen[base]; n > 0 {
			*name = fmt.Sprintf("%s_%d", base, n)
		}
		seen[base]++
	}
	return *name
}

// WeightShapes lists the shapes SetWeights takes, in order.
func (s *Sequential) WeightShapes() [][]int {
	var shapes [][]int
	for _, l := range s.layers {
		shapes = append(shapes, l.weightShapes()...)
	}
	return shapes
}

// SetWeights takes the model's weights in Keras' order and shapes, as Keras' get_weights()
// lists them: for a GRU kernel, recurrent_kernel, bias; for a Dense kernel, bias. The model keeps
// the slices; it does not copy them, until a compiled model's next training call copies them into
// its own storage (see Compile).
func (s *Sequential) SetWeights(w []Tensor) error {
	if err := s.checkWeights(w); err != nil {
		return err
	}
	s.mu.Lock() // a Predict or training call of another goroutine waits for all of them
	defer s.mu.Unlock()
	s.setWeights(w)
	return nil
}

// checkWeights checks every weight before any layer takes one: a bad one leaves the model as it
// was.
func (s *Sequential) checkWeights(w []Tensor) error {
	want := s.WeightShapes()
	if len(w) != len(want) {
		return fmt.Errorf("gru: %d weights given, the model has %d", len(w), len(want))
	}
	i := 0
	for _, l := range s.layers {
		for j, shape := range l.weightShapes() {
			if err := w[i].check(); err != nil {
				return fmt.Errorf("gru: weight %d of layer %s: %w", j, l.Name(), err)
			}
			if !sameShape(w[i].Shape, shape) {
				return fmt.Errorf("gru: weight %d of layer %s has shape %v, want %v", j, l.Name(), w[i].Shape, shape)
			}
			i++
		}
	}
	return nil
}

// setWeights gives the layers their checked weights. s.mu is held.
func (s *Sequential) setWeights(w []Tensor) {
	i := 0
	for _, l := range s.layers {
		n := len(l.weightShapes())
		l.setWeights(w[i : i+n])
		i += n
	}
	s.weights = slices.Clone(w)
	s.ready = true
}

// Weights returns the model's weights, as Keras' get_weights() lists them: the slices SetWeights
// was last given or, once a compiled model has trained, its own storage, which every training call
// updates in place (copy them between calls to keep them); nil before SetWeights.
func (s *Sequential) Weights() []Tensor {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.weights)
}

// Layers returns the model's layers in order, as NewSequential (or LoadTFJS) built them.
func (s *Sequential) Layers() []Layer { return slices.Clone(s.layers) }

// InputShape returns the shape of the model's input after the batch.
func (s *Sequential) InputShape() []int { return slices.Clone(s.input) }

// Predict runs the model on x, of shape (batch, input shape…), and returns a new tensor. It is
// safe for concurrent use; calls run one at a time.
func (s *Sequential) Predict(x Tensor) (Tensor, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.check(x); err != nil {
		return Tensor{}, err
	}
	out := s.forward(x)
	return Tensor{Shape: append([]int(nil), out.Shape...), Data: append([]float32(nil), out.Data...)}, nil
}

// PredictInto runs the model on x and writes the output into dst, whose Data must hold exactly
// the output's values; dst.Shape is set. A warmed call allocates nothing.
func (s *Sequential) PredictInto(dst *Tensor, x Tensor) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.check(x); err != nil {
		return err
	}
	out := s.forward(x)
	if len(dst.Data) != len(out.Data) {
		return fmt.Errorf("gru: PredictInto: destination holds %d values, the output of shape %v has %d",
			len(dst.Data), out.Shape, len(out.Data))
	}
	copy(dst.Data, out.Data)
	dst.Shape = append(dst.Shape[:0], out.Shape...)
	return nil
}

// check reports whether the model can run on x. s.mu is held.
func (s *Sequential) check(x Tensor) error {
	if !s.ready {
		return errors.New("gru: Predict before SetWeights")
	}
	if err := x.check(); err != nil {
		return fmt.Errorf("gru: input: %w", err)
	}
	if len(x.Shape) != len(s.input)+1 || !fitShape(x.Shape[1:], s.input) {
		return fmt.Errorf("gru: input of shape %v, the model takes %s", x.Shape, batchShape(s.input))
	}
	return nil
}

// forward runs the layers; the output lies in the last layer's buffers. s.mu is held.
func (s *Sequential) forward(x Tensor) Tensor {
	for _, l := range s.run {
		x = l.forward(x)
	}
	return x
}

// Summary returns Keras' summary table: each layer's name and class, output shape and number of
// weights, then the totals.
func (s *Sequential) Summary() string {
	var b strings.Builder
	rule := strings.Repeat("_", 65) + "\n"
	fmt.Fprintf(&b, "Model: %q\n%s", s.name, rule)
	// Like Keras, a cell too long for its column continues on the next line.
	row := func(name, shape, params string) {
		for name != "" || shape != "" || params != "" {
			var n, s, p string
			n, name = cut(name, 27)
			s, shape = cut(shape, 25)
			p, params = cut(params, 10)
			b.WriteString(strings.TrimRight(fmt.Sprintf(" %-28s%-26s%s", n, s, p), " ") + "\n")
		}
	}
	row("Layer (type)", "Output Shape", "Param #")
	b.WriteString(strings.Repeat("=", 65) + "\n")
	total := 0
	for i, l := range s.layers {
		n := params(l)
		total += n
		row(fmt.Sprintf("%s (%s)", l.Name(), l.Class()), shapeString(s.outputs[i]), fmt.Sprint(n))
		if i < len(s.layers)-1 {
			b.WriteString("\n")
		}
	}
	b.WriteString(strings.Repeat("=", 65) + "\n")
	fmt.Fprintf(&b, "Total params: %d\nTrainable params: %d\nNon-trainable params: 0\n%s", total, total, rule)
	return b.String()
}

// cut splits s after at most width bytes.
func cut(s string, width int) (head, tail string) {
	if len(s) <= width {
		return s, ""
	}
	return s[:width], s[width:]
}
