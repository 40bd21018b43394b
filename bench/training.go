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
	// large rows time generic and the peers only with -all: a warm-up call alone would take many
	// seconds.
	large bool
	epoch bool // the row also times a Fit of epochSamples: the question's models
}

const trainOutputs = 8 // every row's Dense(8)

var trainRows = []trainRow{
	{name: "seed-td8", batch: seedBatch, time: 64, in: 15, units: 16, timeDistributed: true, epoch: true},
	{name: "seed-dense8", batch: seedBatch, time: 64, in: 15, units: 16, epoch: true},
	{name: "seed-last-dense8", batch: seedBatch, time: 64, in: 15, units: 16, lastOnly: true, epoch: true},
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
// inputs uniform in [0, 1) and one-hot targets.
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
	zeros := func(shape ...int) gru.Tensor {
		n := 1
		for _, d := range shape {
			n *= d
		}
		return gru.Tensor{Shape: shape, Data: make([]float32, n)}
	}
	uniform := func(shape ...int) gru.Tensor {
		t := zeros(shape...)
		for i := range t.Data {
			t.Data[i] = rng.Float32()
		}
		return t
	}
	oneHot := func(shape ...int) gru.Tensor {
		t := zeros(shape...)
		for i := 0; i < len(t.Data); i += trainOutputs {
			t.Data[i+rng.IntN(trainOutputs)] = 1
		}
		return t
	}
	samples = max(samples, r.batch)
	m := &trainModel{seq: seq, x: uniform(samples, r.time, r.in)}
	if r.lastOnly {
		m.y = oneHot(samples, trainOutputs)
	} else {
		m.y = oneHot(samples, r.time, trainOutputs)
	}
	m.xb, m.yb = firstRows(m.x, r.batch), firstRows(m.y, r.batch)
	return m, nil
}

// firstRows returns t's first n samples, as a view.
func firstRows(t gru.Tensor, n int) gru.Tensor {
	k := len(t.Data) / t.Shape[0]
	return gru.Tensor{Shape: append([]int{n}, t.Shape[1:]...), Data: t.Data[:n*k]}
}

// trainContenders train the same model: fastgru's selected kernels, then its generic ones, then,
// when built in, the peers: the same model in another runtime (tfjs.go appends TF.js).
var trainContenders = []contender{
	{name: "fastgru"},
	{name: "generic", slow: true, baseline: true, around: asGeneric},
}

// trainPeer is a row's model trained in another runtime, each of its calls timed as one of
// fastgru's is.
type trainPeer interface {
	step() error  // one step on one batch
	epoch() error // one epoch of every sample, in the row's batches, shuffled
	close()
}

// trainPeers start, by contender, the peers' copies of a row's model, given samples samples to
// train epochs on (at least one batch); tfjs.go adds TF.js.
var trainPeers = map[string]func(r trainRow, samples int) (trainPeer, error){}

const tfjsName = "TF.js" // the column

// trainNotes are the lines the training table's footer prints about its peer columns; tfjs.go
// replaces this one when it is built in.
var trainNotes = []string{"TF.js: no TensorFlow.js column in this build: bench/tfjs/install.sh, then go run -tags tfjs ./bench."}

// leftOutOfLarge reports whether c trains the large rows only with -all: generic, whose warm-up
// call alone would take many seconds there, and the peers, slower still.
func leftOutOfLarge(c contender) bool { return c.slow || trainPeers[c.name] != nil }

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
	// Ratios are fastgru's speed-ups per step over each baseline ("fastgru/generic",
	// "fastgru/TF.js"): its µs per step over fastgru's; EpochRatios the same per epoch.
	Ratios      map[string]float64 `json:"ratios,omitempty"`
	EpochRatios map[string]float64 `json:"epoch_ratios,omitempty"`
	// Notes say why a peer did not train the row.
	Notes []string `json:"notes,omitempty"`
}

type trainTiming struct {
	Microseconds     float64 `json:"microseconds,omitempty"` // per TrainOnBatch
	SamplesPerSecond float64 `json:"samples_per_second,omitempty"`
	GFLOPS           float64 `json:"gflops,omitempty"`
	PercentPeak      float64 `json:"percent_of_peak,omitempty"`
	EpochSeconds     float64 `json:"epoch_seconds,omitempty"` // one Fit of epoch_samples
	Skipped          bool    `json:"skipped,omitempty"`
}

