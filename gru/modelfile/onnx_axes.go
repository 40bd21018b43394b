package modelfile

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/fastgru/fastgru/gru"
)

// The ops that move, drop or cut the axes of a GRU's outputs: the model itself is batch-major
// whatever they do, and these ops only change what the walk knows each axis holds.

func (l *onnxLoader) transpose(s onnxStep) error {
	p, err := transposePerm(s.node, len(l.axes))
	if err != nil {
		return err
	}
	axes := make([]axis, len(p))
	for i, x := range p {
		axes[i] = l.axes[x]
	}
	l.axes = axes
	return nil
}

// transposePerm returns a Transpose's perm for a value of rank dimensions: its attribute, or the
// axes reversed.
func transposePerm(n *onnxNode, rank int) ([]int, error) {
	p := make([]int, rank)
	a := n.attr("perm")
	if a == nil {
		for i := range p {
			p[i] = rank - 1 - i
		}
		return p, nil
	}
	v, err := a.ints()
	if err != nil {
		return nil, err
	}
	if len(v) != rank {
		return nil, fmt.Errorf("perm %v for a value of %d dimensions", v, rank)
	}
	seen := make([]bool, rank)
	for i, x := range v {
		if x < 0 || x >= int64(rank) || seen[x] {
			return nil, fmt.Errorf("perm %v is not a permutation", v)
		}
		seen[x] = true
		p[i] = int(x)
	}
	return p, nil
}

// axisIndex resolves an axis attribute, negative from the end, for a value of rank dimensions.
func axisIndex(a int64, rank int) (int, error) {
	if a < 0 {
		a += int64(rank)
	}
	if a < 0 || a >= int64(rank) {
		return 0, fmt.Errorf("axis %d is out of range for a value of %d dimensions", a, rank)
	}
	return int(a), nil
}

func (l *onnxLoader) squeeze(s onnxStep) error {
	n := s.node
	var axes []int64
	var err error
	if n.input(1) != "" {
		axes, err = l.intConst(n.input(1), "axes")
	} else if a := n.attr("axes"); a != nil {
		axes, err = a.ints()
	}
	if err != nil {
		return err
	}
	if len(axes) == 0 {
		return errors.New("without axes it drops every axis of size 1, the batch's too when it is 1: give its axes")
	}
	drop := make([]bool, len(l.axes))
	for _, a := range axes {
		i, err := axisIndex(a, len(l.axes))
		switch {
		case err != nil:
			return err
		case drop[i]:
			return fmt.Errorf("axis %d is given twice", a)
		case !l.axes[i].single():
			return fmt.Errorf("it squeezes the %v axis: LoadONNX squeezes only a GRU output's num_directions axis "+
				"or a last time step", l.axes[i])
		}
		drop[i] = true
	}
	var kept []axis
	for i, a := range l.axes {
		if !drop[i] {
			kept = append(kept, a)
		}
	}
	l.axes = kept
	return nil
}

// slice reads a Slice of the last time step of a GRU's output Y, as PyTorch exports out[:, -1].
func (l *onnxLoader) slice(s onnxStep) error {
	n := s.node
	var starts, ends, axes, steps []int64
	var err error
	if len(n.inputs) >= 3 { // opset 10 on
		starts, err = l.intConst(n.inputs[1], "starts")
		if err == nil {
			ends, err = l.intConst(n.inputs[2], "ends")
		}
		if err == nil && n.input(3) != "" {
			axes, err = l.intConst(n.input(3), "axes")
		}
		if err == nil && n.input(4) != "" {
			steps, err = l.intConst(n.input(4), "steps")
		}
	} else {
		starts, err = intsAttr(n, "starts")
		if err == nil {
			ends, err = intsAttr(n, "ends")
		}
		if err == nil {
			axes, err = intsAttr(n, "axes")
		}
	}
	if err != nil {
		return err
	}
	if len(starts) != 1 || len(ends) != 1 || len(axes) > 1 || len(steps) > 1 {
		return fmt.Errorf("it slices %d axes: LoadONNX reads a Slice of the last time step only", len(starts))
	}
	ax := int64(0)
	if len(axes) == 1 {
		ax = axes[0]
	}
	i, err := axisIndex(ax, len(l.axes))
	if err != nil {
		return err
	}
	if len(steps) == 1 && steps[0] == -1 {
		return l.reverseTime(i, starts[0], ends[0])
	}
	toEnd := ends[0] >= math.MaxInt32 || l.time != gru.AnyTime && ends[0] >= int64(l.time)
	if l.axes[i] != timeAxis || !l.lastStep(starts[0]) || !toEnd || len(steps) == 1 && steps[0] != 1 {
		return fmt.Errorf("it slices [%d:%d] of the %v axis: LoadONNX reads a Slice of the last time step only",
			starts[0], ends[0], l.axes[i])
	}
	return l.takeLastStep(i, true)
}

