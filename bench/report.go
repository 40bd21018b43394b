package main

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/fastgru/fastgru/internal/shapes"
)

// machine is what the numbers were measured on and how.
type machine struct {
	CPU             string   `json:"cpu"`
	GPU             string   `json:"gpu,omitempty"` // the device of the GPU columns (-tags cuda)
	Features        []string `json:"features"`
	GOMAXPROCS      int      `json:"gomaxprocs"`
	Threads         int      `json:"threads"`
	Implementations []string `json:"implementations"`
	Selected        string   `json:"selected"`
	// CorePeak is one core's measured float32 FMA GFLOP/s at the vector width of the selected
	// implementation; 0 where no probe exists. Peaks has every implementation's probe.
	CorePeak float64            `json:"peak_gflops_per_core"`
	Peaks    map[string]float64 `json:"peak_gflops_per_core_by_implementation,omitempty"`
	// Peak is the ceiling that every % of peak divides by: one core's peak for every thread.
	Peak    float64   `json:"peak_gflops"`
	Reps    int       `json:"reps"`
	MinTime string    `json:"mintime"`
	Date    time.Time `json:"date"` // when the run started
}

// report is everything a run measured: what -json prints and -plot draws.
type report struct {
	machine
	Versions map[string]string `json:"versions"`
	// Columns are each table's contenders in the order the table prints them, fastgru first.
	Columns struct {
		Rows     []string `json:"rows"`
		Models   []string `json:"models"`
		Training []string `json:"training"`
	} `json:"columns"`
	Rows     []rowResult   `json:"rows"`
	Models   []modelResult `json:"models"`
	Training []trainResult `json:"training"`
	// GPUCrossover is, for each GPU column of the GEMM table, where it overtakes fastgru.
	GPUCrossover []crossover `json:"gpu_crossover,omitempty"`
	// ORTNotes are what the GRU table's footer says of the ORT column: its version or why there
	// is none, and each row it did not time or whose output drifted.
	ORTNotes []string `json:"ort_notes,omitempty"`
}

// crossover is the smallest product, in the GEMM table, from which on a GPU column (copies
// included) beats fastgru on this CPU in every larger row; Shape is empty where there is none.
type crossover struct {
	Contender string  `json:"contender"`
	Shape     string  `json:"shape,omitempty"`
	Flops     float64 `json:"flops,omitempty"`
}

// crossovers finds the crossover of each of the named GPU columns.
func crossovers(results []rowResult, gpuColumns []string) []crossover {
	var cs []crossover
	for _, name := range gpuColumns {
		c := crossover{Contender: name}
		for _, r := range results {
			g, f := r.Results[name].GFLOPS, r.Results["fastgru"].GFLOPS
			if g > f && (c.Shape == "" || r.Flops < c.Flops) && beatsAbove(results, name, r.Flops) {
				c.Shape, c.Flops = r.Shape, r.Flops
			}
		}
		cs = append(cs, c)
	}
	return cs
}

// beatsAbove reports whether the GPU column wins every row of at least flops.
func beatsAbove(results []rowResult, name string, flops float64) bool {
	for _, r := range results {
		if r.Flops >= flops && r.Results[name].GFLOPS <= r.Results["fastgru"].GFLOPS {
			return false
		}
	}
	return true
}

// rowResult is one shape's line of the table, and of the JSON rows.
type rowResult struct {
	Shape   string             `json:"shape"`
	M       int                `json:"m"`
	K       int                `json:"k"`
	N       int                `json:"n"`
	Flops   float64            `json:"flops"`
	Results map[string]result  `json:"results"`
	Ratios  map[string]float64 `json:"ratios,omitempty"` // "fastgru/gonum": fastgru's speed-up
}

type result struct {
	GFLOPS      float64 `json:"gflops,omitempty"`
	PercentPeak float64 `json:"percent_of_peak,omitempty"`
	Skipped     bool    `json:"skipped,omitempty"`
}

// newRowResult turns measure's best seconds per call (0: skipped) into rates and ratios.
func newRowResult(cs []contender, s shapes.Shape, best []float64, peak float64) rowResult {
	r := rowResult{Shape: s.String(), M: s.M, K: s.K, N: s.N, Flops: s.Flops(),
		Results: map[string]result{}, Ratios: map[string]float64{}}
	for i, c := range cs {
		if best[i] == 0 {
			r.Results[c.name] = result{Skipped: true}
			continue
		}
		res := result{GFLOPS: s.Flops() / best[i] / 1e9}
		if peak > 0 {
			res.PercentPeak = 100 * res.GFLOPS / peak
		}
		r.Results[c.name] = res
	}
	for _, c := range cs {
		if first, base := r.Results[cs[0].name], r.Results[c.name]; c.baseline && !first.Skipped && !base.Skipped {
			r.Ratios[ratioName(cs[0], c)] = first.GFLOPS / base.GFLOPS
		}
	}
	return r
}

