#!/usr/bin/env bash
# Stages, on this (Debian 12) machine, everything gpu_train_and_bench.sh needs on the bare GPU machine, into
# ignored folders that the device call carries, and checks that the whole travelling tree stays under 64 MiB.
#
#   tools/default-model/stage_gpu_run.sh [PACK_DIR]     (default: tools/default-model/.work/pack, from build_dataset.sh)
#
#   tools/default-model/.stage/stylegan3.tar.xz  NVIDIA's training code (dnnlib, torch_utils, training, metrics,
#                                          train.py, legacy.py, LICENSE.txt) archived unmodified from $STYLEGAN3
#                                          (default /work/nvlabs/stylegan3); unpacked and patched only on the GPU machine
#   tools/default-model/.stage/pack/       the base pack's first chunks (pack.json + chunk-*.xz): as many whole chunks
#                                          as keep the travelling tree MARGIN_MIB (default 1) under 64 MiB, or the
#                                          chunks covering STAGE_COUNT avatars; the training set is made from them there.
#                                          Fewer than MIN_AVATARS (default 20000) is an error.
#   .deps/                                 tests/bench/stage_deps.sh: build deps for gpu_bench.sh (xz archives)
# None of it is committed: tools/default-model/.gitignore and the root .gitignore ignore both folders.
# Before the pack, check_travel_size.sh checks the rest against its limit (LIMIT_MIB, default 56).
set -euo pipefail
TOOL="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$TOOL/../.." && pwd)"
STAGE="$TOOL/.stage"
PACK="${1:-$TOOL/.work/pack}"
STYLEGAN3="${STYLEGAN3:-/work/nvlabs/stylegan3}"
LIMIT=$((64 * 1024 * 1024))
MIN_AVATARS="${MIN_AVATARS:-20000}"

die() { printf '[stage_gpu_run] ERROR: %s\n' "$*" >&2; exit 1; }
[ -f "$PACK/pack.json" ] || die "no base pack at $PACK (run tools/default-model/build_dataset.sh first)"
[ -f "$STYLEGAN3/train.py" ] || die "no NVIDIA stylegan3 checkout at $STYLEGAN3"
git -C "$REPO" check-ignore -q "$STAGE/x" || die "$STAGE is not ignored by git"
git -C "$REPO" check-ignore -q "$REPO/.deps/x" || die "$REPO/.deps is not ignored by git"

rm -rf "$STAGE" && mkdir -p "$STAGE/pack"
# NVIDIA's code as one archive (0.46 MiB of text; 0.08 MiB as xz), without __pycache__.
(cd "$STYLEGAN3" && find dnnlib torch_utils training metrics train.py legacy.py LICENSE.txt -name __pycache__ -prune \
   -o -print0 | LC_ALL=C sort -z | tar --null --no-recursion --owner=0 --group=0 --numeric-owner -T - -cf -) \
  | python3 -c 'import lzma, sys; sys.stdout.buffer.write(lzma.compress(sys.stdin.buffer.read(), preset=9))' \
  >"$STAGE/stylegan3.tar.xz"
{
  echo "NVlabs/stylegan3 $(git -C "$STYLEGAN3" rev-parse HEAD 2>/dev/null || echo '(commit unknown)') from $STYLEGAN3"
  echo "staged $(date -u '+%Y-%m-%d %H:%M UTC') from $(git -C "$REPO" rev-parse --short HEAD)"
} >"$STAGE/SOURCES.txt"
bash "$REPO/tests/bench/stage_deps.sh" "$REPO/.deps"

# What travels: tracked files, untracked files git does not ignore, and the carried folders. Everything but the pack
# first, against check_travel_size.sh's limit (the same check CI runs, here with what was actually staged).
cd "$REPO"
DEPS_BYTES=$(du -sb .deps | cut -f1) bash "$TOOL/check_travel_size.sh" >&2 \
  || die "the tree without the pack is over check_travel_size.sh's limit (see above)"
listed_bytes() { xargs -0 -r stat -c %s -- 2>/dev/null | awk '{s += $1} END {printf "%d\n", s}' || true; }
tracked=$(git ls-files -z | listed_bytes)
untracked=$(git ls-files -z --others --exclude-standard | listed_bytes)
travelling() { echo $((tracked + untracked + $(du -sb .deps "$STAGE" | awk '{s += $1} END {print s}'))); }

# The pack's first chunks: up to STAGE_COUNT avatars, or as many as fit.
room=$((LIMIT - ${MARGIN_MIB:-1} * 1048576 - $(travelling) - 4096))
python3 - "$PACK" "$STAGE/pack" "$room" "${STAGE_COUNT:-0}" <<'PYEOF' >&2
import json, os, shutil, sys
src, dst, room, want = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
manifest = json.load(open(os.path.join(src, "pack.json")))
chunks, used = [], 0
for c in manifest["chunks"]:
    size = os.path.getsize(os.path.join(src, c["file"]))
    if (want and c["start"] >= want) or used + size > room:
        break
    shutil.copy(os.path.join(src, c["file"]), dst)
    chunks.append(c)
    used += size
if not chunks:
    sys.exit(f"[stage_gpu_run] ERROR: not even one chunk of the pack fits in the {room / 1048576:.1f} MiB left")
manifest.update(chunks=chunks, count=chunks[-1]["start"] + chunks[-1]["count"])
json.dump(manifest, open(os.path.join(dst, "pack.json"), "w"), indent=1)
print(f"[stage_gpu_run] staged {manifest['count']} avatars ({len(chunks)} chunks, {used / 1048576:.1f} MiB) of the pack's {sum(c['count'] for c in json.load(open(os.path.join(src, 'pack.json')))['chunks'])}")
PYEOF
staged=$(python3 -c "import json; print(json.load(open('$STAGE/pack/pack.json'))['count'])")
echo "base pack: $staged avatars staged" >>"$STAGE/SOURCES.txt"
total=$(travelling)
mib() { awk -v b="$1" 'BEGIN {printf "%.1f MiB", b / 1048576}'; }
printf '[stage_gpu_run] travelling tree: tracked %s + untracked %s + carried (.deps %s, .stage %s) = %s of 64 MiB\n' \
  "$(mib "$tracked")" "$(mib "$untracked")" "$(mib "$(du -sb .deps | cut -f1)")" \
  "$(mib "$(du -sb "$STAGE" | cut -f1)")" "$(mib "$total")" >&2
[ "$total" -lt "$LIMIT" ] || die "the travelling tree is over 64 MiB: use a smaller pack (STAGE_COUNT=...) or fewer untracked files"
if [ "$staged" -lt "$MIN_AVATARS" ] && { [ "${STAGE_COUNT:-0}" = 0 ] || [ "$staged" -lt "${STAGE_COUNT:-0}" ]; }; then
  die "only $staged avatars fit, fewer than MIN_AVATARS=$MIN_AVATARS: make room (check_travel_size.sh lists the largest files), or stage fewer on purpose with STAGE_COUNT=N"
fi
cat >&2 <<EOF
[stage_gpu_run] ready. The device call (from this checkout's root; docs/default-model.md):
  run(command="bash tools/default-model/gpu_train_and_bench.sh", carry=[".deps", "tools/default-model/.stage"], timeout_s=600)
EOF
