package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/fastgru/fastgru/internal/shapes"
)

// TestProgressSilent shows nothing into a buffer or a pipe, as into a file, and passes the
// tables through.
func TestProgressSilent(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	var stderr bytes.Buffer
	for _, term := range []io.Writer{&stderr, w} {
		var out bytes.Buffer
		p := newProgress(&out, term, false)
		showRow(p, "gemm", []string{"square-64x64x64"}, 0)
		fmt.Fprintln(p, "row")
		p.clear()
		if out.String() != "row\n" {
			t.Errorf("%T: the table reads %q", term, out.String())
		}
	}
	w.Close()
	if stderr.Len() > 0 {
		t.Errorf("progress into a buffer: %q", stderr.String())
	}
	var piped bytes.Buffer
	if _, err := piped.ReadFrom(r); err != nil || piped.Len() > 0 {
		t.Errorf("progress into a pipe: %q, %v", piped.String(), err)
	}
}

// TestProgressLine draws the line as on a terminal: each row's line replaces the one before it,
// blanking what a longer one left, and a table's write blanks it first.
func TestProgressLine(t *testing.T) {
	var out, term bytes.Buffer
	p := &progress{Writer: &out, term: &term, start: time.Now()}
	names := []string{"square-1024x1024x1024", "sgemm-8x8x8"}
	showRow(p, "gemm", names, 0)
	first := "bench: gemm 1/2 square-1024x1024x1024, elapsed 0s"
	second := "bench: gemm 2/2 sgemm-8x8x8, elapsed 0s"
	showRow(p, "gemm", names, 1)
	showRow(p, "gemm", names, 2) // past the last row: nothing
	fmt.Fprint(p, "row\n")
	want := "\r" + first + "\r" + second + strings.Repeat(" ", len(first)-len(second)) +
		"\r" + strings.Repeat(" ", len(second)) + "\r"
	if term.String() != want {
		t.Errorf("the terminal got\n%q, want\n%q", term.String(), want)
	}
	if out.String() != "row\n" {
		t.Errorf("the table reads %q", out.String())
	}
}

// TestProgressBetweenRows times a small GEMM table through a progress line: it names each row
// before the row is timed, and is blank when the table ends.
func TestProgressBetweenRows(t *testing.T) {
	var out, term bytes.Buffer
	p := &progress{Writer: &out, term: &term, start: time.Now()}
	rows := []shapes.Shape{{Kind: customKind, M: 8, K: 8, N: 8}, {Kind: customKind, M: 16, K: 8, N: 4}}
	timeShapes(p, rows, options{threads: 1, reps: 1, minTime: time.Millisecond}, 0)
	got := term.String()
	for _, want := range []string{"gemm 1/2 sgemm-8x8x8,", "gemm 2/2 sgemm-16x8x4,"} {
		if !strings.Contains(got, want) {
			t.Errorf("the line never read %q: %q", want, got)
		}
	}
	if !strings.HasSuffix(got, " \r") || p.shown != 0 {
		t.Errorf("the line is not blank at the end: %q", got)
	}
	if !strings.Contains(out.String(), "sgemm-16x8x4") {
		t.Errorf("the table lacks its rows:\n%s", out.String())
	}
}
