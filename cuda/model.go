//go:build cuda

package cuda

import (
	"errors"
	"fmt"
	"sync"

	"github.com/fastgru/fastgru/gru"
	"github.com/fastgru/fastgru/kernels"
)

// ErrUnsupported is wrapped by Load's error for a layer or activation the device does not run.
var ErrUnsupported = errors.New("not supported on the device")

// Model is a gru.Sequential with its weights on a device.
type Model struct {
	mu     sync.Mutex // Predict reuses the buffers
	d      *Device
	p      Precision
	input  []int
	layers []deviceLayer
	owned  []*Buffer
	// The buffers of the last batch size, kept for the next call.
	batch int
	work  []*Buffer
}

// deviceLayer is one layer of a Model; Dense, TimeDistributed and Activation layers that follow
// a Dense fuse into it, as on the CPU.
type deviceLayer struct {
	gru        *gru.GRU
	w, u, b    *Buffer // GRU: kernel, recurrent kernel, input bias; Dense: kernel, -, bias
	recBias    *Buffer // reset_after's recurrent bias
	act        kernels.Activation
	in, out    int   // features in and out of the last axis
	steps      int   // a GRU's time steps
	perExample int   // output floats per example
	shape      []int // output shape after the batch
}

// Load uploads the weights of s, which SetWeights (or LoadTFJS) has given its weights, and
// returns it ready to run on d with products of precision p. The device runs GRUs with Keras'
// default sigmoid gates and tanh candidate; other layers are Dense, TimeDistributed(Dense) and
// Activation.
func (d *Device) Load(s *gru.Sequential, p Precision) (*Model, error) {
	w := s.Weights()
	if w == nil {
		return nil, errors.New("cuda: the model has no weights: call SetWeights first")
	}
	m := &Model{d: d, p: p, input: s.InputShape()}
	shape := m.input
	upload := func(t gru.Tensor) (*Buffer, error) {
		b, err := d.Alloc(len(t.Data))
		if err == nil {
			m.owned = append(m.owned, b)
			err = b.Upload(t.Data)
		}
		return b, err
	}
	for _, l := range s.Layers() {
		var dl deviceLayer
		var err error
		feat := shape[len(shape)-1]
		switch l := l.(type) {
		case *gru.GRU:
			if (l.Activation != "" && l.Activation != "tanh") || (l.RecurrentActivation != "" && l.RecurrentActivation != "sigmoid") {
				m.Free()
				return nil, fmt.Errorf("cuda: layer %s: gates %q, candidate %q: %w (sigmoid and tanh only)", l.Name(), l.RecurrentActivation, l.Activation, ErrUnsupported)
			}
			dl.gru, dl.in, dl.out, dl.steps = l, feat, l.Units, shape[0]
			if dl.w, err = upload(w[0]); err == nil {
				dl.u, err = upload(w[1])
			}
			if err == nil && !l.NoBias {
				bias := w[2].Data
				if dl.b, err = upload(gru.Tensor{Data: bias[:3*l.Units]}); err == nil && l.ResetAfter {
					dl.recBias, err = upload(gru.Tensor{Data: bias[3*l.Units:]})
				}
			}
			w = w[2+btoi(!l.NoBias):]
			dl.shape = []int{shape[0], l.Units}
			if !l.ReturnSequences {
				dl.shape = []int{l.Units}
			}
		case *gru.Dense, *gru.TimeDistributed:
			dense, ok := l.(*gru.Dense)
			if !ok {
				dense = l.(*gru.TimeDistributed).Layer
			}
			if dl.act, err = activation(dense.Activation); err != nil {
				m.Free()
				return nil, fmt.Errorf("cuda: layer %s: %w", l.Name(), err)
			}
			dl.in, dl.out = feat, dense.Units
			if dl.w, err = upload(w[0]); err == nil && !dense.NoBias {
				dl.b, err = upload(w[1])
			}
			w = w[1+btoi(!dense.NoBias):]
			dl.shape = append(append([]int(nil), shape[:len(shape)-1]...), dense.Units)
		case *gru.Activation:
			act, aerr := activation(l.Activation)
			if aerr != nil {
				m.Free()
				return nil, fmt.Errorf("cuda: layer %s: %w", l.Name(), aerr)
			}
			if n := len(m.layers); n > 0 && m.layers[n-1].gru == nil && m.layers[n-1].act == kernels.Linear {
				m.layers[n-1].act = act // fused into the Dense before it
				continue
			}
			dl.act, dl.in, dl.out = act, feat, feat
			dl.shape = shape
		default:
			m.Free()
			return nil, fmt.Errorf("cuda: layer %s: %s layers: %w", l.Name(), l.Class(), ErrUnsupported)
		}
		if err != nil {
			m.Free()
			return nil, fmt.Errorf("cuda: uploading the weights of %s: %w", l.Name(), err)
		}
		dl.perExample = 1
		for _, s := range dl.shape {
			dl.perExample *= s
		}
		m.layers = append(m.layers, dl)
		shape = dl.shape
	}
	return m, nil
}

