package main

import (
	"fmt"
	"io"
	"strings"
)

// modelResult is one GRU model's line of the table, and of the JSON models.
type modelResult struct {
	Model   string            `json:"model"`
	Batch   int               `json:"batch"`
	Time    int               `json:"time"`
	Input   int               `json:"input"`
	Units   int               `json:"units"`
	Flops   float64           `json:"flops"` // the GRU's only
	Results map[string]timing `json:"results"`
	// ORTQuoted is ONNX Runtime 1.30's CPU µs per call at 1 thread from an earlier measurement:
	// quoted, not measured, and given only with -threads 1.
	ORTQuoted float64            `json:"ort_1_30_quoted_microseconds,omitempty"`
	Ratios    map[string]float64 `json:"ratios,omitempty"` // "fastgru/generic", "fastgru/ORT": fastgru's speed-up
}

type timing struct {
	Microseconds float64 `json:"microseconds,omitempty"`
	GFLOPS       float64 `json:"gflops,omitempty"`
	Skipped      bool    `json:"skipped,omitempty"`
}

const (
	ortColumn = "ORT 1.30 (quoted)"
	ortRatio  = "fastgru/ORT"
)

// newModelResult turns measure's best seconds per call (0: skipped) into µs, rates and ratios.
// The first contender, fastgru, is never skipped.
func newModelResult(r modelRow, best []float64, quoteORT bool) modelResult {
	res := modelResult{Model: r.name, Batch: r.batch, Time: r.time, Input: r.in, Units: r.units, Flops: r.flops(),
		Results: map[string]timing{}, Ratios: map[string]float64{}}
	for i, c := range modelContenders {
		if best[i] == 0 {
			res.Results[c.name] = timing{Skipped: true}
			continue
		}
		res.Results[c.name] = timing{Microseconds: best[i] * 1e6, GFLOPS: r.flops() / best[i] / 1e9}
	}
	first := res.Results[modelContenders[0].name]
	for _, c := range modelContenders {
		if base := res.Results[c.name]; c.baseline && !base.Skipped {
			res.Ratios[ratioName(modelContenders[0], c)] = base.Microseconds / first.Microseconds
		}
	}
	if quoteORT && r.ortMicros > 0 {
		res.ORTQuoted = r.ortMicros
		res.Ratios[ortRatio] = r.ortMicros / first.Microseconds
	}
	return res
}

// modelTable prints the GRU rows as they are measured, in columns sized beforehand.
type modelTable struct {
	w        io.Writer
	width    int // of the model column
	quoteORT bool
}

func newModelTable(w io.Writer, rows []modelRow, quoteORT bool) modelTable {
	t := modelTable{w: w, width: len("model"), quoteORT: quoteORT}
	for _, r := range rows {
		t.width = max(t.width, len(r.name))
	}
	return t
}

func (t modelTable) header() {
	var top, units strings.Builder
	fmt.Fprintf(&top, "%-*s", t.width, "model")
	fmt.Fprintf(&units, "%-*s", t.width, "")
	for _, c := range modelContenders {
		fmt.Fprintf(&top, " %10s %8s", c.name, "")
		fmt.Fprintf(&units, " %10s %8s", "µs", "GFLOP/s")
	}
	for _, c := range modelContenders {
		if c.baseline {
			name := ratioName(modelContenders[0], c)
			fmt.Fprintf(&top, "  %s", name)
			fmt.Fprintf(&units, "  %*s", len(name), "")
		}
	}
	if t.quoteORT {
		fmt.Fprintf(&top, "  %s  %s", ortColumn, ortRatio)
		fmt.Fprintf(&units, "  %*s", len(ortColumn), "µs, quoted")
	}
	fmt.Fprintln(t.w, strings.TrimRight(top.String(), " "))
	fmt.Fprintln(t.w, strings.TrimRight(units.String(), " "))
}

func (t modelTable) row(r modelResult) {
	fmt.Fprintf(t.w, "%-*s", t.width, r.Model)
	for _, c := range modelContenders {
		res := r.Results[c.name]
		fmt.Fprintf(t.w, " %10s %8s", number(res.Microseconds, "%.1f"), number(res.GFLOPS, "%.2f"))
	}
	for _, c := range modelContenders {
		if c.baseline {
			name := ratioName(modelContenders[0], c)
			fmt.Fprintf(t.w, "  %*s", len(name), number(r.Ratios[name], "%.2f"))
		}
	}
	if t.quoteORT {
		fmt.Fprintf(t.w, "  %*s  %*s", len(ortColumn), number(r.ORTQuoted, "%.0f"), len(ortRatio), number(r.Ratios[ortRatio], "%.2f"))
	}
	fmt.Fprintln(t.w)
}

// footer says what the rows run, what the rates count and where the ORT figures come from.
func (t modelTable) footer() {
	dash := fmt.Sprintf("not measured (one call over %s; -all times it anyway)", slowCall)
	if t.quoteORT {
		dash += ", or no ORT figure quoted"
	}
	fmt.Fprintf(t.w, "\n- : %s\n", dash)
	fmt.Fprint(t.w, "Every GRU has reset_after=false (Keras 2, TF.js); seed-*: the question's models, batch 4 of\n"+
		"Input(64, 15) → GRU(16) → its head; gru-B…-T…-I…-H…: a GRU alone, returning every step.\n"+
		"GFLOP/s counts the GRU's products only, 2·B·T·I·3H + 2·B·T·H·3H.\n"+
		"fastgru/X: fastgru's speed-up, X's µs per call over fastgru's.\n")
	if t.quoteORT {
		fmt.Fprintf(t.w, "%s: ONNX Runtime 1.30's CPU µs per call at 1 thread from an earlier\n"+
			"measurement; quoted, not measured in this run, nor necessarily on this machine.\n", ortColumn)
		return
	}
	fmt.Fprintln(t.w, "The quoted ONNX Runtime figures are 1-thread; they show with -threads 1 only.")
}
