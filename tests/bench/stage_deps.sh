#!/usr/bin/env bash
# Stages what tests/bench/gpu_bench.sh needs on a GPU machine that has PyTorch,
# CMake, ninja and a compiler but none of our Debian packages (the lent device
# machines): the headers, CMake package files and static libraries of
# nlohmann-json, CLI11, stb and GoogleTest, libzip's headers and shared library, and OpenSSL's headers, copied from
# this Debian 12 machine's installed packages. The copy is a build input for
# one run, never committed (.deps/ is ignored). The reference outputs are not
# staged: the tests read them from the tree (tests/data/reference).
#
#   tests/bench/stage_deps.sh [DEST]     (default: .deps in the repository root)
#   tests/bench/stage_deps.sh --size     prints the bytes DEST would hold, stages nothing
#
# DEST holds xz archives, because everything in it travels to the GPU machine
# within the device's 64 MiB (docs/default-model.md, "What travels"):
#   deps.tar.xz            include/ share/cmake/ lib/x86_64-linux-gnu/ (the /usr
#                          layout, so the packages' CMake files, which locate
#                          themselves relative to their own path, work from
#                          anywhere) and openssl/include/ (about 0.9 MiB)
#   openssl-static.tar.xz  openssl/lib/libcrypto.a, the fallback for a GPU
#                          machine with no usable shared libcrypto.so.3 (about
#                          1.6 MiB); left out with OPENSSL_FALLBACK=0
#   SOURCES.txt            the Debian package versions
# gpu_bench.sh unpacks them next to its build folder. OpenSSL is only used for
# SHA-256 (OpenSSL::Crypto); gpu_bench.sh links the GPU machine's own shared
# libcrypto.so.3 (its Python's) against these headers when one passes a probe,
# and the static fallback only when none does.
#
# Then, on the GPU machine, with DEST beside the sources:
#   tests/bench/gpu_bench.sh             (it picks up .deps by itself)
set -euo pipefail

SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SIZE_ONLY=0
if [ "${1:-}" = "--size" ]; then SIZE_ONLY=1; shift; fi
DEST="${1:-$SRC/.deps}"
ARCH_LIB=/usr/lib/x86_64-linux-gnu
OPENSSL_FALLBACK="${OPENSSL_FALLBACK:-1}"
XZ_PRESET="${XZ_PRESET:-6}"  # xz preset of both archives (9e: 0.5 % smaller, 50 % slower)

die() { printf '[stage_deps] ERROR: %s\n' "$*" >&2; exit 1; }

PKGS=(nlohmann-json3-dev libcli11-dev libstb-dev libgtest-dev libssl-dev libzip-dev)
for pkg in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" \
    || die "$pkg is not installed here (./bootstrap.sh build installs it)"
done

# stb: only the headers the sources include (the package has 22, 2 MiB); the
# build's find_path looks for stb_image_write.h, so it is always among them.
# Outside a git checkout, all of them.
if git -C "$SRC" rev-parse --git-dir >/dev/null 2>&1; then
  mapfile -t STB_HEADERS < <( (echo stb_image_write.h
    git -C "$SRC" grep -h -o -E '#include[[:space:]]*[<"](stb/)?stb_[a-z_]+\.h[>"]' -- '*.cpp' '*.h' '*.c' '*.hpp' \
      | sed -E 's/.*(stb_[a-z_]+\.h).*/\1/') | sort -u)
else
  mapfile -t STB_HEADERS < <(cd /usr/include/stb && ls -- *.h)
fi

# The tree of deps.tar.xz, built in a temporary folder with the same layout as under /usr.
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
T="$WORK/deps"
mkdir -p "$T/include/stb" "$T/share/cmake" "$T/lib/x86_64-linux-gnu/cmake" "$T/openssl/include"
# gmock's headers are left out: no test includes them, and GTest::gmock is never linked (its libraries stay, because
# GTest's CMake files check that they exist).
cp -r /usr/include/nlohmann /usr/include/CLI /usr/include/gtest "$T/include/"
for h in "${STB_HEADERS[@]}"; do
  [ -f "/usr/include/stb/$h" ] || die "/usr/include/stb/$h is missing (included by the sources)"
  cp "/usr/include/stb/$h" "$T/include/stb/"
