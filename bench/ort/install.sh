#!/usr/bin/env bash
# Installs ONNX Runtime 1.30 for the bench's ORT column (go run -tags ort ./bench): npm's
# onnxruntime-node at the version package-lock.json pins, into bench/ort/node_modules. The bench
# uses only its libonnxruntime.so.1 (CPU provider); ONNXRUNTIME_NODE_INSTALL=skip stops the
# package's install script from fetching the CUDA provider.
set -euo pipefail
cd "$(dirname "$0")"
ONNXRUNTIME_NODE_INSTALL=skip npm ci --no-audit --no-fund --loglevel=error
ls node_modules/onnxruntime-node/bin/napi-v6/linux/*/libonnxruntime.so.1
