package main

import (
	"fmt"
	"image/color"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// writeCharts draws a chart of each table that ran into dir, made if missing, as SVG and PNG,
// and returns the files' paths.
func writeCharts(dir string, r report) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	var files []string
	for _, c := range []struct {
		name  string
		ran   bool
		chart func(report) *chart
	}{
		{"gemm", len(r.Rows) > 0, gemmChart},
		{"models", len(r.Models) > 0, modelsChart},
		{"training", len(r.Training) > 0, trainingChart},
		{"gpu-crossover", len(r.GPUCrossover) > 0, crossoverChart},
	} {
		if !c.ran {
			continue
		}
		saved, err := c.chart(r).save(filepath.Join(dir, c.name))
		files = append(files, saved...)
		if err != nil {
			return files, err
		}
	}
	return files, nil
}

// chart is one figure: a plot, and its legend in a column right of it, where it hides no data.
type chart struct {
	*plot.Plot
	legend      plot.Legend
	legendWidth vg.Length
	width       vg.Length
}

const chartHeight = 13 * vg.Centimeter

// newChart starts a chart of the given width, titled with what it shows and, below, the machine
// and the date of the run.
func newChart(what string, m machine, width vg.Length) *chart {
	plot.DefaultFont.Variant = "Sans" // for the plot and its legend: small text reads better than in plot's serif
	p := plot.New()
	threads := "1 thread"
	if m.Threads != 1 {
		threads = fmt.Sprintf("%d threads", m.Threads)
	}
	on := m.CPU + ", " + threads
	if m.GPU != "" {
		on += "; " + m.GPU
	}
	p.Title.Text = fmt.Sprintf("%s\n%s, %s", what, on, m.Date.Format("2006-01-02"))
	p.Title.Padding = vg.Points(8)
	c := &chart{Plot: p, legend: plot.NewLegend(), width: width}
	c.legend.Top, c.legend.Left, c.legend.Padding = true, true, vg.Points(2)
	return c
}

// series is what the charts draw: a plotter that also draws its legend entry's icon.
type series interface {
	plot.Plotter
	plot.Thumbnailer
}

// add draws ps, and lists them as one entry of the legend, name.
func (c *chart) add(name string, ps ...series) {
	for _, p := range ps {
		c.Add(p)
	}
	c.legend.Add(name, thumbnails(ps)...)
	c.legendWidth = max(c.legendWidth, c.legend.TextStyle.Width(name))
}

func thumbnails(ps []series) []plot.Thumbnailer {
	ts := make([]plot.Thumbnailer, len(ps))
	for i, p := range ps {
		ts[i] = p
	}
	return ts
}

// nominalX puts names under the x axis at 0, 1, …, slanted so that long names fit.
func (c *chart) nominalX(names []string) {
	c.NominalX(names...)
	c.Y.Padding = vg.Points(4)
	c.X.Min, c.X.Max = -0.5, float64(len(names))-0.5
	c.X.Tick.Label.Rotation = math.Pi / 6
	c.X.Tick.Label.XAlign, c.X.Tick.Label.YAlign = text.XRight, text.YCenter
}

// logScale puts an axis on a log scale over whole decades around lo and hi, so that labelled
// ticks end it.
func logScale(a *plot.Axis, lo, hi float64) {
	a.Scale, a.Tick.Marker = plot.LogScale{}, decades{}
	a.Min, a.Max = math.Pow(10, math.Floor(math.Log10(lo))), math.Pow(10, math.Ceil(math.Log10(hi)))
}

// decades are a log axis' ticks, its powers of ten labelled as 100000 and 1e6 rather than 1e+05
// and 1e+06.
type decades struct{}

func (decades) Ticks(min, max float64) []plot.Tick {
	ticks := plot.LogTicks{Prec: -1}.Ticks(min, max)
	for i, t := range ticks {
		if t.Label != "" {
			ticks[i].Label = strings.NewReplacer("e+0", "e", "e+", "e").Replace(strconv.FormatFloat(t.Value, 'g', -1, 64))
		}
	}
	return ticks
}

