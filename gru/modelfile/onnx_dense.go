package modelfile

import (
	"errors"
	"fmt"

	"github.com/fastgru/fastgru/gru"
)

// The ops after the GRUs: Gemm, or MatMul and Add, as a Dense layer on the features axis, and
// the activations, as the Dense's own or as Activation layers.

// checkFeatures checks that the value reached has the features as its last axis, which a Dense
// or a softmax works on.
func (l *onnxLoader) checkFeatures() error {
	if len(l.axes) == 0 || l.axes[len(l.axes)-1] != featureAxis {
		return fmt.Errorf("its input has axes %v: LoadONNX reads it on the features axis, last", l.axes)
	}
	return nil
}

// matrixDims returns the two dimensions of a constant matrix.
func matrixDims(t *onnxTensor, what string) (rows, cols int, err error) {
	if len(t.dims) != 2 || t.dims[0] < 1 || t.dims[1] < 1 {
		return 0, 0, fmt.Errorf("%s has shape %v, want a matrix", what, t.dims)
	}
	return int(t.dims[0]), int(t.dims[1]), nil
}

func (l *onnxLoader) matMul(s onnxStep) error {
	if err := l.checkFeatures(); err != nil {
		return err
	}
	if len(s.node.inputs) != 2 {
		return fmt.Errorf("%d inputs, MatMul has 2", len(s.node.inputs))
	}
	w, wv, err := l.floatConst(s.node.inputs[1], "its weight")
	if err != nil {
		return err
	}
	in, units, err := matrixDims(w, "its weight")
	if err != nil {
		return err
	}
	if in != l.width {
		return fmt.Errorf("its weight has shape %v for %d features", w.dims, l.width)
	}
	l.layers = append(l.layers, &gru.Dense{Units: units, NoBias: true})
	l.weights = append(l.weights, gru.Tensor{Shape: []int{in, units}, Data: wv})
	l.width = units
	return nil
}

// add reads an Add as the bias of the MatMul just before it.
func (l *onnxLoader) add(s onnxStep) error {
	n := s.node
	d, ok := l.lastLayer().(*gru.Dense)
	switch {
	case l.prev != "MatMul" || !ok:
		return errors.New("LoadONNX reads an Add only as the bias of the MatMul just before it")
	case len(n.inputs) != 2:
		return fmt.Errorf("%d inputs, Add has 2", len(n.inputs))
	}
	c := n.inputs[1]
	if l.isConst(n.inputs[0]) {
		c = n.inputs[0]
	}
	t, v, err := l.floatConst(c, "the bias")
	if err != nil {
		return err
	}
	if len(t.dims) > len(l.axes) {
		return fmt.Errorf("the bias has shape %v, more dimensions than the value it is added to", t.dims)
	}
	bias, err := biasVector(t, v, d.Units)
	if err != nil {
		return err
	}
	d.NoBias = false
	l.weights = append(l.weights, gru.Tensor{Shape: []int{d.Units}, Data: bias})
	return nil
}

// biasVector returns a bias of units values from a constant that broadcasts along the last axis:
// of units values or one, all its other dimensions of size 1.
func biasVector(t *onnxTensor, v []float32, units int) ([]float32, error) {
	for i, d := range t.dims {
		if i < len(t.dims)-1 && d != 1 {
			v = nil
		}
	}
	switch len(v) {
	case units:
		return v, nil
	case 1:
		b := make([]float32, units)
		for i := range b {
			b[i] = v[0]
		}
		return b, nil
	}
	return nil, fmt.Errorf("the bias has shape %v, want [%d] or a shape that broadcasts to it", t.dims, units)
}

