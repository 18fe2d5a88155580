#!/usr/bin/env bash
# Stages, on this (Debian 12) machine, everything gpu_train_and_bench.sh needs on the bare GPU machine, into
# ignored folders that the device call carries, and checks that the whole travelling tree stays under 64 MiB.
#
#   tools/default-model/stage_gpu_run.sh [PACK_DIR]     (default: tools/default-model/.work/pack, from build_dataset.sh)
#
#   tools/default-model/.stage/stylegan3/  NVIDIA's training code (dnnlib, torch_utils, training, metrics, train.py,
#                                          legacy.py, LICENSE.txt) copied unmodified from $STYLEGAN3
#                                          (default /work/nvlabs/stylegan3); patched only on the GPU machine
#   tools/default-model/.stage/pack/       the base pack's first chunks (pack.json + chunk-*.xz): as many whole chunks
#                                          as keep the travelling tree MARGIN_MIB (default 3) under 64 MiB, or the
#                                          chunks covering STAGE_COUNT avatars; the training set is made from them there
#   .deps/                                 tests/bench/stage_deps.sh: build deps + reference outputs for gpu_bench.sh
# None of it is committed: tools/default-model/.gitignore and the root .gitignore ignore both folders.
set -euo pipefail
TOOL="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$TOOL/../.." && pwd)"
STAGE="$TOOL/.stage"
PACK="${1:-$TOOL/.work/pack}"
STYLEGAN3="${STYLEGAN3:-/work/nvlabs/stylegan3}"
LIMIT=$((64 * 1024 * 1024))

die() { printf '[stage_gpu_run] ERROR: %s\n' "$*" >&2; exit 1; }
[ -f "$PACK/pack.json" ] || die "no base pack at $PACK (run tools/default-model/build_dataset.sh first)"
[ -f "$STYLEGAN3/train.py" ] || die "no NVIDIA stylegan3 checkout at $STYLEGAN3"
git -C "$REPO" check-ignore -q "$STAGE/x" || die "$STAGE is not ignored by git"

rm -rf "$STAGE" && mkdir -p "$STAGE/stylegan3" "$STAGE/pack"
cp -r "$STYLEGAN3"/{dnnlib,torch_utils,training,metrics} "$STYLEGAN3"/{train.py,legacy.py,LICENSE.txt} "$STAGE/stylegan3/"
find "$STAGE/stylegan3" -name __pycache__ -prune -exec rm -rf {} +
{
  echo "NVlabs/stylegan3 $(git -C "$STYLEGAN3" rev-parse HEAD 2>/dev/null || echo '(commit unknown)') from $STYLEGAN3"
  echo "staged $(date -u '+%Y-%m-%d %H:%M UTC') from $(git -C "$REPO" rev-parse --short HEAD)"
} >"$STAGE/SOURCES.txt"
bash "$REPO/tests/bench/stage_deps.sh" "$REPO/.deps"

# What travels: tracked files, untracked files git does not ignore, and the carried folders.
cd "$REPO"
listed_bytes() { xargs -0 -r stat -L -c %s 2>/dev/null | awk '{s += $1} END {print s + 0}'; }
tracked=$(git ls-files -z | listed_bytes)
untracked=$(git ls-files -z --others --exclude-standard | listed_bytes)
travelling() { echo $((tracked + untracked + $(du -sb .deps "$STAGE" | awk '{s += $1} END {print s}'))); }

# The pack's first chunks: up to STAGE_COUNT avatars, or as many as fit.
room=$((LIMIT - ${MARGIN_MIB:-3} * 1048576 - $(travelling) - 4096))
python3 - "$PACK" "$STAGE/pack" "$room" "${STAGE_COUNT:-0}" <<'PYEOF' >&2
import json, os, shutil, sys
src, dst, room, want = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
manifest = json.load(open(os.path.join(src, "pack.json")))
chunks, used = [], 0
for c in manifest["chunks"]:
    size = os.path.getsize(os.path.join(src, c["file"]))
    if (want and c["start"] >= want) or (not want and used + size > room):
        break
    shutil.copy(os.path.join(src, c["file"]), dst)
    chunks.append(c)
    used += size
if not chunks:
    sys.exit("[stage_gpu_run] ERROR: not even one chunk of the pack fits")
manifest.update(chunks=chunks, count=chunks[-1]["start"] + chunks[-1]["count"])
json.dump(manifest, open(os.path.join(dst, "pack.json"), "w"), indent=1)
print(f"[stage_gpu_run] staged {manifest['count']} avatars ({len(chunks)} chunks, {used / 1048576:.1f} MiB) of the pack's {sum(c['count'] for c in json.load(open(os.path.join(src, 'pack.json')))['chunks'])}")
PYEOF
echo "base pack: $(python3 -c "import json; print(json.load(open('$STAGE/pack/pack.json'))['count'])") avatars staged" >>"$STAGE/SOURCES.txt"
total=$(travelling)
mib() { awk -v b="$1" 'BEGIN {printf "%.1f MiB", b / 1048576}'; }
printf '[stage_gpu_run] travelling tree: tracked %s + untracked %s + carried (.deps %s, .stage %s) = %s of 64 MiB\n' \
  "$(mib "$tracked")" "$(mib "$untracked")" "$(mib "$(du -sb .deps | cut -f1)")" \
  "$(mib "$(du -sb "$STAGE" | cut -f1)")" "$(mib "$total")" >&2
[ "$total" -lt "$LIMIT" ] || die "the travelling tree is over 64 MiB: use a smaller pack (N=...) or fewer untracked files"
cat >&2 <<EOF
[stage_gpu_run] ready. The device call (from this checkout's root; docs/default-model.md):
  run(command="bash tools/default-model/gpu_train_and_bench.sh", carry=[".deps", "tools/default-model/.stage"], timeout_s=600)
EOF
