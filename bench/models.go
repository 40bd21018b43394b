package main

import (
	"fmt"
	"io"
	"math/rand/v2"

	"github.com/fastgru/fastgru/gru"
)

// modelRow is one line of the GRU table: Input(time, in) → GRU(units, reset_after=false) → head,
// run on batch rows at a time.
type modelRow struct {
	name                   string
	batch, time, in, units int
	lastOnly               bool               // the GRU returns its last step only
	head                   func() []gru.Layer // nil for a bare GRU; fresh layers per model
}

// seedHead is the question's classifier over every step: TimeDistributed(Dense(15)) or plain
// Dense(15), then softmax.
func seedHead(timeDistributed bool) func() []gru.Layer {
	return func() []gru.Layer {
		var dense gru.Layer = &gru.Dense{Units: 15}
		if timeDistributed {
			dense = &gru.TimeDistributed{Layer: &gru.Dense{Units: 15}}
		}
		return []gru.Layer{dense, &gru.Activation{Activation: "softmax"}}
	}
}

// bareGRU is a GRU alone, returning every step, named by its shape.
func bareGRU(batch, time, in, units int) modelRow {
	return modelRow{name: fmt.Sprintf("gru-B%d-T%d-I%d-H%d", batch, time, in, units),
		batch: batch, time: time, in: in, units: units}
}

// modelRows are the question's three models and common GRU shapes.
var modelRows = []modelRow{
	{name: "seed-td15", batch: 4, time: 64, in: 15, units: 16, head: seedHead(true)},
	{name: "seed-dense15", batch: 4, time: 64, in: 15, units: 16, head: seedHead(false)},
	{name: "seed-last-dense8", batch: 4, time: 64, in: 15, units: 16, lastOnly: true, head: func() []gru.Layer {
		return []gru.Layer{&gru.Dense{Units: 8}, &gru.Activation{Activation: "softmax"}}
	}},
	bareGRU(32, 64, 128, 256),
	bareGRU(32, 128, 128, 256),
	bareGRU(32, 256, 128, 256),
	bareGRU(32, 512, 128, 256),
	bareGRU(1, 100, 128, 512),
	bareGRU(64, 512, 512, 512), // the GPU comparison's GRU, against cuDNN
}

// flops counts the GRU's products only: 2·B·T·I·3H + 2·B·T·H·3H.
func (r modelRow) flops() float64 {
	return 2 * float64(r.batch) * float64(r.time) * 3 * float64(r.units) * float64(r.in+r.units)
}

// parseModels reads the -models flag: "all", "none", or comma-separated row names.
func parseModels(spec string) ([]modelRow, error) {
	return parseNamed("-models", spec, modelRows, modelRow.rowName)
}

// modelNames lists the rows' names for -models' help and errors.
func modelNames() string { return joinNames(modelRows, modelRow.rowName) }

func (r modelRow) rowName() string { return r.name }

// model is a row built, with uniform weights and input, and the output PredictInto fills.
type model struct {
	seq  *gru.Sequential
	x, y gru.Tensor
}

func (r modelRow) build() (*model, error) {
	layers := []gru.Layer{&gru.GRU{Units: r.units, ReturnSequences: !r.lastOnly}}
	if r.head != nil {
		layers = append(layers, r.head()...)
	}
	seq, err := gru.NewSequential([]int{r.time, r.in}, layers...)
	if err != nil {
		return nil, err
	}
	rng := rand.New(rand.NewPCG(1, 2))
	fill := func(shape []int) gru.Tensor {
		n := 1
		for _, d := range shape {
			n *= d
		}
		t := gru.Tensor{Shape: shape, Data: make([]float32, n)}
		for i := range t.Data {
			t.Data[i] = rng.Float32()*0.5 - 0.25 // [-0.25, 0.25), exactly
		}
		return t
	}
	var weights []gru.Tensor
	for _, s := range seq.WeightShapes() {
		weights = append(weights, fill(s))
	}
	if err := seq.SetWeights(weights); err != nil {
		return nil, err
	}
	x := fill([]int{r.batch, r.time, r.in})
	// Predict sizes the output once; the timed calls then write into it.
	y, err := seq.Predict(x)
	return &model{seq: seq, x: x, y: y}, err
}

func (m *model) predict() {
	if err := m.seq.PredictInto(&m.y, m.x); err != nil {
		panic(err) // the model and tensors were checked by build
	}
}

// modelContenders run the same model: fastgru's selected kernels, then its generic ones.
var modelContenders = []contender{
	{name: "fastgru"},
	{name: "generic", slow: true, baseline: true, around: asGeneric},
}

// preparePeers, when set (ort.go), loads a row's model into another runtime before the row is
// timed and checks it gives fastgru's output; it names the contenders to leave out of the row
// (a peer whose model failed either) and returns what releases the peer's copy after the row.
var preparePeers func(r modelRow, m *model, threads int) (skip map[string]bool, release func())

// timeModels times and prints the GRU table. Each model is built just before its row and
// dropped after, so that the largest rows' buffers are not all held at once.
func timeModels(w io.Writer, rows []modelRow, o options) ([]modelResult, error) {
	results := make([]modelResult, 0, len(rows))
	if len(rows) == 0 {
		return results, nil
	}
	t := newModelTable(w, rows)
	t.header()
	for _, r := range rows {
		m, err := r.build()
		if err != nil {
			return nil, fmt.Errorf("model %s: %w", r.name, err)
		}
		var skip map[string]bool
		release := func() {}
		if preparePeers != nil {
			skip, release = preparePeers(r, m, o.threads)
		}
		// The contenders left out are measured as skipped: 0 seconds.
		var timed []contender
		for _, c := range modelContenders {
			if !skip[c.name] {
				timed = append(timed, c)
			}
		}
		best := measure(timed, func(c contender) {
			if c.predict != nil {
				c.predict(m)
			} else {
				m.predict()
			}
		}, o)
		release()
		all := make([]float64, 0, len(modelContenders))
		for _, c := range modelContenders {
			if skip[c.name] {
				all = append(all, 0)
			} else {
				all, best = append(all, best[0]), best[1:]
			}
		}
		res := newModelResult(r, all)
		results = append(results, res)
		t.row(res)
	}
	t.footer()
	return results, nil
}
