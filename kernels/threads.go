package kernels

import (
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// threads is the number of threads a product may use; 0 means GOMAXPROCS.
var threads atomic.Int32

// SetThreads sets how many threads a large product may use. n ≤ 0 restores the default,
// GOMAXPROCS; 1 never starts a goroutine.
func SetThreads(n int) { threads.Store(int32(max(n, 0))) }

func threadCount() int {
	if t := int(threads.Load()); t > 0 {
		return t
	}
	return runtime.GOMAXPROCS(0)
}

// parallelMinFlops is the size below which handing work to the threads costs more than it saves
// (with the workers polling, a share starts within a microsecond or two).
const parallelMinFlops = 1 << 19

// parallelPays reports whether an m×k by k×n product is worth handing to the threads.
func parallelPays(m, n, k int) bool {
	return threadCount() > 1 && 2*m*n*k >= parallelMinFlops
}

// job is one parallel product, the workers each running g on a share of its rows or columns, or
// one call of the gate kernels, split by rows.
type job struct {
	g      gemm
	gates  gateCall // when gates.rows > 0
	byRows bool
	parts  int
	left   atomic.Int32 // shares not finished, which the caller polls before it parks
	wg     sync.WaitGroup
}

type share struct {
	j    *job
	part int
}

var workers struct {
	sync.Mutex
	started int
	shares  chan share
	spare   []*job
}

// runParallel splits g over the threads when it is large enough; it reports whether it did.
// Rows are split when each row must be whole (softmax) or when there are more row tiles than
// column tiles; each share, of whole micro-tiles, runs BLIS's loops on its own packed copies.
func (g *gemm) runParallel() bool {
	if !parallelPays(g.m, g.n, g.k) {
		return false
	}
	rows, cols := tileRows(g.isa), tileCols(g.isa)
	byRows := g.act == Softmax || g.m/rows >= g.n/cols
	units := g.n / cols
	if byRows {
		units = g.m / rows
	}
	parts := min(threadCount(), units)
	if parts < 2 {
		return false
	}
	j := getJob(parts)
	j.g, j.byRows = *g, byRows
	runJob(j)
	return true
}

// runJob runs the shares of j, from getJob, on the workers and the calling goroutine.
func runJob(j *job) {
	parts := j.parts
	j.wg.Add(parts - 1)
	j.left.Store(int32(parts - 1))
	for p := 1; p < parts; p++ {
		workers.shares <- share{j, p}
	}
	ws := getWorkspace()
	j.run(0, ws)
	putWorkspace(ws)
	for start := time.Now(); j.left.Load() > 0 && time.Since(start) < spinTime; {
		runtime.Gosched()
	}
	j.wg.Wait()
	putJob(j)
}

// run computes share p of j with the buffers of ws.
func (j *job) run(p int, ws *workspace) {
	if c := &j.gates; c.rows > 0 {
		c.rowRange(c.rows*p/j.parts, c.rows*(p+1)/j.parts)
		return
	}
	g := j.g
	dim, unit := g.n, tileCols(g.isa)
	if j.byRows {
		dim, unit = g.m, tileRows(g.isa)
	}
	units := (dim + unit - 1) / unit
	lo := units * p / j.parts * unit
	hi := min(units*(p+1)/j.parts*unit, dim)
	if j.byRows {
		g.m = hi - lo
		if g.aTrans {
			g.a = g.a[lo:]
		} else {
			g.a = g.a[lo*g.lda:]
		}
		g.c = g.c[lo*g.ldc:]
	} else {
		g.n = hi - lo
		switch {
		case g.packed != nil:
			g.packedCol0 += lo
		case g.bTrans:
			g.b = g.b[lo*g.ldb:]
		default:
			g.b = g.b[lo:]
		}
		g.c = g.c[lo:]
		if g.bias != nil {
			g.bias = g.bias[lo:hi]
		}
	}
	g.serial(ws)
}

func getJob(parts int) *job {
	workers.Lock()
	defer workers.Unlock()
	if workers.shares == nil {
		workers.shares = make(chan share, 64)
	}
	for ; workers.started < parts-1; workers.started++ {
		go worker()
	}
	if n := len(workers.spare); n > 0 {
		j := workers.spare[n-1]
		workers.spare = workers.spare[:n-1]
		j.parts = parts
		return j
	}
	return &job{parts: parts}
}

func putJob(j *job) {
	j.g, j.gates = gemm{}, gateCall{}
	workers.Lock()
	workers.spare = append(workers.spare, j)
	workers.Unlock()
}

// spinTime is how long an idle worker polls for the next share, and a caller for its workers to
// finish, before parking. Waking a parked thread costs tens of microseconds on bare metal and
// over a hundred in a virtual machine: as much as one of a GRU's per-step products, which come
// back to back, or as one of a small model's training products, between which the steps run a
// millisecond alone. Idle workers poll as OpenMP runtimes and OpenBLAS's threads do.
const spinTime = 2 * time.Millisecond

// worker runs shares for the life of the process with a workspace of its own.
func worker() {
	ws := new(workspace)
	for {
		s := nextShare()
		s.j.run(s.part, ws)
		s.j.left.Add(-1)
		s.j.wg.Done()
	}
}

// nextShare polls for a share for spinTime, then waits for one.
func nextShare() share {
	for start := time.Now(); time.Since(start) < spinTime; {
		select {
		case s := <-workers.shares:
			return s
		default:
			runtime.Gosched()
		}
	}
	return <-workers.shares
}
