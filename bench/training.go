package main

import (
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/fastgru/fastgru/gru"
)

// The question's models train on batches of seedBatch, and their epoch, which the table also
// times, holds epochSamples: 7 batches of 128 and one of 104.
const (
	seedBatch    = 128
	epochSamples = 1000
)

// trainRow is one line of the training table: Input(time, in) → GRU(units, reset_after=false) →
// Dense(8) → softmax, compiled with categorical cross-entropy and RMSprop, one step on batch
// samples at a time.
type trainRow struct {
	name                   string
	batch, time, in, units int
	lastOnly               bool // the GRU returns its last step only
	timeDistributed        bool // the Dense is wrapped in TimeDistributed
	// large rows time generic only with -all: its warm-up call alone would take many seconds.
	large bool
	// tfjsEpoch is TF.js 4.22's wasm seconds per epoch of epochSamples at 1 thread, as reported
	// for the question's models; rows with one also time a Fit of epochSamples.
	tfjsEpoch float64
}

const trainOutputs = 8 // every row's Dense(8)

var trainRows = []trainRow{
	{name: "seed-td8", batch: seedBatch, time: 64, in: 15, units: 16, timeDistributed: true, tfjsEpoch: 1.22},
	{name: "seed-dense8", batch: seedBatch, time: 64, in: 15, units: 16, tfjsEpoch: 0.87},
	{name: "seed-last-dense8", batch: seedBatch, time: 64, in: 15, units: 16, lastOnly: true, tfjsEpoch: 0.76},
	{name: "gru-B32-T64-I128-H256-td8", batch: 32, time: 64, in: 128, units: 256, timeDistributed: true, large: true},
	{name: "gru-B64-T128-I256-H512-td8", batch: 64, time: 128, in: 256, units: 512, timeDistributed: true, large: true},
}

// flops counts one training step as three forwards' products: the backward's are twice the
// forward's. The forward's: 2·B·T·I·3H + 2·B·T·H·3H for the GRU, 2·B·T'·H·8 for the head, where
// T' is 1 when the GRU returns its last step only.
func (r trainRow) flops() float64 {
	steps := float64(r.batch) * float64(r.time)
	headSteps := steps
	if r.lastOnly {
		headSteps = float64(r.batch)
	}
	forward := 2*steps*3*float64(r.units)*float64(r.in+r.units) + 2*headSteps*float64(r.units)*trainOutputs
	return 3 * forward
}

// parseTraining reads the -train flag: "all", "none", or comma-separated row names.
func parseTraining(spec string) ([]trainRow, error) {
	return parseNamed("-train", spec, trainRows, trainRow.rowName)
}

// trainNames lists the rows' names for -train's help and errors.
func trainNames() string { return joinNames(trainRows, trainRow.rowName) }

func (r trainRow) rowName() string { return r.name }

// trainModel is a row compiled, with its samples: one batch for TrainOnBatch, and all of x and
// y for Fit.
type trainModel struct {
	seq          *gru.Sequential
	x, y, xb, yb gru.Tensor
}

// build makes the row's model with InitWeights(1), and samples samples (at least one batch) of
// inputs and targets uniform in [0, 1).
func (r trainRow) build(samples int) (*trainModel, error) {
	var dense gru.Layer = &gru.Dense{Units: trainOutputs}
	if r.timeDistributed {
		dense = &gru.TimeDistributed{Layer: &gru.Dense{Units: trainOutputs}}
	}
	seq, err := gru.NewSequential([]int{r.time, r.in}, &gru.GRU{Units: r.units, ReturnSequences: !r.lastOnly},
		dense, &gru.Activation{Activation: "softmax"})
	if err == nil {
		err = seq.InitWeights(1)
	}
	if err == nil {
		err = seq.Compile("categorical_crossentropy", gru.RMSprop{})
	}
	if err != nil {
		return nil, err
	}
	rng := rand.New(rand.NewPCG(1, 2))
	uniform := func(shape ...int) gru.Tensor {
		n := 1
		for _, d := range shape {
			n *= d
		}
		t := gru.Tensor{Shape: shape, Data: make([]float32, n)}
		for i := range t.Data {
			t.Data[i] = rng.Float32()
		}
		return t
	}
	samples = max(samples, r.batch)
	m := &trainModel{seq: seq, x: uniform(samples, r.time, r.in)}
	if r.lastOnly {
		m.y = uniform(samples, trainOutputs)
	} else {
		m.y = uniform(samples, r.time, trainOutputs)
	}
	m.xb, m.yb = firstRows(m.x, r.batch), firstRows(m.y, r.batch)
	return m, nil
}

