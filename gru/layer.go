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
