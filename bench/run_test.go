package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
)

// tiny is a run of one row of every table: with shrinkTraining, in about a second.
var tiny = []string{"-shapes", "64x64x64", "-models", "seed-td15", "-train", "seed-last-dense8", "-reps", "1", "-mintime", "1ms"}

// shrinkTraining puts the shrunk training rows in the table for the rest of the test: an epoch
// of the real ones takes seconds under the arm64 emulator.
func shrinkTraining(t *testing.T) {
	rows := trainRows
	trainRows = shrunk()
	t.Cleanup(func() { trainRows = rows })
}

// TestRunJSON runs the bench with -json and -plot: stdout holds one JSON object with the machine,
// the versions and every row of every table, stderr (no terminal) stays empty, and each table
// has its chart.
func TestRunJSON(t *testing.T) {
	shrinkTraining(t)
	dir := filepath.Join(t.TempDir(), "charts")
	before := len(contenders)
	var stdout, stderr bytes.Buffer
	if err := run(append(slices.Clone(tiny), "-json", "-plot", dir), &stdout, &stderr); err != nil {
		t.Fatal(err)
	}
	if stderr.Len() > 0 {
		t.Errorf("stderr: %q", stderr.String())
	}
	if len(contenders) != before {
		t.Errorf("the run left %d GEMM contenders, was %d", len(contenders), before)
	}

	var fields map[string]json.RawMessage
	if err := json.Unmarshal(stdout.Bytes(), &fields); err != nil {
		t.Fatalf("%v:\n%s", err, stdout.String())
	}
	for _, key := range []string{"cpu", "features", "gomaxprocs", "threads", "implementations", "selected",
		"peak_gflops_per_core", "peak_gflops", "reps", "mintime", "date", "versions", "columns", "rows", "models",
		"training", "ort_notes"} {
		if _, ok := fields[key]; !ok {
			t.Errorf("the JSON lacks %q", key)
		}
	}
	var r report
	if err := json.Unmarshal(stdout.Bytes(), &r); err != nil {
		t.Fatal(err)
	}
	if r.GOMAXPROCS != runtime.GOMAXPROCS(0) || r.Threads != 1 || r.Selected == "" || len(r.Implementations) == 0 ||
		r.Reps != 1 || r.MinTime != "1ms" || r.Peak != r.CorePeak || time.Since(r.Date) > time.Minute {
		t.Errorf("machine %+v", r.machine)
	}
	if r.Versions["go"] != runtime.Version() || r.Versions["gonum"] == "" {
		t.Errorf("versions %v", r.Versions)
	}
	if len(r.Rows) != 1 || r.Rows[0].Shape != "sgemm-64x64x64" || len(r.Models) != 1 || r.Models[0].Model != "seed-td15" ||
		len(r.Training) != 1 || r.Training[0].Model != "seed-last-dense8" {
		t.Fatalf("rows %+v, models %+v, training %+v", r.Rows, r.Models, r.Training)
	}
	for _, name := range r.Columns.Rows {
		if res, ok := r.Rows[0].Results[name]; !ok || res.GFLOPS <= 0 && !res.Skipped {
			t.Errorf("GEMM %s: %+v", name, res)
		}
	}
	for _, name := range r.Columns.Models {
		if res, ok := r.Models[0].Results[name]; !ok || res.Microseconds <= 0 && !res.Skipped {
			t.Errorf("model %s: %+v", name, res)
		}
	}
	for _, name := range r.Columns.Training {
		if res, ok := r.Training[0].Results[name]; !ok || res.Microseconds <= 0 || res.EpochSeconds <= 0 {
			t.Errorf("training %s: %+v", name, res)
		}
	}
	if r.Columns.Rows[0] != "fastgru" || !slices.Contains(r.Columns.Rows, "gonum") || !slices.Contains(r.Columns.Training, "generic") {
		t.Errorf("columns %+v", r.Columns)
	}
	if len(r.ORTNotes) == 0 || !strings.HasPrefix(r.ORTNotes[0], "ORT: ") {
		t.Errorf("ORT notes %q", r.ORTNotes)
	}

	for _, chart := range []string{"gemm", "models", "training"} {
		for _, ext := range []string{".svg", ".png"} {
			if _, err := os.Stat(filepath.Join(dir, chart+ext)); err != nil {
				t.Error(err)
			}
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "gpu-crossover.svg")); err == nil {
		t.Error("a GPU chart with no GPU columns")
	}
}

// TestRunTables prints the tables, not JSON, and says where the charts went.
func TestRunTables(t *testing.T) {
	shrinkTraining(t)
	dir := t.TempDir()
	var stdout, stderr bytes.Buffer
	if err := run(append(slices.Clone(tiny), "-models", "none", "-plot", dir), &stdout, &stderr); err != nil {
		t.Fatal(err)
	}
	out := stdout.String()
	for _, want := range []string{"CPU:", "\nshape ", "\nsgemm-64x64x64 ", "\ntraining ", "\nseed-last-dense8 ", "charts: " + filepath.Join(dir, "gemm.svg")} {
		if !strings.Contains(out, want) {
			t.Errorf("the output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "\nmodel ") || strings.Contains(out, "models.svg") {
		t.Errorf("-models none printed or drew a GRU table:\n%s", out)
	}
	if stderr.Len() > 0 {
		t.Errorf("stderr: %q", stderr.String())
	}
}

// TestRunUsage refuses bad command lines as usage errors, without timing anything.
func TestRunUsage(t *testing.T) {
	for _, args := range [][]string{
		{"-shapes", "none", "-models", "none", "-train", "none"},
		{"-shapes", "cube-8x8x8"},
		{"-threads", "0"},
		{"-reps", "1", "extra"},
		{"-no-such-flag"},
	} {
		var stdout, stderr bytes.Buffer
		err := run(args, &stdout, &stderr)
		var usage usageError
		if !errors.As(err, &usage) || stdout.Len() > 0 {
			t.Errorf("%q: %v, stdout %q", args, err, stdout.String())
		}
		// Only the flag package's own errors are printed by it, with the flags' help.
		if usage.reported != (stderr.Len() > 0) {
			t.Errorf("%q: reported %v, stderr %q", args, usage.reported, stderr.String())
		}
	}
	var stderr bytes.Buffer
	if err := run([]string{"-h"}, &bytes.Buffer{}, &stderr); !errors.Is(err, flag.ErrHelp) || !strings.Contains(stderr.String(), "-plot directory") {
		t.Errorf("-h: %v, help:\n%s", err, stderr.String())
	}
}
