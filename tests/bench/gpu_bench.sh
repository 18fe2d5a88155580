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
# Environment: BUILD_DIR (default /tmp/build_gpu), JOBS (default nproc),
# RUNS (default 7), SKIP_TESTS=1, BENCH_ARGS (extra benchmark arguments),
# CUDA_GRAPHS=OFF to build without the CUDA-graph runner.
# Needs the same build dependencies as the CPU build (CMake >= 3.18, Ninja or
# Make, a C++17 compiler, nlohmann-json, CLI11, GoogleTest, stb) and, for
# find_package(Torch) with CUDA, the CUDA toolkit headers (a system toolkit, or
# PyTorch's pip nvidia-* packages, which this script tries as a fallback).
set -euo pipefail

SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OUT="${1:-$SRC/tests/bench/gpu_results.md}"
BUILD_DIR="${BUILD_DIR:-/tmp/build_gpu}"
JOBS="${JOBS:-$(nproc)}"
RUNS="${RUNS:-7}"
CUDA_GRAPHS="${CUDA_GRAPHS:-ON}"

log() { printf '[gpu_bench] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

command -v python3 >/dev/null || die "python3 not found"
command -v nvidia-smi >/dev/null || die "nvidia-smi not found: is this a CUDA machine?"
TORCH_INFO="$(python3 -c 'import torch; print(torch.__version__, torch.version.cuda, torch.cuda.is_available())' 2>/dev/null)" \
  || die "python3 cannot import torch"
read -r TORCH_VER TORCH_CUDA TORCH_CUDA_OK <<<"$TORCH_INFO"
[ "$TORCH_CUDA_OK" = "True" ] || die "torch $TORCH_VER sees no CUDA device (torch.version.cuda=$TORCH_CUDA)"
PREFIX="$(python3 -c 'import torch; print(torch.utils.cmake_prefix_path)')"
CARD="$(nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader | head -n1)"
log "card: $CARD; torch $TORCH_VER (CUDA $TORCH_CUDA); prefix $PREFIX"

# CUDA toolkit for find_package(Torch): system nvcc, else PyTorch's pip packages.
CMAKE_CUDA_ARGS=()
if ! command -v nvcc >/dev/null && [ ! -x /usr/local/cuda/bin/nvcc ]; then
  NV_ROOT="$(python3 - <<'EOF' 2>/dev/null || true
import os
try:
    import nvidia
    base = list(nvidia.__path__)[0]
    for sub in ("cuda_nvcc", "cuda_runtime"):
        if os.path.isdir(os.path.join(base, sub)):
            print(os.path.join(base, sub)); break
except Exception:
    pass
EOF
)"
  if [ -n "$NV_ROOT" ]; then
    log "no system nvcc; trying PyTorch's pip CUDA packages at $NV_ROOT"
    CMAKE_CUDA_ARGS+=("-DCUDAToolkit_ROOT=$NV_ROOT" "-DCUDA_TOOLKIT_ROOT_DIR=$NV_ROOT")
    [ -x "$NV_ROOT/bin/nvcc" ] && CMAKE_CUDA_ARGS+=("-DCMAKE_CUDA_COMPILER=$NV_ROOT/bin/nvcc")
  else
    log "warning: no CUDA toolkit found; find_package(Torch) may fail"
  fi
elif [ -x /usr/local/cuda/bin/nvcc ] && ! command -v nvcc >/dev/null; then
  CMAKE_CUDA_ARGS+=("-DCUDAToolkit_ROOT=/usr/local/cuda" "-DCMAKE_CUDA_COMPILER=/usr/local/cuda/bin/nvcc")
fi

GEN=()
command -v ninja >/dev/null && GEN=(-G Ninja)

configure() {  # $1 = ON/OFF for the CUDA-graph runner
  cmake -S "$SRC" -B "$BUILD_DIR" ${GEN[@]+"${GEN[@]}"} -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_PREFIX_PATH="$PREFIX" -DSTYLEMIX_BUILD_GUI=OFF -DSTYLEMIX_BUILD_TESTS=ON -DSTYLEMIX_BUILD_BENCH=ON \
    -DSTYLEMIX_CUDA_GRAPHS="$1" ${CMAKE_CUDA_ARGS[@]+"${CMAKE_CUDA_ARGS[@]}"}
}
build() { cmake --build "$BUILD_DIR" -j "$JOBS" --target test_model bench_stylemix stylemix; }

log "configuring (CUDA graphs $CUDA_GRAPHS) in $BUILD_DIR"
configure "$CUDA_GRAPHS" >"$BUILD_DIR.configure.log" 2>&1 || { tail -n 40 "$BUILD_DIR.configure.log"; die "cmake failed"; }
grep -q "CUDA LibTorch found" "$BUILD_DIR.configure.log" || log "warning: the benchmark did not detect a CUDA LibTorch (no GPU memory statistics)"
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

log "benchmark (GPU rows, $RUNS runs)"
# shellcheck disable=SC2086  # BENCH_ARGS is a list of arguments
TABLE="$("$BUILD_DIR/tests/bench/bench_stylemix" --gpu-only --runs "$RUNS" ${BENCH_ARGS:-})"
{
  echo "# StyleMix GPU benchmark"
  echo
  echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "- card: $CARD"
  echo "- PyTorch $TORCH_VER (CUDA $TORCH_CUDA), LibTorch from $PREFIX; CUDA graphs: $CUDA_GRAPHS"
  echo "- host: $(nproc) CPU threads, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
  echo "- fidelity tests on this machine: $TEST_SUMMARY"
  echo
  grep -E '^\[ info \]' "$BUILD_DIR.tests.log" 2>/dev/null | grep -iE 'cuda' | sed 's/^/    /' || true
  echo
  echo "$TABLE"
} >"$OUT"
cat "$OUT"
log "written to $OUT"
