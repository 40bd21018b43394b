package main

import (
	"fmt"
	"io"
	"slices"
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
	// Ratios are speed-ups, "X/Y" being Y's µs per call over X's: "fastgru/generic",
	// "fastgru/ORT", and over ORT each other implementation fastgru has here, such as "avx2/ORT".
	Ratios map[string]float64 `json:"ratios,omitempty"`
}

type timing struct {
	Microseconds float64 `json:"microseconds,omitempty"`
	GFLOPS       float64 `json:"gflops,omitempty"`
	Skipped      bool    `json:"skipped,omitempty"`
}

// ratioColumn is a speed-up column: base's µs per call over fast's.
type ratioColumn struct{ name, fast, base string }

// modelRatios are fastgru's speed-ups over each baseline contender and, over ORT, those of every
// other implementation of fastgru's that has a column (the contenders after the first that run
// fastgru's CPU path and are neither slow nor baselines).
func modelRatios() []ratioColumn {
	var cols []ratioColumn
	first := modelContenders[0]
	for _, c := range modelContenders {
		if !c.baseline {
			continue
		}
		cols = append(cols, ratioColumn{ratioName(first, c), first.name, c.name})
		if c.name != ortName {
			continue
		}
		for _, v := range modelContenders[1:] {
			if !v.baseline && !v.slow && v.predict == nil {
				cols = append(cols, ratioColumn{ratioName(v, c), v.name, c.name})
			}
		}
	}
	return cols
}

// newModelResult turns measure's best seconds per call (0: skipped) into µs, rates and ratios.
// The first contender, fastgru, is never skipped.
func newModelResult(r modelRow, best []float64) modelResult {
	res := modelResult{Model: r.name, Batch: r.batch, Time: r.time, Input: r.in, Units: r.units, Flops: r.flops(),
		Results: map[string]timing{}, Ratios: map[string]float64{}}
	for i, c := range modelContenders {
		if best[i] == 0 {
			res.Results[c.name] = timing{Skipped: true}
			continue
		}
		res.Results[c.name] = timing{Microseconds: best[i] * 1e6, GFLOPS: r.flops() / best[i] / 1e9}
	}
	for _, col := range modelRatios() {
		if fast, base := res.Results[col.fast], res.Results[col.base]; !fast.Skipped && !base.Skipped {
			res.Ratios[col.name] = base.Microseconds / fast.Microseconds
		}
	}
	return res
}

// modelTable prints the GRU rows as they are measured, in columns sized beforehand.
type modelTable struct {
	w      io.Writer
	width  int // of the model column
	ratios []ratioColumn
	names  []string // of the rows, for the progress line
}

func newModelTable(w io.Writer, rows []modelRow) modelTable {
	t := modelTable{w: w, width: len("model"), ratios: modelRatios()}
	for _, r := range rows {
		t.width = max(t.width, len(r.name))
		t.names = append(t.names, r.name)
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
	for _, col := range t.ratios {
		fmt.Fprintf(&top, "  %s", col.name)
		fmt.Fprintf(&units, "  %*s", len(col.name), "")
	}
	fmt.Fprintln(t.w, strings.TrimRight(top.String(), " "))
	fmt.Fprintln(t.w, strings.TrimRight(units.String(), " "))
	showRow(t.w, "model", t.names, 0)
}

func (t modelTable) row(r modelResult) {
	fmt.Fprintf(t.w, "%-*s", t.width, r.Model)
	for _, c := range modelContenders {
		res := r.Results[c.name]
		fmt.Fprintf(t.w, " %10s %8s", number(res.Microseconds, "%.1f"), number(res.GFLOPS, "%.2f"))
	}
	for _, col := range t.ratios {
		fmt.Fprintf(t.w, "  %*s", len(col.name), number(r.Ratios[col.name], "%.2f"))
	}
	fmt.Fprintln(t.w)
	showRow(t.w, "model", t.names, slices.Index(t.names, r.Model)+1)
}

// footer says what the rows run, what the rates count and what the ORT column is, or why there
// is none.
func (t modelTable) footer() {
	fmt.Fprintf(t.w, "\n- : not measured (one call over %s; -all times it anyway)\n", slowCall)
	fmt.Fprint(t.w, "Every GRU has reset_after=false (Keras 2, TF.js); seed-*: the question's models, batch 4 of\n"+
		"Input(64, 15) → GRU(16) → its head; gru-B…-T…-I…-H…: a GRU alone, returning every step.\n"+
		"GFLOP/s counts the GRU's products only, 2·B·T·I·3H + 2·B·T·H·3H.\n"+
		"X/Y: X's speed-up, Y's µs per call over X's.\n")
	for _, n := range ortNotes {
		fmt.Fprintln(t.w, n)
	}
}
