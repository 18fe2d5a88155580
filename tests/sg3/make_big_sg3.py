#!/usr/bin/python3
"""Writes full-size, random-weight StyleGAN3 network pickles at test time.

    /usr/bin/python3 tests/sg3/make_big_sg3.py --out DIR [--which t1024 r512] [--seed 0] [--with-g]

  --out DIR     where to write (created if missing)
  --which ...   any of: t1024 (config T, 1024x1024, channel_base 32768,
                channel_max 512) and r512 (config R, 512x512, channel_base
                65536, channel_max 1024, 1x1 convs, radial filters); t256 and
                r256 (train.py's 256x256 shapes, for the benchmark); default
                t1024 r512
  --seed N      numpy Generator seed for weights, freqs and phases (N + 1 for
                the buffers below; default 0)
  --with-g      also store a perturbed copy as 'G' (default G=None, D=None:
                half the size, and G_ema is what a reader must pick anyway)

Files: DIR/sg3t_1024_random.pkl (~85 MiB), DIR/sg3r_512_random.pkl (~64 MiB);
prints one line per file with its path, size and seconds. Needs only the
Python standard library and numpy: no torch, no NVIDIA code, no scipy. The
module tree comes from sg3_numpy_arch.py (same layout and types as NVIDIA's
StyleGAN3 generator, filters designed by the published formulas in
sg3_design.py), pickled by sg3_numpy_pickle.SnapshotPickler with the opcode
and global structure torch + NVIDIA persistence give a real snapshot. Weights
are random around NVIDIA's initialisation; magnitude_ema and w_avg are
plausible random values, so renders are finite but meaningless.
"""
import argparse
import copy
import os
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import sg3_numpy_arch     # noqa: E402
import sg3_numpy_pickle   # noqa: E402

EasyDict = sg3_numpy_pickle.EasyDict

MAGNITUDE_EMA_BETA = 0.5 ** (32 / (20 * 1e3))   # train.py's value at batch 32

CONFIGS = {
    't1024': ('sg3t_1024_random', dict(z_dim=512, w_dim=512, mapping_kwargs=EasyDict(num_layers=2),
                                       channel_base=32768, channel_max=512, magnitude_ema_beta=MAGNITUDE_EMA_BETA,
                                       c_dim=0, img_resolution=1024, img_channels=3)),
    'r512': ('sg3r_512_random', dict(z_dim=512, w_dim=512, mapping_kwargs=EasyDict(num_layers=2),
                                     channel_base=65536, channel_max=1024, magnitude_ema_beta=MAGNITUDE_EMA_BETA,
                                     conv_kernel=1, use_radial_filters=True,
                                     c_dim=0, img_resolution=512, img_channels=3)),
    # The 256x256 shapes time_nvidia_sg3.py times (train.py's defaults), for the benchmark.
    't256': ('sg3t_256_random', dict(z_dim=512, w_dim=512, mapping_kwargs=EasyDict(num_layers=2),
                                     channel_base=32768, channel_max=512, magnitude_ema_beta=MAGNITUDE_EMA_BETA,
                                     c_dim=0, img_resolution=256, img_channels=3)),
    'r256': ('sg3r_256_random', dict(z_dim=512, w_dim=512, mapping_kwargs=EasyDict(num_layers=2),
                                     channel_base=65536, channel_max=1024, magnitude_ema_beta=MAGNITUDE_EMA_BETA,
                                     conv_kernel=1, use_radial_filters=True,
                                     c_dim=0, img_resolution=256, img_channels=3)),
}


def plausible_buffers(G, rng):
    """w_avg near the origin; magnitude_ema ~0.5 for the first layer (its input
    is sin features mixed by a random matrix) and ~1 after it; a random input
    affine so that w steers the rotation/translation."""
    G.mapping.w_avg.data[...] = rng.standard_normal([G.w_dim], dtype=np.float32) * np.float32(0.3)
    weight = G.synthesis.input.affine.weight.data
    weight[...] = rng.standard_normal(weight.shape, dtype=np.float32) * np.float32(0.1)
    for idx, name in enumerate(G.synthesis.layer_names):
        base = 0.5 if idx == 0 else 1.0
        getattr(G.synthesis, name).magnitude_ema.data[...] = base * (0.8 + 0.5 * float(rng.random()))


def build(kwargs, seed):
    sg3_numpy_arch.manual_seed(seed)
    G = sg3_numpy_arch.Generator(**copy.deepcopy(kwargs))
    plausible_buffers(G, np.random.default_rng(seed + 1))
    return G


def write(out, stem, G_ema, with_g):
    G = None
    if with_g:
        G = copy.deepcopy(G_ema)
        for p in G.parameters():
            p.data += np.float32(1.0)
    data = sg3_numpy_pickle.snapshot(G, None, G_ema, sg3_numpy_pickle.training_set_kwargs(G_ema.img_resolution))
    path = os.path.join(out, stem + '.pkl')
    with open(path, 'wb') as f:
        sg3_numpy_pickle.SnapshotPickler(f, protocol=sg3_numpy_pickle.PROTOCOL).dump(data)
    return path


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--out', required=True)
    ap.add_argument('--which', nargs='+', choices=sorted(CONFIGS), default=['t1024', 'r512'])
    ap.add_argument('--seed', type=int, default=0)
    ap.add_argument('--with-g', action='store_true')
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    for key in args.which:
        start = time.time()
        stem, kwargs = CONFIGS[key]
        path = write(args.out, stem, build(kwargs, args.seed).eval().requires_grad_(False), args.with_g)
        print(f'{path}: {os.path.getsize(path) / 2**20:.1f} MiB in {time.time() - start:.1f} s')
    # Tests run without python3-torch: fail here, where torch may be installed, if it crept in.
    assert sys.modules.get('torch') is None, 'make_big_sg3.py must not import torch'


if __name__ == '__main__':
    main()
