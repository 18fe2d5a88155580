#!/usr/bin/env bash
# GPU rows of the StyleMix benchmark, on a machine with an NVIDIA GPU and
# PyTorch (with CUDA) installed for python3. Builds StyleMix against PyTorch's
# own CUDA LibTorch (no GUI), runs the fidelity tests on the GPU machine, then
# the benchmark's GPU rows (default model in fp32 and fp16-mixed; a
# config-f-shaped 1024² generator with random weights in fp32, fp16-mixed and
# bf16-mixed), and writes the table, the card and the date to a file.
#
#   tests/bench/gpu_bench.sh [OUT_FILE]        (default: tests/bench/gpu_results.md)
#
# Without a usable CUDA device the same script runs its CPU fallback: it
# builds against whatever LibTorch is there (python3's torch, else the system
# one), runs the same tests (the Gpu.* ones skip) and the benchmark's CPU rows
# (--cpu-only --quick --no-big unless BENCH_ARGS says otherwise), and says so in
# the output file.
#
# Environment: BUILD_DIR (default /tmp/build_gpu), JOBS (default nproc),
# RUNS (default 7), SKIP_TESTS=1, BENCH_ARGS (extra benchmark arguments),
# CUDA_GRAPHS=OFF to build without the CUDA-graph runner, DEPS_DIR (default
# .deps in the repository root).
# Needs CMake >= 3.18, Ninja or Make, a C++17 compiler, the CUDA toolkit that
# matches PyTorch's CUDA (find_package(Torch) runs nvcc), and nlohmann-json,
# CLI11, GoogleTest, stb and OpenSSL 3's libcrypto. A machine without those
# Debian packages (the lent GPU machines) gets them from DEPS_DIR, made on a
# Debian 12 machine by tests/bench/stage_deps.sh: xz archives that this script
# unpacks next to the build folder ($BUILD_DIR.deps). OpenSSL (SHA-256 only):
# the staged headers with the first shared libcrypto.so.3 of this machine that
# passes a probe (the system's, the one python3's hashlib loads, one inside
# python3's prefix or site-packages), else the staged static libcrypto.a.
# The fidelity tests read their reference outputs from tests/data/reference.
set -euo pipefail

SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OUT="${1:-$SRC/tests/bench/gpu_results.md}"
BUILD_DIR="${BUILD_DIR:-/tmp/build_gpu}"
JOBS="${JOBS:-$(nproc)}"
RUNS="${RUNS:-7}"
CUDA_GRAPHS="${CUDA_GRAPHS:-ON}"
DEPS_DIR="${DEPS_DIR:-$SRC/.deps}"

