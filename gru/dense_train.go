package gru

import (
	"github.com/fastgru/fastgru/kernels"
	"gonum.org/v1/gonum/blas"
)

// denseTrain is what a Dense keeps from trainForward for backward.
type denseTrain struct {
	x       Tensor // the input, owned by the layer before or the caller
	act     kernels.Activation
	z, y    []float32 // the output before and after the activation
	dz, dx  []float32
	gt      []float32 // the kernel's gradient transposed
	outRows int
}

func (d *Dense) trainForward(x Tensor, linear bool) Tensor {
	t := &d.train
	rows := 1
	for _, s := range x.Shape[:len(x.Shape)-1] {
		rows *= s
	}
	t.x, t.outRows, t.act = x, rows, d.act
	if linear {
		t.act = kernels.Linear
	}
	d.yShape = append(append(reuseShape(&d.yShape, x.Shape[0]), x.Shape[1:len(x.Shape)-1]...), d.Units)
	z := reuse(&t.z, rows*d.Units)
	kernels.Dense(z, x.Data, rows, d.in, d.Units, d.kernel, d.b, kernels.Linear)
	if t.act == kernels.Linear {
		return Tensor{Shape: d.yShape, Data: z}
	}
	y := reuse(&t.y, len(z))
	copy(y, z)
	kernels.Activate(t.act, y, rows, d.Units, d.Units)
	return Tensor{Shape: d.yShape, Data: y}
}

// backward: dz = dy through the activation, dW = xᵀ·dz and db = Σ dz over every row, each one
// product whatever the rows stand for (batch, or batch·time), and dx = dz·Wᵀ.
func (d *Dense) backward(dy Tensor, g [][]float32, needDX bool) Tensor {
	t := &d.train
	rows, out := t.outRows, d.Units
	dz := dy.Data
	if t.act != kernels.Linear {
		dz = reuse(&t.dz, len(dy.Data))
		activationGrad(t.act, dz, dy.Data, t.z, t.y, out)
	}
	if rows > 0 {
		weightGrad(g[0], out, t.x.Data, max(d.in, 1), d.in, dz, out, out, rows, &t.gt)
		if !d.NoBias {
			kernels.ColumnSums(g[1], dz, rows, out, out, 0)
		}
	} else {
		clear(g[0])
		if !d.NoBias {
			clear(g[1])
		}
	}
	if !needDX {
		return Tensor{}
	}
	dx := reuse(&t.dx, len(t.x.Data))
	if rows > 0 && d.in > 0 {
		kernels.Sgemm(blas.NoTrans, blas.Trans, rows, d.in, out, 1, dz, out, d.kernel, out, 0, dx, d.in)
	}
	return Tensor{Shape: t.x.Shape, Data: dx}
}

func (t *TimeDistributed) trainForward(x Tensor, linear bool) Tensor {
	return t.Layer.trainForward(x, linear)
}

func (t *TimeDistributed) backward(dy Tensor, g [][]float32, needDX bool) Tensor {
	return t.Layer.backward(dy, g, needDX)
}

func (a *Activation) trainForward(x Tensor, linear bool) Tensor {
	a.x = x
	return a.forward(x)
}

func (a *Activation) backward(dy Tensor, _ [][]float32, needDX bool) Tensor {
	if !needDX {
		return Tensor{}
	}
	dx := reuse(&a.dx, len(dy.Data))
	activationGrad(a.act, dx, dy.Data, a.x.Data, a.y, a.shape[len(a.shape)-1])
	return Tensor{Shape: a.x.Shape, Data: dx}
}

// activationGrad writes dz = dy through act, given its input x and output y (rows of cols):
// Keras' derivatives, ReLU's 0 at 0 and hard sigmoid's 0.2 inside its clip, edges included.
func activationGrad(act kernels.Activation, dz, dy, x, y []float32, cols int) {
	switch act {
	case kernels.Linear:
		copy(dz, dy)
	case kernels.ReLU:
		for i, v := range x[:len(dz)] {
			if v > 0 {
				dz[i] = dy[i]
			} else {
				dz[i] = 0
			}
		}
	case kernels.Sigmoid:
		for i, v := range y[:len(dz)] {
			dz[i] = dy[i] * v * (1 - v)
		}
	case kernels.Tanh:
		for i, v := range y[:len(dz)] {
			dz[i] = dy[i] * (1 - v*v)
		}
	case kernels.HardSigmoid:
		for i, v := range x[:len(dz)] {
			dz[i] = dy[i] * hardSigmoidGrad(v, 0.2)
		}
	case kernels.Softmax:
		if cols == 0 {
			return
		}
		for r := 0; r < len(dz)/cols; r++ {
			yr, dyr, dzr := y[r*cols:][:cols], dy[r*cols:][:cols], dz[r*cols:][:cols]
			var dot float32
			for k, v := range yr {
				dot += v * dyr[k]
			}
			for k, v := range yr {
				dzr[k] = v * (dyr[k] - dot)
			}
		}
	}
}

// hardSigmoidGrad is the derivative of clip(slope·x + 0.5, 0, 1) at x: slope where the clip's
// input, rounded to float32 as Keras computes it, lies in [0, 1], edges included; else 0.
func hardSigmoidGrad(x, slope float32) float32 {
	if t := float32(slope*x) + 0.5; t >= 0 && t <= 1 {
		return slope
	}
	return 0
}
