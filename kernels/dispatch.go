package kernels

import (
	"fmt"
	"os"
	"strings"
	"sync/atomic"
)

// isa names one implementation of every kernel. Hot loops switch on it directly.
type isa uint32

const (
	isaGeneric isa = iota
	isaAVX2
	isaNEON
	isaAVX512
)

var isaNames = [...]string{isaGeneric: "generic", isaAVX2: "avx2", isaNEON: "neon", isaAVX512: "avx512"}

func (x isa) String() string { return isaNames[x] }

// selected is the implementation that runs now; each call reads it once.
var selected atomic.Uint32

func current() isa { return isa(selected.Load()) }

func init() {
	selected.Store(uint32(available[0]))
	if name := os.Getenv("FASTGRU_KERNELS"); name != "" {
		if err := Use(name); err != nil {
			fmt.Fprintf(os.Stderr, "fastgru: FASTGRU_KERNELS: %v; running %s\n", err, Selected())
		}
	}
}

// Implementations returns the names of the implementations this CPU can run, best first; the
// last is always "generic".
func Implementations() []string {
	names := make([]string, len(available))
	for i, x := range available {
		names[i] = x.String()
	}
	return names
}

// Selected returns the name of the implementation that runs now, such as "avx2".
func Selected() string { return current().String() }

// Use makes the named implementation run from now on, for calls that start after it returns.
// It fails for a name this CPU cannot run.
func Use(name string) error {
	for _, x := range available {
		if x.String() == name {
			selected.Store(uint32(x))
			return nil
		}
	}
	return fmt.Errorf("kernels: implementation %q not available on this CPU (have %s)",
		name, strings.Join(Implementations(), ", "))
}
