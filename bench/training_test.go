package main

import (
	"bytes"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

func trainRowNames(rows []trainRow) []string {
	var s []string
	for _, r := range rows {
		s = append(s, r.name)
	}
	return s
}

func TestParseTraining(t *testing.T) {
	for _, tc := range []struct {
		spec string
		want []string
	}{
		{"seed-td8", []string{"seed-td8"}},
		{" gru-B64-T128-I256-H512-td8, seed-last-dense8,seed-last-dense8", []string{"gru-B64-T128-I256-H512-td8", "seed-last-dense8"}},
		{"none", nil},
	} {
		rows, err := parseTraining(tc.spec)
		if err != nil || !slices.Equal(trainRowNames(rows), tc.want) {
			t.Errorf("parseTraining(%q) = %v, %v; want %v", tc.spec, trainRowNames(rows), err, tc.want)
		}
	}
	if rows, _ := parseTraining("all"); len(rows) != 5 {
		t.Errorf("all: %d rows, want 5", len(rows))
	}
	for _, bad := range []string{"", ",", "seed", "seed-td15", "all,seed-td8"} {
		if _, err := parseTraining(bad); err == nil {
			t.Errorf("parseTraining(%q) succeeded", bad)
		}
	}
}

func TestTrainFlops(t *testing.T) {
	for _, tc := range []struct {
		row  string
		want float64
	}{
		{"seed-td8", 3 * (2*128*64*15*48 + 2*128*64*16*48 + 2*128*64*16*8)},
		{"seed-last-dense8", 3 * (2*128*64*15*48 + 2*128*64*16*48 + 2*128*16*8)},
		{"gru-B32-T64-I128-H256-td8", 3 * (2*32*64*128*768 + 2*32*64*256*768 + 2*32*64*256*8)},
	} {
		i := slices.IndexFunc(trainRows, func(r trainRow) bool { return r.name == tc.row })
		if got := trainRows[i].flops(); got != tc.want {
			t.Errorf("%s: %g flops, want %g", tc.row, got, tc.want)
		}
	}
}

// shrunk returns every row over 2 time steps, the large ones also on small layers, so that the
// whole table trains in well under a second.
func shrunk() []trainRow {
	rows := slices.Clone(trainRows)
	for i := range rows {
		rows[i].time = 2
		if rows[i].large {
			rows[i].batch, rows[i].in, rows[i].units = 3, 5, 7
		}
	}
	return rows
}

// TestTimeTraining times the shrunk table and reads it back: every row has its columns, with a
// number or a dash where the results say so, and the results survive JSON.
func TestTimeTraining(t *testing.T) {
	o := options{threads: 1, reps: 1, minTime: time.Millisecond}
	rows := shrunk()
	var out bytes.Buffer
	results, err := timeTraining(&out, rows, o, 50)
	if err != nil {
		t.Fatal(err)
	}
	if len(results) != len(rows) {
		t.Fatalf("%d results for %d rows", len(results), len(rows))
	}
	lines := strings.Split(out.String(), "\n")
	if !strings.HasPrefix(lines[0], "training") || !strings.Contains(lines[0], tfjsRatio) {
		t.Errorf("header %q", lines[0])
	}
	for i, r := range rows {
		res := results[i]
		fast, gen := res.Results["fastgru"], res.Results["generic"]
		seed := r.tfjsEpoch > 0
		switch {
		case fast.Microseconds <= 0 || fast.SamplesPerSecond <= 0 || fast.GFLOPS <= 0 || fast.PercentPeak <= 0:
			t.Errorf("%s: fastgru %+v", r.name, fast)
		case gen.Skipped != r.large:
			t.Errorf("%s: generic %+v", r.name, gen)
		case seed != (fast.EpochSeconds > 0) || seed != (res.Ratios[tfjsRatio] > 0) || seed != (res.EpochSamples == epochSamples):
			t.Errorf("%s: epoch %g s of %d samples, ratios %v", r.name, fast.EpochSeconds, res.EpochSamples, res.Ratios)
		}
		fields := strings.Fields(lines[2+i])
		// The name, five columns per contender, fastgru/generic, TF.js and its ratio.
		if len(fields) != 14 || fields[0] != r.name {
			t.Errorf("%s: row %q", r.name, lines[2+i])
			continue
		}
		for j, f := range fields[1:] {
			if _, err := strconv.ParseFloat(f, 64); err != nil && f != "-" {
				t.Errorf("%s: column %d is %q", r.name, j+1, f)
			}
		}
		if r.large != (fields[6] == "-") {
			t.Errorf("%s: generic's µs/step is %q", r.name, fields[6])
		}
	}
	var back []trainResult
	if b, err := json.Marshal(results); err != nil {
		t.Error(err)
	} else if err := json.Unmarshal(b, &back); err != nil || len(back) != len(results) || back[0].Results["fastgru"] != results[0].Results["fastgru"] {
		t.Errorf("JSON round trip: %v, %+v", err, back)
	}
}

// TestTimeTrainingThreads checks that the 1-thread TF.js figures leave the table at 2 threads.
func TestTimeTrainingThreads(t *testing.T) {
	o := options{threads: 2, reps: 1, minTime: time.Millisecond}
	var out bytes.Buffer
	results, err := timeTraining(&out, shrunk()[:1], o, 0)
	if err != nil {
		t.Fatal(err)
	}
	if res := results[0]; res.TFJSQuoted != 0 || res.Ratios[tfjsRatio] != 0 || res.Results["fastgru"].PercentPeak != 0 {
		t.Errorf("at 2 threads with no peak: %+v", res)
	}
	if strings.Contains(out.String(), tfjsRatio) {
		t.Errorf("the table quotes TF.js at 2 threads:\n%s", out.String())
	}
}
