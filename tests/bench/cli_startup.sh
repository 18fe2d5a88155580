#!/usr/bin/env bash
# Whole-process wall times of stylemix commands, for two builds interleaved in
# one run (the CLI-that-starts-at-once measurement: --help, info and convert
# load no LibTorch; generate does).
#
#   tests/bench/cli_startup.sh OLD_STYLEMIX NEW_STYLEMIX [RUNS] [MODEL]
#
# Prints one Markdown row per command: the median and min over RUNS (default 9)
# for each binary, in ms, and the load average before and after. Each round
# runs every command once with each binary, alternating which goes first.
set -euo pipefail
old=${1:?usage: cli_startup.sh OLD_STYLEMIX NEW_STYLEMIX [RUNS] [MODEL]}
new=${2:?usage: cli_startup.sh OLD_STYLEMIX NEW_STYLEMIX [RUNS] [MODEL]}
runs=${3:-9}
model=${4:-$(cd "$(dirname "$0")/../.." && pwd)/assets/avatars64.safetensors}
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

commands=(
  "--help"
  "info --model $model"
  "convert $model $scratch/converted.safetensors"
  "generate --model $model --seeds 1 --no-recipe --outdir $scratch/gen"
)

# ms of one run of BINARY ARGS (output discarded; a failure stops the script).
time_once() {
  local start end
  rm -rf "$scratch/gen" "$scratch/converted.safetensors"
  start=$(date +%s%N)
  # shellcheck disable=SC2086
  "$1" $2 >/dev/null 2>&1 || { echo "cli_startup: '$1 $2' failed" >&2; exit 1; }
  end=$(date +%s%N)
  echo $(((end - start) / 1000000))
}

stats() { sort -n | awk '{a[NR] = $1} END {printf "%d (min %d)", a[int((NR + 1) / 2)], a[1]}'; }

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg); $runs runs each, interleaved"
echo
echo "| command | old: median ms (min) | new: median ms (min) |"
echo "|---|---:|---:|"
for cmd in "${commands[@]}"; do
  : >"$scratch/old.txt"
  : >"$scratch/new.txt"
  for ((i = 0; i < runs; i++)); do
    if ((i % 2)); then
      time_once "$new" "$cmd" >>"$scratch/new.txt"
      time_once "$old" "$cmd" >>"$scratch/old.txt"
    else
      time_once "$old" "$cmd" >>"$scratch/old.txt"
      time_once "$new" "$cmd" >>"$scratch/new.txt"
    fi
  done
  label=${cmd//$model/MODEL}
  label=${label//$scratch/TMP}
  echo "| \`stylemix $label\` | $(stats <"$scratch/old.txt") | $(stats <"$scratch/new.txt") |"
done
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
