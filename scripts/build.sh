#!/usr/bin/env bash
# Builds the parts named (default: native wasm), installing what is missing first:
#   native  the CLI and doctest suite with the system compiler (build/native)
#   wasm    the wasm module (build/wasm/medins.wasm, copied into js-glue/dist/)
#           and the generated glue; all that scripts/demo.sh needs
#   check   clang, ASan+UBSan: one core for the doctest suite, the CLI and
#           every libFuzzer target (build/check); what scripts/test.sh runs
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
parts=("$@")
[ ${#parts[@]} -gt 0 ] || parts=(native wasm)
bash scripts/setup.sh "${parts[@]}"
export NODE_PATH=/usr/share/nodejs        # Debian's emscripten looks for its node modules there
export EM_FROZEN_CACHE=1                  # never write into Debian's system-wide emscripten cache
jobs="${MEDINS_JOBS:-2}"
# ccache when installed: rebuilds after a branch switch or a clean are mostly hits.
if [ -z "${CMAKE_CXX_COMPILER_LAUNCHER:-}" ] && command -v ccache >/dev/null 2>&1; then
  export CMAKE_C_COMPILER_LAUNCHER=ccache CMAKE_CXX_COMPILER_LAUNCHER=ccache
fi
# What ccache needs to cache files compiled against a precompiled header (MEDINS_PCH).
export CCACHE_SLOPPINESS="${CCACHE_SLOPPINESS:-pch_defines,time_macros}"

for part in "${parts[@]}"; do
  case "$part" in
    native)
      [ -f build/native/build.ninja ] || cmake -S . -B build/native -G Ninja \
        -DCMAKE_BUILD_TYPE="${MEDINS_BUILD_TYPE:-RelWithDebInfo}"
      cmake --build build/native -j "$jobs"
      echo "build: native build/native/medins, build/native/tests/medins_tests"
      ;;
    wasm)
      [ -f build/wasm/build.ninja ] || emcmake cmake -S . -B build/wasm -G Ninja -DCMAKE_BUILD_TYPE=Release \
        -DMEDINS_BUILD_TESTS=OFF -DMEDINS_TEST_KNOBS=OFF >/dev/null
      cmake --build build/wasm -j "$jobs"
      # One copy of each form: the module for Node and browsers, its brotli form
      # beside the mini-program bundles (what WeChat's npm build copies).
      mkdir -p js-glue/dist/miniprogram
      cp build/wasm/medins.wasm js-glue/dist/medins.wasm
      brotli -f -q 11 -o js-glue/dist/miniprogram/medins.wasm.br js-glue/dist/medins.wasm
      rm -f js-glue/dist/medins.wasm.br  # where older builds put a second copy
      echo "build: wasm js-glue/dist/medins.wasm ($(stat -c %s js-glue/dist/medins.wasm) bytes)"
      node js-glue/gen/build.mjs
      node js-glue/gen/bundle.mjs
      ;;
    check)
      # Debug: the tests compile fastest at -O0; the core is -O1 (cmake/MedinsNative.cmake).
      [ -f build/check/build.ninja ] || CC=clang CXX=clang++ cmake -S . -B build/check -G Ninja \
        -DCMAKE_BUILD_TYPE=Debug -DMEDINS_FUZZ=ON >/dev/null
      cmake --build build/check -j "$jobs"
      echo "build: check build/check (ASan+UBSan): tests/medins_tests, medins, tests/fuzz/*_fuzz"
      ;;
    *) echo "build: unknown part '$part' (native, wasm, check)" >&2; exit 2 ;;
  esac
done
