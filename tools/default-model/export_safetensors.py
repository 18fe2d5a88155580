"""Exports a StyleGAN2 training snapshot (NVIDIA pickle) as the project's safetensors files.

    export_safetensors.py --stylegan3 DIR --pkl network-snapshot-NNNNNN.pkl --out-g G.safetensors
                          [--out-d D.safetensors] [--kimg K] [--dataset TEXT] [--trained-with TEXT]

G file: G_ema's state_dict in float32 under the official names (mapping.fc0.weight, ..., synthesis.b64.torgb.bias,
noise_const and resample_filter buffers, mapping.w_avg) with the metadata of ../../assets/avatars64.safetensors:
format "stylegan2", class_name "training.networks_stylegan2.Generator", init_kwargs = JSON of G_ema.init_kwargs
(sorted keys), num_ws, img_resolution, kimg, dataset, trained_with, license_note.
D file: D's state_dict in float16 (floating tensors; enough to resume training later), class_name
"training.networks_stylegan2.Discriminator", its init_kwargs, kimg.
Before writing, a Generator rebuilt from init_kwargs with the exported tensors (strict load) must reproduce G_ema's
output for a few seeds; otherwise the export fails.
"""
import argparse
import json
import pickle
import re
import sys
from pathlib import Path

import numpy as np

import safetensors_io

LICENSE_NOTE = "weights trained by this project; avatar art: Avataaars by Pablo Stanley via DiceBear"
DEFAULT_DATASET = ("DiceBear avataaars with random hair strands, freckles and fabric weave "
                   "(tools/default-model, procedurally rendered portraits, 64x64)")


def state_arrays(module, dtype):
    """{name: numpy array} of the module's parameters and persistent buffers; floats cast to `dtype`."""
    out = {}
    for name, tensor in module.state_dict().items():
        array = tensor.detach().cpu().numpy()
        out[name] = array.astype(dtype) if np.issubdtype(array.dtype, np.floating) else array
    return out


def init_kwargs_json(module):
    return json.dumps(json.loads(json.dumps(dict(module.init_kwargs))), sort_keys=True)


def check_rebuild(G, tensors):
    """Rebuilds the Generator from init_kwargs + tensors (strict) and compares outputs with G (CPU, fp32)."""
    import torch
    from training.networks_stylegan2 import Generator
    rebuilt = Generator(**json.loads(init_kwargs_json(G))).eval().requires_grad_(False)
    rebuilt.load_state_dict({k: torch.from_numpy(v.copy()) for k, v in tensors.items()}, strict=True)
    G = G.cpu().eval().float()
    z = torch.from_numpy(np.random.RandomState(0).randn(4, G.z_dim))
    c = torch.zeros([4, G.c_dim])
    with torch.no_grad():
        a = G(z, c, noise_mode="const", force_fp32=True)
        b = rebuilt(z, c, noise_mode="const", force_fp32=True)
    diff = float((a - b).abs().max())
    if diff > 1e-5:
        raise SystemExit(f"export check failed: rebuilt generator differs by {diff}")
    return diff


def export(pkl, out_g, out_d=None, kimg=None, dataset=DEFAULT_DATASET, trained_with=""):
    with open(pkl, "rb") as f:
        snapshot = pickle.load(f)  # needs NVIDIA's dnnlib and torch_utils importable
    G, D = snapshot["G_ema"], snapshot["D"]
    g_tensors = state_arrays(G, np.float32)
    diff = check_rebuild(G, g_tensors)
    num_ws = G.num_ws if hasattr(G, "num_ws") else G.mapping.num_ws
    safetensors_io.write(out_g, g_tensors, {
        "format": "stylegan2", "class_name": "training.networks_stylegan2.Generator",
        "init_kwargs": init_kwargs_json(G), "num_ws": num_ws, "img_resolution": G.img_resolution,
        "kimg": kimg if kimg is not None else "", "dataset": dataset, "trained_with": trained_with,
        "license_note": LICENSE_NOTE})
    report = {"G": str(out_g), "G_tensors": len(g_tensors), "rebuild_max_diff": diff}
    if out_d:
        d_tensors = state_arrays(D, np.float16)
        safetensors_io.write(out_d, d_tensors, {
            "format": "stylegan2-discriminator", "class_name": "training.networks_stylegan2.Discriminator",
            "init_kwargs": init_kwargs_json(D), "dtype_note": "float16 copy of the training D, for resuming",
            "kimg": kimg if kimg is not None else "", "license_note": LICENSE_NOTE})
        report.update(D=str(out_d), D_tensors=len(d_tensors))
    return report


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--stylegan3", required=True, help="folder holding NVIDIA's dnnlib, torch_utils, training")
    ap.add_argument("--pkl", required=True)
    ap.add_argument("--out-g", required=True)
    ap.add_argument("--out-d")
    ap.add_argument("--kimg", type=int)
    ap.add_argument("--dataset", default=DEFAULT_DATASET)
    ap.add_argument("--trained-with", default="")
    args = ap.parse_args()
    sys.path.insert(0, str(Path(args.stylegan3).resolve()))
    kimg = args.kimg
    if kimg is None:  # NVIDIA names snapshots network-snapshot-{kimg:06d}.pkl
        found = re.search(r"(\d+)\.pkl$", args.pkl)
        kimg = int(found.group(1)) if found else None
    print(json.dumps(export(args.pkl, args.out_g, args.out_d, kimg, args.dataset, args.trained_with)))


if __name__ == "__main__":
    main()
