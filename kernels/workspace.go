package kernels

import (
	"sync"
	"unsafe"
)

// workspace holds the packing buffers of one thread, kept between calls so that a warmed
// product allocates nothing.
type workspace struct {
	a, b   []float32 // packed blocks of A (mc×kc) and B (kc×nc)
	aEdge  []float32 // the last rows of an A read in place (two micro-panels), or a one-row Aᵀ gathered
	bPanel []float32 // the micro-panels of B of one micro-kernel call when its block is not packed
	bias   []float32 // the bias of one column block, zero-padded to whole micro-kernel calls
	sums   []float32 // ColumnSums' partial sums
}

// reserve grows the buffers for blocks of at most mc×kc of A and kc×nc of B, for a micro-kernel
// of cols columns.
func (ws *workspace) reserve(mc, kc, nc, cols int, packA, packB, bias bool) {
	if packA {
		grow(&ws.a, roundUp(mc, mr)*kc)
	}
	if packB {
		grow(&ws.b, roundUp(nc, nr)*kc)
	}
	grow(&ws.aEdge, 2*mr*kc)
	grow(&ws.bPanel, cols*kc)
	if bias {
		grow(&ws.bias, roundUp(nc, cols))
	}
}

// grow makes *buf hold at least n floats, starting on a 64-byte cache line.
func grow(buf *[]float32, n int) {
	if len(*buf) >= n {
		return
	}
	const align = 64 / 4
	raw := make([]float32, n+align)
	off := int(uintptr(unsafe.Pointer(&raw[0]))/4) % align
	if off != 0 {
		off = align - off
	}
	*buf = raw[off : off+n : off+n]
}

// spare holds the workspaces of finished calls. A plain list, unlike sync.Pool, survives garbage
// collections, so a warmed call never allocates.
var spare struct {
	sync.Mutex
	list []*workspace
}

func getWorkspace() *workspace {
	spare.Lock()
	defer spare.Unlock()
	if n := len(spare.list); n > 0 {
		ws := spare.list[n-1]
		spare.list = spare.list[:n-1]
		return ws
	}
	return new(workspace)
}

func putWorkspace(ws *workspace) {
	spare.Lock()
	spare.list = append(spare.list, ws)
	spare.Unlock()
}