// reverseTime reads a Slice [start:end:-1] of axis i: the whole time axis reversed, which puts a
// reverse GRU's Y in Keras' order.
func (l *onnxLoader) reverseTime(i int, start, end int64) error {
	whole := l.lastStep(start) && (end <= math.MinInt32 || l.time != gru.AnyTime && end < -int64(l.time))
	switch {
	case l.axes[i] != timeAxis || !whole:
		return fmt.Errorf("it slices [%d:%d:-1] of the %v axis: LoadONNX reads a Slice that reverses a whole time axis only",
			start, end, l.axes[i])
	case !l.inputOrder:
		return errors.New("it reverses the time of a sequence in processing order: no Keras layer does")
	}
	l.inputOrder = false
	return nil
}

// intsAttr returns the values of an INTS attribute; nil when the node has none of that name.
func intsAttr(n *onnxNode, name string) ([]int64, error) {
	a := n.attr(name)
	if a == nil {
		return nil, nil
	}
	return a.ints()
}

// gather reads a Gather of a GRU output's last time step, or of its single num_directions entry
// (PyTorch's h_n[-1]).
func (l *onnxLoader) gather(s onnxStep) error {
	n := s.node
	ax := int64(0)
	if a := n.attr("axis"); a != nil {
		var err error
		if ax, err = a.int(); err != nil {
			return err
		}
	}
	i, err := axisIndex(ax, len(l.axes))
	if err != nil {
		return err
	}
	t, err := l.constant(n.input(1))
	if err != nil {
		return fmt.Errorf("indices: %w", err)
	}
	idx, err := t.int64s()
	if err != nil {
		return fmt.Errorf("indices: %w", err)
	}
	if len(idx) != 1 || len(t.dims) > 1 {
		return fmt.Errorf("it gathers indices of shape %v: LoadONNX reads a Gather of one index", t.dims)
	}
	keep := len(t.dims) == 1 // a list of one index keeps the axis, of size 1
	switch l.axes[i] {
	case timeAxis:
		if l.lastStep(idx[0]) {
			return l.takeLastStep(i, keep)
		}
	case dirAxis, stepAxis:
		if idx[0] == 0 || idx[0] == -1 {
			if !keep {
				l.axes = slices.Delete(slices.Clone(l.axes), i, i+1)
			}
			return nil
		}
	}
	return fmt.Errorf("it gathers index %d of the %v axis: LoadONNX reads a Gather of the last time step only",
		idx[0], l.axes[i])
}

// lastStep reports whether a start or index on the time axis is its last step.
func (l *onnxLoader) lastStep(i int64) bool {
	return i == -1 || l.time != gru.AnyTime && i == int64(l.time)-1
}

// takeLastStep cuts the time axis i to the last step: the GRU that gives it returns its last
// output only. keep leaves an axis of size 1 in its place.
func (l *onnxLoader) takeLastStep(i int, keep bool) error {
	if l.inputOrder {
		return errors.New("it takes the last of a reverse GRU's steps in the inputs' order, its first output: " + reverseY)
	}
	g, ok := l.lastLayer().(*gru.GRU)
	if !ok || !g.ReturnSequences {
		return errors.New("it takes the last time step of a value other than a GRU's output Y: LoadONNX reads " +
			"the last step of Y only")
	}
	g.ReturnSequences = false
	axes := slices.Clone(l.axes)
	if keep {
		axes[i] = stepAxis
	} else {
		axes = slices.Delete(axes, i, i+1)
	}
	l.axes = axes
	return nil
}

func (l *onnxLoader) lastLayer() gru.Layer {
	if len(l.layers) == 0 {
		return nil
	}
	return l.layers[len(l.layers)-1]
}
