package main

import (
	"encoding/xml"
	"errors"
	"image"
	_ "image/png" // for image.DecodeConfig
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// fixedReport is a small run's results: three GEMM rows (gonum skipped on the largest), two
// models (ORT skipped on one), two training rows and, with gpu, two GPU columns, one of which
// overtakes fastgru from the middle row up and one never does.
func fixedReport(gpu bool) report {
	r := report{machine: machine{CPU: "Test CPU 9000", Threads: 2, Selected: "avx512", CorePeak: 100, Peak: 200,
		Date: time.Date(2025, 6, 7, 8, 9, 10, 0, time.UTC)}}
	cpu := []string{"fastgru", "avx2", "generic", "gonum", "openblas", "blis"}
	r.Columns.Rows = cpu
	r.Columns.Models = []string{"fastgru", "avx2", "generic", ortName}
	r.Columns.Training = []string{"fastgru", "avx2", "generic"}
	if gpu {
		r.GPU = "Test GPU 100"
		r.Columns.Rows = append(slices.Clone(cpu), "cuda-fp32", "cuda-tf32")
		r.Columns.Models = append(r.Columns.Models, "cuda-fp32", "cuda-tf32")
	}
	for i, shape := range []string{"square-64x64x64", "square-256x256x256", "square-1024x1024x1024"} {
		n := 64 << (2 * i)
		row := rowResult{Shape: shape, M: n, K: n, N: n, Flops: 2 * float64(n*n*n), Results: map[string]result{}}
		for s, name := range cpu {
			row.Results[name] = result{GFLOPS: 150 / float64(s+1)}
		}
		if i == 2 {
			row.Results["gonum"] = result{Skipped: true}
		}
		if gpu {
			row.Results["cuda-fp32"] = result{GFLOPS: []float64{20, 400, 9000}[i]}
			row.Results["cuda-tf32"] = result{GFLOPS: []float64{200, 100, 90}[i]}
		}
		r.Rows = append(r.Rows, row)
	}
	for i, model := range []string{"seed-td15", "gru-B32-T64-I128-H256"} {
		m := modelResult{Model: model, Results: map[string]timing{}}
		for s, name := range r.Columns.Models {
			m.Results[name] = timing{Microseconds: 13 * float64(s+1) * float64(1+999*i)}
		}
		if i == 1 {
			m.Results[ortName] = timing{Skipped: true}
		}
		r.Models = append(r.Models, m)
	}
	for i, row := range []string{"seed-td8", "gru-B32-T64-I128-H256-td8"} {
		tr := trainResult{Model: row, Results: map[string]trainTiming{}}
		for s, name := range r.Columns.Training {
			tr.Results[name] = trainTiming{Microseconds: 1500 * float64(s+1) * float64(1+20*i)}
		}
		r.Training = append(r.Training, tr)
	}
	if gpu {
		r.GPUCrossover = crossovers(r.Rows, []string{"cuda-fp32", "cuda-tf32"})
	}
	return r
}

func TestCrossovers(t *testing.T) {
	got := fixedReport(true).GPUCrossover
	want := []crossover{{Contender: "cuda-fp32", Shape: "square-256x256x256", Flops: 2 * 256 * 256 * 256}, {Contender: "cuda-tf32"}}
	if !slices.Equal(got, want) {
		t.Errorf("crossovers %+v, want %+v", got, want)
	}
	// A GPU that wins a middle row but loses the largest has no crossover.
	r := fixedReport(true)
	r.Rows[2].Results["cuda-fp32"] = result{GFLOPS: 1}
	if got := crossovers(r.Rows, []string{"cuda-fp32"}); got[0].Shape != "" {
		t.Errorf("a GPU slower on the largest row crosses over at %+v", got[0])
	}
}

// TestCharts draws the fixed results into a directory that does not exist yet and reads every
// file back: each SVG is XML with an <svg> root and names every series, the machine and the
// date; each PNG decodes.
func TestCharts(t *testing.T) {
	for _, gpu := range []bool{false, true} {
		r := fixedReport(gpu)
		dir := filepath.Join(t.TempDir(), "charts", "new")
		files, err := writeCharts(dir, r)
		if err != nil {
			t.Fatal(err)
		}
		charts := map[string][]string{
			"gemm":     append(slices.Clone(r.Columns.Rows), "peak: 2 × 100.0 GFLOP/s (avx512 FMA probe)", "square-1024x1024x1024"),
			"models":   append(slices.Clone(r.Columns.Models), "gru-B32-T64-I128-H256"),
			"training": append(slices.Clone(r.Columns.Training), "gru-B32-T64-I128-H256-td8"),
		}
		if gpu {
			charts["gpu-crossover"] = []string{"fastgru (CPU)", "cuda-fp32 (GPU)", "cuda-tf32 (GPU)", "cuda-fp32 faster from square-256x256x256 up"}
		}
		var want []string
		for name := range charts {
			want = append(want, filepath.Join(dir, name+".svg"), filepath.Join(dir, name+".png"))
		}
		if slices.Sort(want); !slices.Equal(slices.Sorted(slices.Values(files)), want) {
			t.Errorf("gpu %v: wrote %v, want %v", gpu, files, want)
		}
		for name, series := range charts {
			texts := svgTexts(t, filepath.Join(dir, name+".svg"))
			for _, s := range series {
				if !slices.Contains(texts, s) {
					t.Errorf("gpu %v: %s.svg lacks %q; its texts: %q", gpu, name, s, texts)
				}
			}
			machine := []string{"Test CPU 9000, 2 threads", "2025-06-07"}
			if gpu {
				machine = append(machine, "Test GPU 100")
			}
			for _, s := range machine {
				if !containsIn(texts, s) {
					t.Errorf("gpu %v: %s.svg's title lacks %q; its texts: %q", gpu, name, s, texts)
				}
			}
			if containsIn(texts, "cuda-tf32 faster") {
				t.Errorf("%s.svg marks a crossover of cuda-tf32, which is never faster", name)
			}
			f, err := os.Open(filepath.Join(dir, name+".png"))
			if err != nil {
				t.Fatal(err)
			}
			cfg, format, err := image.DecodeConfig(f)
			f.Close()
			if err != nil || format != "png" || cfg.Width < 400 || cfg.Height < 300 {
				t.Errorf("%s.png: %v %s %dx%d", name, err, format, cfg.Width, cfg.Height)
			}
		}
	}
}

// TestChartsOfTablesRun draws no chart of a table that did not run.
func TestChartsOfTablesRun(t *testing.T) {
	r := fixedReport(false)
	r.Rows, r.Training = nil, nil
	dir := t.TempDir()
	files, err := writeCharts(dir, r)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{filepath.Join(dir, "models.svg"), filepath.Join(dir, "models.png")}; !slices.Equal(files, want) {
		t.Errorf("wrote %v, want %v", files, want)
	}
}

// svgTexts parses an SVG file as XML, checks that its root is <svg>, and returns the text of its
// elements, trimmed.
func svgTexts(t *testing.T, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	d := xml.NewDecoder(f)
	var texts []string
	root := ""
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if root == "" {
				root = tok.Name.Local
			}
		case xml.CharData:
			if s := strings.TrimSpace(string(tok)); s != "" {
				texts = append(texts, s)
			}
		}
	}
	if root != "svg" {
		t.Errorf("%s: root element <%s>, want <svg>", path, root)
	}
	return texts
}

// containsIn reports whether one of texts contains s, as a title line holds the machine.
func containsIn(texts []string, s string) bool {
	return slices.ContainsFunc(texts, func(text string) bool { return strings.Contains(text, s) })
}
