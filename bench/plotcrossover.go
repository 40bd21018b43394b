package main

import (
	"cmp"
	"fmt"
	"slices"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// crossoverChart shows, for the GEMM table's rows, fastgru's and each GPU column's µs per call
// against the product's size, both on log scales, and marks where each GPU column overtakes
// fastgru for good, as printCrossover prints it.
func crossoverChart(r report) *chart {
	rows := slices.SortedFunc(slices.Values(r.Rows), func(a, b rowResult) int { return cmp.Compare(a.Flops, b.Flops) })
	names := []string{"fastgru"}
	for _, x := range r.GPUCrossover {
		names = append(names, x.Contender)
	}
	c := newChart("GEMM on the CPU and the GPU: µs per call by size, lower is better; the GPU's with its copies", r.machine, 18*vg.Centimeter)
	c.X.Label.Text = "FLOPs per call, 2·M·K·N (log scale)"
	c.Y.Label.Text = "µs per call (log scale)"
	times := make([]plotter.XYs, len(names))
	var flops, micros []float64
	for s, name := range names {
		for _, row := range rows {
			if g := row.Results[name].GFLOPS; g > 0 {
				us := row.Flops / g / 1e3
				times[s] = append(times[s], plotter.XY{X: row.Flops, Y: us})
				flops, micros = append(flops, row.Flops), append(micros, us)
			}
		}
	}
	lo, hi := valueRange([][]float64{flops})
	logScale(&c.X, lo, hi)
	lo, hi = valueRange([][]float64{micros})
	logScale(&c.Y, lo, hi)
	for s, name := range names {
		if len(times[s]) == 0 {
			continue
		}
		// Each contender keeps its colour of the GEMM chart.
		look := slices.Index(r.Columns.Rows, name)
		line, points, _ := plotter.NewLinePoints(times[s]) // the times are finite
		line.Color, points.GlyphStyle = glyph(look).Color, glyph(look)
		where := " (GPU)"
		if s == 0 {
			where = " (CPU)"
		}
		c.add(name+where, line, points)
	}
	for _, x := range r.GPUCrossover {
		if x.Shape == "" {
			continue
		}
		mark, _ := plotter.NewLine(plotter.XYs{{X: x.Flops, Y: c.Y.Min}, {X: x.Flops, Y: c.Y.Max}})
		mark.Color = glyph(slices.Index(r.Columns.Rows, x.Contender)).Color
		mark.Dashes = []vg.Length{vg.Points(6), vg.Points(3)}
		c.add(fmt.Sprintf("%s faster from %s up", x.Contender, x.Shape), mark)
	}
	return c
}
