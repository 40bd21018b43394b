//go:build tfjs

package main

import (
	"math"
	"strings"
	"testing"
	"time"
)

// requireTFJS skips a test when node or TensorFlow.js is missing (bench/tfjs/install.sh), or
// fails it with $TFJS_REQUIRED set, as CI sets it.
func requireTFJS(t *testing.T) {
	requireOrSkip(t, trainPeers[tfjsName] != nil, "TFJS_REQUIRED", trainNotes[0])
}

// TestTFJS runs fit.mjs on every training row made tiny, as the bench does: TensorFlow.js 4.22.0
// on the wasm backend, one thread, the weights of fastgru's model; each step and epoch answers
// with a finite loss.
func TestTFJS(t *testing.T) {
	requireTFJS(t)
	node, dir, version, err := findTFJS()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(version, "4.22.0 (tfjs-backend-wasm 4.22.0, node v") || contenderVersions[tfjsName] != version {
		t.Errorf("version %q, registered %q", version, contenderVersions[tfjsName])
	}
	for _, r := range shrunk() {
		m, err := r.build(r.batch + 1)
		if err != nil {
			t.Fatal(err)
		}
		weights := 0
		for _, shape := range m.seq.WeightShapes() {
			n := 1
			for _, d := range shape {
				n *= d
			}
			weights += n
		}
		if trainParams(r) != weights {
			t.Errorf("%s: trainParams %d, fastgru's model has %d weights", r.name, trainParams(r), weights)
		}
		p, err := startTFJS(node, dir, r, r.batch+1)
		if err != nil {
			t.Fatalf("%s: %v", r.name, err)
		}
		t.Logf("%s: %+v", r.name, p.ready)
		if p.ready.Version != "4.22.0" || p.ready.Backend != "wasm" || p.ready.Threads != 1 || p.ready.Params != weights {
			t.Errorf("%s: %+v", r.name, p.ready)
		}
		for _, command := range []string{"step", "epoch", "step"} {
			start := time.Now()
			reply, err := p.command(command)
			if err != nil {
				t.Fatalf("%s, %s: %v", r.name, command, err)
			}
			if math.IsInf(*reply.Loss, 0) || math.IsNaN(*reply.Loss) || *reply.Loss <= 0 || reply.Seconds <= 0 {
				t.Errorf("%s, %s: %+v", r.name, command, reply)
			}
			t.Logf("%s, %s: %.3f ms, of which %.3f in node", r.name, command, time.Since(start).Seconds()*1e3, reply.Seconds*1e3)
		}
		p.close()
		if code := p.cmd.ProcessState.ExitCode(); code != 0 {
			t.Errorf("%s: node exited with %d", r.name, code)
		}
	}
}

// TestTFJSOneThread trains an epoch of seed-td8 and checks that node spent well under two cores'
// CPU time on it: the backend computed on one thread. V8's helper threads, its collector's and
// compilers', add some: a fifth on a 2-core machine; none under node --single-threaded, which
// runs 30–40% slower.
func TestTFJSOneThread(t *testing.T) {
	requireTFJS(t)
	node, dir, _, err := findTFJS()
	if err != nil {
		t.Fatal(err)
	}
	p, err := startTFJS(node, dir, trainRows[0], epochSamples)
	if err != nil {
		t.Fatal(err)
	}
	defer p.close()
	reply, err := p.command("epoch")
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("an epoch of %s: %.3f s, CPU %.3f s", trainRows[0].name, reply.Seconds, reply.CPU)
	if reply.CPU > 1.5*reply.Seconds {
		t.Errorf("an epoch took %.3f s of CPU time in %.3f s", reply.CPU, reply.Seconds)
	}
}

// TestTFJSErrors: a model TensorFlow.js refuses to build leaves no peer, and the error is
// TensorFlow.js' own.
func TestTFJSErrors(t *testing.T) {
	requireTFJS(t)
	node, dir, _, err := findTFJS()
	if err != nil {
		t.Fatal(err)
	}
	r := shrunk()[0]
	r.units = 0
	if p, err := startTFJS(node, dir, r, r.batch); err == nil || !strings.Contains(err.Error(), "units to be a positive integer") {
		t.Errorf("a GRU of 0 units: %v, %v", p, err)
	}
}
