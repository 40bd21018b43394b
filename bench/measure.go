package main

import "time"

// slowCall is the longest single call a slow contender is timed at without -all.
const slowCall = 2 * time.Second

// measure times call for every contender, interleaved: each of reps rounds times every contender
// in turn for at least minTime, so changes in clock speed or machine load reach all of them alike.
// It returns each contender's best seconds per call, or 0 for one skipped as too slow.
func measure(cs []contender, call func(contender), o options) []float64 {
	best := make([]float64, len(cs))
	skip := make([]bool, len(cs))
	for i, c := range cs {
		var warm time.Duration
		c.run(o.threads, func() {
			t := time.Now()
			call(c)
			warm = time.Since(t)
		})
		skip[i] = c.slow && !o.all && warm > slowCall
	}
	for range o.reps {
		for i, c := range cs {
			if skip[i] {
				continue
			}
			settle(o.threads)
			c.run(o.threads, func() {
				if o.threads > 1 {
					// After the pause, threads wake and caches refill before the clock starts: for
					// at least warmTime, as a virtual machine's idle cores come back slowly.
					perCall(func() { call(c) }, max(o.minTime/2, warmTime))
				}
				t := perCall(func() { call(c) }, o.minTime)
				if best[i] == 0 || t < best[i] {
					best[i] = t
				}
			})
		}
	}
	return best
}

// warmTime is the least time contenders run on several threads before they are timed. Warmed
// for 20 ms after the pause, two threads read 1.35–1.6× one thread's speed in a GRU's training
// step on a 2-core Sapphire Rapids VM, warmed for 150 ms 1.77–1.95×, as in a continuous run.
const warmTime = 150 * time.Millisecond

// settle waits, before a multi-threaded timing, until the previous contender's idle threads have
// stopped spinning: OpenBLAS's and BLIS's workers busy-wait for about a tenth of a second after a
// call, and would take a core from whoever runs next.
func settle(threads int) {
	if threads > 1 {
		time.Sleep(300 * time.Millisecond)
	}
}

// perCall runs call in growing batches until minTime has passed, at least once, and returns the
// mean seconds per call; batches keep the clock reads out of small products' times.
func perCall(call func(), minTime time.Duration) float64 {
	var total time.Duration
	calls, batch := 0, 1
	for {
		t := time.Now()
		for range batch {
			call()
		}
		total += time.Since(t)
		calls += batch
		if total >= minTime {
			return total.Seconds() / float64(calls)
		}
		// Aim at the time left, but at most double, so one fast early batch cannot overshoot far.
		left := int(float64(minTime-total)/(float64(total)/float64(calls))) + 1
		batch = min(left, 2*batch)
	}
}