// gemm reads a Gemm, alpha·A·B + beta·C, on a (batch, features) value as a Dense layer: A·B with
// B (features, units), or B transposed with transB; alpha and beta scale the kernel and the bias.
func (l *onnxLoader) gemm(s onnxStep) error {
	n := s.node
	alpha, beta := float32(1), float32(1)
	var transA, transB int64
	for _, a := range n.attrs {
		var err error
		switch a.name {
		case "alpha":
			alpha, err = a.float()
		case "beta":
			beta, err = a.float()
		case "transA":
			transA, err = a.int()
		case "transB":
			transB, err = a.int()
		}
		if err != nil {
			return err
		}
	}
	switch {
	case transA != 0:
		return errors.New("transA is set: LoadONNX reads a Gemm on the (batch, features) matrix itself")
	case len(l.axes) != 2:
		return fmt.Errorf("its input has axes %v, a Gemm takes a (batch, features) matrix", l.axes)
	}
	if err := l.checkFeatures(); err != nil {
		return err
	}
	b, bv, err := l.floatConst(n.input(1), "B")
	if err != nil {
		return err
	}
	in, units, err := matrixDims(b, "B")
	if err != nil {
		return err
	}
	kernel := bv
	if transB != 0 {
		units, in = in, units
		kernel = transposeWeight(bv, units, in).Data
	}
	if in != l.width {
		return fmt.Errorf("input B has shape %v (transB %d) for %d features", b.dims, transB, l.width)
	}
	scaleWeight(kernel, alpha)
	d := &gru.Dense{Units: units, NoBias: n.input(2) == ""}
	l.weights = append(l.weights, gru.Tensor{Shape: []int{in, units}, Data: kernel})
	if !d.NoBias {
		c, cv, err := l.floatConst(n.input(2), "C")
		if err != nil {
			return err
		}
		bias, err := biasVector(c, cv, units)
		if err != nil {
			return err
		}
		scaleWeight(bias, beta)
		l.weights = append(l.weights, gru.Tensor{Shape: []int{units}, Data: bias})
	}
	l.layers = append(l.layers, d)
	l.width = units
	return nil
}

// scaleWeight multiplies v by a, which ONNX's alpha and beta are, usually 1.
func scaleWeight(v []float32, a float32) {
	if a == 1 {
		return
	}
	for i := range v {
		v[i] *= a
	}
}

func elementwise(name string) func(*onnxLoader, onnxStep) error {
	return func(l *onnxLoader, _ onnxStep) error {
		l.activation(name)
		return nil
	}
}

// activation gives a linear Dense just before it that activation, or else appends an Activation
// layer. Axes moved in between do not matter to an elementwise activation, and the softmax has
// checked that it works on the features, as the Dense's does.
func (l *onnxLoader) activation(name string) {
	if d, ok := l.lastLayer().(*gru.Dense); ok && d.Activation == "" {
		d.Activation = name
		return
	}
	l.layers = append(l.layers, &gru.Activation{Activation: name})
}

func (l *onnxLoader) hardSigmoid(s onnxStep) error {
	alpha, beta := float32(0.2), float32(0.5)
	for _, a := range s.node.attrs {
		var err error
		switch a.name {
		case "alpha":
			alpha, err = a.float()
		case "beta":
			beta, err = a.float()
		}
		if err != nil {
			return err
		}
	}
	if !nearParam(alpha, 0.2) || !nearParam(beta, 0.5) {
		return fmt.Errorf("alpha %g and beta %g: Keras' hard_sigmoid has alpha 0.2 and beta 0.5", alpha, beta)
	}
	l.activation("hard_sigmoid")
	return nil
}

func (l *onnxLoader) softmax(s onnxStep) error {
	rank := len(l.axes)
	ax := int64(-1)
	if l.opset < 13 {
		ax = 1
	}
	if a := s.node.attr("axis"); a != nil {
		var err error
		if ax, err = a.int(); err != nil {
			return err
		}
	}
	i, err := axisIndex(ax, rank)
	if err != nil {
		return err
	}
	// Before opset 13 a softmax runs over the axes from axis on, flattened: the same as over the
	// last when the others are of size 1.
	ok := i == rank-1
	for j := i; l.opset < 13 && j < rank-1 && l.axes[j].single(); j++ {
		ok = j+1 == rank-1
	}
	if !ok || l.checkFeatures() != nil {
		return fmt.Errorf("softmax over axis %d of a value with axes %v: Keras' softmax is over the last axis, the features",
			ax, l.axes)
	}
	l.activation("softmax")
	return nil
}
