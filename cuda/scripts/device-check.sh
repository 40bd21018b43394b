#!/usr/bin/env bash
# The CUDA path's check on a GPU machine, in two halves:
#
#   cuda/scripts/device-check.sh build   # here, with Go and the toolkit: the test and bench
#                                        # binaries into cuda/scripts/out/
#   cuda/scripts/device-check.sh run     # on the GPU machine (x86_64, CUDA driver, PyTorch, no Go,
#                                        # no network), from the repository root: the tests, the
#                                        # benchmarks, PyTorch's cuBLAS and cuDNN, one table
#
# The binaries link libcuda.so.1 and need glibc 2.34 or later there (Ubuntu 22.04, RHEL 9, …).
# With the device tool: build, then run "cuda/scripts/device-check.sh run" carrying
# cuda/scripts/out. The run half takes about 4 minutes; its timeouts (120 + 90 + 150 + 90 s) end
# it before 8.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out=$root/cuda/scripts/out

case "${1:-}" in
build)
	mkdir -p "$out"
	(cd "$root/cuda" && go test -c -tags cuda -o "$out/cuda.test" .)
	(cd "$root" && go build -tags cuda -o "$out/bench" ./bench)
	ls -l "$out"
	;;
run)
	cd "$root"
	# The driver's libcuda.so.1 may be off the default library path.
	lib=$(ldconfig -p 2>/dev/null | awk '/libcuda\.so\.1 /{print $NF; exit}')
	if [ -z "$lib" ]; then
		lib=$(find / -name libcuda.so.1 -not -path '*/proc/*' 2>/dev/null | head -1 || true)
	fi
	if [ -n "$lib" ]; then
		export LD_LIBRARY_PATH="$(dirname "$lib")${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
	fi
	nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader || true
	status=0
	(cd cuda && timeout 120 "$out/cuda.test" -test.run 'Test' -test.v >"$out/tests.txt" 2>&1) || status=$?
	grep -E '^(--- |ok|FAIL|PASS)|cuda:' "$out/tests.txt" | tail -15
	(cd cuda && timeout 90 "$out/cuda.test" -test.run '^$' -test.bench . -test.benchtime 5x >"$out/benchmarks.txt" 2>&1) || status=$?
	timeout 150 "$out/bench" -json -threads "$(nproc)" -reps 3 -mintime 100ms \
		-shapes square,dense,4096x4096x4096 -models seed-td15,gru-B32-T64-I128-H256,gru-B64-T512-I512-H512 \
		>"$out/bench.json" 2>"$out/bench.err" || status=$?
	timeout 90 python3 cuda/scripts/torch_ref.py >"$out/torch.json" 2>"$out/torch.err" || status=$?
	python3 cuda/scripts/summary.py "$out"
	exit $status
	;;
*)
	echo "usage: $0 build|run" >&2
	exit 2
	;;
esac
