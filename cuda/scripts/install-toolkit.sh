#!/usr/bin/env bash
# Installs what building fastgru's CUDA path needs on Debian 12 (bookworm): nvcc 11.8, cuda.h and
# the libcuda link stub from the non-free nvidia-cuda-toolkit, and g++-11, the newest host
# compiler nvcc 11.8 accepts. It adds bookworm's contrib and non-free components in a sources file
# of its own and changes nothing else. Needs root; about 1.6 GB to download.
set -euo pipefail

list=/etc/apt/sources.list.d/fastgru-cuda.sources
if ! command -v nvcc >/dev/null || [ ! -e /usr/include/cuda.h ]; then
	if [ ! -e "$list" ]; then
		cat >"$list" <<'SOURCES'
Types: deb
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: contrib non-free
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
	fi
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nvidia-cuda-toolkit g++-11
fi
nvcc --version | tail -1
