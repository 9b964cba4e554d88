#!/usr/bin/env bash
# Everything: setup (idempotent), both builds, the doctest suite under ctest,
# the same suite under ASan+UBSan, every fuzz target for a bounded time, the
# glue tests (node:test: vectors on every front end, boundary, memory,
# runtimes), the vectors and the mini-program journey in JavaScriptCore without
# JIT, and the browser test in Chromium.
# MEDINS_FUZZ_SECONDS (default 20 per target), MEDINS_SKIP_SANITIZERS=1 and
# MEDINS_SKIP_FUZZ=1 shorten a local run; CI runs everything.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
start=$(date +%s)
step() { printf '\n== %s (%ss)\n' "$1" "$(( $(date +%s) - start ))"; }

step "build"
bash scripts/build.sh
export NODE_PATH=/usr/share/nodejs

step "doctest (native)"
ctest --test-dir build/native --output-on-failure

if [ "${MEDINS_SKIP_SANITIZERS:-0}" != 1 ]; then
  step "doctest under ASan+UBSan"
  [ -f build/asan/build.ninja ] || CC=clang CXX=clang++ cmake -S . -B build/asan -G Ninja \
    -DCMAKE_BUILD_TYPE=Debug -DMEDINS_SANITIZE=ON >/dev/null
  cmake --build build/asan -j "${MEDINS_JOBS:-2}" --target medins_tests
  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 build/asan/tests/medins_tests
fi

if [ "${MEDINS_SKIP_FUZZ:-0}" != 1 ]; then
  step "fuzz (${MEDINS_FUZZ_SECONDS:-20}s per target)"
  [ -f build/fuzz/build.ninja ] || CC=clang CXX=clang++ cmake -S . -B build/fuzz -G Ninja \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMEDINS_FUZZ=ON -DMEDINS_BUILD_TESTS=OFF >/dev/null
  cmake --build build/fuzz -j "${MEDINS_JOBS:-2}"
  for target in build/fuzz/tests/fuzz/*_fuzz; do
    name=$(basename "$target" _fuzz)
    corpus="build/fuzz/corpus/$name"
    mkdir -p "$corpus"
    [ -d "tests/fuzz/corpus/$name" ] && cp -n tests/fuzz/corpus/"$name"/* "$corpus"/ 2>/dev/null || true
    echo "fuzz: $name"
    "$target" -max_total_time="${MEDINS_FUZZ_SECONDS:-20}" -rss_limit_mb=4096 -max_len=65536 \
      -print_final_stats=0 "$corpus" 2>build/fuzz/"$name".log || { tail -50 build/fuzz/"$name".log; exit 1; }
  done
fi

step "glue tests (node:test)"
node --test tests/glue/

step "JavaScriptCore without JIT (node:test: vectors and the mini-program journey in jsc)"
node --test tests/jsc/

step "examples (node:test: hospital backend, Redis replay store, web demo in Chromium, mini-program)"
node --test tests/examples/

step "browser test (Chromium)"
node --test tests/browser/

step "all tests passed"
