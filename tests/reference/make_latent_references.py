#!/usr/bin/python3
"""Dev-time maker of the latent-source references in tests/data/reference/avatars64/latents.

    nice /usr/bin/python3 tests/reference/make_latent_references.py \
        [--sg3 /work/nvlabs/stylegan3] [--ada /work/nvlabs/stylegan2-ada-pytorch] \
        [--out tests/data/reference/avatars64/latents]

Three cases, all rendered by NVIDIA's own code on the CPU (see the README
written next to the outputs):
  1. projected ws: stylegan2-ada-pytorch's generate.py --projected-w, run as
     itself (its click command with standalone_mode=False), on an npz written
     the way projector.py writes one; plus float64 [num_ws, w_dim] and float32
     [w_dim] .npy copies with their images.
  2. a style_mixing.py grid whose rows and columns mix seeds and W-file ws.
  3. the visualizer's continuous latent positions: stylegan3's
     viz.renderer.Renderer._render_impl itself.
NVIDIA's repositories are only put on sys.path here; nothing of theirs is
copied. The generator is stylegan3's training/networks_stylegan2.Generator
built from the model's init_kwargs, as for ../cases.safetensors.
"""
import argparse
import contextlib
import importlib.util
import json
import os
import sys
import tempfile
import types

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, '..', '..'))
THREADS = 2

N_PROJECTED = 3
# Projected w k: layer i is the mapped (psi 1) w of BASE_SEEDS[k][i % 3], plus
# PERTURB * (std of those ws) * RandomState(100 + k).randn(num_ws, w_dim).
BASE_SEEDS = [[10, 11, 12], [20, 21, 22], [30, 31, 32]]
PERTURB = 0.1
NPY64_SEED, NPY64_BASE = 200, 40     # the float64 [num_ws, w_dim] .npy
NPY1D_SEED = 50                      # the [w_dim] .npy: seed 50's mapped w

MIX_ROWS = [('seed', 0), ('w', 1)]                  # ('w', k) = projected w k, as it is
MIX_COLS = [('seed', 5), ('w', 0), ('w', 2)]
MIX_STYLES, MIX_PSI = [0, 1, 2, 3], 0.7

# (x, y, psi, cutoff or None = the widget's default cutoff num_ws)
POSITIONS = [(12.25, 0.5, 0.7, None), (-1.75, 2.125, 0.7, None), (7.5, 0.0, 0.7, None),
             (3.0, 2.0, 0.7, None), (-0.5, -0.25, 0.7, 4)]
STEP_Y = 100   # viz/latent_widget.py: LatentWidget.step_y


