#!/usr/bin/env bash
# Fails when the tree that travels to the GPU machine for the default-model run would leave too little room for the
# training data. The device copies the tracked files, the untracked files git does not ignore and the carried paths,
# 64 MiB in all (docs/default-model.md, "What travels"). Everything but the base pack is counted here:
#   tracked + untracked-not-ignored + .deps (what tests/bench/stage_deps.sh would stage, computed, not staged)
#   + NVIDIA's training code as tools/default-model/stage_gpu_run.sh stages it
# and that sum must stay at or under LIMIT_MIB (default 56), which keeps 8 MiB of the 64 for the pack: room for
# 20,000 avatars (one chunk of pack.py's, 5.3 MiB) and a margin. Runs in a few seconds in a fresh clone on a
# Debian 12 machine with the bootstrap packages (most of it compressing .deps' two archives); needs no pack, no GPU.
#
#   tools/default-model/check_travel_size.sh          exit 0: fits; exit 1: over the limit (the message says by how much)
#
# Environment: LIMIT_MIB (default 56), DEPS_BYTES (skip stage_deps.sh --size, use this number), MARGIN_MIB (default 1,
# only for the room it reports).
set -euo pipefail
TOOL="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$TOOL/../.." && pwd)"
LIMIT_MIB="${LIMIT_MIB:-56}"
DEVICE_MIB=64
MARGIN_MIB="${MARGIN_MIB:-1}"
# tools/default-model/.stage/stylegan3.tar.xz, NVIDIA's dnnlib, torch_utils, training, metrics, train.py, legacy.py
# and LICENSE.txt at c233a91: 79,172 bytes. NVIDIA's code is not in this repository, so a fresh clone cannot measure
# it; a staged archive, when there is one, is measured instead.
STYLEGAN3_BYTES=81920
# The base pack's bytes per avatar in pack.py's 20,000-avatar chunks (measured: 5,582,952 and 5,568,576 bytes for
# avatars 0-19,999 and 20,000-39,999): used only to say how many avatars the room left would hold.
PACK_BYTES_PER_AVATAR=280

die() { printf '[check_travel_size] ERROR: %s\n' "$*" >&2; exit 2; }
git -C "$REPO" rev-parse --git-dir >/dev/null 2>&1 || die "$REPO is not a git checkout"
cd "$REPO"
sum_sizes() { xargs -0 -r stat -c %s -- 2>/dev/null | awk '{s += $1} END {printf "%d\n", s}' || true; }
# Tracked files as they are in the work tree (a tracked file deleted here travels as nothing: stat skips it).
tracked=$(git ls-files -z | sum_sizes)
untracked=$(git ls-files -z --others --exclude-standard | sum_sizes)
deps="${DEPS_BYTES:-$(bash "$REPO/tests/bench/stage_deps.sh" --size)}" || die "tests/bench/stage_deps.sh --size failed"
code=$STYLEGAN3_BYTES
code_note="estimate"
if [ -f "$TOOL/.stage/stylegan3.tar.xz" ]; then
  code=$(stat -c %s "$TOOL/.stage/stylegan3.tar.xz")
  code_note="staged"
fi
total=$((tracked + untracked + deps + code))
mib() { awk -v b="$1" 'BEGIN {printf "%.2f MiB", b / 1048576}'; }
room=$(((DEVICE_MIB - MARGIN_MIB) * 1048576 - total))
printf '[check_travel_size] travels without the pack: tracked %s + untracked %s + .deps %s + NVIDIA code %s (%s) = %s (limit %s MiB)\n' \
  "$(mib "$tracked")" "$(mib "$untracked")" "$(mib "$deps")" "$(mib "$code")" "$code_note" "$(mib "$total")" "$LIMIT_MIB"
printf '[check_travel_size] room for the pack (%s MiB less a %s MiB margin, as stage_gpu_run.sh counts): %s, about %d avatars at %d bytes each\n' \
  "$DEVICE_MIB" "$MARGIN_MIB" "$(mib "$room")" $((room > 0 ? room / PACK_BYTES_PER_AVATAR : 0)) "$PACK_BYTES_PER_AVATAR"
if [ "$total" -gt $((LIMIT_MIB * 1048576)) ]; then
  printf '[check_travel_size] FAIL: %s over the %s MiB limit. The default-model GPU run could not stage its 20,000-avatar pack.\n' \
    "$(mib $((total - LIMIT_MIB * 1048576)))" "$LIMIT_MIB" >&2
  printf '[check_travel_size] Largest tracked and untracked files:\n' >&2
  { git ls-files -z; git ls-files -z --others --exclude-standard; } | xargs -0 -r stat -c '%s %n' -- 2>/dev/null \
    | sort -rn | awk 'NR <= 8 {size = $1; sub(/^[0-9]+ /, ""); printf "  %8.2f MiB  %s\n", size / 1048576, $0}' >&2
  printf '[check_travel_size] Keep large files out of the tree, or make room elsewhere (docs/default-model.md, "What travels").\n' >&2
  exit 1
fi
echo "[check_travel_size] OK"