done
cp -r /usr/share/cmake/nlohmann_json /usr/share/cmake/CLI11 "$T/share/cmake/"
cp -r "$ARCH_LIB/cmake/GTest" "$T/lib/x86_64-linux-gnu/cmake/"
cp "$ARCH_LIB"/libgtest.a "$ARCH_LIB"/libgtest_main.a "$ARCH_LIB"/libgmock.a "$ARCH_LIB"/libgmock_main.a \
   "$ARCH_LIB"/libstb.a "$T/lib/x86_64-linux-gnu/"
# libzip (.npz W files): Debian ships no static libzip, so its headers and shared library, under its soname
# (gpu_bench.sh names them to CMake; at run time it needs libz, libbz2 and libcrypto.so.3 from the GPU machine).
cp /usr/include/zip.h /usr/include/zipconf.h "$T/include/"
cp -L "$ARCH_LIB"/libzip.so.4 "$T/lib/x86_64-linux-gnu/libzip.so.4"
# OpenSSL (SHA-256 only): its headers, the arch-specific ones merged in. No libssl: only OpenSSL::Crypto is linked.
cp -r /usr/include/openssl "$T/openssl/include/"
cp -r /usr/include/x86_64-linux-gnu/openssl/. "$T/openssl/include/openssl/"
mkdir -p "$WORK/static/openssl/lib"
cp "$ARCH_LIB"/libcrypto.a "$WORK/static/openssl/lib/"

# Fixed order, owners and times, so that the same packages give the same archive bytes. Python's lzma (xz's library
# and format) rather than the xz command, which a minimal Debian lacks.
archive() {  # $1 = folder to archive (its contents, under ./relative names), $2 = output file
  python3 - "$1" "$2" "$XZ_PRESET" <<'PYEOF'
import io, lzma, os, sys, tarfile
root, out, preset = sys.argv[1], sys.argv[2], sys.argv[3]
paths = []
for folder, dirs, files in os.walk(root):
    paths += [os.path.join(folder, n) for n in dirs + files]
buf = io.BytesIO()
with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as tar:
    for path in sorted(paths):
        info = tar.gettarinfo(path, "./" + os.path.relpath(path, root))
        info.uid = info.gid = 0
        info.uname = info.gname = ""
        info.mtime = 0
        if info.isreg():
            with open(path, "rb") as f:
                tar.addfile(info, f)
        else:
            tar.addfile(info)
level = int(preset.rstrip("e"))
with open(out, "wb") as f:
    f.write(lzma.compress(buf.getvalue(), preset=level | (lzma.PRESET_EXTREME if preset.endswith("e") else 0)))
PYEOF
}
# The two archives are compressed side by side (the larger one, libcrypto.a, takes most of the time).
archive "$T" "$WORK/deps.tar.xz" &
PID_DEPS=$!
if [ "$OPENSSL_FALLBACK" = 1 ]; then archive "$WORK/static" "$WORK/openssl-static.tar.xz"; fi
wait "$PID_DEPS" || die "could not write deps.tar.xz"
for pkg in "${PKGS[@]}"; do dpkg-query -W -f='${Package} ${Version}\n' "$pkg"; done >"$WORK/SOURCES.txt"
echo "stb headers: ${STB_HEADERS[*]}" >>"$WORK/SOURCES.txt"
rm -rf "$T" "$WORK/static"

if [ "$SIZE_ONLY" = 1 ]; then
  du -sb "$WORK" | cut -f1   # what DEST would hold (its folder entry included, as du -sb DEST counts it)
  exit 0
fi
rm -rf "$DEST"
mkdir -p "$DEST"
cp "$WORK"/* "$DEST/"
printf '[stage_deps] staged %s: %s\n' "$DEST" "$(cd "$DEST" && du -b ./* | awk '{printf "%s%s %.2f MiB", s, substr($2, 3), $1 / 1048576; s = ", "}')" >&2
