#!/usr/bin/env bash
# The main command: builds what is missing of the wasm module (all the demo
# runs; not the native build or the test suite), then walks the whole Beijing
# journey in Node (examples/node/demo.mjs): starts the reference hospital
# backend on a free loopback port, runs the patient's side from the SDK
# (device, identity, flows, estimate, grant, pay, receipt, wallet, status),
# prints the transcript, stops the backend and says how to open the web demo.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
bash scripts/build.sh wasm >/tmp/medins-build.log 2>&1 || { tail -40 /tmp/medins-build.log; exit 1; }
export NODE_PATH=/usr/share/nodejs
node examples/node/demo.mjs
