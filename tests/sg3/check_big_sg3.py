#!/usr/bin/python3
"""Dev-time check of make_big_sg3.py's pickles against NVIDIA's code.

    nice /usr/bin/python3 tests/sg3/check_big_sg3.py DIR|FILE [--nvlabs /work/nvlabs/stylegan3] [--render]

For each pickle in DIR written by make_big_sg3.py (torch-free, through
sg3_numpy_pickle): the opcode outline and globals equal NVIDIA persistence's
own pickling of an NVIDIA Generator built with the same init_kwargs; the file
loads into NVIDIA's classes; its state_dict has NVIDIA's names and shapes, and
its filters equal NVIDIA's designs within 1e-6. --render also synthesises one
image (finite, right shape). Needs torch and scipy (NVIDIA's code imports it).
"""
import argparse
import copy
import io
import os
import pickle
import subprocess
import sys

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('dir')
    ap.add_argument('--nvlabs', default='/work/nvlabs/stylegan3')
    ap.add_argument('--render', action='store_true')
    args = ap.parse_args()
    if os.path.isfile(args.dir):
        args.dir, name = os.path.split(args.dir)
        names = [name]
    else:
        names = sorted(os.listdir(args.dir))
    if len(names) > 1:
        # One fresh process per file: layer names interned while checking one
        # file (e.g. L14_256_3 in both t256 and r256) would change the memo
        # structure of NVIDIA's pickling of the next.
        for name in names:
            cmd = [sys.executable, os.path.abspath(__file__), os.path.join(args.dir, name), '--nvlabs', args.nvlabs]
            subprocess.run(cmd + (['--render'] if args.render else []), check=True)
        return
    sys.path.insert(0, args.nvlabs)
    import dnnlib
    from training import networks_stylegan2 as nv2
    from training import networks_stylegan3 as nv3
    import make_big_sg3
    import make_sg3_fixtures as fx
    import sg3_pickle
    torch.set_num_threads(2)
    for name in names:
        path = os.path.join(args.dir, name)
        with open(path, 'rb') as f:
            ours = f.read()
        G = fx.NvidiaUnpickler(io.BytesIO(ours), {'training.networks_stylegan3': nv3,
                                                  'training.networks_stylegan2': nv2}).load()['G_ema']
        # Same kwargs objects as make_big_sg3 passes (string identity decides memo reuse),
        # with NVIDIA's EasyDict for mapping_kwargs (make_big_sg3's is a torch-free look-alike).
        kwargs = next(kw for stem, kw in make_big_sg3.CONFIGS.values() if name == stem + '.pkl')
        kwargs = {k: dnnlib.EasyDict(v) if isinstance(v, dict) else v for k, v in kwargs.items()}
        assert G.init_kwargs == kwargs, name
        torch.manual_seed(0)
        ref = nv3.Generator(**copy.deepcopy(kwargs)).eval().requires_grad_(False)
        data = sg3_pickle.snapshot(None, None, ref, sg3_pickle.training_set_kwargs(ref.img_resolution))
        buf = io.BytesIO()
        pickle.dump(data, buf, protocol=sg3_pickle.PROTOCOL)
        assert fx.opcode_outline(ours) == fx.opcode_outline(buf.getvalue()), name
        a, b = G.state_dict(), ref.state_dict()
        assert list(a) == list(b) and all(a[k].shape == b[k].shape for k in a), name
        err = max((a[k] - b[k]).abs().max().item() for k in a if k.endswith('_filter'))
        assert err < 1e-6, (name, err)
        line = f'{name}: same opcodes as NVIDIA persistence, loads into NVIDIA classes, filters within {err:.2g}'
        if args.render:
            with torch.no_grad():
                z = torch.from_numpy(np.random.RandomState(0).randn(1, G.z_dim))
                img = G(z, torch.zeros([1, 0]), noise_mode='const', force_fp32=True)
            assert torch.isfinite(img).all() and img.shape == (1, 3, G.img_resolution, G.img_resolution)
            line += f', renders: range [{img.min():.3f}, {img.max():.3f}], std {img.std():.3f}'
        print(line)


if __name__ == '__main__':
    main()