// firstRows returns t's first n samples, as a view.
func firstRows(t gru.Tensor, n int) gru.Tensor {
	k := len(t.Data) / t.Shape[0]
	return gru.Tensor{Shape: append([]int{n}, t.Shape[1:]...), Data: t.Data[:n*k]}
}

// trainContenders train the same model: fastgru's selected kernels, then its generic ones, which
// large rows leave out unless -all; generic must stay last for that.
var trainContenders = []contender{
	{name: "fastgru"},
	{name: "generic", slow: true, baseline: true, around: asGeneric},
}

// trainResult is one row of the training table, and of the JSON training.
type trainResult struct {
	Model   string                 `json:"model"`
	Batch   int                    `json:"batch"`
	Time    int                    `json:"time"`
	Input   int                    `json:"input"`
	Units   int                    `json:"units"`
	Outputs int                    `json:"outputs"`
	Flops   float64                `json:"flops"` // per step: the forward's products, three times
	Results map[string]trainTiming `json:"results"`
	// EpochSamples is the epoch that epoch_seconds time, where the row has one.
	EpochSamples int `json:"epoch_samples,omitempty"`
	// TFJSQuoted is TF.js 4.22's wasm seconds per epoch at 1 thread: quoted, not measured, and
	// given only with -threads 1.
	TFJSQuoted float64            `json:"tfjs_4_22_wasm_quoted_epoch_seconds,omitempty"`
	Ratios     map[string]float64 `json:"ratios,omitempty"` // "fastgru/generic" per step, "fastgru/TF.js" per epoch: fastgru's speed-up
}

type trainTiming struct {
	Microseconds     float64 `json:"microseconds,omitempty"` // per TrainOnBatch
	SamplesPerSecond float64 `json:"samples_per_second,omitempty"`
	GFLOPS           float64 `json:"gflops,omitempty"`
	PercentPeak      float64 `json:"percent_of_peak,omitempty"`
	EpochSeconds     float64 `json:"epoch_seconds,omitempty"` // one Fit of epoch_samples
	Skipped          bool    `json:"skipped,omitempty"`
}

const (
	tfjsColumn = "TF.js 4.22"
	tfjsRatio  = "fastgru/TF.js"
)

// newTrainResult turns measure's best seconds per step and per epoch (0, or missing past the
// contenders timed: skipped) into rates and ratios. The first contender, fastgru, is never skipped.
func newTrainResult(r trainRow, step, epoch []float64, peak float64, quoteTFJS bool) trainResult {
	res := trainResult{Model: r.name, Batch: r.batch, Time: r.time, Input: r.in, Units: r.units,
		Outputs: trainOutputs, Flops: r.flops(), Results: map[string]trainTiming{}, Ratios: map[string]float64{}}
	if len(epoch) > 0 {
		res.EpochSamples = epochSamples
	}
	for i, c := range trainContenders {
		if i >= len(step) || step[i] == 0 {
			res.Results[c.name] = trainTiming{Skipped: true}
			continue
		}
		t := trainTiming{Microseconds: step[i] * 1e6, SamplesPerSecond: float64(r.batch) / step[i],
			GFLOPS: r.flops() / step[i] / 1e9}
		if peak > 0 {
			t.PercentPeak = 100 * t.GFLOPS / peak
		}
		if i < len(epoch) {
			t.EpochSeconds = epoch[i]
		}
		res.Results[c.name] = t
	}
	first := res.Results[trainContenders[0].name]
	for _, c := range trainContenders {
		if base := res.Results[c.name]; c.baseline && !base.Skipped {
			res.Ratios[ratioName(trainContenders[0], c)] = base.Microseconds / first.Microseconds
		}
	}
	if quoteTFJS && r.tfjsEpoch > 0 && first.EpochSeconds > 0 {
		res.TFJSQuoted = r.tfjsEpoch
		res.Ratios[tfjsRatio] = r.tfjsEpoch / first.EpochSeconds
	}
	return res
}