// newTrainResult turns the best seconds per step and per epoch of each of trainContenders (0:
// skipped; epoch nil for a row without epochs) into rates and ratios. The first contender,
// fastgru, is never skipped.
func newTrainResult(r trainRow, step, epoch []float64, peak float64) trainResult {
	res := trainResult{Model: r.name, Batch: r.batch, Time: r.time, Input: r.in, Units: r.units,
		Outputs: trainOutputs, Flops: r.flops(), Results: map[string]trainTiming{},
		Ratios: map[string]float64{}, EpochRatios: map[string]float64{}}
	if epoch != nil {
		res.EpochSamples = epochSamples
	}
	for i, c := range trainContenders {
		if step[i] == 0 {
			res.Results[c.name] = trainTiming{Skipped: true}
			continue
		}
		t := trainTiming{Microseconds: step[i] * 1e6, SamplesPerSecond: float64(r.batch) / step[i],
			GFLOPS: r.flops() / step[i] / 1e9}
		if peak > 0 {
			t.PercentPeak = 100 * t.GFLOPS / peak
		}
		if epoch != nil {
			t.EpochSeconds = epoch[i]
		}
		res.Results[c.name] = t
	}
	first := res.Results[trainContenders[0].name]
	for _, c := range trainContenders {
		base := res.Results[c.name]
		if !c.baseline || base.Skipped {
			continue
		}
		name := ratioName(trainContenders[0], c)
		res.Ratios[name] = base.Microseconds / first.Microseconds
		if base.EpochSeconds > 0 {
			res.EpochRatios[name] = base.EpochSeconds / first.EpochSeconds
		}
	}
	return res
}

// timeTraining times and prints the training table: per row, interleaved TrainOnBatch steps on
// one batch, then, for the question's models, interleaved Fits of one epoch. Each model, and
// each peer's copy, is built just before its row and dropped after.
func timeTraining(w io.Writer, rows []trainRow, o options, peak float64) ([]trainResult, error) {
	results := make([]trainResult, 0, len(rows))
	if len(rows) == 0 {
		return results, nil
	}
	t := newTrainTable(w, rows)
	t.header()
	for _, r := range rows {
		samples := 0
		if r.epoch {
			samples = epochSamples
		}
		m, err := r.build(samples)
		if err != nil {
			return nil, fmt.Errorf("training %s: %w", r.name, err)
		}
		timed := trainContenders
		if r.large && !o.all {
			timed = slices.DeleteFunc(slices.Clone(trainContenders), leftOutOfLarge)
		}
		peers, failed := startPeers(r, m.x.Shape[0], timed)
		timed = slices.DeleteFunc(slices.Clone(timed), func(c contender) bool { return failed[c.name] != nil })
		// A failed step of fastgru's (a non-finite loss) stops its calls, and its error ends the
		// table; a peer's stops the peer's calls and leaves it out of the row.
		var trainErr error
		train := func(c contender, peerCall func(trainPeer) error, call func() error) {
			if p := peers[c.name]; p != nil {
				if failed[c.name] == nil {
					failed[c.name] = peerCall(p)
				}
			} else if trainErr == nil {
				trainErr = call()
			}
		}
		step := measure(timed, func(c contender) {
			train(c, trainPeer.step, func() error {
				_, err := m.seq.TrainOnBatch(m.xb, m.yb)
				return err
			})
		}, o)
		var epoch []float64
		if r.epoch {
			// Shuffled, as Keras' and TF.js' fit are by default.
			fit := gru.FitOptions{BatchSize: r.batch, Shuffle: true, Seed: 1}
			epoch = measure(timed, func(c contender) {
				train(c, trainPeer.epoch, func() error {
					_, err := m.seq.Fit(m.x, m.y, fit)
					return err
				})
			}, o)
		}
		for _, p := range peers {
			p.close()
		}
		if trainErr != nil {
			return nil, fmt.Errorf("training %s: %w", r.name, trainErr)
		}
		res := newTrainResult(r, byContender(timed, step, failed), byContender(timed, epoch, failed), peak)
		for _, c := range trainContenders {
			if err := failed[c.name]; err != nil {
				res.Notes = append(res.Notes, fmt.Sprintf("%s: %s not timed: %v", c.name, r.name, err))
			}
		}
		results = append(results, res)
		t.row(res)
	}
	t.footer(results)
	return results, nil
}