log() { printf '[gpu_bench] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# GPU mode needs nvidia-smi and a torch that sees a CUDA device; anything less
# runs the CPU fallback.
MODE=gpu
TORCH_VER="none"; TORCH_CUDA="none"; PREFIX=""
if TORCH_INFO="$(python3 -c 'import torch; print(torch.__version__, torch.version.cuda, torch.cuda.is_available())' 2>/dev/null)"; then
  read -r TORCH_VER TORCH_CUDA TORCH_CUDA_OK <<<"$TORCH_INFO"
  PREFIX="$(python3 -c 'import torch; print(torch.utils.cmake_prefix_path)')"
  [ "$TORCH_CUDA_OK" = "True" ] || MODE=cpu-fallback
else
  MODE=cpu-fallback
fi
command -v nvidia-smi >/dev/null || MODE=cpu-fallback
if [ "$MODE" = gpu ]; then
  CARD="$(nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader | head -n1)"
else
  CARD="none (CPU fallback: no nvidia-smi, or python3's torch sees no CUDA device)"
  CUDA_GRAPHS=OFF
  BENCH_ARGS="${BENCH_ARGS:---cpu-only --quick --no-big}"
fi
log "mode: $MODE; card: $CARD; torch $TORCH_VER (CUDA $TORCH_CUDA); prefix ${PREFIX:-system LibTorch}"

# Build dependencies staged by stage_deps.sh.
unpack() {  # $1 = .tar.xz, $2 = folder; skipped when $2 already holds that very archive
  local stamp
  stamp="$(basename "$1") $(cksum <"$1")"
  grep -qxF "$stamp" "$2/.unpacked" 2>/dev/null && return 0
  mkdir -p "$2"
  python3 - "$1" "$2" <<'PYEOF' || die "could not unpack $1"
import sys, tarfile
with tarfile.open(sys.argv[1]) as archive:
    if hasattr(tarfile, "data_filter"):
        archive.extractall(sys.argv[2], filter="data")
    else:
        archive.extractall(sys.argv[2])
PYEOF
  echo "$stamp" >>"$2/.unpacked"
}

# Prints the paths of this machine's shared OpenSSL 3 libcrypto candidates, best first, each once.
libcrypto_candidates() {
  {
    ldconfig -p 2>/dev/null | awk '/libcrypto\.so\.3 .*x86-64/ {print $NF}'
    python3 - <<'PYEOF' 2>/dev/null || true
import importlib, os, subprocess, sys, sysconfig
# The libcrypto that python3's own hashlib and ssl modules load (through ldd: the loader's search decides).
for name in ("_hashlib", "_ssl"):
    try:
        path = importlib.import_module(name).__file__
        for line in subprocess.run(["ldd", path], capture_output=True, text=True, timeout=10).stdout.splitlines():
            parts = line.split()
            if len(parts) > 2 and parts[0].startswith("libcrypto.so") and parts[1] == "=>" and parts[2].startswith("/"):
                print(parts[2])
    except Exception:
        pass
# One in python3's prefix (conda: PREFIX/lib), or bundled with a wheel in site-packages (NAME.libs/ or NAME/lib/,
# at most two folders down, so that a large site-packages is not walked through).
def libcryptos(folder):
    try:
        return sorted(os.path.join(folder, f) for f in os.listdir(folder) if f.startswith("libcrypto") and ".so.3" in f)
    except OSError:
        return []
found = []
for prefix in dict.fromkeys((sys.prefix, sys.base_prefix, sys.exec_prefix)):
    found += libcryptos(os.path.join(prefix, "lib"))
for site in dict.fromkeys(sysconfig.get_paths().get(k) for k in ("purelib", "platlib")):
    if site and os.path.isdir(site):
        for name in sorted(os.listdir(site)):
            for folder in (os.path.join(site, name), os.path.join(site, name, "lib"), os.path.join(site, name, ".libs")):
                found += libcryptos(folder)
for path in found:
    print(path)
PYEOF
    for d in /usr/lib/x86_64-linux-gnu /lib/x86_64-linux-gnu /usr/lib64 /usr/local/lib /usr/local/lib64; do
      if [ -e "$d/libcrypto.so.3" ]; then echo "$d/libcrypto.so.3"; fi
    done
  } | while read -r lib; do if [ -n "$lib" ]; then readlink -f "$lib" || true; fi; done | awk 'NF && !seen[$0]++'
}

# Compiles and runs a SHA-256 of "abc" with the OpenSSL headers in $1 and the library $2 (then extra link flags).
openssl_probe() {
  local inc="$1" lib="$2" dir cc ok=1
  shift 2
  cc="$(command -v "${CC:-cc}" || command -v gcc || command -v clang)" || return 1
  dir="$(mktemp -d)"
  cat >"$dir/probe.c" <<'CEOF'
#include <openssl/evp.h>
#include <stdio.h>
int main(void) {
    unsigned char d[EVP_MAX_MD_SIZE];
    unsigned n = 0;
    EVP_MD_CTX *c = EVP_MD_CTX_new();
    if (!c || EVP_DigestInit_ex(c, EVP_sha256(), NULL) != 1 || EVP_DigestUpdate(c, "abc", 3) != 1 ||
        EVP_DigestFinal_ex(c, d, &n) != 1) return 1;
    EVP_MD_CTX_free(c);
    for (unsigned i = 0; i < n; i++) printf("%02x", d[i]);
    printf("\n");
    return 0;
}
CEOF
  if "$cc" -I"$inc" "$dir/probe.c" -o "$dir/probe" "$lib" -Wl,-rpath,"$(dirname "$lib")" "$@" >"$dir/log" 2>&1 \
     && [ "$("$dir/probe" 2>/dev/null)" = ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad ]; then
    ok=0
  fi
  rm -rf "$dir"
  return $ok
}

PREFIX_PATH="$PREFIX"
CMAKE_DEPS_ARGS=()
DEPS_ROOT=""
if [ -d "$DEPS_DIR/include" ]; then
  DEPS_ROOT="$DEPS_DIR"  # an unpacked copy
elif [ -f "$DEPS_DIR/deps.tar.xz" ]; then
  DEPS_ROOT="$BUILD_DIR.deps"
  unpack "$DEPS_DIR/deps.tar.xz" "$DEPS_ROOT"
fi
if [ -n "$DEPS_ROOT" ]; then
  log "using the staged build dependencies in $DEPS_ROOT"
  PREFIX_PATH="${PREFIX:+$PREFIX;}$DEPS_ROOT"
  CMAKE_DEPS_ARGS+=("-Dnlohmann_json_DIR=$DEPS_ROOT/share/cmake/nlohmann_json" "-DCLI11_DIR=$DEPS_ROOT/share/cmake/CLI11"
                    "-DGTest_DIR=$DEPS_ROOT/lib/x86_64-linux-gnu/cmake/GTest" "-DSTB_INCLUDE_DIR=$DEPS_ROOT/include/stb"
                    "-DSTB_LIBRARY=$DEPS_ROOT/lib/x86_64-linux-gnu/libstb.a"
                    "-DLIBZIP_INCLUDE_DIR=$DEPS_ROOT/include" "-DLIBZIP_LIBRARY=$DEPS_ROOT/lib/x86_64-linux-gnu/libzip.so.4")
  SSL_INC="$DEPS_ROOT/openssl/include"
  SSL_LIB=""
  while read -r lib; do
    if openssl_probe "$SSL_INC" "$lib"; then SSL_LIB="$lib"; break; fi
    log "libcrypto candidate $lib failed the SHA-256 probe"
  done < <(libcrypto_candidates)
  if [ -n "$SSL_LIB" ]; then
    log "OpenSSL: this machine's $SSL_LIB with the staged headers"
    CMAKE_DEPS_ARGS+=("-DOPENSSL_INCLUDE_DIR=$SSL_INC" "-DOPENSSL_CRYPTO_LIBRARY=$SSL_LIB" "-DOPENSSL_USE_STATIC_LIBS=OFF")
  else
    if [ ! -f "$DEPS_ROOT/openssl/lib/libcrypto.a" ] && [ -f "$DEPS_DIR/openssl-static.tar.xz" ]; then
      unpack "$DEPS_DIR/openssl-static.tar.xz" "$DEPS_ROOT"
    fi
    [ -f "$DEPS_ROOT/openssl/lib/libcrypto.a" ] \
      || die "no shared libcrypto.so.3 here passed the probe, and no static fallback was staged ($DEPS_DIR/openssl-static.tar.xz)"
    openssl_probe "$SSL_INC" "$DEPS_ROOT/openssl/lib/libcrypto.a" -pthread -ldl \
      || die "the staged static libcrypto.a failed the SHA-256 probe"
    log "OpenSSL: no shared libcrypto.so.3 here passed the probe; using the staged static libcrypto.a"
    CMAKE_DEPS_ARGS+=("-DOPENSSL_ROOT_DIR=$DEPS_ROOT/openssl" "-DOPENSSL_INCLUDE_DIR=$SSL_INC"
                      "-DOPENSSL_CRYPTO_LIBRARY=$DEPS_ROOT/openssl/lib/libcrypto.a" "-DOPENSSL_USE_STATIC_LIBS=ON")
  fi
fi
[ -d "$SRC/tests/data/reference" ] \
  || log "warning: no reference outputs in $SRC/tests/data/reference: the fidelity tests will fail"

# CUDA toolkit for find_package(Torch): system nvcc, else PyTorch's pip packages.
CMAKE_CUDA_ARGS=()
if [ "$MODE" = gpu ] && ! command -v nvcc >/dev/null && [ ! -x /usr/local/cuda/bin/nvcc ]; then
  NV_ROOT="$(python3 - <<'PYEOF' 2>/dev/null || true
import os
try:
    import nvidia
    base = list(nvidia.__path__)[0]
    # cu13 wheels share one tree (nvidia/cu13/{bin,include,lib}); cu12 ones have one folder per component.
    for sub in ("cu13", "cuda_nvcc", "cuda_runtime"):
        if os.path.isdir(os.path.join(base, sub)):
            print(os.path.join(base, sub)); break
except Exception:
    pass
PYEOF
)"
  if [ -n "$NV_ROOT" ]; then
    log "no system nvcc; trying PyTorch's pip CUDA packages at $NV_ROOT"
    CMAKE_CUDA_ARGS+=("-DCUDAToolkit_ROOT=$NV_ROOT" "-DCUDA_TOOLKIT_ROOT_DIR=$NV_ROOT")
    [ -x "$NV_ROOT/bin/nvcc" ] && CMAKE_CUDA_ARGS+=("-DCMAKE_CUDA_COMPILER=$NV_ROOT/bin/nvcc")
  else
    log "warning: no CUDA toolkit found; find_package(Torch) may fail"
  fi
