"""The base pack: render.mjs's plain avatars and region coverage, compact enough to travel to the GPU machine.

    pack.py --raw DIR --out PACK_DIR [--chunk 20000] [--jobs 2]

Reads DIR/*.rgb, *.mask, *.json (render.mjs outputs, any split of [0, N)) and writes PACK_DIR:
  pack.json       {"format": "stylemix-avatar-base-v1", "resolution": 64, "count": N, "regions": [...],
                   "mask_levels": 16, "chunks": [{"file", "start", "count"}, ...]}
  chunk-NNNN.xz   rgb uint8 [count, 64, 64, 3] followed by mask uint8 [count, 5, 64, 64] (planar), as two xz streams
                  one after the other (lzma.decompress returns their concatenation); a mask value q in 0..15 stands for
                  coverage q * 17 / 255 (16 levels compress ~3x better than 256)
  attributes.jsonl.xz   one JSON line of DiceBear attributes per avatar (documentation; not needed to train)
Chunks are independent, so that a pack can travel in part (whole chunks) and make_dataset.py can decode them in
parallel. Most of a chunk's bytes are the rgb, and the avatars repeat each other's parts (the same eyes, mouth or
clothes in the same place), so the rgb stream's xz dictionary holds the whole chunk's rgb, and a larger chunk finds more
repeats: rgb took 534 bytes per avatar in chunks of 2,500 with xz's default 64 MiB dictionary, 420 in chunks of 5,000,
318 in chunks of 10,000 and 238 in chunks of 20,000 (the mask levels: 55, 43 and 41 bytes in chunks of 2,500, 10,000
and 20,000). A 20,000-avatar chunk is about 5.6 MB. Compressing one takes about 3 GiB of memory and a few minutes
of one core; decompressing it takes its 235 MiB dictionary and about 10 s.
"""
import argparse
import json
import lzma
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

from add_detail import RES

REGIONS = ["hair", "facialHair", "hat", "skin", "clothes"]
MASK_LEVELS = 16
FORMAT = "stylemix-avatar-base-v1"


def quantize_mask(mask):
    """uint8 coverage 0..255 [n, 64, 64, 5] -> planar levels 0..15 [n, 5, 64, 64]."""
    step = 255 // (MASK_LEVELS - 1)
    return ((mask.astype(np.int32) + step // 2) // step).astype(np.uint8).transpose(0, 3, 1, 2)


def dequantize_mask(levels):
    """Planar levels [n, 5, 64, 64] -> interleaved coverage 0..255 [n, 64, 64, 5] (what add_detail takes)."""
    return (levels * (255 // (MASK_LEVELS - 1))).astype(np.uint8).transpose(0, 2, 3, 1)


def read_raw(raw_dir):
    """(rgb [N,64,64,3], mask [N,64,64,5], attribute lines) from render.mjs outputs, ordered by avatar index."""
    parts = []
    for json_path in sorted(Path(raw_dir).glob("*.json")):
        lines = json_path.read_text().splitlines()
        first = json.loads(lines[0])["index"]
        prefix = json_path.with_suffix("")
        rgb = np.fromfile(f"{prefix}.rgb", np.uint8).reshape(len(lines), RES, RES, 3)
        mask = np.fromfile(f"{prefix}.mask", np.uint8).reshape(len(lines), RES, RES, len(REGIONS))
        parts.append((first, rgb, mask, lines))
    parts.sort(key=lambda p: p[0])
    expected = 0
    for first, rgb, _, _ in parts:
        if first != expected:
            raise SystemExit(f"render outputs leave a gap: expected index {expected}, found {first}")
        expected += len(rgb)
    return (np.concatenate([p[1] for p in parts]), np.concatenate([p[2] for p in parts]),
            [line for p in parts for line in p[3]])


def xz(data, dict_size=None):
    """xz (preset 9e) of `data`; a dictionary of `dict_size` bytes (rounded up to MiB) instead of preset 9's 64 MiB."""
    lzma2 = {"id": lzma.FILTER_LZMA2, "preset": 9 | lzma.PRESET_EXTREME}
    if dict_size:
        lzma2["dict_size"] = max(64, -(-dict_size // (1 << 20))) << 20
    return lzma.compress(data, format=lzma.FORMAT_XZ, filters=[lzma2])


def write_chunk(path, rgb, levels):
    rgb_bytes = rgb.tobytes()
    path.write_bytes(xz(rgb_bytes, dict_size=len(rgb_bytes)) + xz(levels.tobytes()))


def read_chunk_levels(path, count):
    """(rgb [count,64,64,3], levels [count,5,64,64]) from one chunk file (one xz stream or two, see above)."""
    data = np.frombuffer(lzma.decompress(Path(path).read_bytes()), np.uint8)
    n_rgb = count * RES * RES * 3
    if data.size != count * RES * RES * (3 + len(REGIONS)):
        raise SystemExit(f"{path}: {data.size} bytes, not the {count} avatars pack.json says")
    return data[:n_rgb].reshape(count, RES, RES, 3), data[n_rgb:].reshape(count, len(REGIONS), RES, RES)


def read_chunk(path, count):
    """(rgb [count,64,64,3], coverage [count,64,64,5]) from one chunk file."""
    rgb, levels = read_chunk_levels(path, count)
    return rgb, dequantize_mask(levels)


def load_manifest(pack_dir):
    manifest = json.loads((Path(pack_dir) / "pack.json").read_text())
    if manifest.get("format") != FORMAT or manifest.get("regions") != REGIONS:
        raise SystemExit(f"{pack_dir}: not a {FORMAT} pack with regions {REGIONS}")
    return manifest


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--raw", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--chunk", type=int, default=20000)
    ap.add_argument("--jobs", type=int, default=os.cpu_count())
    args = ap.parse_args()
    rgb, mask, lines = read_raw(args.raw)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("chunk-*.xz"):
        old.unlink()
    levels = quantize_mask(mask)
    chunks = [{"file": f"chunk-{k:04d}.xz", "start": s, "count": min(args.chunk, len(rgb) - s)}
              for k, s in enumerate(range(0, len(rgb), args.chunk))]
    with ProcessPoolExecutor(args.jobs) as pool:
        list(pool.map(write_chunk, [out / c["file"] for c in chunks],
                      [rgb[c["start"]:c["start"] + c["count"]] for c in chunks],
                      [levels[c["start"]:c["start"] + c["count"]] for c in chunks]))
    (out / "attributes.jsonl.xz").write_bytes(lzma.compress(("\n".join(lines) + "\n").encode(), preset=9))
    manifest = {"format": FORMAT, "resolution": RES, "count": len(rgb), "regions": REGIONS,
                "mask_levels": MASK_LEVELS, "chunks": chunks}
    (out / "pack.json").write_text(json.dumps(manifest, indent=1) + "\n")
    size = sum(f.stat().st_size for f in out.iterdir())
    print(json.dumps({"pack": str(out), "count": len(rgb), "bytes": size, "bytesPer10k": round(size * 1e4 / len(rgb))}))


if __name__ == "__main__":
    main()
