//go:build tfjs

package main

// With -tags tfjs the training table gains a TF.js column: TensorFlow.js' wasm backend training
// each row's model under node (bench/tfjs/fit.mjs; bench/tfjs/install.sh installs TensorFlow.js
// beside it), timed in the same interleaved rounds as fastgru. The script runs for the length of
// a row, building the model once; each timed call sends it one command, a step or an epoch, down
// a pipe and waits for its answer.

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
)

func init() {
	node, dir, version, err := findTFJS()
	if err != nil {
		trainNotes = []string{fmt.Sprintf("TF.js: no TensorFlow.js column: %v.\n"+
			"bench/tfjs/install.sh installs TensorFlow.js; $TFJS_NODE names node where it is not on PATH.", err)}
		return
	}
	contenderVersions[tfjsName] = version
	trainNotes = []string{fmt.Sprintf("TF.js: TensorFlow.js %s, its wasm backend training the\n"+
		"same models (sigmoid gates; TF.js' default initializers, which are InitWeights') after one warm-up\n"+
		"epoch and step, on 1 thread whatever -threads says: under node the backend has no threads (V8's\n"+
		"collector and compilers have helper threads, as Go's collector has). Each of its calls includes\n"+
		"a round trip to node through a pipe, a fraction of a millisecond. From %s.", version, dir)}
	trainContenders = append(trainContenders, contender{name: tfjsName, baseline: true})
	trainPeers[tfjsName] = func(r trainRow, samples int) (trainPeer, error) {
		p, err := startTFJS(node, dir, r, samples)
		if err != nil {
			return nil, err
		}
		return p, nil
	}
}

// tfjsDirs lists where bench/tfjs is looked for: from the working directory (the repository
// root, as `go run ./bench` is run) and from this source file's directory.
func tfjsDirs() []string {
	dirs := []string{filepath.Join("bench", "tfjs")}
	if _, file, _, ok := runtime.Caller(0); ok {
		dirs = append(dirs, filepath.Join(filepath.Dir(file), "tfjs"))
	}
	return dirs
}

// findTFJS finds node ($TFJS_NODE, else node on PATH) and bench/tfjs with TensorFlow.js
// installed, and names their versions: TensorFlow.js' and its wasm backend's as their packages
// say, node's as it reports itself.
func findTFJS() (node, dir, version string, err error) {
	for _, d := range tfjsDirs() {
		if _, err := os.Stat(filepath.Join(d, "node_modules", "@tensorflow", "tfjs-backend-wasm", "package.json")); err == nil {
			dir = d
			break
		}
	}
	if dir == "" {
		return "", "", "", fmt.Errorf("TensorFlow.js is not installed in %s", tfjsDirs()[0])
	}
	if dir, err = filepath.Abs(dir); err != nil {
		return "", "", "", err
	}
	packageVersion := func(name string) string {
		var p struct{ Version string }
		b, err := os.ReadFile(filepath.Join(dir, "node_modules", "@tensorflow", name, "package.json"))
		if err != nil || json.Unmarshal(b, &p) != nil || p.Version == "" {
			return "unknown"
		}
		return p.Version
	}
	node = os.Getenv("TFJS_NODE")
	if node == "" {
		if node, err = exec.LookPath("node"); err != nil {
			return "", "", "", errors.New("no node on PATH, nor $TFJS_NODE")
		}
	}
	out, err := exec.Command(node, "--version").Output()
	if err != nil {
		return "", "", "", fmt.Errorf("%s --version: %v", node, err)
	}
	return node, dir, fmt.Sprintf("%s (tfjs-backend-wasm %s, node %s)", packageVersion("tfjs"), packageVersion("tfjs-backend-wasm"),
		strings.TrimSpace(string(out))), nil
}

// tfjsSpec is the row fit.mjs trains.
type tfjsSpec struct {
	Time    int    `json:"time"`
	Inputs  int    `json:"inputs"`
	Units   int    `json:"units"`
	Outputs int    `json:"outputs"`
	Head    string `json:"head"` // "time_distributed", "sequence" or "last"
	Batch   int    `json:"batch"`
	Samples int    `json:"samples"`
}

func newTFJSSpec(r trainRow, samples int) tfjsSpec {
	head := "sequence"
	switch {
	case r.timeDistributed:
		head = "time_distributed"
	case r.lastOnly:
		head = "last"
	}
	return tfjsSpec{Time: r.time, Inputs: r.in, Units: r.units, Outputs: trainOutputs, Head: head, Batch: r.batch, Samples: samples}
}

