package kernels

import "fmt"

// Activation is the function a Dense layer applies to its output.
type Activation int

const (
	Linear      Activation = iota // x
	ReLU                          // max(x, 0)
	Sigmoid                       // 1/(1+e^-x)
	HardSigmoid                   // Keras 2 and TF.js: clip(0.2x+0.5, 0, 1)
	Tanh                          // tanh(x)
	Softmax                       // e^x_j / Σ_i e^x_i over each row
)

var activationNames = [...]string{"linear", "relu", "sigmoid", "hard_sigmoid", "tanh", "softmax"}

// String returns the Keras name of a.
func (a Activation) String() string {
	if a < 0 || int(a) >= len(activationNames) {
		return fmt.Sprintf("Activation(%d)", int(a))
	}
	return activationNames[a]
}

func (a Activation) valid() bool { return a >= Linear && a <= Softmax }

// Activate applies act in place to the rows×cols matrix x, whose rows start ld apart; Softmax
// normalises each row.
func Activate(act Activation, x []float32, rows, cols, ld int) {
	switch {
	case !act.valid():
		panic(badActivation)
	case rows < 0:
		panic("kernels: rows < 0")
	case cols < 0:
		panic("kernels: cols < 0")
	case ld < max(1, cols):
		panic("kernels: bad leading dimension of x")
	case !fits(len(x), rows, ld, cols):
		panic("kernels: insufficient length of x")
	}
	applyRows(current(), act, x, rows, cols, ld)
}

// Exp replaces every element of x by e^x.
func Exp(x []float32) { activateRows(current(), x, 1, len(x), len(x), fnExp) }

const badActivation = "kernels: unknown activation"

// applyRows applies act to rows×cols of x; the arguments are checked.
func applyRows(z isa, act Activation, x []float32, rows, cols, ld int) {
	if rows == 0 || cols == 0 {
		return
	}
	switch act {
	case ReLU:
		for r := 0; r < rows; r++ {
			row := x[r*ld : r*ld+cols]
			for j, v := range row {
				if v < 0 {
					row[j] = 0
				}
			}
		}
	case Sigmoid:
		activateRows(z, x, rows, cols, ld, fnSigmoid)
	case Tanh:
		activateRows(z, x, rows, cols, ld, fnTanh)
	case HardSigmoid:
		for r := 0; r < rows; r++ {
			row := x[r*ld : r*ld+cols]
			for j, v := range row {
				row[j] = min(max(0.2*v+0.5, 0), 1)
			}
		}
	case Softmax:
		softmaxRows(z, x, rows, cols, ld)
	}
}