// dots draws, over categories 0, 1, …, one point per category for each of names, values[s][i]
// being names[s]'s figure for category i (0: none); each one's points are set a little apart
// from the others', so that equal figures stay visible.
func (c *chart) dots(names []string, values [][]float64) {
	for s, name := range names {
		var xys plotter.XYs
		for i, v := range values[s] {
			if v > 0 {
				xys = append(xys, plotter.XY{X: float64(i) + spread(s, len(names), 0.7), Y: v})
			}
		}
		if len(xys) == 0 {
			continue
		}
		dots, _ := plotter.NewScatter(xys) // the values are finite
		dots.GlyphStyle = glyph(s)
		c.add(name, dots)
	}
}

// spread is the offset of series s of n within a category spanning width, centred on it.
func spread(s, n int, width float64) float64 {
	return (float64(s) - float64(n-1)/2) * width / float64(n)
}

// palette colours the contenders: Tableau's ten, as a table has up to eight contenders and
// plotutil's seven colours would give two of them one.
var palette = []color.Color{
	color.RGBA{0x4e, 0x79, 0xa7, 0xff}, color.RGBA{0xf2, 0x8e, 0x2b, 0xff}, color.RGBA{0xe1, 0x57, 0x59, 0xff},
	color.RGBA{0x76, 0xb7, 0xb2, 0xff}, color.RGBA{0x59, 0xa1, 0x4f, 0xff}, color.RGBA{0xed, 0xc9, 0x48, 0xff},
	color.RGBA{0xb0, 0x7a, 0xa1, 0xff}, color.RGBA{0xff, 0x9d, 0xa7, 0xff}, color.RGBA{0x9c, 0x75, 0x5f, 0xff},
	color.RGBA{0xba, 0xb0, 0xac, 0xff},
}

// glyph is the look of series s: its colour, and for points its shape.
func glyph(s int) draw.GlyphStyle {
	return draw.GlyphStyle{Color: palette[s%len(palette)], Shape: plotutil.Shape(s), Radius: vg.Points(3.5)}
}

// chartSeries lays a table's rows out for a chart: each row's label, and for each of names its
// value in every row.
func chartSeries[R any](names []string, rows []R, label func(R) string, value func(row R, name string) float64) (labels []string, values [][]float64) {
	values = make([][]float64, len(names))
	for _, row := range rows {
		labels = append(labels, label(row))
		for s, name := range names {
			values[s] = append(values[s], value(row, name))
		}
	}
	return labels, values
}

// valueRange is the least and greatest positive figure of values; 1 and 10 where there is none.
func valueRange(values [][]float64) (lo, hi float64) {
	lo, hi = math.Inf(1), 0
	for _, vs := range values {
		for _, v := range vs {
			if v > 0 {
				lo, hi = min(lo, v), max(hi, v)
			}
		}
	}
	if hi == 0 {
		return 1, 10
	}
	return lo, hi
}

// save writes the chart to path.svg and path.png and returns the paths written.
func (c *chart) save(path string) ([]string, error) {
	legendWidth := c.legendWidth + c.legend.ThumbnailWidth + vg.Points(24)
	var files []string
	for _, format := range []string{"svg", "png"} {
		canvas, err := draw.NewFormattedCanvas(c.width+legendWidth, chartHeight, format)
		if err != nil {
			return files, err
		}
		dc := draw.New(canvas)
		dc.SetColor(color.White) // behind the legend too
		dc.Fill(dc.Rectangle.Path())
		c.Draw(draw.Crop(dc, 0, -legendWidth, 0, 0))
		// The legend starts level with the top of the plot, below the title.
		legend := draw.Crop(dc, c.width+vg.Points(8), 0, 0, -c.Title.TextStyle.Rectangle(c.Title.Text).Size().Y-c.Title.Padding)
		c.legend.Draw(legend)
		file := path + "." + format
		if err := writeFile(file, canvas); err != nil {
			return files, err
		}
		files = append(files, file)
	}
	return files, nil
}

func writeFile(path string, canvas vg.CanvasWriterTo) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	_, err = canvas.WriteTo(f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
