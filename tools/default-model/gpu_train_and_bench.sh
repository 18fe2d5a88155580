#!/usr/bin/env bash
# Issue 14, parts 2 and 3 in ONE device call (a bare GPU machine: python3 with PyTorch, nvcc, cmake, no network).
# Run from the repository root after tools/default-model/stage_gpu_run.sh, carrying .deps and
# tools/default-model/.stage (docs/default-model.md gives the exact call):
#
#   bash tools/default-model/gpu_train_and_bench.sh
#
# Timeline (the whole call must end inside the device's 600 s per-command limit: TOTAL_BUDGET_S):
#   0 s   environment report; NVIDIA's code unpacked to /tmp and patched for current PyTorch (compat_patch.py);
#         NVIDIA's two CUDA plugins compiled in the background (used if ready within PLUGIN_WAIT_S=120 s of the
#         start, else training takes NVIDIA's reference ops); the training set made from the base pack.
#   ~30 s training (train_budget.py: NVIDIA's train.py, --cfg=stylegan2, batch 256, mirror, no ADA, no metrics)
#         until TRAIN_DEADLINE = start + TOTAL_BUDGET_S - BENCH_RESERVE_S - EXPORT_RESERVE_S; meanwhile the
#         StyleMix build and fidelity tests run in the background (tests/bench/gpu_bench.sh with BENCH_ARGS=--help,
#         which builds and tests but times nothing).
#   then  export: G_ema float32 + D float16 safetensors (export_safetensors.py, check_export.py), packed into
#         $OUT/model.tar.part-NN (15 MiB parts: the device returns files of at most 16 MiB).
#   last  the benchmark alone on the GPU (tests/bench/gpu_bench.sh with SKIP_TESTS=1) -> $OUT/gpu_results.md.
# $OUT receives at most 8 files: summary.txt, gpu_results.md, logs.tar.xz, model.tar.part-00.. (about 4).
# Reassemble here: cat model.tar.part-* | tar -x   (sha256 sums in summary.txt).
#
# Environment (all optional): TOTAL_BUDGET_S=570 BENCH_RESERVE_S=150 EXPORT_RESERVE_S=45 BATCH=256 GAMMA=0.05
# TICK_KIMG=20 SNAP_TICKS=25 WORKERS=4 PLUGIN_WAIT_S=120 DATASET_COUNT (default: the whole pack) SKIP_BENCH=1
# RUNS=7 OUT=/tmp/out PY=python3
set -uo pipefail

