#!/usr/bin/env bash
# Installs what the build and tests need on a fresh Debian 12 machine.
# Idempotent: every step checks first and does nothing when already done.
# Arguments name the parts wanted (scripts/build.sh's: native, wasm, check;
# `test` for the browser, Redis and JavaScriptCore tests); none means all.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="${MEDINS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/medins}"
sudo_cmd=""
[ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
export DEBIAN_FRONTEND=noninteractive
parts=("$@")
[ ${#parts[@]} -gt 0 ] || parts=(native wasm check test)
want() { [[ " ${parts[*]} " == *" $1 "* ]]; }

# Every part configures with CMake, which wants nlohmann/json and doctest.
apt_packages=(cmake ninja-build nlohmann-json3-dev doctest-dev)
want native && apt_packages+=(libsodium-dev)
# wasm: dpkg-dev for `apt-get source libsodium`.
want wasm && apt_packages+=(emscripten binaryen brotli dpkg-dev)
want check && apt_packages+=(libsodium-dev clang llvm libclang-rt-14-dev)
# jsc: the engine of WeChat on iOS, for tests/jsc/.
# openssl: the certificate of the TLS Redis in tests/examples/multi-instance.test.mjs.
want test && apt_packages+=(chromium redis-server openssl fonts-wqy-zenhei libjavascriptcoregtk-4.0-bin)
# Node may come from another vendor (nodesource bundles npm): install Debian's only when absent.
command -v node >/dev/null 2>&1 || apt_packages+=(nodejs)
command -v npm >/dev/null 2>&1 || apt_packages+=(npm)

missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

# deb-src for the mirror this machine already uses, so `apt-get source` verifies
# the libsodium source against the signed Release file of that same mirror.
src_list=/etc/apt/sources.list.d/medins-deb-src.sources
need_update=0
if want wasm && [ ! -f "$src_list" ]; then
  uris=$(grep -h '^URIs:' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -1 | awk '{print $2}')
  [ -n "$uris" ] || uris=$(grep -h '^deb ' /etc/apt/sources.list 2>/dev/null | grep -v security | head -1 | awk '{print $2}')
  [ -n "$uris" ] || uris="http://deb.debian.org/debian"
  suite=$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")
  $sudo_cmd tee "$src_list" >/dev/null <<SRC
Types: deb-src
URIs: $uris
Suites: $suite
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
  need_update=1
fi
if [ ${#missing[@]} -gt 0 ] || [ $need_update -eq 1 ]; then
  $sudo_cmd apt-get update -q
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  $sudo_cmd apt-get install -y -q --no-install-recommends "${missing[@]}"
  echo "setup: apt done (${SECONDS}s)"
fi

# libsodium source for the wasm build, outside git. apt checks the .dsc hashes
# against the signed Release file before unpacking.
if want wasm; then
  sodium_dir="$cache/libsodium-1.0.18"
  if [ ! -f "$sodium_dir/src/libsodium/include/sodium.h" ]; then
    mkdir -p "$cache"
    tmp=$(mktemp -d "$cache/src.XXXXXX")
    (cd "$tmp" && apt-get source -q libsodium=1.0.18-1 >/dev/null 2>&1 || (cd "$tmp" && apt-get source -q libsodium))
    found=$(find "$tmp" -maxdepth 1 -type d -name 'libsodium-*' | head -1)
    [ -n "$found" ] || { echo "setup: apt-get source libsodium failed" >&2; exit 1; }
    rm -rf "$sodium_dir"
    mv "$found" "$sodium_dir"
    rm -rf "$tmp"
    echo "setup: libsodium source fetched (${SECONDS}s)"
  fi
  echo "$sodium_dir" > "$cache/libsodium.path"
fi

# npm packages of the glue and tests, from the committed lock file.
if [ -f "$here/package-lock.json" ]; then
  stamp="$here/node_modules/.medins-lock.sha256"
  lock_sum=$(sha256sum "$here/package-lock.json" | cut -d' ' -f1)
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$lock_sum" ]; then
    (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
    echo "$lock_sum" > "$stamp"
    echo "setup: npm ci done (${SECONDS}s)"
  fi
fi
echo "setup: ok"
