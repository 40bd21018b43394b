package modelfile

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/fastgru/fastgru/gru"
)

// gruInputAxes are the axes of a GRU's input X for each layout: time-major (0) or batch-major (1).
var gruInputAxes = [2][]axis{{timeAxis, batchAxis, featureAxis}, {batchAxis, timeAxis, featureAxis}}

// gruOutputAxes are the axes of a GRU's outputs Y and Y_h for each layout.
var gruOutputAxes = [2][2][]axis{
	{{timeAxis, dirAxis, batchAxis, featureAxis}, {dirAxis, batchAxis, featureAxis}},
	{{batchAxis, timeAxis, dirAxis, featureAxis}, {batchAxis, dirAxis, featureAxis}},
}

func gruLayout(n *onnxNode) (int, error) {
	a := n.attr("layout")
	if a == nil {
		return 0, nil
	}
	v, err := a.int()
	if err != nil {
		return 0, err
	}
	if v != 0 && v != 1 {
		return 0, fmt.Errorf("layout %d, want 0 (time-major) or 1 (batch-major)", v)
	}
	return int(v), nil
}

// gruAttrs are a GRU node's attributes in Keras' terms.
type gruAttrs struct {
	hidden     int64 // hidden_size; 0 when not given
	layout     int
	resetAfter bool // linear_before_reset
	reverse    bool // direction "reverse"
	// Activations of the gates and of the candidate state, in gru's names.
	gate, candidate string
}

func parseGRUAttrs(n *onnxNode) (gruAttrs, error) {
	at := gruAttrs{gate: "sigmoid", candidate: "tanh"}
	var acts []string
	var alphas, betas []float32
	var err error
	for _, a := range n.attrs {
		switch a.name {
		case "hidden_size":
			at.hidden, err = a.int()
			if err == nil && at.hidden < 1 {
				err = fmt.Errorf("hidden_size %d", at.hidden)
			}
		case "layout":
			at.layout, err = gruLayout(n)
		case "linear_before_reset":
			var v int64
			v, err = a.int()
			if err == nil && v != 0 && v != 1 {
				err = fmt.Errorf("linear_before_reset %d, want 0 or 1", v)
			}
			at.resetAfter = v == 1
		case "direction":
			var d string
			d, err = a.str()
			switch {
			case err != nil:
			case d == "bidirectional":
				err = errors.New("a bidirectional GRU has no Keras GRU layer to load into")
			case d == "reverse":
				at.reverse = true
			case d != "forward":
				err = fmt.Errorf("direction %q", d)
			}
		case "activations":
			acts, err = a.strs()
		case "activation_alpha":
			alphas, err = a.floats()
		case "activation_beta":
			betas, err = a.floats()
		case "clip":
			err = errors.New("clip bounds the gates' inputs, which a Keras GRU does not do")
		default:
			err = fmt.Errorf("unknown attribute %s", a.name)
		}
		if err != nil {
			return at, err
		}
	}
	switch len(acts) {
	case 0:
		if len(alphas)+len(betas) > 0 {
			return at, errors.New("activation_alpha or activation_beta given without activations")
		}
		return at, nil
	case 2:
	default:
		return at, fmt.Errorf("%d activations, a GRU of one direction has 2", len(acts))
	}
	if at.gate, err = gruActivation(acts[0], &alphas, &betas, true); err != nil {
		return at, err
	}
	if at.candidate, err = gruActivation(acts[1], &alphas, &betas, false); err != nil {
		return at, err
	}
	if len(alphas)+len(betas) > 0 {
		return at, errors.New("activation_alpha or activation_beta holds values that no activation takes")
	}
	return at, nil
}

// reverseY says what a reverse GRU's output Y needs to load.
const reverseY = "a reverse GRU's output Y lists the steps in the inputs' order, Keras' go_backwards in " +
	"processing order: Y loads reversed along time (a Slice with step -1), or its last state Y_h"

