#!/usr/bin/env bash
# Benchmarks (issues 9 and 12): medins native vs wasm in V8 vs the npm peers,
# and wasm in JavaScriptCore without JIT (iOS WeChat's engine) beside
# libsodium.js in the same jsc process; cold start and load, size, memory.
# Builds what it needs (scripts/build.sh wasm, and build/bench with MEDINS_BENCH=ON
# for the native contestant), then runs bench/run.mjs, which prints one
# markdown table and writes bench/RESULTS.md. Never part of scripts/test.sh;
# it reports, it never fails on slow numbers.
# Options: --scaling (also the input-size sweeps of docs/performance.md),
# --no-build (use the existing builds), --no-jsc (leave out JavaScriptCore).
# Env: MEDINS_BENCH_RUNS (5), MEDINS_BENCH_RUN_MS (300), MEDINS_BENCH_COLD_RUNS
# (15), MEDINS_BENCH_JSC_RUNS (3), MEDINS_BENCH_JSC_RUN_MS (300),
# MEDINS_BENCH_JSC_ROW_MS (3000: a slower JSC row gets fewer runs, marked),
# MEDINS_BENCH_JSC_LOAD_RUNS (5), MEDINS_JOBS (2).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
args=()
build=1
for a in "$@"; do
  case "$a" in
    --no-build) build=0 ;;
    *) args+=("$a") ;;
  esac
done
if [ "$build" = 1 ]; then
  # libsodium-dev for build/bench, jsc for the JavaScriptCore column; then the
  # module (the native contestant is build/bench's, so no build/native).
  bash scripts/setup.sh native wasm test
  bash scripts/build.sh wasm
  [ -f build/bench/build.ninja ] || cmake -S . -B build/bench -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DMEDINS_BUILD_TESTS=OFF -DMEDINS_BENCH=ON >/dev/null
  cmake --build build/bench -j "${MEDINS_JOBS:-2}" --target medins_bench
fi
node bench/run.mjs "${args[@]+"${args[@]}"}"
