#!/usr/bin/python3
"""References for the StyleGAN2 TF-era fixture, made by NVIDIA's own code:

    nice /usr/bin/python3 tests/tf/make_stylegan2_tf_reference.py \
        --nvlabs /work/nvlabs/stylegan3 --pkl tests/data/tf/sg2_32.pkl --out tests/data/tf/sg2_32_ref.safetensors

NVlabs/stylegan3's legacy.py converts the TF pickle (load_network_pkl ->
convert_tf_generator), and its training/networks_stylegan2.Generator (G_ema)
renders on CPU with force_fp32=True. Nothing of theirs is modified or copied:
the repository is only put on sys.path. Runs in its own process because it
imports NVIDIA's `dnnlib`, which the stand-in writer module would shadow.
"""
import argparse
import json
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--nvlabs', default='/work/nvlabs/stylegan3')
    p.add_argument('--pkl', default=os.path.join(HERE, '..', 'data', 'tf', 'sg2_32.pkl'))
    p.add_argument('--out', default=os.path.join(HERE, '..', 'data', 'tf', 'sg2_32_ref.safetensors'))
    a = p.parse_args()
    sys.path.insert(0, os.path.abspath(a.nvlabs))
    import torch
    import legacy  # NVIDIA's converter
    sys.path.insert(0, HERE)
    import safetensors_io

    torch.set_num_threads(1)
    with open(a.pkl, 'rb') as f:
        G = legacy.load_network_pkl(f)['G_ema'].eval().requires_grad_(False)
    seeds, rows, cols, styles = [0, 1, 2, 3], [0, 1], [2, 3, 4], [0, 1, 2, 3]
    c = torch.zeros([1, G.c_dim])
    zs = {s: np.random.RandomState(s).randn(1, G.z_dim) for s in sorted(set(seeds + rows + cols))}

    def ws(seed, psi=1.0, cutoff=None):
        # The float64 z goes in as gen_images.py passes it; the mapping casts it to float32.
        return G.mapping(torch.from_numpy(zs[seed]), c, truncation_psi=psi, truncation_cutoff=cutoff)

    def synth(w, noise_mode):
        return G.synthesis(w, noise_mode=noise_mode, force_fp32=True)

    with torch.no_grad():
        w1 = torch.cat([ws(s) for s in seeds])
        w07 = torch.cat([ws(s, 0.7) for s in seeds])
        out = dict(
            z_seeds=np.concatenate([zs[s] for s in seeds]),
            ws_psi1=w1, ws_psi07=w07, ws_psi05_cutoff2=torch.cat([ws(s, 0.5, 2) for s in seeds]),
            img_psi1_const=torch.cat([synth(w1[i:i + 1], 'const') for i in range(len(seeds))]),
            img_psi1_none=torch.cat([synth(w1[i:i + 1], 'none') for i in range(len(seeds))]),
            img_psi07_const=torch.cat([synth(w07[i:i + 1], 'const') for i in range(len(seeds))]),
        )
        mix = []
        for r in rows:
            for col in cols:
                w = ws(r).clone()
                w[:, styles] = ws(col)[:, styles]
                mix.append(synth(w, 'const')[0])
        out['mix_img'] = torch.stack(mix).reshape(len(rows), len(cols), *mix[0].shape)
    tensors = {k: (v if isinstance(v, np.ndarray) else v.numpy().astype(np.float32)) for k, v in out.items()}
    meta = dict(seeds=json.dumps(seeds), mix_rows=json.dumps(rows), mix_cols=json.dumps(cols),
                mix_styles=json.dumps(styles), made_by='NVlabs/stylegan3 legacy.py + networks_stylegan2.Generator, '
                'CPU, force_fp32, torch ' + torch.__version__,
                init_kwargs=json.dumps(G.init_kwargs))
    safetensors_io.save(a.out, tensors, meta)
    for k, v in sorted(tensors.items()):
        print(f'{k:18s} {str(v.dtype):8s} {list(v.shape)}  [{v.min():.3f}, {v.max():.3f}]')


if __name__ == '__main__':
    main()
