"""Prints device-check.sh's one table from the files its run half wrote into the directory given."""
import json
import os
import re
import sys

out = sys.argv[1]


def load(name):
    try:
        with open(os.path.join(out, name)) as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        print(f"({name}: {e})")
        return {}


torch = load("torch.json")
bench = load("bench.json")
gobench = {}
try:
    for line in open(os.path.join(out, "benchmarks.txt")):
        m = re.match(r"Benchmark(\S+?)(-\d+)?\s+\d+\s+.*?([\d.]+) TFLOP/s", line)
        if m:
            gobench[m.group(1)] = float(m.group(3))
except OSError:
    pass

print(f"\nGPU: {torch.get('device', '?')}   PyTorch {torch.get('torch', '?')}")
print(f"{'what':44} {'fastgru':>12} {'reference':>12} {'ratio':>7}")


def row(what, ours, ref):
    ratio = ours / ref if ours and ref else 0
    print(f"{what:44} {ours:12.2f} {ref:12.2f} {ratio:7.2f}")


row("GEMM 4096³ FP32, TFLOP/s (vs cuBLAS)", gobench.get("Sgemm4096/FP32", 0), torch.get("matmul_fp32", {}).get("tflops", 0))
row("GEMM 4096³ TF32, TFLOP/s (vs cuBLAS)", gobench.get("Sgemm4096/TF32", 0), torch.get("matmul_tf32", {}).get("tflops", 0))
ref = torch.get("gru_cudnn_B64_T512_I512_H512", {}).get("tflops", 0)
row("GRU B64 T512 I512 H512, TFLOP/s (vs cuDNN)", gobench.get("GRU", 0), ref)

print("\ngo run -tags cuda ./bench (GPU times include copies), GFLOP/s:")
for r in bench.get("rows", []):
    res = r["results"]
    cells = "  ".join(f"{k} {v.get('gflops', 0):9.1f}" for k, v in res.items())
    print(f"  {r['shape']:28} {cells}")
for m in bench.get("models", []):
    res = m["results"]
    cells = "  ".join(f"{k} {v.get('microseconds', 0):10.0f} µs" for k, v in res.items())
    print(f"  {m['model']:28} {cells}")
