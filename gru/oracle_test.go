package gru

import (
	"encoding/json"
	"flag"
	"math"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/fastgru/fastgru/kernels"
	"github.com/stretchr/testify/require"
)

// oracleCase is one case of testdata/oracle (format keras-gru-oracle/1, made by TensorFlow.js
// 4.22 and ONNX Runtime 1.30 from ../shared/oracle).
type oracleCase struct {
	Name   string
	Config struct {
		Batch, Time, Units  int
		InputSize           int    `json:"input_size"`
		ReturnSequences     bool   `json:"return_sequences"`
		GoBackwards         bool   `json:"go_backwards"`
		ResetAfter          bool   `json:"reset_after"`
		RecurrentActivation string `json:"recurrent_activation"`
		Head                string
		HeadUnits           int `json:"head_units"`
	}
	Weights struct {
		GRU struct {
			Kernel          Tensor
			RecurrentKernel Tensor `json:"recurrent_kernel"`
			Bias            Tensor
		}
		Dense *struct{ Kernel, Bias Tensor }
	}
	Input, GRUOutput, Logits, Output Tensor `json:"-"`
}

func (c *oracleCase) UnmarshalJSON(b []byte) error {
	type plain oracleCase
	var aux struct {
		plain
		Input     Tensor
		GRUOutput Tensor `json:"gru_output"`
		Logits    Tensor
		Output    Tensor
	}
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	*c = oracleCase(aux.plain)
	c.Input, c.GRUOutput, c.Logits, c.Output = aux.Input, aux.GRUOutput, aux.Logits, aux.Output
	return nil
}

func loadOracle(t *testing.T) []oracleCase {
	files, err := filepath.Glob("testdata/oracle/*.json")
	require.NoError(t, err)
	var cases []oracleCase
	for _, f := range files {
		if filepath.Base(f) == "index.json" {
			continue
		}
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		var c oracleCase
		require.NoError(t, json.Unmarshal(b, &c), f)
		cases = append(cases, c)
	}
	require.NotEmpty(t, cases)
	return cases
}

// models builds the case's GRU alone, with its head, and with head and softmax, each with
// SetWeights from the case's Keras-shaped weights.
func (c *oracleCase) models(t *testing.T) (gruOnly, logits, softmax *Sequential) {
	cfg := c.Config
	newGRU := func() *GRU {
		return &GRU{Units: cfg.Units, RecurrentActivation: cfg.RecurrentActivation, ReturnSequences: cfg.ReturnSequences,
			GoBackwards: cfg.GoBackwards, ResetAfter: cfg.ResetAfter}
	}
	newHead := func() Layer {
		if cfg.Head == "time_distributed_dense" {
			return &TimeDistributed{Layer: &Dense{Units: cfg.HeadUnits}}
		}
		return &Dense{Units: cfg.HeadUnits}
	}
	in := []int{cfg.Time, cfg.InputSize}
	w := []Tensor{c.Weights.GRU.Kernel, c.Weights.GRU.RecurrentKernel, c.Weights.GRU.Bias}
	build := func(layers ...Layer) *Sequential {
		m, err := NewSequential(in, layers...)
		require.NoError(t, err, c.Name)
		ws := w
		if len(layers) > 1 {
			ws = append(ws[:3:3], c.Weights.Dense.Kernel, c.Weights.Dense.Bias)
		}
		require.NoError(t, m.SetWeights(ws), c.Name)
		return m
	}
	gruOnly = build(newGRU())
	if cfg.Head != "none" {
		logits = build(newGRU(), newHead())
		softmax = build(newGRU(), newHead(), &Activation{Activation: "softmax"})
	}
	return gruOnly, logits, softmax
}

// onlyImpl narrows the tests to one kernel implementation: under an emulator, where each one
// costs minutes, .ci/run tests only the implementation the CPU itself cannot run.
var onlyImpl = flag.String("impl", "", "run the implementation tests under this implementation only")

// forEachImpl runs f as a subtest under every kernel implementation this CPU has (or -impl).
func forEachImpl(t *testing.T, f func(t *testing.T)) {
	if *onlyImpl != "" && !slices.Contains(kernels.Implementations(), *onlyImpl) {
		t.Fatalf("-impl %s: not an implementation this CPU runs (%v)", *onlyImpl, kernels.Implementations())
	}
	for _, impl := range kernels.Implementations() {
		if *onlyImpl != "" && impl != *onlyImpl {
			continue
		}
		t.Run(impl, func(t *testing.T) {
			prev := kernels.Selected()
			require.NoError(t, kernels.Use(impl))
			defer kernels.Use(prev)
			f(t)
		})
	}
}

func maxAbsDiff(t *testing.T, got, want Tensor) float64 {
	require.Equal(t, want.Shape, got.Shape)
	worst := 0.0
	for i := range want.Data {
		worst = math.Max(worst, math.Abs(float64(got.Data[i])-float64(want.Data[i])))
	}
	return worst
}

// TestOracle matches every Keras reference case, built with the Go constructors and SetWeights,
// within 1e-5 on the GRU output, the logits and the softmax, for every kernel implementation.
func TestOracle(t *testing.T) {
	cases := loadOracle(t)
	forEachImpl(t, func(t *testing.T) {
		worst := 0.0
		defer func() { t.Logf("%d cases, worst difference %.3g", len(cases), worst) }()
		for _, c := range cases {
			gruOnly, logits, softmax := c.models(t)
			check := func(what string, m *Sequential, want Tensor) {
				got, err := m.Predict(c.Input)
				require.NoError(t, err)
				d := maxAbsDiff(t, got, want)
				if !(d <= 1e-5) {
					t.Errorf("%s: %s differs by %.3g", c.Name, what, d)
				}
				worst = math.Max(worst, d)
			}
			check("gru_output", gruOnly, c.GRUOutput)
			if logits != nil {
				check("logits", logits, c.Logits)
				check("output", softmax, c.Output)
			}
		}
	})
}
