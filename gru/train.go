package gru

import (
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"time"
)

// FitOptions are Fit's settings, as Keras' fit arguments, except that batches run in order unless
// Shuffle is set.
type FitOptions struct {
	BatchSize int       // 0 → 32, as Keras
	Epochs    int       // 0 → 1
	Shuffle   bool      // false: batches in order, the last one holds the remainder
	Seed      uint64    // the shuffle's seed
	Progress  io.Writer // nil: silent; else a Keras-style progress bar per epoch
}

// History is what Fit measured.
type History struct {
	Loss      []float32   // per epoch: the mean over its samples
	BatchLoss [][]float32 // [epoch][batch]: each batch's loss before its update
}

// trainer is a compiled model's loss, optimizer and flat weights.
type trainer struct {
	loss  lossKind
	state optimizerState
	// params holds every weight, grads their gradient, in one buffer each, so that the optimizer
	// updates all of them in one pass; views are the weights as the layers use them.
	params, grads []float32
	views         []Tensor
	layerGrads    [][][]float32 // each layer's gradients, in its weightShapes' order
	// logits: the loss is a cross-entropy on a softmax output, which then runs fused with it from
	// the logits: the layers up to layers run, the last of them linear when linearHead.
	logits     bool
	layers     int
	linearHead bool
	d, p, hot  []float32 // the loss's gradient, the probabilities, one-hot targets
	xb, yb     []float32 // a shuffled batch
	outShape   []int     // the output's shape for the input at hand (its time steps)
}

