#!/usr/bin/env bash
# Installs TensorFlow.js 4.22 for the bench's TF.js training column (go run -tags tfjs ./bench):
# npm's @tensorflow/tfjs and @tensorflow/tfjs-backend-wasm at the versions package-lock.json pins,
# into bench/tfjs/node_modules, beside fit.mjs, which trains each row's model on the wasm backend.
set -euo pipefail
cd "$(dirname "$0")"
npm ci --no-audit --no-fund --loglevel=error
node -e 'import("@tensorflow/tfjs-backend-wasm").then(w => console.log("TensorFlow.js wasm backend", w.version_wasm))'
