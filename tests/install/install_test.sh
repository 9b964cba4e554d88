#!/usr/bin/env bash
# The installed package as its users meet it (registered with ctest by
# tests/CMakeLists.txt, label "install"):
#   install_test.sh install BUILD PREFIX       cmake --install BUILD into a fresh PREFIX
#   install_test.sh find_package BUILD PREFIX  a C++ project elsewhere: find_package(medins)
#   install_test.sh c_abi BUILD PREFIX         a C program: pkg-config medins_c, the shared library
# CC, CXX and MEDINS_CONSUMER_FLAGS (the sanitizer flags of the build, since an
# instrumented library needs an instrumented program) come from ctest.
set -euo pipefail
mode=$1 build=$2 prefix=$3
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
flags=${MEDINS_CONSUMER_FLAGS:-}
work="$build/install-test"
case "$mode" in
  install)
    rm -rf "$prefix"
    cmake --install "$build" --prefix "$prefix" >/dev/null
    ;;
  find_package)
    rm -rf "$work/consumer"
    cmake -S "$here/consumer" -B "$work/consumer" -G Ninja -DCMAKE_BUILD_TYPE=Debug \
      -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_CXX_COMPILER="$CXX" \
      -DCMAKE_CXX_FLAGS="$flags" -DCMAKE_EXE_LINKER_FLAGS="$flags" >/dev/null
    cmake --build "$work/consumer" >/dev/null
    "$work/consumer/consumer"
    ;;
  c_abi)
    mkdir -p "$work"
    pc_path=$(dirname "$(find "$prefix" -name medins_c.pc)")
    libdir=$(PKG_CONFIG_PATH="$pc_path" pkg-config --variable=libdir medins_c)
    # The library exports the C ABI and nothing else (cmake/MedinsNative.cmake).
    extra=$(nm -D --defined-only "$libdir/libmedins_c.so" | awk '$3 !~ /^medins_/ {print $3}')
    [ -z "$extra" ] || { echo "libmedins_c.so exports more than medins_*: $extra" >&2; exit 1; }
    # medins.pc must resolve too (its users compile C++; that is find_package's test).
    PKG_CONFIG_PATH="$pc_path" pkg-config --cflags --libs medins | grep -q -- '-lmedins'
    # An instrumented C++ library (the checking build) needs the sanitizers'
    # C++ runtime, which a C link leaves out.
    link_flags=""
    [[ "$flags" != *-fsanitize=* ]] || link_flags="-fsanitize-link-c++-runtime -lstdc++"
    # shellcheck disable=SC2046,SC2086
    "$CC" -std=c11 -Wall -Wextra -Werror $flags "$here/c_abi.c" -o "$work/c_abi" -pthread \
      $(PKG_CONFIG_PATH="$pc_path" pkg-config --cflags --libs medins_c) -Wl,-rpath,"$libdir" $link_flags
    "$work/c_abi"
    ;;
  *) echo "install_test.sh: unknown mode $mode" >&2; exit 2 ;;
esac