elif [ "$MODE" = gpu ] && [ -x /usr/local/cuda/bin/nvcc ] && ! command -v nvcc >/dev/null; then
  CMAKE_CUDA_ARGS+=("-DCUDAToolkit_ROOT=/usr/local/cuda" "-DCMAKE_CUDA_COMPILER=/usr/local/cuda/bin/nvcc")
fi

GEN=()
command -v ninja >/dev/null && GEN=(-G Ninja)

configure() {  # $1 = ON/OFF for the CUDA-graph runner
  cmake -S "$SRC" -B "$BUILD_DIR" ${GEN[@]+"${GEN[@]}"} -DCMAKE_BUILD_TYPE=Release \
    ${PREFIX_PATH:+"-DCMAKE_PREFIX_PATH=$PREFIX_PATH"} -DSTYLEMIX_BUILD_GUI=OFF -DSTYLEMIX_BUILD_TESTS=ON \
    -DSTYLEMIX_BUILD_BENCH=ON -DSTYLEMIX_CUDA_GRAPHS="$1" ${CMAKE_DEPS_ARGS[@]+"${CMAKE_DEPS_ARGS[@]}"} \
    ${CMAKE_CUDA_ARGS[@]+"${CMAKE_CUDA_ARGS[@]}"}
}
build() { cmake --build "$BUILD_DIR" -j "$JOBS" --target test_model bench_stylemix stylemix; }