// startPeers starts the timed peers' copies of r's model, with samples samples; failed holds why
// a peer could not start, and takes why one fails later.
func startPeers(r trainRow, samples int, timed []contender) (peers map[string]trainPeer, failed map[string]error) {
	peers, failed = map[string]trainPeer{}, map[string]error{}
	for _, c := range timed {
		if start := trainPeers[c.name]; start != nil {
			p, err := start(r, samples)
			if err != nil {
				failed[c.name] = err
				continue
			}
			peers[c.name] = p
		}
	}
	return peers, failed
}

// byContender lays out measure's seconds for the timed contenders by trainContenders: 0 for a
// contender not timed or whose peer failed. nil stays nil.
func byContender(timed []contender, best []float64, failed map[string]error) []float64 {
	if best == nil {
		return nil
	}
	all := make([]float64, len(trainContenders))
	for i, c := range timed {
		if failed[c.name] == nil {
			all[slices.IndexFunc(trainContenders, func(t contender) bool { return t.name == c.name })] = best[i]
		}
	}
	return all
}

// trainTable prints the training rows as they are measured, in columns sized beforehand.
type trainTable struct {
	w     io.Writer
	width int      // of the row column
	names []string // of the rows, for the progress line
}

func newTrainTable(w io.Writer, rows []trainRow) trainTable {
	t := trainTable{w: w, width: len("training")}
	for _, r := range rows {
		t.width = max(t.width, len(r.name))
		t.names = append(t.names, r.name)
	}
	return t
}

// trainColumns lays out one contender's columns: µs per step, samples/s, GFLOP/s, % of peak,
// seconds per epoch.
const trainColumns = " %10s %9s %7s %6s %7s"

// ratioWidth is the width of each of a speed-up's two columns, per step and per epoch, which
// together span its name.
func ratioWidth(name string) int { return max(6, len(name)/2) }

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
			w := ratioWidth(name)
			fmt.Fprintf(&top, "  %-*s", 2*w+1, name)
			fmt.Fprintf(&units, "  %*s %*s", w, "step", w, "epoch")
		}
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
			w := ratioWidth(name)
			fmt.Fprintf(t.w, "  %*s %*s", w, number(r.Ratios[name], "%.2f"), w, number(r.EpochRatios[name], "%.2f"))
		}
	}
	fmt.Fprintln(t.w)
	showRow(t.w, "training", t.names, slices.Index(t.names, r.Model)+1)
}

// footer says what the rows train, what the rates count, what the peer columns run, and why a
// peer left a row untimed.
func (t trainTable) footer(results []trainResult) {
	var large []string
	for _, c := range trainContenders {
		if leftOutOfLarge(c) {
			large = append(large, c.name)
		}
	}
	dash := fmt.Sprintf("not measured (%s on the gru-* rows without -all; their epochs), no peak probe", andList(large))
	if slices.ContainsFunc(results, func(r trainResult) bool { return len(r.Notes) > 0 }) {
		dash += ", or a row a column could not train (below)"
	}
	fmt.Fprintf(t.w, "\n- : %s\n", dash)
	fmt.Fprintf(t.w, "Each step is one TrainOnBatch: categorical cross-entropy, RMSprop with Keras' defaults, weights\n"+
		"from InitWeights(1), inputs uniform in [0, 1), one-hot targets. seed-*: the question's models,\n"+
		"batch %d of Input(64, 15) → GRU(16) → Dense(8) (TimeDistributed in seed-td8, on the last step\n"+
		"only in seed-last-dense8) → softmax; gru-B…-T…-I…-H…-td8: a GRU returning every step →\n"+
		"TimeDistributed(Dense(8)) → softmax. Every GRU has reset_after=false.\n"+
		"GFLOP/s counts the forward's products three times, the backward's being twice the forward's:\n"+
		"3·(2·B·T·I·3H + 2·B·T·H·3H + 2·B·T'·H·8), T' = 1 for seed-last-dense8, T otherwise.\n"+
		"epoch s: one Fit of %d samples (%d batches of %d, one of %d), shuffled as Keras' and TF.js' fit\n"+
		"are by default. fastgru/X: fastgru's speed-up, X's time over fastgru's, per step and per epoch.\n",
		seedBatch, epochSamples, epochSamples/seedBatch, seedBatch, epochSamples%seedBatch)
	for _, n := range trainNotes {
		fmt.Fprintln(t.w, n)
	}
	for _, r := range results {
		for _, n := range r.Notes {
			fmt.Fprintln(t.w, n)
		}
	}
}

// andList joins names as a sentence does: "a", "a and b", "a, b and c".
func andList(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}
