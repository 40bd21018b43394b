package gru

// Layer is one layer of a Sequential model. Shapes exclude the batch dimension.
type Layer interface {
	// Name is the layer's Keras name, such as "gru" or "dense_1".
	Name() string
	// Class is the Keras class name, such as "GRU" or "TimeDistributed".
	Class() string
	// build fixes the layer's input shape and returns its output shape.
	build(in []int) (out []int, err error)
	// weightShapes lists the layer's weights in Keras order and shape.
	weightShapes() [][]int
	// setWeights takes the layer's weights, already checked against weightShapes.
	setWeights(w []Tensor)
	// forward computes the layer on a batch; x has the built input shape after the batch.
	forward(x Tensor) Tensor
	// trainForward is forward keeping what backward needs until the next call; with linear a
	// Dense returns its output before its activation: the logits of a softmax that the loss
	// takes over.
	trainForward(x Tensor, linear bool) Tensor
	// backward turns dy, the gradient of the loss with respect to trainForward's output (it may
	// be overwritten), into the gradients of the layer's weights, written into g in
	// weightShapes' order, and, when needDX, returns the gradient with respect to its input.
	backward(dy Tensor, g [][]float32, needDX bool) Tensor
}

// params counts a layer's weights.
func params(l Layer) int {
	n := 0
	for _, s := range l.weightShapes() {
		k, _ := size(s)
		n += k
	}
	return n
}
