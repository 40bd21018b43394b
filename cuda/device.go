//go:build cuda

package cuda

import (
	_ "embed"
	"fmt"
	"math"
	"sync"
	"unsafe"

	"gorgonia.org/cu"
)

//go:generate ./kernels/gen.sh

//go:embed kernels/fastgru.ptx
var ptx string

// The kernels of fastgru.ptx.
const (
	kSgemmF32  = "sgemm_f32_act"
	kSgemmTF32 = "sgemm_tf32_act"
	kGRUZR     = "gru_step_zr"
	kGRUH      = "gru_step_h"
	kGRURA     = "gru_step_reset_after"
	kSoftmax   = "softmax_rows"
)

// Device is one CUDA device with fastgru's kernels loaded. Its context lives on one OS thread,
// through gorgonia.org/cu's Ctx; a Device is safe for concurrent use, its calls running one at a
// time.
type Device struct {
	mu   sync.Mutex
	ctx  *cu.Ctx
	mod  cu.Module
	fns  map[string]cu.Function
	name string
}

// Open creates a context on the device of the given ordinal and loads the kernels.
func Open(ordinal int) (d *Device, err error) {
	n, err := cu.NumDevices()
	if err != nil {
		return nil, fmt.Errorf("cuda: counting devices: %w", err)
	}
	if ordinal < 0 || ordinal >= n {
		return nil, fmt.Errorf("cuda: no device %d (have %d)", ordinal, n)
	}
	dev, err := cu.GetDevice(ordinal)
	if err != nil {
		return nil, fmt.Errorf("cuda: device %d: %w", ordinal, err)
	}
	name, _ := dev.Name()
	defer func() {
		// cu.NewContext panics when the driver refuses a context.
		if r := recover(); r != nil {
			d, err = nil, fmt.Errorf("cuda: context on device %d: %v", ordinal, r)
		}
	}()
	d = &Device{ctx: cu.NewContext(dev, cu.SchedAuto), fns: map[string]cu.Function{}, name: name}
	if err := d.ctx.Do(func() error {
		var err error
		d.mod, err = cu.LoadData(ptx)
		return err
	}); err != nil {
		d.ctx.Close()
		return nil, fmt.Errorf("cuda: loading the kernels (PTX ISA 7.8, compute_80) on %s: %w", name, err)
	}
	for _, k := range []string{kSgemmF32, kSgemmTF32, kGRUZR, kGRUH, kGRURA, kSoftmax} {
		fn, err := d.ctx.ModuleFunction(d.mod, k)
		if err != nil {
			d.ctx.Close()
			return nil, fmt.Errorf("cuda: kernel %s: %w", k, err)
		}
		d.fns[k] = fn
	}
	return d, nil
}

// Name returns the device's name, such as "NVIDIA H100 80GB HBM3".
func (d *Device) Name() string { return d.name }

// DriverVersion returns the CUDA version of the installed driver, such as "12.4".
func DriverVersion() string {
	v := cu.Version()
	return fmt.Sprintf("%d.%d", v/1000, v%1000/10)
}

// Close releases the device's context, and with it every buffer still allocated on it.
func (d *Device) Close() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.ctx.Close()
}

// Synchronize waits for the device to finish the work queued so far.
func (d *Device) Synchronize() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.ctx.Synchronize()
	return d.check("synchronize")
}

// check returns the context's last error, wrapped with what failed.
func (d *Device) check(what string) error {
	if err := d.ctx.Error(); err != nil {
		return fmt.Errorf("cuda: %s: %w", what, err)
	}
	return nil
}

// launch queues kernel on the default stream with gx×gy blocks of 256 threads. Each argument is
// one 8-byte slot, as LaunchKernel copies them: a device pointer, an integer, or a float32's bits
// (f32). d.mu is held.
func (d *Device) launch(kernel string, gx, gy int, args ...uint64) error {
	params := make([]unsafe.Pointer, len(args))
	for i := range args {
		params[i] = unsafe.Pointer(&args[i])
	}
	d.ctx.LaunchKernel(d.fns[kernel], gx, gy, 1, 256, 1, 1, 0, cu.NoStream, params)
	return d.check(kernel)
}

func f32(v float32) uint64 { return uint64(math.Float32bits(v)) }

func blocks(n, per int) int { return (n + per - 1) / per }
