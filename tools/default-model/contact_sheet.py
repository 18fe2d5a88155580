"""Pictures of the dataset for looking at before training.

    contact_sheet.py --zip avatars64-detail.zip --pack PACK_DIR --sheet sheet.png --zoom hair-zoom.png [--first 0]

sheet.png: the 64 images first..first+63 of the dataset zip in an 8 x 8 grid, each shown 2x (nearest neighbour).
hair-zoom.png: for 8 of those with hair, a 32 x 32 crop around the hair, plain avatar (from the pack) beside the
final image, each 4x (nearest neighbour), so single strands, freckles and weave threads can be seen.
"""
import argparse
import io
import zipfile

import numpy as np
from PIL import Image

from make_dataset import image_name
from pack import load_manifest, read_chunk

CROP = 32


def read_images(zip_path, indices):
    with zipfile.ZipFile(zip_path) as zf:
        return [np.asarray(Image.open(io.BytesIO(zf.read(image_name(i)))).convert("RGB")) for i in indices]


def read_bases(pack_dir, indices):
    """(rgb, coverage) of the given avatars, from the pack's chunks."""
    from pathlib import Path
    manifest = load_manifest(pack_dir)
    rgb, mask = {}, {}
    for c in manifest["chunks"]:
        wanted = [i for i in indices if c["start"] <= i < c["start"] + c["count"]]
        if wanted:
            r, m = read_chunk(Path(pack_dir) / c["file"], c["count"])
            for i in wanted:
                rgb[i], mask[i] = r[i - c["start"]], m[i - c["start"]]
    return [rgb[i] for i in indices], [mask[i] for i in indices]


def grid(tiles, columns):
    rows = [np.concatenate(tiles[r:r + columns], axis=1) for r in range(0, len(tiles), columns)]
    return np.concatenate(rows, axis=0)


def upscale(image, factor):
    return np.repeat(np.repeat(image, factor, axis=0), factor, axis=1)


def hair_crop(image, hair):
    """The CROP x CROP window from just above the hair's top, centred on it sideways, kept inside the image."""
    ys, xs = np.nonzero(hair > 128)
    top, cx = (int(ys.min()), int(xs.mean())) if len(ys) else (0, 32)
    y0 = min(max(top - 2, 0), image.shape[0] - CROP)
    x0 = min(max(cx - CROP // 2, 0), image.shape[1] - CROP)
    return image[y0:y0 + CROP, x0:x0 + CROP]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--zip", required=True)
    ap.add_argument("--pack", required=True)
    ap.add_argument("--sheet", required=True)
    ap.add_argument("--zoom", required=True)
    ap.add_argument("--first", type=int, default=0)
    args = ap.parse_args()
    indices = list(range(args.first, args.first + 64))
    images = read_images(args.zip, indices)
    Image.fromarray(upscale(grid(images, 8), 2)).save(args.sheet, optimize=True)

    bases, masks = read_bases(args.pack, indices)
    with_hair = [k for k in range(64) if (masks[k][..., 0] > 128).sum() > 150][:8]
    pairs = []
    for k in with_hair:
        hair = masks[k][..., 0]
        pairs += [upscale(hair_crop(bases[k], hair), 4), upscale(hair_crop(images[k], hair), 4)]
    Image.fromarray(grid(pairs, 4)).save(args.zoom, optimize=True)
    print(f"sheet: images {indices[0]}..{indices[-1]}; zoom: images {[indices[k] for k in with_hair]}")


if __name__ == "__main__":
    main()
