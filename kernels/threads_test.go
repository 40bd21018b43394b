package kernels

import (
	"sync"
	"testing"
)

// TestWorkersGrowWhileRunning runs products on two threads on one goroutine while another
// starts more and more workers with split gate calls: run with -race, the mailboxes a job uses
// must be read under the lock that guards their growth.
func TestWorkersGrowWhileRunning(t *testing.T) {
	SetThreads(24)
	defer SetThreads(0)
	const units = 8192
	gates := func(rows int) func() {
		h, x, u, b := make([]float32, rows*units), make([]float32, rows*3*units), make([]float32, rows*3*units), make([]float32, 3*units)
		return func() { resetAfterGates(current(), h, x, u, b, rows, 3*units, 3*units, units) }
	}
	two := gates(2)
	two()
	var wg sync.WaitGroup
	stop := make(chan struct{})
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			default:
				two()
			}
		}
	}()
	for rows := 3; rows <= 24; rows++ {
		gates(rows)()
	}
	close(stop)
	wg.Wait()
}