T0=$(date +%s)
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TOOL="$REPO/tools/default-model"
STAGE="$TOOL/.stage"
TOTAL_BUDGET_S="${TOTAL_BUDGET_S:-570}"
BENCH_RESERVE_S="${BENCH_RESERVE_S:-150}"
EXPORT_RESERVE_S="${EXPORT_RESERVE_S:-45}"
[ "${SKIP_BENCH:-0}" = 1 ] && BENCH_RESERVE_S=0
BATCH="${BATCH:-256}"
GAMMA="${GAMMA:-0.05}"
TICK_KIMG="${TICK_KIMG:-20}"
SNAP_TICKS="${SNAP_TICKS:-25}"
WORKERS="${WORKERS:-4}"
OUT="${OUT:-/tmp/out}"
W=/tmp/default-model
PY="${PY:-python3}"
case "$PY" in */*) PY="$(cd "$(dirname "$PY")" && pwd)/$(basename "$PY")" ;; esac  # steps below run from other folders
mkdir -p "$OUT" "$W/model"
export TORCH_EXTENSIONS_DIR="$W/torch_extensions" PYTHONUNBUFFERED=1

SUMMARY="$OUT/summary.txt"
log() { printf '[%4ds] %s\n' "$(($(date +%s) - T0))" "$*" | tee -a "$SUMMARY" >&2; }
left() { echo $((T0 + TOTAL_BUDGET_S - $(date +%s))); }

# --- 0. What machine is this --------------------------------------------------------------------------------
log "default-model GPU run; budget ${TOTAL_BUDGET_S}s (bench reserve ${BENCH_RESERVE_S}s, export reserve ${EXPORT_RESERVE_S}s)"
log "card: $(nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader 2>/dev/null | head -n1)"
log "python: $($PY -c 'import sys, torch, numpy, PIL; print(sys.version.split()[0], "torch", torch.__version__, "cuda", torch.version.cuda, "available", torch.cuda.is_available(), "numpy", numpy.__version__, "pillow", PIL.__version__)' 2>&1 | tail -n1)"
log "nvcc: $(nvcc --version 2>/dev/null | tail -n1); cpus: $(nproc); git: $(git -C "$REPO" rev-parse --short HEAD 2>/dev/null)"
[ -f "$STAGE/pack/pack.json" ] && [ -f "$STAGE/stylegan3.tar.xz" ] \
  || { log "ERROR: $STAGE is not staged (run tools/default-model/stage_gpu_run.sh and carry it)"; exit 1; }

# --- 1. NVIDIA's code, patched; plugins compiled in the background ---------------------------------------
rm -rf "$W/stylegan3" && mkdir -p "$W/stylegan3"
$PY -c "import sys, tarfile; tarfile.open(sys.argv[1]).extractall(sys.argv[2], **({'filter': 'data'} if hasattr(tarfile, 'data_filter') else {}))" \
  "$STAGE/stylegan3.tar.xz" "$W/stylegan3" \
  || { log "ERROR: could not unpack $STAGE/stylegan3.tar.xz"; exit 1; }
$PY "$TOOL/compat_patch.py" "$W/stylegan3" 2>&1 | tee -a "$SUMMARY"
PLUGIN_PIDS=()
for op in bias_act upfirdn2d; do  # compiled once into TORCH_EXTENSIONS_DIR; the training process then just loads them
  $PY -c "import sys; sys.path.insert(0, '$W/stylegan3'); from torch_utils.ops import $op; $op._init(); open('$W/plugin_$op.ok', 'w')" \
    >"$W/plugin_$op.log" 2>&1 &
  PLUGIN_PIDS+=($!)
done

# --- 2. The training set ----------------------------------------------------------------------------------
log "training set: $($PY "$TOOL/make_dataset.py" --pack "$STAGE/pack" --out "$W/avatars64-detail.zip" \
     ${DATASET_COUNT:+--count "$DATASET_COUNT"} --workers "$(nproc)" 2>&1 | tail -n1)"

# --- 3. StyleMix build + fidelity tests in the background (CPU, and a little GPU) --------------------------
BENCH_PRE_PID=""
if [ "${SKIP_BENCH:-0}" != 1 ]; then
  (cd "$REPO" && JOBS=$(( $(nproc) * 5 / 8 )) BENCH_ARGS=--help nice -n 5 bash tests/bench/gpu_bench.sh "$W/bench_prebuild.md" \
     >"$W/bench_prebuild.log" 2>&1) &
  BENCH_PRE_PID=$!
fi

# --- 4. Training until the deadline (with NVIDIA's CUDA plugins if they compiled within PLUGIN_WAIT_S) -----------
while [ $(($(date +%s) - T0)) -lt "${PLUGIN_WAIT_S:-120}" ] && kill -0 "${PLUGIN_PIDS[@]}" 2>/dev/null; do sleep 1; done
NO_PLUGINS=""
if [ -f "$W/plugin_bias_act.ok" ] && [ -f "$W/plugin_upfirdn2d.ok" ]; then
  log "CUDA plugins compiled"
else
  NO_PLUGINS=--no-plugins
  kill "${PLUGIN_PIDS[@]}" 2>/dev/null
  log "CUDA plugins not ready (see plugin_*.log): training with NVIDIA's reference ops"
fi
TRAIN_DEADLINE=$((T0 + TOTAL_BUDGET_S - BENCH_RESERVE_S - EXPORT_RESERVE_S))
log "training until $(date -d "@$TRAIN_DEADLINE" +%T) ($((TRAIN_DEADLINE - $(date +%s)))s from now), batch $BATCH, gamma $GAMMA"
T_TRAIN=$(date +%s)
timeout --signal=INT --kill-after=10 $((TRAIN_DEADLINE - T_TRAIN + EXPORT_RESERVE_S / 2)) \
  $PY "$TOOL/train_budget.py" --stylegan3 "$W/stylegan3" --deadline "$TRAIN_DEADLINE" $NO_PLUGINS -- \
    --outdir="$W/runs" --cfg=stylegan2 --data="$W/avatars64-detail.zip" --gpus=1 --batch="$BATCH" \
    --gamma="$GAMMA" --mirror=1 --aug=noaug --metrics=none --cbase=8192 --cmax=256 --kimg=100000 \
    --tick="$TICK_KIMG" --snap="$SNAP_TICKS" --workers="$WORKERS" --seed=0 >"$W/train.log" 2>&1
TRAIN_RC=$?
RUN_DIR="$(ls -d "$W"/runs/*/ 2>/dev/null | tail -n1)"
PKL="$(ls "$RUN_DIR"network-snapshot-*.pkl 2>/dev/null | tail -n1)"
log "training exit $TRAIN_RC after $(($(date +%s) - T_TRAIN))s; last tick: $(grep '^tick' "$W/train.log" | tail -n1)"