def load_module(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_generator(model_path, safetensors_io):
    """NVIDIA's networks_stylegan2.Generator from the file's init_kwargs, strict load, eval (a G_ema)."""
    import torch
    from training import networks_stylegan2
    tensors, meta = safetensors_io.load(model_path)
    G = networks_stylegan2.Generator(**json.loads(meta['init_kwargs']))
    G.load_state_dict({k: torch.from_numpy(v.copy()) for k, v in tensors.items()}, strict=True)
    return G.eval().requires_grad_(False)


def to_uint8(img):
    """gen_images.py / generate.py / style_mixing.py: NCHW -> NHWC, x*127.5+128, clamp, truncate."""
    import torch
    return (img.permute(0, 2, 3, 1) * 127.5 + 128).clamp(0, 255).to(torch.uint8).numpy()


def synth(G, ws):
    return G.synthesis(ws, noise_mode='const', force_fp32=True)


def mapped(G, seed):
    """One seed through the mapping alone (gen_images.py's z), psi 1: [num_ws, w_dim]."""
    import torch
    z = torch.from_numpy(np.random.RandomState(seed).randn(1, G.z_dim))
    return G.mapping(z, torch.zeros([1, G.c_dim]))[0].numpy()


def perturbed_ws(G, seeds, noise_seed, dtype):
    """Per-layer mixed mapped ws plus a small fixed-seed perturbation, so every layer differs."""
    bases = [mapped(G, s)[0].astype(np.float64) for s in seeds]
    std = float(np.std(np.stack(bases)))
    noise = np.random.RandomState(noise_seed).randn(G.num_ws, G.w_dim)
    ws = np.stack([bases[i % len(bases)] for i in range(G.num_ws)]) + PERTURB * std * noise
    return ws.astype(dtype)


def save_png(path, hwc):
    import PIL.Image
    os.makedirs(os.path.dirname(path), exist_ok=True)
    PIL.Image.fromarray(hwc, 'RGB').save(path)


def read_png(path):
    import PIL.Image
    return np.asarray(PIL.Image.open(path).convert('RGB'))


# ---------------------------------------------------------------------------
# Case 1: generate.py --projected-w


class _CpuTorch(types.ModuleType):
    """torch as generate.py sees it, except that torch.device('cuda') is the CPU (no GPU here)."""

    def __init__(self, torch):
        super().__init__('torch')
        self._torch = torch

    def __getattr__(self, name):
        return getattr(self._torch, name)

    def device(self, *_args):
        return self._torch.device('cpu')


def run_generate_py(ada_dir, G, npz_path, outdir):
    """NVIDIA's generate.py (its click command, standalone_mode=False) on npz_path.
    Only its loading is stood in for: G is already built, and 'cuda' means the CPU.
    Returns the float images G.synthesis produced, in order."""
    import torch
    generate = load_module('nvidia_generate', os.path.join(ada_dir, 'generate.py'))
    generate.torch = _CpuTorch(torch)
    generate.dnnlib = types.SimpleNamespace(util=types.SimpleNamespace(open_url=lambda *_a, **_k: contextlib.nullcontext()))
    generate.legacy = types.SimpleNamespace(load_network_pkl=lambda _f: {'G_ema': G})
    outs = []
    hook = G.synthesis.register_forward_hook(lambda _m, _i, out: outs.append(out.detach().clone()))
    try:
        generate.generate_images.main(['--network', 'avatars64.safetensors', '--projected-w', npz_path,
                                       '--outdir', outdir], standalone_mode=False)
    finally:
        hook.remove()
    return torch.cat(outs).numpy()


def case_projected(G, ada_dir, out, tensors):
    import torch
    ws = np.stack([perturbed_ws(G, BASE_SEEDS[k], 100 + k, np.float32) for k in range(N_PROJECTED)])
    npz = os.path.join(out, 'projected_w.npz')
    np.savez(npz, w=ws)   # projector.py's format: key 'w', float32 [N, num_ws, w_dim]
    imgs = run_generate_py(ada_dir, G, npz, os.path.join(out, 'generate_projected_w'))
    for k in range(N_PROJECTED):
        png = read_png(os.path.join(out, 'generate_projected_w', f'proj{k:02d}.png'))
        assert np.array_equal(png, to_uint8(torch.from_numpy(imgs[k:k + 1]))[0]), k
    tensors['proj_ws'] = ws
    tensors['proj_img'] = imgs

    w64 = perturbed_ws(G, [NPY64_BASE, NPY64_BASE + 1, NPY64_BASE + 2], NPY64_SEED, np.float64)
    np.save(os.path.join(out, 'w_f64.npy'), w64)
    w1d = mapped(G, NPY1D_SEED)[0]
    np.save(os.path.join(out, 'w_1d.npy'), w1d)
    as_f32 = w64.astype(np.float32)   # round to nearest: the reader's conversion
    img64 = synth(G, torch.from_numpy(as_f32)[None])
    img1d = synth(G, torch.from_numpy(np.tile(w1d, (G.num_ws, 1)))[None])
    save_png(os.path.join(out, 'npy', 'w_f64.png'), to_uint8(img64)[0])
    save_png(os.path.join(out, 'npy', 'w_1d.png'), to_uint8(img1d)[0])
    tensors['npy_f64_ws'] = as_f32
    tensors['npy_f64_img'] = img64[0].numpy()
    tensors['npy_1d_w'] = w1d
    tensors['npy_1d_img'] = img1d[0].numpy()
    print(f'projected: {N_PROJECTED} ws; float64 .npy off float32 by up to '
          f'{np.abs(w64 - as_f32).max():.3g}; |w - w_avg| mean {np.abs(ws - G.mapping.w_avg.numpy()).mean():.3g}')
    return ws


# ---------------------------------------------------------------------------
# Case 2: style_mixing.py with W-file sources


def key_name(key):
    kind, value = key
    return str(value) if kind == 'seed' else f'w{value}'


def mix_ws(G, proj_ws):
    """style_mixing.py's w_dict: the unique seeds mapped as one batch (list(set(...)) order) and
    every seed w truncated as it does; W-file ws are used as they are (never truncated)."""
    import torch
    keys = MIX_ROWS + MIX_COLS
    seeds = list(set(v for kind, v in keys if kind == 'seed'))
    all_z = np.stack([np.random.RandomState(seed).randn(G.z_dim) for seed in seeds])
    all_w = G.mapping(torch.from_numpy(all_z), None)
    w_avg = G.mapping.w_avg
    all_w = w_avg + (all_w - w_avg) * MIX_PSI
    w_dict = {('seed', s): w for s, w in zip(seeds, list(all_w))}
    for kind, v in keys:
        if kind == 'w':
            w_dict[(kind, v)] = torch.from_numpy(proj_ws[v])
    return w_dict


def case_mix(G, proj_ws, out, tensors):
    import torch
    import PIL.Image
    w_dict = mix_ws(G, proj_ws)
    sources = list(w_dict)   # seeds (one batch, set order), then W files in first appearance
    src_img = synth(G, torch.stack([w_dict[k] for k in sources]))   # one batch, as style_mixing.py
    images = {(k, k): to_uint8(src_img[i:i + 1])[0] for i, k in enumerate(sources)}
    src_float = {k: src_img[i].numpy() for i, k in enumerate(sources)}
    cells = np.zeros([len(MIX_ROWS), len(MIX_COLS), 3, G.img_resolution, G.img_resolution], np.float32)
    for i, row in enumerate(MIX_ROWS):
        for j, col in enumerate(MIX_COLS):
            w = w_dict[row].clone()
            w[MIX_STYLES] = w_dict[col][MIX_STYLES]
            img = synth(G, w[np.newaxis])
            cells[i, j] = img[0].numpy()
            images[(row, col)] = to_uint8(img)[0]
    folder = os.path.join(out, 'mix_styles0-3_psi0.7')
    for (r, c), hwc in images.items():
        save_png(os.path.join(folder, f'{key_name(r)}-{key_name(c)}.png'), hwc)
    res = G.img_resolution
    canvas = PIL.Image.new('RGB', (res * (len(MIX_COLS) + 1), res * (len(MIX_ROWS) + 1)), 'black')
    for j, col in enumerate(MIX_COLS):
        canvas.paste(PIL.Image.fromarray(images[(col, col)], 'RGB'), (res * (j + 1), 0))
    for i, row in enumerate(MIX_ROWS):
        canvas.paste(PIL.Image.fromarray(images[(row, row)], 'RGB'), (0, res * (i + 1)))
        for j, col in enumerate(MIX_COLS):
            canvas.paste(PIL.Image.fromarray(images[(row, col)], 'RGB'), (res * (j + 1), res * (i + 1)))
    canvas.save(os.path.join(folder, 'grid.png'))
    tensors['mix_cell_img'] = cells
    tensors['mix_row_img'] = np.stack([src_float[k] for k in MIX_ROWS])
    tensors['mix_col_img'] = np.stack([src_float[k] for k in MIX_COLS])
    tensors['mix_row_ws'] = np.stack([w_dict[k].numpy() for k in MIX_ROWS])
    tensors['mix_col_ws'] = np.stack([w_dict[k].numpy() for k in MIX_COLS])


# ---------------------------------------------------------------------------
# Case 3: the visualizer's continuous latent positions


def w0_seeds_of(x, y):
    """viz/latent_widget.py (LatentWidget.__call__, after the imgui widgets), restated here
    because that module cannot be imported without imgui: the four integer neighbours
    floor(x)+{0,1}, floor(y)+{0,1}, in the order (0,0), (1,0), (0,1), (1,1); seed
    (sx + sy * step_y) mod 2**32; weight (1 - |x - sx|) * (1 - |y - sy|); kept when weight > 0."""
    out = []
    for ofs_x, ofs_y in [[0, 0], [1, 0], [0, 1], [1, 1]]:
        seed_x, seed_y = np.floor(x) + ofs_x, np.floor(y) + ofs_y
        weight = (1 - abs(x - seed_x)) * (1 - abs(y - seed_y))
        if weight > 0:
            out.append([(int(seed_x) + int(seed_y) * STEP_Y) & ((1 << 32) - 1), weight])
    return out


def import_renderer():
    """stylegan3's viz.renderer; it imports matplotlib.cm for its FFT colour maps only
    (_apply_cmap, unused here), and matplotlib is not installed: a stand-in module takes its name."""
    if 'matplotlib' not in sys.modules:
        try:
            import matplotlib.cm  # noqa: F401
        except ImportError:
            stub = types.ModuleType('matplotlib')
            stub.cm = types.ModuleType('matplotlib.cm')
            sys.modules['matplotlib'], sys.modules['matplotlib.cm'] = stub, stub.cm
    from viz import renderer
    return renderer


def cpu_renderer(renderer, G, captured):
    """A Renderer whose _render_impl runs unmodified on the CPU: built without __init__ (which
    makes CUDA events), its network getter returns G, to_device is the identity (no pinned
    memory without CUDA), and run_synthesis_net records the w it is given and the float output."""
    r = renderer.Renderer.__new__(renderer.Renderer)
    r._device = __import__('torch').device('cpu')
    r._net_layers = dict()
    r.get_network = lambda _pkl, _key: G
    r.to_device = lambda buf: buf

    def run_synthesis_net(net, w, **kwargs):
        out, layers = renderer.Renderer.run_synthesis_net(net, w, **kwargs)
        captured.append((w.detach().clone(), out.detach().clone()))
        return out, layers
    r.run_synthesis_net = run_synthesis_net
    return r


def case_positions(G, out, tensors):
    import dnnlib
    renderer = import_renderer()
    captured = []
    r = cpu_renderer(renderer, G, captured)
    ws, imgs, seeds, weights = [], [], [], []
    for x, y, psi, cutoff in POSITIONS:
        w0 = w0_seeds_of(x, y)
        res = dnnlib.EasyDict()
        r._render_impl(res, w0_seeds=w0, trunc_psi=psi, trunc_cutoff=G.num_ws if cutoff is None else cutoff,
                       noise_mode='const', force_fp32=True)
        assert 'error' not in res, res.error
        w, img = captured[-1]
        assert np.array_equal(res.image.numpy(), to_uint8(img)[0])
        save_png(os.path.join(out, 'positions', position_name(x, y, psi, cutoff)), res.image.numpy())
        ws.append(w[0].numpy())
        imgs.append(img[0].numpy())
        seeds.append([s for s, _ in w0] + [-1] * (4 - len(w0)))
        weights.append([wt for _, wt in w0] + [0.0] * (4 - len(w0)))
        report_position_spread(G, x, y, psi, cutoff, w0, w[0].numpy())
    tensors['pos_xy_psi_cutoff'] = np.array([[x, y, psi, -1 if c is None else c] for x, y, psi, c in POSITIONS])
    tensors['pos_seeds'] = np.array(seeds, dtype=np.int64)
    tensors['pos_weights'] = np.array(weights, dtype=np.float64)
    tensors['pos_ws'] = np.stack(ws)
    tensors['pos_img'] = np.stack(imgs)


def position_name(x, y, psi, cutoff):
    return f'pos_{x:g}_{y:g}_psi{psi:g}' + ('' if cutoff is None else f'_cutoff{cutoff}') + '.png'


def report_position_spread(G, x, y, psi, cutoff, w0, w_renderer):
    """How far the renderer's batched ws are from one-seed-at-a-time mapping (for tolerances)."""
    import torch
    w_avg = G.mapping.w_avg.numpy().astype(np.float64)
    acc = np.zeros_like(w_renderer, dtype=np.float64)
    for seed, weight in w0:
        z = torch.from_numpy(np.random.RandomState(seed).randn(1, G.z_dim))
        w = G.mapping(z, None, truncation_psi=psi, truncation_cutoff=G.num_ws if cutoff is None else cutoff)[0]
        acc += (w.numpy().astype(np.float64) - w_avg) * weight
    acc += w_avg
    rel = np.abs(w_renderer - acc) / np.maximum(1.0, np.abs(acc))
    print(f'position {x:g}:{y:g} psi {psi:g} cutoff {cutoff}: seeds {[s for s, _ in w0]}; '
          f'renderer vs one-seed float64 blend max rel {rel.max():.3g}')


# ---------------------------------------------------------------------------


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--sg3', default='/work/nvlabs/stylegan3')
    ap.add_argument('--ada', default='/work/nvlabs/stylegan2-ada-pytorch')
    ap.add_argument('--model', default=os.path.join(ROOT, 'assets', 'avatars64.safetensors'))
    ap.add_argument('--out', default=os.path.join(ROOT, 'tests', 'data', 'reference', 'avatars64', 'latents'))
    a = ap.parse_args()
    sys.path.insert(0, os.path.abspath(a.sg3))   # dnnlib, legacy, torch_utils, training, viz: stylegan3's
    import torch
    torch.set_num_threads(THREADS)
    safetensors_io = load_module('safetensors_io', os.path.join(ROOT, 'tests', 'tf', 'safetensors_io.py'))
    G = load_generator(a.model, safetensors_io)
    os.makedirs(a.out, exist_ok=True)
    tensors = {}
    with torch.no_grad():
        proj = case_projected(G, os.path.abspath(a.ada), a.out, tensors)
        case_mix(G, proj, a.out, tensors)
        case_positions(G, a.out, tensors)
    meta = {'torch': torch.__version__, 'numpy': np.__version__, 'threads': str(THREADS),
            'maker': 'tests/reference/make_latent_references.py'}
    safetensors_io.save(os.path.join(a.out, 'latents.safetensors'), tensors, meta)
    print('wrote', a.out, {k: list(v.shape) for k, v in sorted(tensors.items())})


if __name__ == '__main__':
    main()
