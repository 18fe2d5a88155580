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
# CLI11, GoogleTest and stb. A machine without those Debian packages (the lent
# GPU machines) gets them from DEPS_DIR, made on a Debian 12 machine by
# tests/bench/stage_deps.sh, which also copies ../shared/reference there.
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

# Build dependencies staged by stage_deps.sh, and the reference outputs.
PREFIX_PATH="$PREFIX"
CMAKE_DEPS_ARGS=()
if [ -d "$DEPS_DIR/include" ]; then
  log "using the staged build dependencies in $DEPS_DIR"
  PREFIX_PATH="${PREFIX:+$PREFIX;}$DEPS_DIR"
  CMAKE_DEPS_ARGS+=("-Dnlohmann_json_DIR=$DEPS_DIR/share/cmake/nlohmann_json" "-DCLI11_DIR=$DEPS_DIR/share/cmake/CLI11"
                    "-DGTest_DIR=$DEPS_DIR/lib/x86_64-linux-gnu/cmake/GTest" "-DSTB_INCLUDE_DIR=$DEPS_DIR/include/stb"
                    "-DSTB_LIBRARY=$DEPS_DIR/lib/x86_64-linux-gnu/libstb.a"
                    "-DOPENSSL_ROOT_DIR=$DEPS_DIR/openssl" "-DOPENSSL_USE_STATIC_LIBS=ON")
fi
if [ -d "$SRC/../shared/reference" ]; then
  CMAKE_DEPS_ARGS+=("-DSTYLEMIX_SHARED_DIR=$SRC/../shared")
elif [ -d "$DEPS_DIR/shared/reference" ]; then
  CMAKE_DEPS_ARGS+=("-DSTYLEMIX_SHARED_DIR=$DEPS_DIR/shared")
else
  log "warning: no reference outputs (../shared/reference or $DEPS_DIR/shared/reference): the fidelity tests will fail"
fi

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
