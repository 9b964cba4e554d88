#!/usr/bin/env bash
# Installs everything the build and tests need on a fresh Debian 12 machine.
# Idempotent: every step checks first and does nothing when already done.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="${MEDINS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/medins}"
sudo_cmd=""
[ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
export DEBIAN_FRONTEND=noninteractive

apt_packages=(emscripten libsodium-dev nlohmann-json3-dev doctest-dev cmake ninja-build
  brotli binaryen chromium clang llvm libclang-rt-14-dev dpkg-dev redis-server fonts-wqy-zenhei
  libjavascriptcoregtk-4.0-bin)  # jsc: the engine of WeChat on iOS, for tests/jsc/
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
if [ ! -f "$src_list" ]; then
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
fi

# libsodium source for the wasm build, outside git. apt checks the .dsc hashes
# against the signed Release file before unpacking.
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
fi
echo "$sodium_dir" > "$cache/libsodium.path"

# npm packages of the glue and tests, from the committed lock file.
if [ -f "$here/package-lock.json" ]; then
  stamp="$here/node_modules/.medins-lock.sha256"
  want=$(sha256sum "$here/package-lock.json" | cut -d' ' -f1)
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
    echo "$want" > "$stamp"
  fi
fi
echo "setup: ok"
