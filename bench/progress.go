package main

import (
	"fmt"
	"io"
	"os"
	"time"
)

// progress is the tables' writer, which also keeps one line on the terminal's stderr saying
// which row is being timed and how long the run has taken, as a full run takes minutes. The
// tables draw the line between rows only, never while a row is timed, and every write of a table
// blanks it first, so that the tables and the line can share a terminal.
type progress struct {
	io.Writer           // the tables' output
	term      io.Writer // where the line goes; nil keeps it off
	start     time.Time
	shown     int // the length of the line on the terminal, 0 for none
}

// newProgress writes the tables to out, and draws the line on stderr if it is a terminal and
// quiet is not set.
func newProgress(out, stderr io.Writer, quiet bool) *progress {
	p := &progress{Writer: out, start: time.Now()}
	if !quiet && isTerminal(stderr) {
		p.term = stderr
	}
	return p
}

func (p *progress) Write(b []byte) (int, error) {
	p.clear()
	return p.Writer.Write(b)
}

// show puts what the run is doing on the line, in place of what was there.
func (p *progress) show(doing string) {
	if p.term == nil {
		return
	}
	line := fmt.Sprintf("bench: %s, elapsed %s", doing, time.Since(p.start).Round(time.Second))
	fmt.Fprintf(p.term, "\r%-*s", p.shown, line) // the padding covers a longer line before it
	p.shown = len(line)
}

// clear blanks the line and returns to its start.
func (p *progress) clear() {
	if p.shown > 0 {
		fmt.Fprintf(p.term, "\r%*s\r", p.shown, "")
		p.shown = 0
	}
}

// showRow shows, where a table writes to a progress, that the table's row i of names is the
// next one timed: "bench: gemm 5/14 square-1024x1024x1024, elapsed 1m12s". Past the last row it
// shows nothing.
func showRow(w io.Writer, table string, names []string, i int) {
	if p, ok := w.(*progress); ok && i < len(names) {
		p.show(fmt.Sprintf("%s %d/%d %s", table, i+1, len(names), names[i]))
	}
}

// isTerminal reports whether w is a terminal (a character device: so is /dev/null, where the line
// is lost unseen) rather than a file or a pipe.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}
