#!/usr/bin/env bash
# Compiles the device kernels to PTX for compute_80 with nvcc 11.8 (Debian's nvidia-cuda-toolkit,
# with g++-11 as its host compiler; cuda/scripts/install-toolkit.sh installs both). It installs
# nothing itself. Run by `go generate` in cuda/.
set -euo pipefail
cd "$(dirname "$0")"
if ! command -v nvcc >/dev/null; then
	echo "gen.sh: nvcc not found: run cuda/scripts/install-toolkit.sh (as root) first" >&2
	exit 1
fi
ccbin=()
if command -v g++-11 >/dev/null; then
	ccbin=(-ccbin g++-11)
fi
nvcc "${ccbin[@]}" -O3 -ptx -arch=compute_80 -o fastgru.ptx fastgru.cu
echo "gen.sh: wrote $(pwd)/fastgru.ptx ($(grep -c '^.visible .entry' fastgru.ptx) kernels)"
