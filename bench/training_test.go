package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"maps"
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

// shrunk returns every row over 2 time steps, the large ones also on small layers, so that
// fastgru trains the whole table in well under a second.
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
// number or a dash where the results say so, and the results survive JSON. Built with a peer
// (-tags tfjs), the peer trains the seed rows too.
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
	if !strings.HasPrefix(lines[0], "training") || !strings.Contains(lines[0], "fastgru/generic") {
		t.Errorf("header %q", lines[0])
	}
	// The name, five columns per contender, and a step and an epoch column per speed-up.
	columns := 1
	for _, c := range trainContenders {
		columns += 5
		if c.baseline {
			columns += 2
		}
	}
	for i, r := range rows {
		res := results[i]
		if fast := res.Results["fastgru"]; fast.Microseconds <= 0 || fast.SamplesPerSecond <= 0 || fast.GFLOPS <= 0 || fast.PercentPeak <= 0 {
			t.Errorf("%s: fastgru %+v", r.name, fast)
		}
		if len(res.Notes) > 0 {
			t.Errorf("%s: notes %q", r.name, res.Notes)
		}
		if r.epoch != (res.EpochSamples == epochSamples) {
			t.Errorf("%s: epochs of %d samples", r.name, res.EpochSamples)
		}
		for _, c := range trainContenders {
			got := res.Results[c.name]
			switch {
			case got.Skipped != (r.large && leftOutOfLarge(c)):
				t.Errorf("%s: %s %+v", r.name, c.name, got)
			case !got.Skipped && r.epoch != (got.EpochSeconds > 0):
				t.Errorf("%s: %s's epoch %g s", r.name, c.name, got.EpochSeconds)
			case c.baseline && !got.Skipped && (res.Ratios["fastgru/"+c.name] <= 0 || r.epoch != (res.EpochRatios["fastgru/"+c.name] > 0)):
				t.Errorf("%s: ratios %v, per epoch %v", r.name, res.Ratios, res.EpochRatios)
			}
		}
		fields := strings.Fields(lines[2+i])
		if len(fields) != columns || fields[0] != r.name {
			t.Errorf("%s: row %q, want %d columns", r.name, lines[2+i], columns)
			continue
		}
		for j, f := range fields[1:] {
			if _, err := strconv.ParseFloat(f, 64); err != nil && f != "-" {
				t.Errorf("%s: column %d is %q", r.name, j+1, f)
			}
		}
		if r.large != (fields[11] == "-") {
			t.Errorf("%s: generic's µs/step is %q", r.name, fields[11])
		}
	}
	var back []trainResult
	if b, err := json.Marshal(results); err != nil {
		t.Error(err)
	} else if err := json.Unmarshal(b, &back); err != nil || len(back) != len(results) || back[0].Results["fastgru"] != results[0].Results["fastgru"] ||
		!maps.Equal(back[0].EpochRatios, results[0].EpochRatios) {
		t.Errorf("JSON round trip: %v, %+v", err, back)
	}
}

// TestTimeTrainingThreads times a row on 2 threads with no peak probe: every contender is timed,
// none has a %peak.
func TestTimeTrainingThreads(t *testing.T) {
	o := options{threads: 2, reps: 1, minTime: time.Millisecond}
	var out bytes.Buffer
	results, err := timeTraining(&out, shrunk()[:1], o, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range trainContenders {
		if res := results[0].Results[c.name]; res.Microseconds <= 0 || res.PercentPeak != 0 {
			t.Errorf("%s at 2 threads with no peak: %+v", c.name, res)
		}
	}
}

// fakePeer is a peer that trains nothing: it counts its calls and fails the one numbered failAt
// (0: none).
type fakePeer struct {
	calls, failAt int
	closed        bool
}

func (p *fakePeer) step() error  { return p.call() }
func (p *fakePeer) epoch() error { return p.call() }
func (p *fakePeer) close()       { p.closed = true }

func (p *fakePeer) call() error {
	p.calls++
	if p.calls == p.failAt {
		return errors.New("out of memory")
	}
	return nil
}

// TestTrainPeers times rows with three peers in place of any built in: one that trains, one that
// cannot start and one that fails on its second call. The first has its columns and ratios on the
// seed row and is not started on the large one; the others are left out of the row with a note
// why; every peer started is closed.
func TestTrainPeers(t *testing.T) {
	contenders, peers := trainContenders, trainPeers
	t.Cleanup(func() { trainContenders, trainPeers = contenders, peers })
	trainContenders = []contender{contenders[0], contenders[1],
		{name: "ok", baseline: true}, {name: "nostart", baseline: true}, {name: "fails", baseline: true}}
	var started []*fakePeer
	start := func(failAt int) func(trainRow, int) (trainPeer, error) {
		return func(r trainRow, samples int) (trainPeer, error) {
			if samples < r.batch {
				t.Errorf("%s: a peer given %d samples", r.name, samples)
			}
			p := &fakePeer{failAt: failAt}
			started = append(started, p)
			return p, nil
		}
	}
	trainPeers = map[string]func(trainRow, int) (trainPeer, error){
		"ok":      start(0),
		"nostart": func(trainRow, int) (trainPeer, error) { return nil, errors.New("no runtime") },
		"fails":   start(2),
	}
	rows := []trainRow{shrunk()[0], shrunk()[3]}
	var out bytes.Buffer
	results, err := timeTraining(&out, rows, options{threads: 1, reps: 2, minTime: time.Millisecond}, 50)
	if err != nil {
		t.Fatal(err)
	}
	seed, large := results[0], results[1]
	if ok := seed.Results["ok"]; ok.Microseconds <= 0 || ok.EpochSeconds <= 0 || seed.Ratios["fastgru/ok"] <= 0 || seed.EpochRatios["fastgru/ok"] <= 0 {
		t.Errorf("ok on %s: %+v, ratios %v, per epoch %v", seed.Model, ok, seed.Ratios, seed.EpochRatios)
	}
	for _, name := range []string{"nostart", "fails"} {
		if !seed.Results[name].Skipped || seed.Ratios["fastgru/"+name] != 0 {
			t.Errorf("%s on %s: %+v, ratios %v", name, seed.Model, seed.Results[name], seed.Ratios)
		}
	}
	want := []string{"nostart: " + seed.Model + " not timed: no runtime", "fails: " + seed.Model + " not timed: out of memory"}
	if !slices.Equal(seed.Notes, want) {
		t.Errorf("notes %q, want %q", seed.Notes, want)
	}
	for _, n := range append(want, "or a row a column could not train (below)") {
		if !strings.Contains(out.String(), n) {
			t.Errorf("the footer lacks %q:\n%s", n, out.String())
		}
	}
	// ok and fails started on the seed row only; fails was called no more after failing.
	if len(started) != 2 || !started[0].closed || !started[1].closed || started[1].calls != 2 {
		t.Errorf("peers started: %+v", started)
	}
	for _, name := range []string{"ok", "nostart", "fails"} {
		if !large.Results[name].Skipped {
			t.Errorf("%s on %s: %+v", name, large.Model, large.Results[name])
		}
	}
	if len(large.Notes) > 0 || !strings.Contains(out.String(), "generic, ok, nostart and fails on the gru-* rows") {
		t.Errorf("large row: notes %q; footer:\n%s", large.Notes, out.String())
	}
}
