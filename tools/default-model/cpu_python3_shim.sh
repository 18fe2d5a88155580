#!/usr/bin/env bash
# Test only: a python3 for running gpu_train_and_bench.sh on a machine without a GPU. It is /usr/bin/python3, except
# that train_budget.py runs with cpu_smoke_test.py's CPU shim on NVIDIA's training loop. From the repository root:
#   OUT=/tmp/out PY=tools/default-model/cpu_python3_shim.sh DATASET_COUNT=64 SKIP_BENCH=1 BATCH=4 TICK_KIMG=1 \
#   WORKERS=1 PLUGIN_WAIT_S=5 TOTAL_BUDGET_S=4000 EXPORT_RESERVE_S=3990 bash tools/default-model/gpu_train_and_bench.sh
# The training deadline is then 10 s after the start, before training begins, so train.py stops at its first tick (tick 0,
# after one step of every phase) and the export runs on that snapshot. /usr/bin/python3 needs torch (Debian's
# python3-torch), scipy (NVIDIA's metrics import it), numpy and Pillow.
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [[ "${1:-}" == *train_budget.py ]]; then
  shift
  exec /usr/bin/python3 -c "
import sys
sys.path.insert(0, '$HERE')
import cpu_smoke_test, torch
args = sys.argv[1:]
sys.path.insert(0, args[args.index('--stylegan3') + 1])
torch.set_num_threads(2)
from training import training_loop
cpu_smoke_test.install_cpu_shim(training_loop, torch)
import train_budget
train_budget.main(args)
" "$@"
fi
exec /usr/bin/python3 "$@"