func ratioName(a, b contender) string { return a.name + "/" + b.name }

func printMachine(w io.Writer, m machine) {
	fmt.Fprintf(w, "CPU:             %s\n", m.CPU)
	fmt.Fprintf(w, "features:        %s\n", strings.Join(m.Features, " "))
	fmt.Fprintf(w, "GOMAXPROCS:      %d, timing with %d thread(s)\n", m.GOMAXPROCS, m.Threads)
	fmt.Fprintf(w, "implementations: %s (fastgru runs %s)\n", strings.Join(m.Implementations, ", "), m.Selected)
	if m.CorePeak > 0 {
		fmt.Fprintf(w, "peak:            %.1f GFLOP/s per core (%s FMA probe), %.1f for %d thread(s); every %%peak is of it\n",
			m.CorePeak, m.Selected, m.Peak, m.Threads)
		for _, name := range m.Implementations {
			if g := m.Peaks[name]; g > 0 && name != m.Selected {
				fmt.Fprintf(w, "                 %.1f GFLOP/s per core (%s FMA probe)\n", g, name)
			}
		}
	} else {
		fmt.Fprintf(w, "peak:            unknown (no FMA probe for %s on this CPU)\n", m.Selected)
	}
	fmt.Fprintf(w, "timing:          best of %d interleaved rounds of at least %s per contender\n\n", m.Reps, m.MinTime)
}

// table prints rows as they are measured, in columns sized beforehand.
type table struct {
	w     io.Writer
	cs    []contender
	width int      // of the shape column
	names []string // of the rows, for the progress line
}

func newTable(w io.Writer, cs []contender, rows []shapes.Shape) table {
	t := table{w: w, cs: cs, width: len("shape")}
	for _, s := range rows {
		t.width = max(t.width, len(s.String()))
		t.names = append(t.names, s.String())
	}
	return t
}

func (t table) header() {
	var top, units strings.Builder
	fmt.Fprintf(&top, "%-*s", t.width, "shape")
	fmt.Fprintf(&units, "%-*s", t.width, "")
	for _, c := range t.cs {
		fmt.Fprintf(&top, " %9s %6s", c.name, "%peak")
		fmt.Fprintf(&units, " %9s %6s", "GFLOP/s", "")
	}
	for _, c := range t.cs {
		if c.baseline {
			fmt.Fprintf(&top, "  %s", ratioName(t.cs[0], c))
		}
	}
	fmt.Fprintln(t.w, top.String())
	fmt.Fprintln(t.w, strings.TrimRight(units.String(), " "))
	showRow(t.w, "gemm", t.names, 0)
}

func (t table) row(r rowResult) {
	fmt.Fprintf(t.w, "%-*s", t.width, r.Shape)
	for _, c := range t.cs {
		res := r.Results[c.name]
		fmt.Fprintf(t.w, " %9s %6s", number(res.GFLOPS, "%.1f"), number(res.PercentPeak, "%.1f"))
	}
	for _, c := range t.cs {
		if c.baseline {
			name := ratioName(t.cs[0], c)
			fmt.Fprintf(t.w, "  %*s", len(name), number(r.Ratios[name], "%.2f"))
		}
	}
	fmt.Fprintln(t.w)
	showRow(t.w, "gemm", t.names, slices.Index(t.names, r.Shape)+1)
}

// footer explains the dashes and, when the fused row is in the table, what its ratios compare.
func (t table) footer(rows []shapes.Shape) {
	fmt.Fprintf(t.w, "\n- : not measured (peak unknown, or one call over %s; -all times it anyway)\n", slowCall)
	for _, s := range rows {
		if s.Kind == fusedKind {
			fmt.Fprintf(t.w, "%s: fastgru and generic run kernels.Dense with bias and softmax fused; the\n"+
				"BLAS contenders run the bare Sgemm of the same shape, so the ratios there are fused Dense\n"+
				"vs bare sgemm. GFLOP/s counts the product's 2·M·K·N flops only.\n", fusedKind)
			return
		}
	}
}

// number formats v, or "-" for the zero of a missing value.
func number(v float64, format string) string {
	if v == 0 {
		return "-"
	}
	return fmt.Sprintf(format, v)
}