// tfjsReply is a line fit.mjs writes: the first says what runs, each later one answers a
// command. A loss that is not finite comes as null.
type tfjsReply struct {
	Error   string   `json:"error"`
	Version string   `json:"version"`
	Backend string   `json:"backend"`
	SIMD    bool     `json:"simd"`
	Threads int      `json:"threads"`
	Params  int      `json:"params"` // the model's weights
	Loss    *float64 `json:"loss"`
	Seconds float64  `json:"seconds"`     // the command's, in node
	CPU     float64  `json:"cpu_seconds"` // the process's CPU time in the command, all threads
}

// tfjsPeer is fit.mjs running one row.
type tfjsPeer struct {
	cmd    *exec.Cmd
	in     io.WriteCloser
	out    *bufio.Reader
	stderr bytes.Buffer // read once the process has ended
	ready  tfjsReply
}

// startTFJS starts fit.mjs on r's model and waits until it has built it and warmed up, on the
// wasm backend with one thread and with as many weights as fastgru's.
func startTFJS(node, dir string, r trainRow, samples int) (*tfjsPeer, error) {
	spec, err := json.Marshal(newTFJSSpec(r, samples))
	if err != nil {
		return nil, err
	}
	p := &tfjsPeer{cmd: exec.Command(node, filepath.Join(dir, "fit.mjs"), string(spec))}
	p.cmd.Dir = dir
	p.cmd.Stderr = &p.stderr
	if p.in, err = p.cmd.StdinPipe(); err != nil {
		return nil, err
	}
	out, err := p.cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	p.out = bufio.NewReader(out)
	if err := p.cmd.Start(); err != nil {
		return nil, err
	}
	if p.ready, err = p.read(); err != nil {
		return nil, err
	}
	switch want := trainParams(r); {
	case p.ready.Backend != "wasm" || p.ready.Threads != 1:
		err = fmt.Errorf("TensorFlow.js runs the %q backend on %d threads, not wasm on 1", p.ready.Backend, p.ready.Threads)
	case p.ready.Params != want:
		err = fmt.Errorf("TensorFlow.js' model has %d weights, fastgru's %d", p.ready.Params, want)
	}
	if err != nil {
		p.close()
		return nil, err
	}
	return p, nil
}

// trainParams counts the weights of r's model: the GRU's kernel, recurrent kernel and bias of
// reset_after=false, and the Dense's kernel and bias.
func trainParams(r trainRow) int {
	return 3*r.units*(r.in+r.units) + 3*r.units + r.units*trainOutputs + trainOutputs
}

// read reads the script's next line; when it says an error, or none comes, the process is
// ended and the error returned with the last of what it wrote to stderr.
func (p *tfjsPeer) read() (tfjsReply, error) {
	var reply tfjsReply
	line, readErr := p.out.ReadBytes('\n')
	var err error
	switch {
	case readErr != nil:
	case json.Unmarshal(line, &reply) != nil:
		err = fmt.Errorf("fit.mjs wrote %q", line)
	case reply.Error != "":
		err = errors.New(reply.Error)
	}
	if readErr == nil && err == nil {
		return reply, nil
	}
	p.close()
	if readErr != nil {
		err = fmt.Errorf("node ended: %v", p.cmd.ProcessState)
	}
	if log := strings.TrimSpace(p.stderr.String()); log != "" {
		err = fmt.Errorf("%w; stderr: %s", err, log[max(0, len(log)-300):])
	}
	return reply, err
}

// command runs one step or epoch and checks its loss.
func (p *tfjsPeer) command(name string) (tfjsReply, error) {
	if _, err := io.WriteString(p.in, name+"\n"); err != nil {
		return tfjsReply{}, err
	}
	reply, err := p.read()
	if err == nil && reply.Loss == nil {
		err = fmt.Errorf("%s: the loss is not finite", name)
	}
	return reply, err
}

func (p *tfjsPeer) step() error {
	_, err := p.command("step")
	return err
}

func (p *tfjsPeer) epoch() error {
	_, err := p.command("epoch")
	return err
}

// close ends the script's input, which ends it, and waits for it; after an error it has ended
// already.
func (p *tfjsPeer) close() {
	p.in.Close()
	if p.cmd.ProcessState == nil {
		p.cmd.Wait()
	}
}
