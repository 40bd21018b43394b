"""The GPU path's references on the GPU machine, through PyTorch: torch.matmul 4096³ in FP32 and
TF32 (cuBLAS), and torch.nn.GRU (cuDNN) on B64 T512 I512 H512. Prints one JSON object."""
import json
import time

import torch


def best(fn, reps=20):
    fn()
    torch.cuda.synchronize()
    t = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(reps):
            fn()
        torch.cuda.synchronize()
        t = min(t, (time.perf_counter() - start) / reps)
    return t


def main():
    dev = torch.device("cuda")
    out = {"device": torch.cuda.get_device_name(0), "torch": torch.__version__}
    n = 4096
    a = torch.randn(n, n, device=dev)
    b = torch.randn(n, n, device=dev)
    for name, tf32 in (("matmul_fp32", False), ("matmul_tf32", True)):
        torch.backends.cuda.matmul.allow_tf32 = tf32
        s = best(lambda: torch.matmul(a, b))
        out[name] = {"ms": s * 1e3, "tflops": 2 * n**3 / s / 1e12}
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    gru = torch.nn.GRU(512, 512, batch_first=True).to(dev)
    x = torch.randn(64, 512, 512, device=dev)
    with torch.no_grad():
        s = best(lambda: gru(x), reps=5)
    flops = 2 * 64 * 512 * 3 * 512 * (512 + 512)
    out["gru_cudnn_B64_T512_I512_H512"] = {"ms": s * 1e3, "tflops": flops / s / 1e12}
    print(json.dumps(out))


main()
