package main

import "gonum.org/v1/plot/vg"

// modelsChart shows each contender's µs per call of every GRU model.
func modelsChart(r report) *chart {
	names := r.Columns.Models
	models, values := chartSeries(names, r.Models, func(row modelResult) string { return row.Model },
		func(row modelResult, name string) float64 { return row.Results[name].Microseconds })
	return timesChart("GRU models: µs per call (Predict), lower is better", "µs per call", r.machine, names, models, values)
}

// trainingChart shows each contender's µs per training step (one TrainOnBatch) of every row of
// the training table.
func trainingChart(r report) *chart {
	names := r.Columns.Training
	rows, values := chartSeries(names, r.Training, func(row trainResult) string { return row.Model },
		func(row trainResult, name string) float64 { return row.Results[name].Microseconds })
	return timesChart("GRU training: µs per step (TrainOnBatch), lower is better", "µs per step", r.machine, names, rows, values)
}

// timesChart shows each of names' time in every category as points, on a log scale: the rows of
// the GRU tables take from microseconds to a second.
func timesChart(what, unit string, m machine, names, categories []string, values [][]float64) *chart {
	width := max(16*vg.Centimeter, vg.Length(len(categories))*2*vg.Centimeter+2*vg.Centimeter)
	c := newChart(what, m, width)
	c.nominalX(categories)
	c.Y.Label.Text = unit + " (log scale)"
	lo, hi := valueRange(values)
	logScale(&c.Y, lo, hi)
	c.dots(names, values)
	return c
}
