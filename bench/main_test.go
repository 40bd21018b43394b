package main

import (
	"os"
	"slices"
	"testing"

	"github.com/fastgru/fastgru/internal/shapes"
)

func names(rows []shapes.Shape) []string {
	var s []string
	for _, r := range rows {
		s = append(s, r.String())
	}
	return s
}

func TestParseShapes(t *testing.T) {
	for _, tc := range []struct {
		spec string
		want []string
	}{
		{"square-64x64x64", []string{"square-64x64x64"}},
		{"8x16x32", []string{"sgemm-8x16x32"}},
		{"gru-step, 2x3x4,gru-step-32x256x768", []string{"gru-step-32x256x768", "gru-step-1x512x1536", "gru-step-128x1024x3072", "sgemm-2x3x4"}},
		{"dense+softmax-4096x16x15", []string{"dense+softmax-4096x16x15"}},
	} {
		rows, err := parseShapes(tc.spec)
		if err != nil || !slices.Equal(names(rows), tc.want) {
			t.Errorf("parseShapes(%q) = %v, %v; want %v", tc.spec, names(rows), err, tc.want)
		}
	}

	// M×K by K×N: the middle number is the shared dimension.
	if rows, _ := parseShapes("2x3x4"); rows[0].M != 2 || rows[0].K != 3 || rows[0].N != 4 {
		t.Errorf("2x3x4 parsed as %+v", rows[0])
	}
	if rows, _ := parseShapes("all"); len(rows) != len(shapes.All)+1 {
		t.Errorf("all: %d rows, want shapes.All and the fused row", len(rows))
	}
	if rows, _ := parseShapes("dense"); !slices.Contains(names(rows), "dense+softmax-4096x16x15") {
		t.Errorf("dense lacks the fused row: %v", names(rows))
	}
	for _, bad := range []string{"", "cube-8x8x8", "8x8", "8x0x8", "8xax8", "square-1x2x3x4"} {
		if _, err := parseShapes(bad); err == nil {
			t.Errorf("parseShapes(%q) succeeded", bad)
		}
	}
}

func TestParseModels(t *testing.T) {
	rowNames := func(rows []modelRow) []string {
		var s []string
		for _, r := range rows {
			s = append(s, r.name)
		}
		return s
	}
	for _, tc := range []struct {
		spec string
		want []string
	}{
		{"seed-td15", []string{"seed-td15"}},
		{" gru-B1-T100-I128-H512, seed-last-dense8,seed-last-dense8", []string{"gru-B1-T100-I128-H512", "seed-last-dense8"}},
		{"none", nil},
	} {
		rows, err := parseModels(tc.spec)
		if err != nil || !slices.Equal(rowNames(rows), tc.want) {
			t.Errorf("parseModels(%q) = %v, %v; want %v", tc.spec, rowNames(rows), err, tc.want)
		}
	}
	if rows, _ := parseModels("all"); len(rows) != 9 {
		t.Errorf("all: %d models, want 9", len(rows))
	}
	for _, bad := range []string{"", ",", "seed", "gru-B32-T64-I128-H255", "all,seed-td15"} {
		if _, err := parseModels(bad); err == nil {
			t.Errorf("parseModels(%q) succeeded", bad)
		}
	}
	if rows, err := parseShapes("none"); err != nil || len(rows) != 0 {
		t.Errorf("parseShapes(none) = %v, %v; want no rows", names(rows), err)
	}
}

// TestModelsBuild builds every row over 2 time steps, runs it and checks the output's shape.
func TestModelsBuild(t *testing.T) {
	for _, r := range modelRows {
		r.time = 2
		m, err := r.build()
		if err != nil {
			t.Fatalf("%s: %v", r.name, err)
		}
		m.predict()
		want := []int{r.batch, 2, r.units}
		switch r.name {
		case "seed-td15", "seed-dense15":
			want[2] = 15
		case "seed-last-dense8":
			want = []int{r.batch, 8}
		}
		if !slices.Equal(m.y.Shape, want) {
			t.Errorf("%s: output of shape %v, want %v", r.name, m.y.Shape, want)
		}
	}
}

// requireOrSkip goes on when a contender's library is there; else it skips the test, saying why,
// or fails it when the environment variable required is set, as CI sets it.
func requireOrSkip(t *testing.T, there bool, required, why string) {
	t.Helper()
	switch {
	case there:
	case os.Getenv(required) != "":
		t.Fatal(why)
	default:
		t.Skip(why)
	}
}
