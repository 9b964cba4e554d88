#!/usr/bin/env bash
# Builds the native CLI + tests (build/native) and the wasm module
# (build/wasm/medins.wasm, copied into js-glue/dist/). Installs what is missing first.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
bash scripts/setup.sh
export NODE_PATH=/usr/share/nodejs        # Debian's emscripten looks for its node modules there
export EM_FROZEN_CACHE=1                  # never write into Debian's system-wide emscripten cache
jobs="${MEDINS_JOBS:-2}"
build_type="${MEDINS_BUILD_TYPE:-RelWithDebInfo}"

[ -f build/native/build.ninja ] || cmake -S . -B build/native -G Ninja -DCMAKE_BUILD_TYPE="$build_type"
cmake --build build/native -j "$jobs"

[ -f build/wasm/build.ninja ] || emcmake cmake -S . -B build/wasm -G Ninja -DCMAKE_BUILD_TYPE=Release -DMEDINS_BUILD_TESTS=OFF -DMEDINS_TEST_KNOBS=OFF >/dev/null
cmake --build build/wasm -j "$jobs"

# One copy of each form: the module for Node and browsers, its brotli form
# beside the mini-program bundles (what WeChat's npm build copies).
mkdir -p js-glue/dist/miniprogram
cp build/wasm/medins.wasm js-glue/dist/medins.wasm
brotli -f -q 11 -o js-glue/dist/miniprogram/medins.wasm.br js-glue/dist/medins.wasm
rm -f js-glue/dist/medins.wasm.br  # where older builds put a second copy
echo "build: native build/native/medins, wasm js-glue/dist/medins.wasm ($(stat -c %s js-glue/dist/medins.wasm) bytes)"
node js-glue/gen/build.mjs
node js-glue/gen/bundle.mjs
