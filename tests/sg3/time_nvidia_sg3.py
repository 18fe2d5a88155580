#!/usr/bin/python3
"""Times NVIDIA's StyleGAN3 CPU reference path (dev-time only; needs the repo).

    nice /usr/bin/python3 tests/sg3/time_nvidia_sg3.py [--nvlabs /work/nvlabs/stylegan3] [--threads 2] [--runs 3]

For each configuration: a random-init training.networks_stylegan3.Generator at
256x256 (z/w 512, mapping 2 layers), eval(), no_grad, batch 1; one warm-up,
then --runs timed calls of mapping + synthesis(force_fp32=True) (on the CPU
filtered_lrelu runs its reference path: upfirdn2d via conv2d). Prints the
median and minimum milliseconds per image.
"""
import argparse
import statistics
import sys
import time

CONFIGS = {
    # train.py's defaults for 256x256 (docs/configs.md gives no --cbase there).
    'T-256 cbase32768 cmax512': dict(channel_base=32768, channel_max=512),
    'T-256 cbase16384 cmax512': dict(channel_base=16384, channel_max=512),
    # config R doubles channel_base and channel_max, 1x1 convs, radial filters.
    'R-256 cbase65536 cmax1024': dict(channel_base=65536, channel_max=1024, conv_kernel=1, use_radial_filters=True),
    'R-256 cbase32768 cmax1024': dict(channel_base=32768, channel_max=1024, conv_kernel=1, use_radial_filters=True),
}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--nvlabs', default='/work/nvlabs/stylegan3')
    ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--runs', type=int, default=3)
    ap.add_argument('--only', nargs='*', help='substrings of configuration names')
    args = ap.parse_args()
    sys.path.insert(0, args.nvlabs)
    import numpy as np
    import torch
    import dnnlib
    from training.networks_stylegan3 import Generator
    torch.set_num_threads(args.threads)
    for name, kw in CONFIGS.items():
        if args.only and not any(s in name for s in args.only):
            continue
        torch.manual_seed(0)
        G = Generator(z_dim=512, c_dim=0, w_dim=512, img_resolution=256, img_channels=3,
                      mapping_kwargs=dnnlib.EasyDict(num_layers=2), magnitude_ema_beta=0.5 ** (32 / 20e3),
                      **kw).eval().requires_grad_(False)
        z = torch.from_numpy(np.random.RandomState(0).randn(1, 512))
        c = torch.zeros([1, 0])

        def render():
            return G.synthesis(G.mapping(z, c, truncation_psi=0.7), noise_mode='const', force_fp32=True)
        with torch.no_grad():
            render()
            times = []
            for _ in range(args.runs):
                start = time.perf_counter()
                render()
                times.append((time.perf_counter() - start) * 1e3)
        params = sum(p.numel() for p in G.parameters())
        print(f'{name}: {params / 1e6:.1f}M params, median {statistics.median(times):.0f} ms, '
              f'min {min(times):.0f} ms per 256x256 image ({args.threads} threads, torch {torch.__version__})')


if __name__ == '__main__':
    main()
