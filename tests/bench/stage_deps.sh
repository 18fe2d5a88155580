#!/usr/bin/env bash
# Stages what tests/bench/gpu_bench.sh needs on a GPU machine that has PyTorch,
# CMake and a compiler but none of our Debian packages (the lent device
# machines): the headers, CMake package files and static libraries of
# nlohmann-json, CLI11, stb and GoogleTest, copied from this Debian 12 machine's
# installed packages, plus the reference outputs from ../shared/reference.
# The copy is a build input for one run, never committed (.deps/ is ignored).
#
#   tests/bench/stage_deps.sh [DEST]     (default: .deps in the repository root)
#
# Then, on the GPU machine, with DEST beside the sources:
#   tests/bench/gpu_bench.sh             (it picks up .deps by itself)
set -euo pipefail

SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DEST="${1:-$SRC/.deps}"
ARCH_LIB=/usr/lib/x86_64-linux-gnu

die() { printf '[stage_deps] ERROR: %s\n' "$*" >&2; exit 1; }

for pkg in nlohmann-json3-dev libcli11-dev libstb-dev libgtest-dev libssl-dev; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" \
    || die "$pkg is not installed here (./bootstrap.sh build installs it)"
done

rm -rf "$DEST"
mkdir -p "$DEST/include" "$DEST/share/cmake" "$DEST/lib/x86_64-linux-gnu/cmake"
# Same layout as under /usr, so the packages' CMake files (which locate
# themselves relative to their own path) work unchanged from DEST.
cp -r /usr/include/nlohmann /usr/include/CLI /usr/include/stb /usr/include/gtest /usr/include/gmock "$DEST/include/"
cp -r /usr/share/cmake/nlohmann_json /usr/share/cmake/CLI11 "$DEST/share/cmake/"
cp -r "$ARCH_LIB/cmake/GTest" "$DEST/lib/x86_64-linux-gnu/cmake/"
cp "$ARCH_LIB"/libgtest.a "$ARCH_LIB"/libgtest_main.a "$ARCH_LIB"/libgmock.a "$ARCH_LIB"/libgmock_main.a \
   "$ARCH_LIB"/libstb.a "$DEST/lib/x86_64-linux-gnu/"
# OpenSSL (SHA-256): its headers (the arch-specific ones merged in) and static libcrypto.
mkdir -p "$DEST/openssl/include" "$DEST/openssl/lib"
cp -r /usr/include/openssl "$DEST/openssl/include/"
cp -r /usr/include/x86_64-linux-gnu/openssl/. "$DEST/openssl/include/openssl/"
cp "$ARCH_LIB"/libcrypto.a "$ARCH_LIB"/libssl.a "$DEST/openssl/lib/"

REFERENCE="$SRC/../shared/reference"
if [ -d "$REFERENCE" ]; then
  mkdir -p "$DEST/shared"
  cp -r "$REFERENCE" "$DEST/shared/"
else
  printf '[stage_deps] warning: %s not found; the fidelity tests will not find their reference data\n' "$REFERENCE" >&2
fi
printf '[stage_deps] staged %s (%s)\n' "$DEST" "$(du -sh "$DEST" | cut -f1)" >&2