func activation(name string) (kernels.Activation, error) {
	switch name {
	case "", "linear":
		return kernels.Linear, nil
	case "relu":
		return kernels.ReLU, nil
	case "sigmoid":
		return kernels.Sigmoid, nil
	case "hard_sigmoid":
		return kernels.HardSigmoid, nil
	case "tanh":
		return kernels.Tanh, nil
	case "softmax":
		return kernels.Softmax, nil
	}
	return 0, fmt.Errorf("unknown activation %q", name)
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Free releases the model's device memory.
func (m *Model) Free() {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, b := range append(m.owned, m.work...) {
		b.Free()
	}
	m.owned, m.work, m.batch = nil, nil, 0
}

// Predict runs the model on x, of shape (batch, input shape…): one upload, the layers' kernels,
// one download. It is safe for concurrent use; calls run one at a time.
func (m *Model) Predict(x gru.Tensor) (gru.Tensor, error) {
	var out gru.Tensor
	per := 1
	for _, s := range m.input {
		per *= s
	}
	if len(x.Shape) != len(m.input)+1 || x.Shape[0] < 1 || len(x.Data) != x.Shape[0]*per {
		return out, fmt.Errorf("cuda: input of shape %v for a model that takes (batch, %v)", x.Shape, m.input)
	}
	for i, s := range m.input {
		if x.Shape[i+1] != s {
			return out, fmt.Errorf("cuda: input of shape %v for a model that takes (batch, %v)", x.Shape, m.input)
		}
	}
	batch := x.Shape[0]
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.buffers(batch, per); err != nil {
		return out, err
	}
	if err := m.work[0].Upload(x.Data); err != nil {
		return out, err
	}
	cur := m.work[0]
	for i, l := range m.layers {
		next := m.work[1+i]
		var err error
		if l.gru != nil {
			err = m.runGRU(l, cur, next, batch, m.work[len(m.layers)+1:])
		} else {
			err = m.runDense(l, cur, next, batch)
		}
		if err != nil {
			return out, err
		}
		cur = next
	}
	last := m.layers[len(m.layers)-1]
	out = gru.Tensor{Shape: append([]int{batch}, last.shape...), Data: make([]float32, batch*last.perExample)}
	return out, cur.Download(out.Data)
}

// buffers sizes the input, each layer's output and the GRU scratch for batch.
func (m *Model) buffers(batch, per int) error {
	if m.batch == batch {
		return nil
	}
	for _, b := range m.work {
		b.Free()
	}
	m.work, m.batch = nil, 0
	sizes := []int{batch * per}
	xw, h, zr := 1, 1, 1
	for _, l := range m.layers {
		sizes = append(sizes, batch*l.perExample)
		if l.gru != nil {
			xw, h, zr = max(xw, batch*l.steps*3*l.out), max(h, batch*l.out), max(zr, batch*3*l.out)
		}
	}
	sizes = append(sizes, xw, h, zr)
	for _, n := range sizes {
		b, err := m.d.Alloc(n)
		if err != nil {
			return err
		}
		m.work = append(m.work, b)
	}
	m.batch = batch
	return nil
}

// runDense runs a Dense or Activation layer over every leading axis as rows.
func (m *Model) runDense(l deviceLayer, x, y *Buffer, batch int) error {
	rows := batch * l.perExample / l.out
	if l.w != nil {
		return m.d.Dense(m.p, y, x, rows, l.in, l.out, l.w, l.b, l.act)
	}
	// An Activation layer on its own: the identity product would cost more; copy, then apply.
	d := m.d
	d.mu.Lock()
	defer d.mu.Unlock()
	d.ctx.MemcpyDtoD(y.ptr, x.ptr, int64(4*rows*l.out))
	if err := d.check("copy"); err != nil {
		return err
	}
	if l.act == kernels.Softmax {
		return d.launch(kSoftmax, rows, 1, y.arg(), uint64(rows), uint64(l.out), uint64(l.out))
	}
	// Elementwise: the product kernel's epilogue on a 1×1 identity is not worth a kernel of its
	// own; apply act through a GEMM with k = 0 and beta = 1: C = act(C).
	return d.gemm(FP32, l.act, rows, l.out, 0, 0, y, 1, 1, y, 1, 1, 1, y, l.out, nil)
}

// runGRU runs a GRU layer: the input projection of every step as one product with the input
// bias, then per step the recurrent products with the gate math in their epilogues.
func (m *Model) runGRU(l deviceLayer, x, y *Buffer, batch int, scratch []*Buffer) error {
	g, d := l.gru, m.d
	steps, hid := l.steps, l.out
	h3 := 3 * hid
	xw, h, zr := scratch[0], scratch[1].Slice(0, batch*hid), scratch[2]
	if err := d.Dense(m.p, xw, x, batch*steps, l.in, h3, l.w, l.b, kernels.Linear); err != nil {
		return err
	}
	if err := h.Zero(); err != nil {
		return err
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	gy := blocks(batch, 32)
	ldx := uint64(steps * h3)
	// reset_after's step writes the new state apart from the old one, which other blocks still
	// read: into the output sequence, or into the other of two buffers.
	cur, next := h, zr.Slice(0, batch*hid)
	for s := 0; s < steps; s++ {
		t := s
		if g.GoBackwards {
			t = steps - 1 - s
		}
		xt := xw.Slice(t*h3, xw.n)
		var o *Buffer
		ldo := 0
		if g.ReturnSequences {
			o, ldo = y.Slice(s*hid, y.n), steps*hid
		}
		var err error
		if g.ResetAfter {
			rsh, out, ldc := hid, next, hid
			if s > 0 && g.ReturnSequences {
				cur, rsh = y.Slice((s-1)*hid, y.n), steps*hid
			}
			if g.ReturnSequences {
				out, ldc, o = o, ldo, nil
			}
			err = d.launch(kGRURA, blocks(hid, 32), gy, cur.arg(), uint64(rsh), l.u.arg(), out.arg(), uint64(ldc),
				uint64(batch), uint64(hid), xt.arg(), ldx, l.recBias.arg(), o.arg(), uint64(ldo))
			if !g.ReturnSequences {
				cur, next = next, cur
			}
		} else {
			err = d.launch(kGRUZR, blocks(2*hid, 32), gy, h.arg(), uint64(hid), 1, l.u.arg(), uint64(h3), 1,
				zr.arg(), uint64(2*hid), uint64(batch), uint64(2*hid), uint64(hid), f32(1), f32(0), 0, 0,
				xt.arg(), ldx, h.arg(), 0, 0, 0, 0, uint64(hid))
			if err == nil {
				err = d.launch(kGRUH, blocks(hid, 32), gy, zr.Slice(hid, zr.n).arg(), uint64(2*hid), 1,
					l.u.Slice(2*hid, l.u.n).arg(), uint64(h3), 1, h.arg(), uint64(hid), uint64(batch), uint64(hid),
					uint64(hid), f32(1), f32(0), 0, 0, xt.Slice(2*hid, xt.n).arg(), ldx, h.arg(), zr.arg(),
					uint64(2*hid), o.arg(), uint64(ldo), uint64(hid))
			}
		}
		if err != nil {
			return err
		}
	}
	if g.ReturnSequences {
		return nil
	}
	last := h
	if g.ResetAfter {
		last = cur
	}
	d.ctx.MemcpyDtoD(y.ptr, last.ptr, int64(4*batch*hid))
	return d.check("copy")
}
