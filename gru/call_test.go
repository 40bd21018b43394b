package gru

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// standaloneGRU builds a GRU on its own over (time, 3) inputs with deterministic weights.
func standaloneGRU(t *testing.T, time int, resetAfter bool) *GRU {
	g := &GRU{Units: 9, ReturnSequences: true, ResetAfter: resetAfter}
	require.NoError(t, g.Build([]int{time, 3}))
	var w []Tensor
	for i, s := range g.weightShapes() {
		n, _ := size(s)
		d := make([]float32, n)
		for j := range d {
			d[j] = float32((i*7+j)%11)/11 - 0.45
		}
		w = append(w, Tensor{Shape: s, Data: d})
	}
	require.NoError(t, g.SetWeights(w))
	return g
}

// TestCallInitialState: running the second half of a sequence from the state the first half
// returned gives the whole sequence's second half, and the state is the last output.
func TestCallInitialState(t *testing.T) {
	for _, resetAfter := range []bool{false, true} {
		whole, half := standaloneGRU(t, 8, resetAfter), standaloneGRU(t, 4, resetAfter)
		x := Tensor{Shape: []int{2, 8, 3}, Data: make([]float32, 48)}
		for i := range x.Data {
			x.Data[i] = float32(i%13)/13 - 0.5
		}
		part := func(from int) Tensor {
			p := Tensor{Shape: []int{2, 4, 3}, Data: make([]float32, 24)}
			for b := 0; b < 2; b++ {
				copy(p.Data[b*12:b*12+12], x.Data[b*24+from*3:])
			}
			return p
		}
		all, state, err := whole.Call(x, nil)
		require.NoError(t, err)
		assert.Equal(t, all.Data[7*9:8*9], state.Data[:9], "state is the last step")
		_, mid, err := half.Call(part(0), nil)
		require.NoError(t, err)
		second, _, err := half.Call(part(4), &mid)
		require.NoError(t, err)
		for b := 0; b < 2; b++ {
			for i := 0; i < 4*9; i++ {
				got, want := second.Data[b*36+i], all.Data[b*72+36+i]
				assert.InDelta(t, want, got, 1e-6)
			}
		}
		_, _, err = half.Call(part(0), &Tensor{Shape: []int{3, 9}, Data: make([]float32, 27)})
		assert.EqualError(t, err, "gru: initial state of shape [3 9], want [2 9]")
		_, _, err = half.Call(x, nil)
		assert.EqualError(t, err, "gru: input of shape [2 8 3], the GRU takes (batch, 4, 3)")
		assert.False(t, math.IsNaN(float64(state.Data[0])))
	}
	_, _, err := (&GRU{Units: 2}).Call(Tensor{}, nil)
	assert.EqualError(t, err, "gru: Call before SetWeights")
}

// TestBatchRowsIndependent: a batch of 13 (no padding; an edge tile) gives each sequence what it
// gives alone (batch 1, the one-row path), for both variants.
func TestBatchRowsIndependent(t *testing.T) {
	for _, resetAfter := range []bool{false, true} {
		g := standaloneGRU(t, 6, resetAfter)
		const batch = 13
		x := Tensor{Shape: []int{batch, 6, 3}, Data: make([]float32, batch*18)}
		for i := range x.Data {
			x.Data[i] = float32(i%17)/17 - 0.5
		}
		all, _, err := g.Call(x, nil)
		require.NoError(t, err)
		for b := 0; b < batch; b++ {
			one, _, err := g.Call(Tensor{Shape: []int{1, 6, 3}, Data: x.Data[b*18 : b*18+18]}, nil)
			require.NoError(t, err)
			for i, v := range one.Data {
				assert.InDelta(t, v, all.Data[b*54+i], 1e-6)
			}
		}
	}
}