// Compile prepares the model for training with a loss — "categorical_crossentropy",
// "sparse_categorical_crossentropy" (class indices stored as float32 in y),
// "binary_crossentropy", "mse" or "mean_squared_error" — and an optimizer, RMSprop, SGD or Adam,
// whose state it (re)starts. A model without weights gets Keras' initial ones (InitWeights(0)).
// The model then keeps its weights in storage of its own: Weights returns them, and Fit and
// TrainOnBatch update them there.
func (s *Sequential) Compile(loss string, opt Optimizer) error {
	kind, ok := lossNames[loss]
	if !ok {
		return fmt.Errorf("gru: Compile: unknown loss %q", loss)
	}
	if opt == nil {
		return errors.New("gru: Compile: no optimizer")
	}
	if len(s.layers) == 0 {
		return errors.New("gru: Compile: the model has no layers")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, shape := range s.WeightShapes() {
		k, _ := size(shape)
		n += k
	}
	state, err := opt.start(n)
	if err != nil {
		return fmt.Errorf("gru: Compile: %w", err)
	}
	if !s.ready {
		s.setWeights(s.initialWeights(0))
	}
	t := &trainer{loss: kind, state: state, layers: len(s.layers)}
	t.params, t.grads = make([]float32, n), make([]float32, n)
	off := 0
	for _, l := range s.layers {
		var lg [][]float32
		for _, shape := range l.weightShapes() {
			k, _ := size(shape)
			t.views = append(t.views, Tensor{Shape: slices.Clone(shape), Data: t.params[off : off+k : off+k]})
			lg = append(lg, t.grads[off:off+k:off+k])
			off += k
		}
		t.layerGrads = append(t.layerGrads, lg)
	}
	if kind.crossEntropy() {
		switch last := s.layers[len(s.layers)-1].(type) {
		case *Activation:
			t.logits = last.Activation == "softmax" && len(s.layers) > 1
			if t.logits {
				t.layers--
			}
		case *Dense:
			t.logits, t.linearHead = last.Activation == "softmax", true
		case *TimeDistributed:
			t.logits, t.linearHead = last.Layer.Activation == "softmax", true
		}
		t.linearHead = t.linearHead && t.logits
	}
	s.trainer = t
	s.adopt()
	return nil
}

// adopt copies the weights the model was last given into the trainer's storage and points the
// layers at it, unless they are there already. s.mu is held.
func (s *Sequential) adopt() {
	t := s.trainer
	same := len(s.weights) == len(t.views)
	for i := 0; same && i < len(t.views); i++ {
		same = len(t.views[i].Data) == 0 || &s.weights[i].Data[0] == &t.views[i].Data[0]
	}
	if same {
		return
	}
	for i, w := range s.weights {
		copy(t.views[i].Data, w.Data)
	}
	i := 0
	for _, l := range s.layers {
		k := len(l.weightShapes())
		l.setWeights(t.views[i : i+k])
		i += k
	}
	s.weights = slices.Clone(t.views)
}

// TrainOnBatch runs one optimizer step on the batch (x, y) and returns its loss before the step.
// On an error nothing changes: targets of the wrong shape, a non-finite loss or gradient.
func (s *Sequential) TrainOnBatch(x, y Tensor) (float32, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.checkTrain("TrainOnBatch", x, y); err != nil {
		return 0, err
	}
	loss, err := s.step(x, y)
	if err != nil {
		return loss, fmt.Errorf("gru: TrainOnBatch: %w", err)
	}
	return loss, nil
}

// Gradients returns the loss of (x, y) and its gradient for every weight, in Keras'
// get_weights() order and shapes, without changing anything.
func (s *Sequential) Gradients(x, y Tensor) (float32, []Tensor, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.checkTrain("Gradients", x, y); err != nil {
		return 0, nil, err
	}
	loss := s.lossAndGrads(x, y, true)
	t := s.trainer
	grads := make([]Tensor, len(t.views))
	off := 0
	for i, v := range t.views {
		grads[i] = Tensor{Shape: slices.Clone(v.Shape), Data: slices.Clone(t.grads[off : off+len(v.Data)])}
		off += len(v.Data)
	}
	return float32(loss), grads, nil
}

// Evaluate returns the loss of the model on (x, y), in batches of batchSize: the mean over the
// samples, as Keras' evaluate.
func (s *Sequential) Evaluate(x, y Tensor, batchSize int) (float32, error) {
	if batchSize < 1 {
		return 0, fmt.Errorf("gru: Evaluate: batch size %d is not positive", batchSize)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.checkTrain("Evaluate", x, y); err != nil {
		return 0, err
	}
	samples := x.Shape[0]
	var sum float64
	for lo := 0; lo < samples; lo += batchSize {
		hi := min(lo+batchSize, samples)
		xb, yb := rowsOf(x, lo, hi), rowsOf(y, lo, hi)
		sum += s.lossAndGrads(xb, yb, false) * float64(hi-lo)
	}
	return float32(sum / float64(samples)), nil
}

// Fit trains the model on (x, y): o.Epochs passes over the samples in batches of o.BatchSize,
// one optimizer step per batch. A non-finite loss stops it with an error naming the epoch and the
// batch, the weights being those before that batch; the History holds what was done until then.
func (s *Sequential) Fit(x, y Tensor, o FitOptions) (History, error) {
	var h History
	switch {
	case o.BatchSize < 0:
		return h, fmt.Errorf("gru: Fit: batch size %d is not positive", o.BatchSize)
	case o.Epochs < 0:
		return h, fmt.Errorf("gru: Fit: the number of epochs %d is negative", o.Epochs)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.checkTrain("Fit", x, y); err != nil {
		return h, err
	}
	bs, epochs := o.BatchSize, o.Epochs
	if bs == 0 {
		bs = 32
	}
	if epochs == 0 {
		epochs = 1
	}
	samples := x.Shape[0]
	batches := (samples + bs - 1) / bs
	var rng *rand.Rand
	if o.Shuffle {
		rng = rand.New(rand.NewPCG(o.Seed, 0x9e3779b97f4a7c15))
	}
	order := make([]int, samples)
	for e := 0; e < epochs; e++ {
		for i := range order {
			order[i] = i
		}
		if rng != nil {
			rng.Shuffle(samples, func(i, j int) { order[i], order[j] = order[j], order[i] })
		}
		bar := newProgress(o.Progress, e, epochs, batches)
		losses := make([]float32, 0, batches)
		var sum float64
		for b := 0; b < batches; b++ {
			lo, hi := b*bs, min((b+1)*bs, samples)
			xb, yb := s.batch(x, y, order, lo, hi, rng != nil)
			loss, err := s.step(xb, yb)
			if err != nil {
				h.BatchLoss = append(h.BatchLoss, losses)
				return h, fmt.Errorf("gru: Fit: epoch %d, batch %d of %d: %w; the weights are those before that batch", e+1, b+1, batches, err)
			}
			losses = append(losses, loss)
			sum += float64(loss) * float64(hi-lo)
			bar.update(b+1, float32(sum/float64(hi)))
		}
		h.BatchLoss = append(h.BatchLoss, losses)
		h.Loss = append(h.Loss, float32(sum/float64(samples)))
		bar.done(float32(sum / float64(samples)))
	}
	return h, nil
}

// batch returns the samples lo to hi of x and y in order, as views, or shuffled, as copies.
func (s *Sequential) batch(x, y Tensor, order []int, lo, hi int, shuffled bool) (Tensor, Tensor) {
	if !shuffled {
		return rowsOf(x, lo, hi), rowsOf(y, lo, hi)
	}
	t := s.trainer
	gather := func(buf *[]float32, v Tensor) Tensor {
		k := len(v.Data) / max(v.Shape[0], 1)
		out := reuse(buf, (hi-lo)*k)
		for i, src := range order[lo:hi] {
			copy(out[i*k:(i+1)*k], v.Data[src*k:])
		}
		return Tensor{Shape: append([]int{hi - lo}, v.Shape[1:]...), Data: out}
	}
	return gather(&t.xb, x), gather(&t.yb, y)
}

// rowsOf returns samples lo to hi of v as a view.
func rowsOf(v Tensor, lo, hi int) Tensor {
	k := len(v.Data) / max(v.Shape[0], 1)
	shape := append([]int{hi - lo}, v.Shape[1:]...)
	return Tensor{Shape: shape, Data: v.Data[lo*k : hi*k]}
}

// checkTrain reports whether the model is compiled and (x, y) fit it, for the method named.
// s.mu is held.
func (s *Sequential) checkTrain(method string, x, y Tensor) error {
	if s.trainer == nil {
		return fmt.Errorf("gru: %s: the model is not compiled: call Compile first", method)
	}
	if err := s.check(x); err != nil {
		return fmt.Errorf("%w (%s)", err, method)
	}
	switch {
	case x.Shape[0] == 0:
		return fmt.Errorf("gru: %s: no samples", method)
	case len(y.Shape) > 0 && y.Shape[0] != x.Shape[0]:
		return fmt.Errorf("gru: %s: x holds %d samples, y %d", method, x.Shape[0], y.Shape[0])
	}
	out := withTime(&s.trainer.outShape, s.outputs[len(s.outputs)-1], x.Shape[1])
	if err := s.trainer.loss.checkTargets(y, x.Shape[0], out); err != nil {
		return fmt.Errorf("gru: %s: %w", method, err)
	}
	return nil
}

// step is TrainOnBatch after its checks: the loss and gradients, then, when both are finite, the
// optimizer step. s.mu is held.
func (s *Sequential) step(x, y Tensor) (float32, error) {
	loss := s.lossAndGrads(x, y, true)
	if l := float32(loss); l-l != 0 { // NaN, or beyond float32's range
		return l, fmt.Errorf("the loss is %v", l)
	}
	t := s.trainer
	for i, g := range t.grads {
		if g-g != 0 { // NaN or ±Inf
			return float32(loss), fmt.Errorf("the gradient of weight element %d is %v", i, g)
		}
	}
	t.state.step(t.params, t.grads)
	for _, l := range s.layers {
		if g, ok := l.(*GRU); ok {
			g.weightsChanged()
		}
	}
	return float32(loss), nil
}

// lossAndGrads runs the layers forward on x, keeping what backward needs, and returns the loss;
// with grads, it fills the trainer's gradients. s.mu is held.
func (s *Sequential) lossAndGrads(x, y Tensor, grads bool) float64 {
	s.adopt()
	t := s.trainer
	out := x
	for i, l := range s.layers[:t.layers] {
		out = l.trainForward(out, t.linearHead && i == t.layers-1)
	}
	cols := out.Shape[len(out.Shape)-1]
	rows := len(out.Data) / max(cols, 1)
	targets := y.Data
	if t.loss == sparseCategoricalCrossentropy {
		targets = reuse(&t.hot, len(out.Data))
		oneHot(targets, y.Data, cols)
	}
	var d []float32
	if grads {
		d = reuse(&t.d, len(out.Data))
	}
	p := reuse(&t.p, len(out.Data))
	loss := t.loss.lossAndGrad(d, p, out.Data, targets, rows, cols, t.logits)
	if !grads {
		return loss
	}
	dy := Tensor{Shape: out.Shape, Data: d}
	for i := t.layers - 1; i >= 0; i-- {
		dy = s.layers[i].backward(dy, t.layerGrads[i], i > 0)
	}
	return loss
}

// progress writes Keras' progress bar of one epoch.
type progress struct {
	w       io.Writer
	batches int
	start   time.Time
}

func newProgress(w io.Writer, epoch, epochs, batches int) *progress {
	if w != nil {
		fmt.Fprintf(w, "Epoch %d/%d\n", epoch+1, epochs)
	}
	return &progress{w: w, batches: batches, start: time.Now()}
}

func (p *progress) bar(done int) string {
	width := 30
	fill := done * width / p.batches
	s := fmt.Sprintf("%*d/%d [", len(fmt.Sprint(p.batches)), done, p.batches)
	for i := 0; i < width; i++ {
		switch {
		case i < fill-1 || i == fill-1 && done == p.batches:
			s += "="
		case i == fill-1:
			s += ">"
		default:
			s += "."
		}
	}
	return s + "]"
}

func (p *progress) update(done int, loss float32) {
	if p.w == nil || done == p.batches {
		return
	}
	eta := time.Since(p.start) / time.Duration(done) * time.Duration(p.batches-done)
	fmt.Fprintf(p.w, "\r%s - ETA: %.0fs - loss: %.4f", p.bar(done), eta.Seconds(), loss)
}

func (p *progress) done(loss float32) {
	if p.w == nil {
		return
	}
	el := time.Since(p.start)
	per := el / time.Duration(p.batches)
	unit := fmt.Sprintf("%dms/step", per.Milliseconds())
	if per < time.Millisecond {
		unit = fmt.Sprintf("%dus/step", per.Microseconds())
	}
	fmt.Fprintf(p.w, "\r%s - %.0fs %s - loss: %.4f\n", p.bar(p.batches), el.Seconds(), unit, loss)
}
