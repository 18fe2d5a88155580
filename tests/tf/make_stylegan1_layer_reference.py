#!/usr/bin/python3
"""Writes tests/data/reference/layers/sg1_16: StyleGAN1 layer activations of
tests/data/tf/sg1_16.pkl from the independent float64 NumPy reference
(stylegan1_reference.py; no NVIDIA code), in the layout of
tests/reference/make_layer_references.py:

    nice /usr/bin/python3 tests/tf/make_stylegan1_layer_reference.py [--out DIR]

layers.json (every activation, in execution order, with its [1, C, H, W] shape),
captures.json and <subject>__<layer>.npy (float32 [C, H, W], rounded from float64;
'/' in a TF scope becomes '~' in the file name) for seed A, seed B and A with B's
styles 0-3; psi 0.7 on every layer, noise 'const'. Identical arrays (B and the mix up to
the first layer that reads one of A's styles) share one file (tests/reference/npy_store.py). Deterministic.
"""
import argparse
import json
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, '..', '..'))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(ROOT, 'tests', 'reference'))
from npy_store import NpyStore  # noqa: E402
import stylegan1_reference as ref  # noqa: E402
import tf_pickle_writer as W  # noqa: E402

SEED_A, SEED_B, PSI = 3, 7, 0.7
MIX_STYLES = [0, 1, 2, 3]
CAPTURED = ['4x4/Conv', '8x8/Conv0_up', '16x16/Conv1', 'output']


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--pkl', default=os.path.join(ROOT, 'tests', 'data', 'tf', 'sg1_16.pkl'))
    ap.add_argument('--out', default=os.path.join(ROOT, 'tests', 'data', 'reference', 'layers', 'sg1_16'))
    a = ap.parse_args()
    net = ref.StyleGAN1(W.load_pickle(a.pkl)[2])
    ws = {s: net.ws(np.random.RandomState(s).randn(1, net.mk['latent_size']), None, PSI) for s in (SEED_A, SEED_B)}
    mix = ws[SEED_A].copy()
    mix[:, MIX_STYLES] = ws[SEED_B][:, MIX_STYLES]
    subjects = {'A': ws[SEED_A], 'B': ws[SEED_B], 'mix': mix}
    acts = {}
    for who, w in subjects.items():
        acts[who] = {}
        net.synthesis(w, 'const', activations=acts[who])
    store = NpyStore(a.out)
    layers = [dict(name=n, shape=list(v.shape), dtype='float32') for n, v in acts['A'].items()]
    with open(os.path.join(a.out, 'layers.json'), 'w') as f:
        json.dump(dict(model='tests/data/tf/sg1_16.pkl', layers=layers), f, indent=1)
    entries = []
    for layer in CAPTURED:
        for who in subjects:
            name = f'{who}__{layer.replace("/", "~")}.npy'
            file = store.save(name, acts[who][layer][0].astype(np.float32))
            entries.append(dict(subject=who, layer=layer, file=file, shape=list(acts[who][layer].shape[1:])))
    with open(os.path.join(a.out, 'captures.json'), 'w') as f:
        json.dump(dict(model='tests/data/tf/sg1_16.pkl', seed_a=SEED_A, seed_b=SEED_B, psi=PSI, mix_styles=MIX_STYLES,
                       noise_mode='const', captures=entries), f, indent=1)
    print(' '.join(l['name'] for l in layers))


if __name__ == '__main__':
    main()