log "configuring (CUDA graphs $CUDA_GRAPHS) in $BUILD_DIR"
configure "$CUDA_GRAPHS" >"$BUILD_DIR.configure.log" 2>&1 || { tail -n 40 "$BUILD_DIR.configure.log"; die "cmake failed"; }
[ "$MODE" = cpu-fallback ] || grep -q "CUDA LibTorch found" "$BUILD_DIR.configure.log" \
  || log "warning: the benchmark did not detect a CUDA LibTorch (no GPU memory statistics)"
if ! build >"$BUILD_DIR.build.log" 2>&1; then
  if [ "$CUDA_GRAPHS" = "ON" ]; then
    log "build with CUDA graphs failed (see $BUILD_DIR.build.log); retrying without them"
    CUDA_GRAPHS=OFF
    configure OFF >>"$BUILD_DIR.configure.log" 2>&1 || die "cmake failed"
    build >>"$BUILD_DIR.build.log" 2>&1 || { tail -n 40 "$BUILD_DIR.build.log"; die "build failed"; }
  else
    tail -n 40 "$BUILD_DIR.build.log"; die "build failed"
  fi
fi

TEST_SUMMARY="skipped"
if [ "${SKIP_TESTS:-0}" != "1" ]; then
  log "fidelity tests (CPU reference tests plus the CUDA ones)"
  FILTER='GeneratorReference*:RenderWorker*:Engine*:ExecutionModes*:WorkerPool*:Gpu*'
  if "$BUILD_DIR/tests/test_model" --gtest_filter="$FILTER" >"$BUILD_DIR.tests.log" 2>&1; then
    TEST_SUMMARY="passed ($(grep -c '^\[       OK \]' "$BUILD_DIR.tests.log") tests)"
  else
    TEST_SUMMARY="FAILED: $(grep '^\[  FAILED  \]' "$BUILD_DIR.tests.log" | sort -u | tr '\n' ' ')"
  fi
  grep -E '^\[ info \]' "$BUILD_DIR.tests.log" | grep -iE 'cuda' || true
  log "tests: $TEST_SUMMARY"
fi

if [ "$MODE" = gpu ]; then
  log "benchmark (GPU rows, $RUNS runs)"
  # shellcheck disable=SC2086  # BENCH_ARGS is a list of arguments
  TABLE="$("$BUILD_DIR/tests/bench/bench_stylemix" --gpu-only --runs "$RUNS" ${BENCH_ARGS:-})"
else
  log "benchmark, CPU fallback: bench_stylemix $BENCH_ARGS"
  # shellcheck disable=SC2086
  TABLE="$("$BUILD_DIR/tests/bench/bench_stylemix" $BENCH_ARGS)"
fi
{
  echo "# StyleMix GPU benchmark"
  echo
  echo "- mode: $MODE"
  echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "- card: $CARD"
  echo "- PyTorch $TORCH_VER (CUDA $TORCH_CUDA), LibTorch from ${PREFIX:-the system (no python3 torch)}; CUDA graphs: $CUDA_GRAPHS"
  echo "- host: $(nproc) CPU threads, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
  echo "- fidelity tests on this machine: $TEST_SUMMARY"
  echo
  grep -E '^\[ info \]' "$BUILD_DIR.tests.log" 2>/dev/null | grep -iE 'cuda' | sed 's/^/    /' || true
  echo
  echo "$TABLE"
} >"$OUT"
cat "$OUT"
log "written to $OUT"