// gruActivation maps an ONNX activation of a GRU, the gates' or the candidate's, to gru's name,
// taking its alpha and beta from the front of the lists when it has them.
func gruActivation(name string, alphas, betas *[]float32, gate bool) (string, error) {
	switch strings.ToLower(name) {
	case "sigmoid":
		return "sigmoid", nil
	case "tanh":
		return "tanh", nil
	case "relu":
		return "relu", nil
	case "affine":
		if alpha, beta := takeParam(alphas, 1), takeParam(betas, 0); !nearParam(alpha, 1) || beta != 0 {
			return "", fmt.Errorf("activation Affine with alpha %g and beta %g: only the identity (1, 0) is Keras' linear", alpha, beta)
		}
		return "linear", nil
	case "hardsigmoid":
		alpha, beta := takeParam(alphas, 0.2), takeParam(betas, 0.5)
		switch {
		case !nearParam(beta, 0.5):
		case nearParam(alpha, 0.2):
			return "hard_sigmoid", nil
		case nearParam(alpha, 1.0/6) && gate:
			return "hard_sigmoid_keras3", nil
		}
		return "", fmt.Errorf("activation HardSigmoid with alpha %g and beta %g: Keras' hard_sigmoid has alpha 0.2 "+
			"(Keras 2) or 1/6 (Keras 3, for the gates only) and beta 0.5", alpha, beta)
	}
	return "", fmt.Errorf("activation %s has no Keras equivalent here (Sigmoid, Tanh, Relu, HardSigmoid and Affine do)", name)
}

// takeParam removes and returns the first value of *v, or def when it is empty.
func takeParam(v *[]float32, def float32) float32 {
	if len(*v) == 0 {
		return def
	}
	x := (*v)[0]
	*v = (*v)[1:]
	return x
}

// nearParam reports whether a float32 attribute is v within float32 rounding.
func nearParam(x float32, v float64) bool { return math.Abs(float64(x)-v) <= 1e-7 }

// gruNode turns a GRU node into a gru.GRU layer with Keras' weights.
func (l *onnxLoader) gruNode(s onnxStep) error {
	n := s.node
	at, err := parseGRUAttrs(n)
	if err != nil {
		return err
	}
	switch {
	case len(n.inputs) < 3 || len(n.inputs) > 6:
		return fmt.Errorf("%d inputs, a GRU has 3 to 6", len(n.inputs))
	case s.out != 0 && s.out != 1:
		return fmt.Errorf("the path takes its output %d, a GRU has 2", s.out)
	case l.inputOrder:
		return errors.New("its input is a reverse GRU's output Y in the inputs' order: " + reverseY)
	case n.input(4) != "":
		return fmt.Errorf("sequence_lens %q is given: a Keras GRU runs every sequence to its full length", n.input(4))
	case !slices.Equal(l.axes, gruInputAxes[at.layout]):
		return fmt.Errorf("its input X has axes %v, want %v for layout %d", l.axes, gruInputAxes[at.layout], at.layout)
	}
	if h0 := n.input(5); h0 != "" {
		if err := l.zeroState(h0); err != nil {
			return err
		}
	}
	r, rv, err := l.floatConst(n.inputs[2], "R")
	if err != nil {
		return err
	}
	if len(r.dims) != 3 || r.dims[0] != 1 || r.dims[2] < 1 || r.dims[1] != 3*r.dims[2] {
		return fmt.Errorf("input R has shape %v, want [1, 3·hidden, hidden]", r.dims)
	}
	hid := int(r.dims[2])
	if at.hidden != 0 && at.hidden != int64(hid) {
		return fmt.Errorf("hidden_size %d, but R has shape %v", at.hidden, r.dims)
	}
	w, wv, err := l.floatConst(n.inputs[1], "W")
	if err != nil {
		return err
	}
	if len(w.dims) != 3 || w.dims[0] != 1 || w.dims[1] != int64(3*hid) || w.dims[2] < 1 {
		return fmt.Errorf("input W has shape %v, want [1, %d, input size]", w.dims, 3*hid)
	}
	in := int(w.dims[2])
	if l.features == 0 {
		l.features = in
	} else if in != l.width {
		return fmt.Errorf("input W takes %d features, the layer before gives %d", in, l.width)
	}
	layer := &gru.GRU{Units: hid, Activation: at.candidate, RecurrentActivation: at.gate, ReturnSequences: s.out == 0,
		GoBackwards: at.reverse, ResetAfter: at.resetAfter, NoBias: n.input(3) == ""}
	// ONNX keeps each gate's weights as rows, Keras as columns, both in gate order z, r, h.
	l.weights = append(l.weights, transposeWeight(wv, 3*hid, in), transposeWeight(rv, 3*hid, hid))
	if !layer.NoBias {
		b, bv, err := l.floatConst(n.inputs[3], "B")
		if err != nil {
			return err
		}
		if len(b.dims) != 2 || b.dims[0] != 1 || b.dims[1] != int64(6*hid) {
			return fmt.Errorf("input B has shape %v, want [1, %d]", b.dims, 6*hid)
		}
		// B is the input biases then the recurrent ones: Keras' (2, 3·units) bias with
		// reset_after. Without it, both add up before the gates' and candidate's activations,
		// as Keras' one bias does.
		if at.resetAfter {
			l.weights = append(l.weights, gru.Tensor{Shape: []int{2, 3 * hid}, Data: bv})
		} else {
			sum := bv[:3*hid]
			for i, v := range bv[3*hid:] {
				sum[i] += v
			}
			l.weights = append(l.weights, gru.Tensor{Shape: []int{3 * hid}, Data: sum})
		}
	}
	l.layers = append(l.layers, layer)
	l.inputOrder = at.reverse && s.out == 0
	l.axes = slices.Clone(gruOutputAxes[at.layout][s.out])
	l.width = hid
	return nil
}

