#!/usr/bin/env bash
# The main job: builds what is missing and walks through the SDK end to end in
# Node, printing a readable transcript.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
bash scripts/build.sh >/tmp/medins-build.log 2>&1 || { tail -40 /tmp/medins-build.log; exit 1; }
node examples/node/demo.mjs
