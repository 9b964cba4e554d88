#!/usr/bin/env bash
# Everything: setup (idempotent), the wasm build and one clang build with
# ASan+UBSan (build/check: the core compiled once for the doctest suite, the
# CLI and the fuzz targets), the doctest suite, the installed package (C++ and
# C consumers), every fuzz target for a bounded time, the glue tests (node:test:
# vectors on every front end, boundary, memory, runtimes), the vectors and the
# mini-program journey in JavaScriptCore
# without JIT, and the browser test in Chromium.
# MEDINS_FUZZ_SECONDS (default 20 per target) and MEDINS_SKIP_FUZZ=1 shorten a
# local run; MEDINS_SKIP_SANITIZERS=1 uses the native build (build/native,
# the system compiler) instead of build/check and skips the fuzzers. CI runs everything.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
start=$(date +%s)
step() { printf '\n== %s (%ss)\n' "$1" "$(( $(date +%s) - start ))"; }
jobs="${MEDINS_JOBS:-2}"

bash scripts/setup.sh
checked=check
[ "${MEDINS_SKIP_SANITIZERS:-0}" != 1 ] || checked=native
step "build wasm"
bash scripts/build.sh wasm
step "build $checked"
bash scripts/build.sh "$checked"
export NODE_PATH=/usr/share/nodejs
export MEDINS_NATIVE_CLI="$here/build/$checked/medins"   # tests/glue/support.mjs
export ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1

step "doctest ($checked, two processes)"
# The estimate property test is over half of the suite's time under the
# sanitizers: it runs beside the rest, one process per core.
property='property: random estimates*'
"build/$checked/tests/medins_tests" -tc="$property" >"build/$checked/doctest-property.log" 2>&1 &
property_pid=$!
"build/$checked/tests/medins_tests" -tce="$property" || { wait "$property_pid" || true; cat "build/$checked/doctest-property.log"; exit 1; }
wait "$property_pid" || { cat "build/$checked/doctest-property.log"; exit 1; }
tail -3 "build/$checked/doctest-property.log"

step "package (ctest: cmake --install, find_package(medins) from another project, the C ABI from C)"
ctest --test-dir "build/$checked" -L install --output-on-failure

if [ "$checked" = check ] && [ "${MEDINS_SKIP_FUZZ:-0}" != 1 ]; then
  step "fuzz (${MEDINS_FUZZ_SECONDS:-20}s per target, $jobs at a time)"
  node tests/fuzz/seed-corpus.mjs build/check/corpus
  fuzz_one() {
    local target=$1 name corpus
    name=$(basename "$target" _fuzz)
    corpus="build/check/corpus/$name"
    mkdir -p "$corpus"
    [ -d "tests/fuzz/corpus/$name" ] && cp -n tests/fuzz/corpus/"$name"/* "$corpus"/ 2>/dev/null || true
    if "$target" -max_total_time="${MEDINS_FUZZ_SECONDS:-20}" -rss_limit_mb=4096 -max_len=65536 \
         -print_final_stats=0 "$corpus" 2>build/check/"$name".log; then
      echo "fuzz: $name ok"
    else
      echo "fuzz: $name FAILED"; tail -50 build/check/"$name".log; touch build/check/fuzz.failed
    fi
  }
  # One target per core: each still gets its full time.
  rm -f build/check/fuzz.failed
  for target in build/check/tests/fuzz/*_fuzz; do
    while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n || true; done
    fuzz_one "$target" &
  done
  wait
  [ ! -f build/check/fuzz.failed ] || exit 1
fi

step "glue and docs tests (node:test, two files at a time)"
# Two at a time: most files are one process waiting on the module or a CLI.
node --test --test-concurrency=2 tests/glue/ tests/docs/

step "JavaScriptCore without JIT (node:test: vectors and the mini-program journey in jsc)"
node --test tests/jsc/

step "examples (node:test: hospital backend, two instances on one Redis, web demo in Chromium, mini-program)"
node --test tests/examples/

step "browser test (Chromium)"
node --test tests/browser/

step "all tests passed"
