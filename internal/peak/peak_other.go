//go:build !amd64 || purego || noasm

package peak

// probes is empty: no FMA probe exists for this CPU or build.
var probes = map[string]probe{}
