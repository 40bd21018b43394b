package main

import (
	"fmt"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// gemmChart shows each contender's GFLOP/s on every row of the GEMM table, and as a line the peak
// that its % columns divide by: as bars, or where there are GPU columns, whose rates dwarf the
// CPU's, as points on a log scale.
func gemmChart(r report) *chart {
	names := r.Columns.Rows
	shapes, values := chartSeries(names, r.Rows, func(row rowResult) string { return row.Shape },
		func(row rowResult, name string) float64 { return row.Results[name].GFLOPS })
	// Room for every contender's bar in each row, and for the y axis.
	width := max(16*vg.Centimeter, vg.Length(len(shapes))*(vg.Length(len(names))*0.22*vg.Centimeter+0.5*vg.Centimeter)+2*vg.Centimeter)
	c := newChart("GEMM: GFLOP/s of each product (2·M·K·N flops per call), higher is better", r.machine, width)
	c.nominalX(shapes)
	c.Y.Label.Text = "GFLOP/s"
	lo, hi := valueRange(values)
	if r.GPU != "" {
		logScale(&c.Y, lo, max(hi, r.Peak))
		c.dots(names, values)
	} else {
		c.bars(names, values)
		c.Y.Min, c.Y.Max = 0, 1.05*max(hi, r.Peak)
	}
	if r.Peak > 0 {
		peak, _ := plotter.NewLine(plotter.XYs{{X: c.X.Min, Y: r.Peak}, {X: c.X.Max, Y: r.Peak}})
		peak.Dashes = []vg.Length{vg.Points(6), vg.Points(3)}
		c.add(fmt.Sprintf("peak: %d × %.1f GFLOP/s (%s FMA probe)", r.Threads, r.CorePeak, r.Selected), peak)
	}
	return c
}

// bars draws, over categories 0, 1, …, one bar per category for each of names, values[s][i]
// being names[s]'s figure for category i; each category's bars stand side by side.
func (c *chart) bars(names []string, values [][]float64) {
	// The bars fill about 80% of the room between categories, the y axis taking about 2 cm.
	room := (c.width - 2*vg.Centimeter) / vg.Length(len(values[0]))
	w := 0.8 * room / vg.Length(len(names))
	for s, name := range names {
		b, _ := plotter.NewBarChart(plotter.Values(values[s]), w) // the width is positive, the values finite
		b.Offset = vg.Length(spread(s, len(names), 1)) * 0.8 * room
		b.Color = glyph(s).Color
		b.LineStyle.Width = 0
		c.add(name, b)
	}
}