// timeTraining times and prints the training table: per row, interleaved TrainOnBatch steps on
// one batch, then, where TF.js has a figure, interleaved Fits of one epoch. Each model is built
// just before its row and dropped after.
func timeTraining(w io.Writer, rows []trainRow, o options, peak float64) ([]trainResult, error) {
	results := make([]trainResult, 0, len(rows))
	if len(rows) == 0 {
		return results, nil
	}
	quoteTFJS := o.threads == 1 // the TF.js figures are 1-thread
	t := newTrainTable(w, rows, quoteTFJS)
	t.header()
	for _, r := range rows {
		samples := 0
		if r.tfjsEpoch > 0 {
			samples = epochSamples
		}
		m, err := r.build(samples)
		if err != nil {
			return nil, fmt.Errorf("training %s: %w", r.name, err)
		}
		timed := trainContenders
		if r.large && !o.all {
			timed = slices.DeleteFunc(slices.Clone(trainContenders), func(c contender) bool { return c.slow })
		}
		// A failed step (a non-finite loss) stops the row's calls; its error ends the table.
		var trainErr error
		step := measure(timed, func(contender) {
			if trainErr == nil {
				_, trainErr = m.seq.TrainOnBatch(m.xb, m.yb)
			}
		}, o)
		var epoch []float64
		if r.tfjsEpoch > 0 {
			// Shuffled, as Keras' and TF.js' fit are by default.
			fit := gru.FitOptions{BatchSize: r.batch, Shuffle: true, Seed: 1}
			epoch = measure(timed, func(contender) {
				if trainErr == nil {
					_, trainErr = m.seq.Fit(m.x, m.y, fit)
				}
			}, o)
		}
		if trainErr != nil {
			return nil, fmt.Errorf("training %s: %w", r.name, trainErr)
		}
		res := newTrainResult(r, step, epoch, peak, quoteTFJS)
		results = append(results, res)
		t.row(res)
	}
	t.footer()
	return results, nil
}

// trainTable prints the training rows as they are measured, in columns sized beforehand.
type trainTable struct {
	w         io.Writer
	width     int // of the row column
	quoteTFJS bool
	names     []string // of the rows, for the progress line
}

func newTrainTable(w io.Writer, rows []trainRow, quoteTFJS bool) trainTable {
	t := trainTable{w: w, width: len("training"), quoteTFJS: quoteTFJS}
	for _, r := range rows {
		t.width = max(t.width, len(r.name))
		t.names = append(t.names, r.name)
	}
	return t
}

// trainColumns lays out one contender's columns: µs per step, samples/s, GFLOP/s, % of peak,
// seconds per epoch.
const trainColumns = " %10s %9s %7s %6s %7s"

