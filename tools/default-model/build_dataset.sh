#!/usr/bin/env bash
# Builds the default model's dataset (needs node 20 + npm registry access, /usr/bin/python3 with numpy and Pillow).
#
#   tools/default-model/build_dataset.sh            N=40000 DATASET_COUNT=$N JOBS=2 WORK=tools/default-model/.work
#
# 1. npm ci: DiceBear avataaars 9.4.3 + resvg-js 2.6.2 (package-lock.json pins every package).
# 2. render.mjs in JOBS processes: avatars for seeds "0".."N-1" with their region coverage (WORK/raw).
# 3. pack.py: the compact base pack (WORK/pack, 20,000-avatar chunks of about 5.6 MB), which is what travels to the GPU
#    machine; make_dataset.py can rebuild the identical training set from it anywhere.
# 4. make_dataset.py: the first DATASET_COUNT images with their stochastic detail as StyleGAN's dataset zip
#    (WORK/avatars64-detail.zip); DATASET_COUNT=0 skips it. Prints the rate of every step.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
N="${N:-40000}"
DATASET_COUNT="${DATASET_COUNT:-$N}"
JOBS="${JOBS:-2}"
WORK="${WORK:-$HERE/.work}"
PY="${PY:-/usr/bin/python3}"

cd "$HERE"
npm ci --no-audit --no-fund --silent
rm -rf "$WORK/raw" && mkdir -p "$WORK/raw"
t0=$(date +%s.%N)
for ((j = 0; j < JOBS; j++)); do
  start=$((N * j / JOBS)); end=$((N * (j + 1) / JOBS))
  node render.mjs "$start" "$end" "$WORK/raw/$(printf '%08d' "$start")" &
done
wait
t1=$(date +%s.%N)
echo "{\"step\": \"render\", \"avatars\": $N, \"jobs\": $JOBS, \"imagesPerSecond\": $(echo "$N / ($t1 - $t0)" | bc -l | cut -c1-6)}"
"$PY" pack.py --raw "$WORK/raw" --out "$WORK/pack" --jobs "$JOBS"
if [ "$DATASET_COUNT" -gt 0 ]; then
  "$PY" make_dataset.py --pack "$WORK/pack" --out "$WORK/avatars64-detail.zip" --count "$DATASET_COUNT" --workers "$JOBS"
fi
