package main

import "gonum.org/v1/plot/vg"

// modelsChart shows each contender's µs per call of every GRU model.
func modelsChart(r report) *chart {
	names := r.Columns.Models
	values := make([][]float64, len(names))
	var models []string
	for _, row := range r.Models {
		models = append(models, row.Model)
		for s, name := range names {
			values[s] = append(values[s], row.Results[name].Microseconds)
		}
	}
	return timesChart("GRU models: µs per call (Predict), lower is better", "µs per call", r.machine, names, models, values)
}

// trainingChart shows each contender's µs per training step (one TrainOnBatch) of every row of
// the training table.
func trainingChart(r report) *chart {
	names := r.Columns.Training
	values := make([][]float64, len(names))
	var rows []string
	for _, row := range r.Training {
		rows = append(rows, row.Model)
		for s, name := range names {
			values[s] = append(values[s], row.Results[name].Microseconds)
		}
	}
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