// transposeWeight returns the rows×cols matrix a as a Keras weight of shape (cols, rows).
func transposeWeight(a []float32, rows, cols int) gru.Tensor {
	t := make([]float32, len(a))
	for i := range rows {
		for j := range cols {
			t[j*rows+i] = a[i*cols+j]
		}
	}
	return gru.Tensor{Shape: []int{cols, rows}, Data: t}
}

// zeroState checks that a GRU's initial_h is zero: a graph input (which the model takes as
// zeros), zeros in the file, or a ConstantOfShape of zero, maybe reshaped. It remembers the values
// it found zero, so that GRUs whose states share a chain walk it once.
func (l *onnxLoader) zeroState(name string) error {
	var chain []string
	for name != "" && !l.zeros[name] {
		if len(chain) > len(l.nodes) {
			return errors.New("the graph has a cycle")
		}
		chain = append(chain, name)
		var err error
		if name, err = l.zeroSource(name); err != nil {
			return err
		}
	}
	for _, c := range chain {
		l.zeros[c] = true
	}
	return nil
}

// zeroSource checks one value of an initial_h's chain: it returns the value it copies, or "" when
// it is zero itself.
func (l *onnxLoader) zeroSource(name string) (string, error) {
	if t := l.consts[name]; t != nil {
		return "", zeroTensor(name, t)
	}
	n := l.producer[name]
	if n == nil {
		if l.inputs[name] == nil {
			return "", fmt.Errorf("initial_h %q is neither computed by a node nor a graph input", name)
		}
		return "", nil
	}
	switch n.kind() {
	case "Identity", "Expand", "Reshape", "Squeeze", "Unsqueeze", "Slice", "Gather", "Tile":
		if n.input(0) == "" {
			return "", fmt.Errorf("initial_h %q: %v has no input", name, n)
		}
		return n.input(0), nil
	case "Constant", "ConstantOfShape":
		a := n.attr("value")
		if a == nil && n.kind() == "ConstantOfShape" {
			return "", nil // its default value is a float zero
		}
		if a == nil {
			return "", fmt.Errorf("initial_h %q: %v holds no value tensor", name, n)
		}
		t, err := a.tensor()
		if err != nil {
			return "", fmt.Errorf("initial_h %q: %v: %w", name, n, err)
		}
		return "", zeroTensor(name, t)
	}
	return "", fmt.Errorf("initial_h %q is computed by %v, which LoadONNX cannot tell is zero: the model starts "+
		"from a zero state, as a Keras Sequential GRU does", name, n)
}

func zeroTensor(name string, t *onnxTensor) error {
	v, err := t.float32s()
	if err != nil {
		return fmt.Errorf("initial_h %q: %w", name, err)
	}
	for _, x := range v {
		if x != 0 {
			return fmt.Errorf("initial_h %q is not zero: the model starts from a zero state, as a Keras Sequential "+
				"GRU does (GRU.Call runs a GRU layer from another state)", name)
		}
	}
	return nil
}
