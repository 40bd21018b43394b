//go:build cuda

package cuda

import (
	"fmt"
	"unsafe"

	"gorgonia.org/cu"
)

// Buffer is float32 memory on a device, with explicit copies to and from the host.
type Buffer struct {
	d     *Device
	ptr   cu.DevicePtr
	n     int
	owner bool // Free releases it; views do not
}

// Alloc allocates n floats on the device.
func (d *Device) Alloc(n int) (*Buffer, error) {
	if n < 1 {
		return nil, fmt.Errorf("cuda: cannot allocate %d floats", n)
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	ptr, err := d.ctx.MemAlloc(int64(n) * 4)
	if err != nil {
		return nil, fmt.Errorf("cuda: allocating %d floats: %w", n, err)
	}
	return &Buffer{d: d, ptr: ptr, n: n, owner: true}, nil
}

// Len returns the buffer's length in floats.
func (b *Buffer) Len() int { return b.n }

// Slice returns the floats [from, to) of b as a buffer that shares its memory.
func (b *Buffer) Slice(from, to int) *Buffer {
	if from < 0 || to < from || to > b.n {
		panic(fmt.Sprintf("cuda: slice [%d:%d] of a buffer of %d", from, to, b.n))
	}
	return &Buffer{d: b.d, ptr: b.ptr + cu.DevicePtr(4*from), n: to - from}
}

// Upload copies src to the start of b.
func (b *Buffer) Upload(src []float32) error {
	if len(src) > b.n {
		return fmt.Errorf("cuda: uploading %d floats into a buffer of %d", len(src), b.n)
	}
	if len(src) == 0 {
		return nil
	}
	b.d.mu.Lock()
	defer b.d.mu.Unlock()
	b.d.ctx.MemcpyHtoD(b.ptr, unsafe.Pointer(&src[0]), int64(4*len(src)))
	return b.d.check("upload")
}

// Download copies the start of b to dst, waiting for the work queued before it.
func (b *Buffer) Download(dst []float32) error {
	if len(dst) > b.n {
		return fmt.Errorf("cuda: downloading %d floats from a buffer of %d", len(dst), b.n)
	}
	if len(dst) == 0 {
		return nil
	}
	b.d.mu.Lock()
	defer b.d.mu.Unlock()
	b.d.ctx.MemcpyDtoH(unsafe.Pointer(&dst[0]), b.ptr, int64(4*len(dst)))
	return b.d.check("download")
}

// Zero sets b to zeros.
func (b *Buffer) Zero() error {
	b.d.mu.Lock()
	defer b.d.mu.Unlock()
	b.d.ctx.MemsetD32(b.ptr, 0, int64(b.n))
	return b.d.check("zero")
}

// Free releases b's memory; a view's Free does nothing.
func (b *Buffer) Free() error {
	if !b.owner || b.ptr == 0 {
		return nil
	}
	b.d.mu.Lock()
	defer b.d.mu.Unlock()
	b.d.ctx.MemFree(b.ptr)
	b.ptr = 0
	return b.d.check("free")
}

// arg is b's device address as a kernel argument; nil is a null pointer.
func (b *Buffer) arg() uint64 {
	if b == nil {
		return 0
	}
	return uint64(b.ptr)
}
