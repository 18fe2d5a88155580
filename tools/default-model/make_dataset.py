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
import time
import zipfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
from PIL import Image

from add_detail import add_detail
from pack import load_manifest, read_chunk


def image_name(index):
    return f"{index // 1000:05d}/img{index:08d}.png"


def encode_png(image):
    buf = io.BytesIO()
    Image.fromarray(image, "RGB").save(buf, format="PNG", compress_level=6)
    return buf.getvalue()


def render_chunk(job):
    """[(index, png bytes)] for the first `limit` avatars of one chunk."""
    path, start, count, limit = job
    rgb, mask = read_chunk(path, count)
    return [(start + k, encode_png(add_detail(rgb[k], mask[k], start + k))) for k in range(min(count, limit))]


def make_dataset(pack_dir, out_path, count=None, workers=None):
    manifest = load_manifest(pack_dir)
    count = manifest["count"] if count is None else min(count, manifest["count"])
    jobs = [(str(Path(pack_dir) / c["file"]), c["start"], c["count"], count - c["start"])
            for c in manifest["chunks"] if c["start"] < count]
    t0 = time.time()
    written = 0
    tmp = Path(f"{out_path}.partial")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_STORED) as zf, \
            ProcessPoolExecutor(workers or os.cpu_count()) as pool:
        for pngs in pool.map(render_chunk, jobs):
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