# --- 5. Export ------------------------------------------------------------------------------------------------------
if [ -n "$PKL" ]; then
  KIMG=$(basename "$PKL" .pkl | sed 's/.*-0*\([0-9]\)/\1/')
  SECS=$(($(date +%s) - T_TRAIN))
  CARD="$(nvidia-smi --query-gpu=name --format=csv,noheader 2>/dev/null | head -n1)"
  log "export: $(cd "$TOOL" && $PY export_safetensors.py --stylegan3 "$W/stylegan3" --pkl "$PKL" \
      --out-g "$W/model/avatars64.safetensors" --out-d "$W/model/avatars64-D-fp16.safetensors" --kimg "$KIMG" \
      --trained-with "NVlabs/stylegan3 train.py --cfg=stylegan2 --batch=$BATCH --gamma=$GAMMA --mirror=1 --aug=noaug (style mixing prob 0.9), ${SECS}s on 1x ${CARD:-GPU}" 2>&1 | tail -n1)"
  (cd "$TOOL" && $PY check_export.py "$W/model/avatars64.safetensors" "$REPO/assets/avatars64.safetensors") 2>&1 | tee -a "$SUMMARY"
  (cd "$TOOL" && $PY -c "
import safetensors_io as s
_, t = s.read('$W/model/avatars64.safetensors')
print('learned noise strengths:', ', '.join(f'{k[10:-15]} {float(v):.4f}' for k, v in sorted(t.items()) if k.endswith('noise_strength')))") 2>&1 | tee -a "$SUMMARY"
  cp "$RUN_DIR"training_options.json "$RUN_DIR"stats.jsonl "$W/model/" 2>/dev/null
  FAKES="$(ls "$RUN_DIR"fakes*.png 2>/dev/null | grep -v init | tail -n1)"
  [ -n "$FAKES" ] && cp "$FAKES" "$W/model/fakes-final.png"
  (cd "$W" && tar -cf - model | split -b 15M -d - "$OUT/model.tar.part-")
  (cd "$W/model" && sha256sum ./*) | tee -a "$SUMMARY"
else
  log "ERROR: no network snapshot to export (see train.log in logs.tar.xz)"
fi

# --- 6. Benchmark alone on the GPU -----------------------------------------------------------------------------
if [ "${SKIP_BENCH:-0}" != 1 ]; then
  log "waiting for the background build + tests"
  while kill -0 "$BENCH_PRE_PID" 2>/dev/null && [ "$(left)" -gt 60 ]; do sleep 2; done
  kill -0 "$BENCH_PRE_PID" 2>/dev/null && log "build/tests still running with $(left)s left: benchmark skipped"
  if ! kill -0 "$BENCH_PRE_PID" 2>/dev/null; then
    log "build + tests: $(grep -m1 'fidelity tests' "$W/bench_prebuild.md" 2>/dev/null || tail -n2 "$W/bench_prebuild.log")"
    for f in /tmp/build_gpu.*.log; do [ -f "$f" ] && cp "$f" "$W/prebuild-$(basename "$f")"; done
    # Keep the CUDA-graph setting the background build ended with, so the benchmark's configure reuses that build.
    GRAPHS=ON; grep -q 'CUDA graphs: OFF' "$W/bench_prebuild.md" 2>/dev/null && GRAPHS=OFF
    if [ "$(left)" -gt 30 ]; then
      log "benchmark with $(left)s left (CUDA graphs $GRAPHS)"
      (cd "$REPO" && SKIP_TESTS=1 CUDA_GRAPHS=$GRAPHS RUNS="${RUNS:-7}" timeout --kill-after=5 $(( $(left) - 10 )) \
         bash tests/bench/gpu_bench.sh "$OUT/gpu_results.md" >"$W/bench.log" 2>&1)
      log "benchmark exit $?"
      grep -m1 'fidelity tests' "$W/bench_prebuild.md" >>"$OUT/gpu_results.md" 2>/dev/null
    fi
  fi
fi

# --- 7. Logs -----------------------------------------------------------------------------------------------------------
cp /tmp/build_gpu.*.log "$W/" 2>/dev/null
(cd "$W" && tar -cJf "$OUT/logs.tar.xz" --ignore-failed-read ./*.log ./*.md "${RUN_DIR#"$W"/}log.txt" 2>/dev/null)
log "done; files in \$OUT: $(ls "$OUT" | tr '\n' ' ')"
