//go:build !amd64 || purego || noasm

package peak

const flopsPerIter = 0

func haveProbe() bool { return false }

func fma(int) {}
