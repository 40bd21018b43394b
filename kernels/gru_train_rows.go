package kernels

// stepCall is one training step, forward or backward, as the gate calls and recurrent products it
// runs in order. Every row of a step depends on the same row of its operands only, so with
// threads each takes a range of rows through all of them, with no wait between them and its rows'
// data staying in its own cache; split each by its own measure instead (products by columns,
// gates by rows), a step moved most of its data between the cores and waited for the threads
// four times: it ran 1.3 times faster on two threads than on one.
type stepCall struct {
	isa          isa
	rows, padded int
	units        int
	ops          [4]stepOp
	n            int // ops used
}

// stepOp is a gate call, or when prod.p is not nil a product of rows by a packed matrix:
// c[i] = a[i]·p + beta·c[i] for each row i of the padded batch.
type stepOp struct {
	gate gateCall
	prod rowProduct
}

type rowProduct struct {
	a    []float32
	lda  int
	p    *Packed
	beta float32
	c    []float32
	ldc  int
}

func (s *stepCall) gate(c gateCall) { s.ops[s.n].gate = c; s.n++ }

func (s *stepCall) product(a []float32, lda int, p *Packed, beta float32, c []float32, ldc int) {
	s.ops[s.n].prod = rowProduct{a: a, lda: lda, p: p, beta: beta, c: c, ldc: ldc}
	s.n++
}

// parallelMinStep bounds padded·units² (a third of a step's multiply-adds) from which its rows
// are split over the threads: the question's GRU(16) on 128 rows, at half of it, trained 30%
// slower on two threads than on one when its steps were split.
const parallelMinStep = 1 << 16

// parts is how many row ranges of whole micro-panels of rows s is split into: one per thread,
// while each has a panel and the step is large enough.
func (s *stepCall) parts() int {
	t := threadCount()
	if t < 2 || s.padded*s.units*s.units < parallelMinStep {
		return 1
	}
	return min(t, (s.padded+mr-1)/mr)
}

// run computes s, split by rows over the threads when that pays, or else each op as it would
// run alone.
func (s *stepCall) run() {
	if parts := s.parts(); parts > 1 {
		j := getJob(parts)
		j.step = *s
		runJob(j)
		putJob(j)
		return
	}
	for i := range s.n {
		op := &s.ops[i]
		if p := &op.prod; p.p != nil {
			mulPacked(s.isa, s.padded, 1, p.a, p.lda, p.p, p.beta, p.c, p.ldc)
			continue
		}
		op.gate.run()
	}
}

// rowRange computes rows lo to hi of the padded batch through every op of s, on the calling
// goroutine with the buffers of ws.
func (s *stepCall) rowRange(lo, hi int, ws *workspace) {
	for i := range s.n {
		op := &s.ops[i]
		if p := &op.prod; p.p != nil {
			mulPackedSerial(s.isa, ws, hi-lo, p.a[lo*p.lda:], p.lda, p.p, p.beta, p.c[lo*p.ldc:], p.ldc)
			continue
		}
		if glo, ghi := min(lo, s.rows), min(hi, s.rows); glo < ghi {
			op.gate.rowRange(glo, ghi)
		}
	}
}

// share is the rows of part p of parts of the padded batch: whole micro-panels but the last.
func (s *stepCall) share(p, parts int) (lo, hi int) {
	panels := (s.padded + mr - 1) / mr
	return panels * p / parts * mr, min(panels*(p+1)/parts*mr, s.padded)
}