func (t trainTable) header() {
	var top, units strings.Builder
	fmt.Fprintf(&top, "%-*s", t.width, "training")
	fmt.Fprintf(&units, "%-*s", t.width, "")
	for _, c := range trainContenders {
		fmt.Fprintf(&top, trainColumns, c.name, "", "", "", "")
		fmt.Fprintf(&units, trainColumns, "µs/step", "samples/s", "GFLOP/s", "%peak", "epoch s")
	}
	for _, c := range trainContenders {
		if c.baseline {
			name := ratioName(trainContenders[0], c)
			fmt.Fprintf(&top, "  %s", name)
			fmt.Fprintf(&units, "  %*s", len(name), "")
		}
	}
	if t.quoteTFJS {
		fmt.Fprintf(&top, "  %s  %s", tfjsColumn, tfjsRatio)
		fmt.Fprintf(&units, "  %*s", len(tfjsColumn), "epoch s")
	}
	fmt.Fprintln(t.w, strings.TrimRight(top.String(), " "))
	fmt.Fprintln(t.w, strings.TrimRight(units.String(), " "))
	showRow(t.w, "training", t.names, 0)
}

func (t trainTable) row(r trainResult) {
	fmt.Fprintf(t.w, "%-*s", t.width, r.Model)
	for _, c := range trainContenders {
		res := r.Results[c.name]
		fmt.Fprintf(t.w, trainColumns, number(res.Microseconds, "%.0f"), number(res.SamplesPerSecond, "%.0f"),
			number(res.GFLOPS, "%.2f"), number(res.PercentPeak, "%.1f"), number(res.EpochSeconds, "%.3f"))
	}
	for _, c := range trainContenders {
		if c.baseline {
			name := ratioName(trainContenders[0], c)
			fmt.Fprintf(t.w, "  %*s", len(name), number(r.Ratios[name], "%.2f"))
		}
	}
	if t.quoteTFJS {
		fmt.Fprintf(t.w, "  %*s  %*s", len(tfjsColumn), number(r.TFJSQuoted, "%.2f"), len(tfjsRatio), number(r.Ratios[tfjsRatio], "%.2f"))
	}
	fmt.Fprintln(t.w)
	showRow(t.w, "training", t.names, slices.Index(t.names, r.Model)+1)
}

// footer says what the rows train, what the rates count and where the TF.js figures come from.
func (t trainTable) footer() {
	dash := "not measured (generic on the gru-* rows without -all; their epochs), no peak probe"
	if t.quoteTFJS {
		dash += ", or no TF.js figure"
	}
	fmt.Fprintf(t.w, "\n- : %s\n", dash)
	fmt.Fprintf(t.w, "Each step is one TrainOnBatch: categorical cross-entropy, RMSprop with Keras' defaults, weights\n"+
		"from InitWeights(1), inputs and targets uniform in [0, 1). seed-*: the question's models, batch %d\n"+
		"of Input(64, 15) → GRU(16) → Dense(8) (TimeDistributed in seed-td8, on the last step only in\n"+
		"seed-last-dense8) → softmax; gru-B…-T…-I…-H…-td8: a GRU returning every step →\n"+
		"TimeDistributed(Dense(8)) → softmax. Every GRU has reset_after=false.\n"+
		"GFLOP/s counts the forward's products three times, the backward's being twice the forward's:\n"+
		"3·(2·B·T·I·3H + 2·B·T·H·3H + 2·B·T'·H·8), T' = 1 for seed-last-dense8, T otherwise.\n"+
		"epoch s: one Fit of %d samples (%d batches of %d, one of %d), shuffled as Keras' and TF.js' fit\n"+
		"are by default. fastgru/X: fastgru's speed-up, X's time over fastgru's.\n",
		seedBatch, epochSamples, epochSamples/seedBatch, seedBatch, epochSamples%seedBatch)
	if t.quoteTFJS {
		fmt.Fprintf(t.w, "%s: the wasm backend's seconds per epoch at 1 thread, as reported for the question's\n"+
			"models; quoted, not measured in this run, nor necessarily on this machine.\n", tfjsColumn)
		return
	}
	fmt.Fprintln(t.w, "The quoted TF.js figures are 1-thread; they show with -threads 1 only.")
}
