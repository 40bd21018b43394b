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
	g       gemm
	gates   gateCall // when gates.rows > 0
	step    stepCall // when step.n > 0
	byRows  bool
	splitK  bool      // g's k split, shares past the first into partial
	partial []float32 // parts-1 products of g.m×g.n
	parts   int
	shares  []share      // share p for p < parts, handed to a worker's mailbox
	boxes   []*mailbox   // the workers' mailboxes when the job was made
	left    atomic.Int32 // shares not finished, which the caller polls before it parks
	wg      sync.WaitGroup
}

type share struct {
	j    *job
	part int
}

// mailbox is one worker's: the share it is to run next, nil while it has none. A worker polls its
// own mailbox, so that handing over a share is one store that no other worker contends for.
type mailbox struct {
	next   atomic.Pointer[share]
	parked atomic.Bool   // the worker has stopped polling and waits on wake
	wake   chan struct{} // one buffered signal
	_      [64]byte      // a cache line of its own
}

var workers struct {
	sync.Mutex
	boxes []*mailbox // one per worker started, never removed
	spare []*job
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
		return g.runSplitK()
	}
	j := getJob(parts)
	j.g, j.byRows = *g, byRows
	runJob(j)
	putJob(j)
	return true
}

// runSplitK splits a product too narrow for whole tiles per thread over k instead, when k is
// long, as a weight's gradient summed over a batch's rows: each thread's share into a C of its
// own, added up at the end. It reports whether it did.
func (g *gemm) runSplitK() bool {
	parts := min(threadCount(), g.k/blocks.kc)
	if parts < 2 || g.act != Linear || g.bias != nil || g.packed != nil {
		return false
	}
	j := getJob(parts)
	j.g, j.splitK = *g, true
	size := g.m * g.n
	grow(&j.partial, (parts-1)*size)
	runJob(j)
	for i := 0; i < g.m; i++ {
		row := g.c[i*g.ldc:][:g.n]
		for p := 1; p < parts; p++ {
			for jj, v := range j.partial[(p-1)*size+i*g.n:][:g.n] {
				row[jj] += v
			}
		}
	}
	putJob(j)
	return true
}

// runJob runs the shares of j, from getJob, on the workers and the calling goroutine, and returns
// when all are done; the caller then returns j with putJob. A share that finds every mailbox busy
// (another goroutine's product is running) runs here too.
func runJob(j *job) {
	parts := j.parts
	j.wg.Add(parts - 1)
	j.left.Store(int32(parts - 1))
	boxes := j.boxes[:parts-1]
	var local [8]int
	own := local[:0]
	for p := 1; p < parts; p++ {
		sh := &j.shares[p]
		*sh = share{j, p}
		if !post(boxes, p-1, sh) {
			own = append(own, p)
		}
	}
	ws := getWorkspace()
	j.run(0, ws)
	for _, p := range own {
		j.run(p, ws)
		j.left.Add(-1)
		j.wg.Done()
	}
	putWorkspace(ws)
	for start := time.Now(); j.left.Load() > 0 && time.Since(start) < spinTime; {
		poll(func() bool { return j.left.Load() == 0 })
	}
	j.wg.Wait()
}

// post hands sh to a free mailbox of boxes, trying box first, and wakes its worker if it has
// parked; it reports whether one was free.
func post(boxes []*mailbox, first int, sh *share) bool {
	for i := range boxes {
		b := boxes[(first+i)%len(boxes)]
		if b.next.CompareAndSwap(nil, sh) {
			if b.parked.Load() && b.parked.CompareAndSwap(true, false) {
				b.wake <- struct{}{}
			}
			return true
		}
	}
	return false
}

// poll checks done a few hundred times, about a microsecond, then yields the thread once, so that
// polling goroutines never keep others from running when there are more of them than threads.
func poll(done func() bool) {
	for range 256 {
		if done() {
			return
		}
	}
	runtime.Gosched()
}

// run computes share p of j with the buffers of ws.
func (j *job) run(p int, ws *workspace) {
	if s := &j.step; s.n > 0 {
		lo, hi := s.share(p, j.parts)
		s.rowRange(lo, hi, ws)
		return
	}
	if c := &j.gates; c.rows > 0 {
		c.rowRange(c.rows*p/j.parts, c.rows*(p+1)/j.parts)
		return
	}
	g := j.g
	if j.splitK {
		lo, hi := g.k*p/j.parts, g.k*(p+1)/j.parts
		g.k = hi - lo
		if g.aTrans {
			g.a = g.a[lo*g.lda:]
		} else {
			g.a = g.a[lo:]
		}
		if g.bTrans {
			g.b = g.b[lo:]
		} else {
			g.b = g.b[lo*g.ldb:]
		}
		if p > 0 {
			g.c, g.ldc, g.beta = j.partial[(p-1)*g.m*g.n:][:g.m*g.n], g.n, 0
		}
		g.serial(ws)
		return
	}
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
	for len(workers.boxes) < parts-1 {
		b := &mailbox{wake: make(chan struct{}, 1)}
		workers.boxes = append(workers.boxes, b)
		go b.work()
	}
	var j *job
	if n := len(workers.spare); n > 0 {
		j = workers.spare[n-1]
		workers.spare = workers.spare[:n-1]
	} else {
		j = new(job)
	}
	j.parts, j.boxes = parts, workers.boxes // read here, under the lock that guards their growth
	if len(j.shares) < parts {
		j.shares = make([]share, parts)
	}
	return j
}

func putJob(j *job) {
	j.g, j.gates, j.step, j.byRows, j.splitK = gemm{}, gateCall{}, stepCall{}, false, false
	clear(j.shares)
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

// work runs the shares posted to b for the life of the process with a workspace of its own.
func (b *mailbox) work() {
	ws := new(workspace)
	for {
		sh := b.wait()
		j, p := sh.j, sh.part
		j.run(p, ws)
		b.next.Store(nil)
		j.left.Add(-1)
		j.wg.Done()
	}
}

// wait polls b for a share for spinTime, then parks until post wakes it.
func (b *mailbox) wait() *share {
	for start := time.Now(); time.Since(start) < spinTime; {
		if sh := b.next.Load(); sh != nil {
			return sh
		}
		poll(func() bool { return b.next.Load() != nil })
	}
	b.parked.Store(true)
	if sh := b.next.Load(); sh != nil && b.parked.CompareAndSwap(true, false) {
		return sh // posted before the worker parked: no one will wake it
	}
	<-b.wake
	return b.next.Load()
}
