"""The training set: every avatar of a base pack with its stochastic detail, as StyleGAN's dataset zip.

    make_dataset.py --pack PACK_DIR --out avatars64-detail.zip [--count N] [--workers K]

Image i is add_detail(base avatar i, its coverage, i): reproducible from the pack alone. The zip holds
'NNNNN/imgNNNNNNNN.png' (64x64 8-bit RGB PNGs, 1000 per folder) and 'dataset.json' = {"labels": null}, the
layout NVIDIA's dataset_tool.py writes and training/dataset.py's ImageFolderDataset reads (unconditional).
Needs only Python 3 with numpy and Pillow, so it runs on the GPU machine too.
"""
import argparse
import hashlib
import io
import json
import os
import tempfile
import time
import zipfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
from PIL import Image

from add_detail import add_detail
from pack import dequantize_mask, load_manifest, read_chunk_levels


def image_name(index):
    return f"{index // 1000:05d}/img{index:08d}.png"


def encode_png(image):
    buf = io.BytesIO()
    Image.fromarray(image, "RGB").save(buf, format="PNG", compress_level=6)
    return buf.getvalue()


def decode_chunk(job):
    """Decodes one chunk into `prefix`-rgb.npy and `prefix`-levels.npy, which render_range then maps."""
    path, count, prefix = job
    rgb, levels = read_chunk_levels(path, count)
    np.save(f"{prefix}-rgb.npy", rgb)
    np.save(f"{prefix}-levels.npy", levels)


def render_range(job):
    """[(index, png bytes)] for avatars lo..hi-1 of one decoded chunk that starts at avatar `start`."""
    prefix, start, lo, hi = job
    rgb = np.array(np.load(f"{prefix}-rgb.npy", mmap_mode="r")[lo:hi])
    mask = dequantize_mask(np.array(np.load(f"{prefix}-levels.npy", mmap_mode="r")[lo:hi]))
    return [(start + k, encode_png(add_detail(rgb[k - lo], mask[k - lo], start + k))) for k in range(lo, hi)]


def make_dataset(pack_dir, out_path, count=None, workers=None):
    manifest = load_manifest(pack_dir)
    count = manifest["count"] if count is None else min(count, manifest["count"])
    workers = workers or os.cpu_count()
    chunks = [c for c in manifest["chunks"] if c["start"] < count]
    t0 = time.time()
    written = 0
    tmp = Path(f"{out_path}.partial")
    # Chunks hold up to 20,000 avatars: each is decoded once (in parallel), then its avatars are shared out among all
    # the workers in ranges small enough to keep every core busy; pool.map keeps the zip in index order.
    step = max(50, -(-count // (4 * workers)))
    with tempfile.TemporaryDirectory(prefix=".decoded-", dir=Path(out_path).resolve().parent) as decoded, \
            zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_STORED) as zf, ProcessPoolExecutor(workers) as pool:
        prefixes = [os.path.join(decoded, c["file"]) for c in chunks]
        list(pool.map(decode_chunk, [(str(Path(pack_dir) / c["file"]), c["count"], p) for c, p in zip(chunks, prefixes)]))
        jobs = [(p, c["start"], lo, min(lo + step, c["count"], count - c["start"]))
                for c, p in zip(chunks, prefixes) for lo in range(0, min(c["count"], count - c["start"]), step)]
        for pngs in pool.map(render_range, jobs):
            for index, png in pngs:
                zf.writestr(image_name(index), png)
                written += 1
        zf.writestr("dataset.json", json.dumps({"labels": None}))
    tmp.replace(out_path)
    seconds = time.time() - t0
    return {"zip": str(out_path), "images": written, "seconds": round(seconds, 1),
            "imagesPerSecond": round(written / seconds, 1), "bytes": Path(out_path).stat().st_size,
            "fingerprint": fingerprint(out_path, min(written, 16))}


def fingerprint(zip_path, count):
    """sha256 (first 16 hex digits) of the decoded pixels of images 0..count-1: equal on two machines when the
    detail came out the same (PNG bytes may differ between Pillow versions, pixels must not)."""
    digest = hashlib.sha256()
    with zipfile.ZipFile(zip_path) as zf:
        for i in range(count):
            digest.update(np.asarray(Image.open(io.BytesIO(zf.read(image_name(i)))).convert("RGB")).tobytes())
    return digest.hexdigest()[:16]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pack", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--count", type=int)
    ap.add_argument("--workers", type=int)
    args = ap.parse_args()
    print(json.dumps(make_dataset(args.pack, args.out, args.count, args.workers)))


if __name__ == "__main__":
    main()
