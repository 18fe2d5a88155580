#!/usr/bin/python3
"""Dev-time maker of the layer-view references in tests/data/reference/layers.

    nice /usr/bin/python3 tests/reference/make_layer_references.py \
        [--sg3 /work/nvlabs/stylegan3] [--out tests/data/reference/layers]

For each network (the bundled avatars64 model, tests/data/pickle/sg2_tiny_p4.pkl and
the StyleGAN3 fixtures tests/data/sg3/sg3t_16.pkl and sg3r_16.pkl), NVIDIA's own code
on the CPU writes (see the README written next to the outputs):
  <model>/layers.json    the visualizer's layer list: stylegan3's viz/renderer.py
                         Renderer.run_synthesis_net on G.synthesis (name, shape, dtype);
  <model>/captures.json  + *.npy: the activation run_synthesis_net captures for a few
                         layers of seed A, seed B and A with B's styles (float32 [C, H, W]);
  <model>/display.json   + *.npy: Renderer._render_impl itself with layer settings
                         (channels, normalise, gain, FFT, untransform): the raw activation it
                         captured, its uint8 image (as float16) and its stats.
Each distinct array is stored once (npy_store.py): the JSON names the file of every entry,
and entries with identical arrays (B and the mix up to the first layer that reads one of
A's styles, a display raw equal to a capture) name the same file.
NVIDIA's repositories are only put on sys.path here; nothing of theirs is copied.
Networks: avatars64 is networks_stylegan2.Generator built from the file's init_kwargs
(as make_latent_references.py); a .pkl is unpickled the way torch_utils.persistence
does, into NVIDIA's classes for the StyleGAN3 fixtures (whose module_src names
networks_stylegan3), and for sg2_tiny_p4.pkl (whose stand-in classes have no forward)
rebuilt as networks_stylegan2.Generator from its pickled _init_kwargs with its
state_dict loaded strictly.
"""
import argparse
import importlib.util
import json
import os
import pickle
import sys
import types

import numpy as np

from npy_store import NpyStore   # beside this script

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, '..', '..'))
THREADS = 2

SEED_A, SEED_B, PSI = 3, 7, 0.7
MIX_STYLES = [0, 1, 2, 3]
# model -> (file, layers captured for A, B and the mix)
MODELS = {
    'avatars64': ('assets/avatars64.safetensors', ['b4.conv1', 'b8.conv0', 'b8.torgb', 'b32:1', 'output']),
    'sg2_tiny_p4': ('tests/data/pickle/sg2_tiny_p4.pkl', ['b4.conv1', 'b8.conv1', 'b16:0', 'b16:1', 'output']),
    'sg3t_16': ('tests/data/sg3/sg3t_16.pkl', ['input', 'L5_16_16', 'output']),
    'sg3r_16': ('tests/data/sg3/sg3r_16.pkl', ['input', 'L5_16_32', 'output']),
}
# _render_impl settings (model -> list of (case name, kwargs)). The raws are kept small ([256, 8, 8]
# for avatars64) and shared: the display rules do not depend on the layer's size.
DISPLAY = {
    'avatars64': [
        ('rgb_base5', dict(layer_name='b8.conv0', sel_channels=3, base_channel=5)),
        ('grey_clamped_norm_gain', dict(layer_name='b8.conv1', sel_channels=1, base_channel=999,
                                        img_normalize=True, img_scale_db=6)),
        ('fft_all', dict(layer_name='b8.conv0', sel_channels=3, base_channel=0, fft_show=True)),
        ('fft_sel_b4', dict(layer_name='b8.conv1', sel_channels=1, base_channel=2, fft_show=True, fft_all=False,
                            fft_range_db=30, fft_beta=4, img_scale_db=-10)),
        ('mix_output', dict(layer_name='output', sel_channels=3, stylemix=True)),
    ],
    'sg3t_16': [
        ('untransform', dict(layer_name='L2_36_24', sel_channels=3, base_channel=1, untransform=True,
                             transform=(0.25, -0.125, 30.0))),
        ('untransform_fft', dict(layer_name='L5_16_16', sel_channels=1, base_channel=4, untransform=True,
                                 transform=(-0.5, 0.3, -75.0), fft_show=True)),
        ('input_fft_more_channels', dict(layer_name='input', sel_channels=3, fft_show=True, fft_beta=2)),
    ],
}


def load_module(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def stub_scipy():
    """networks_stylegan3 imports scipy.signal to design filters at construction; unpickled
    networks carry their filters as buffers and never call it. Use the real one if installed."""
    try:
        import scipy.signal  # noqa: F401
    except ImportError:
        scipy = types.ModuleType('scipy')
        scipy.signal = types.ModuleType('scipy.signal')
        sys.modules['scipy'], sys.modules['scipy.signal'] = scipy, scipy.signal


class PersistentUnpickler(pickle.Unpickler):
    """torch_utils.persistence's _reconstruct_persistent_obj, except that the class comes from
    NVIDIA's module that the (stand-in) module_src names instead of exec'ing that source.
    Objects of modules not in `modules` come back as their meta dict."""

    def __init__(self, f, modules):
        super().__init__(f)
        self.modules = modules

    def find_class(self, module, name):
        if (module, name) == ('torch_utils.persistence', '_reconstruct_persistent_obj'):
            return self.reconstruct
        return super().find_class(module, name)

    def reconstruct(self, meta):
        from torch_utils import persistence
        assert meta['type'] == 'class' and meta['version'] == 6
        keys = [k for k in self.modules if k.replace('.', '/') in meta['module_src']]
        if not keys:
            return meta
        cls = persistence.persistent_class(getattr(self.modules[keys[0]], meta['class_name']))
        obj = cls.__new__(cls)
        obj.__setstate__(meta['state'])
        return obj


def state_dict_of(meta):
    """A stand-in module's parameters and buffers by dotted name (its pickled state)."""
    out = {}
    state = meta['state']
    skip = state.get('_non_persistent_buffers_set', set())
    for kind in ('_parameters', '_buffers'):
        for name, t in state[kind].items():
            if t is not None and not (kind == '_buffers' and name in skip):
                out[name] = t.detach()
    for child, sub in state['_modules'].items():
        if sub is not None:
            out.update({f'{child}.{k}': v for k, v in state_dict_of(sub).items()})
    return out


def load_network(path, modules):
    import torch
    from training import networks_stylegan2
    if path.endswith('.safetensors'):
        safetensors_io = load_module('safetensors_io', os.path.join(ROOT, 'tests', 'tf', 'safetensors_io.py'))
        tensors, meta = safetensors_io.load(path)
        G = networks_stylegan2.Generator(**json.loads(meta['init_kwargs']))
        G.load_state_dict({k: torch.from_numpy(v.copy()) for k, v in tensors.items()}, strict=True)
        return G.eval().requires_grad_(False)
    with open(path, 'rb') as f:
        data = PersistentUnpickler(f, modules).load()
    G = data['G_ema']
    if isinstance(G, dict):   # a stand-in: rebuild NVIDIA's class from its kwargs
        kwargs = dict(G['state']['_init_kwargs'])
        G_nv = networks_stylegan2.Generator(*G['state']['_init_args'], **kwargs)
        G_nv.load_state_dict(state_dict_of(G), strict=True)
        G = G_nv
    return G.eval().requires_grad_(False)


def import_renderer():
    from viz import renderer
    return renderer


def mapped_ws(G, seed):
    """gen_images.py's z and mapping, psi PSI on every ws: [1, num_ws, w_dim]."""
    import torch
    z = torch.from_numpy(np.random.RandomState(seed).randn(1, G.z_dim))
    return G.mapping(z, torch.zeros([1, G.c_dim]), truncation_psi=PSI)


def subjects(G):
    a, b = mapped_ws(G, SEED_A), mapped_ws(G, SEED_B)
    mix = a.clone()
    styles = [i for i in MIX_STYLES if i < G.num_ws]
    mix[:, styles] = b[:, styles]
    return {'A': a, 'B': b, 'mix': mix}


def layer_list(renderer, G, ws):
    _out, layers = renderer.Renderer.run_synthesis_net(G.synthesis, ws, noise_mode='const', force_fp32=True)
    return [dict(name=l.name, shape=l.shape, dtype=l.dtype) for l in layers]


def file_name(who, layer):
    return f'{who}__{layer.replace(":", "@")}.npy'


def write_captures(renderer, G, names, store):
    subj = subjects(G)
    entries = []
    for layer in names:
        for who, ws in subj.items():
            act, _ = renderer.Renderer.run_synthesis_net(G.synthesis, ws, capture_layer=layer, noise_mode='const',
                                                         force_fp32=True)
            arr = act[0].to(dtype=__import__('torch').float32).contiguous().numpy()
            entries.append(dict(subject=who, layer=layer, file=store.save(file_name(who, layer), arr),
                                shape=list(arr.shape)))
    return dict(seed_a=SEED_A, seed_b=SEED_B, psi=PSI, mix_styles=[i for i in MIX_STYLES if i < G.num_ws],
                noise_mode='const', captures=entries)


def cpu_renderer(renderer, G, captured):
    """A Renderer whose _render_impl runs unmodified on the CPU (as make_latent_references.py):
    no CUDA events, get_network returns G, to_device is the identity, and run_synthesis_net
    records the raw activation it returns."""
    import torch
    r = renderer.Renderer.__new__(renderer.Renderer)
    r._device = torch.device('cpu')
    r._net_layers = dict()
    r._cmaps = dict()
    r.get_network = lambda _pkl, _key: G
    r.to_device = lambda buf: buf

    def run_synthesis_net(net, w, **kwargs):
        out, layers = renderer.Renderer.run_synthesis_net(net, w, **kwargs)
        captured.append(out.detach().clone())
        return out, layers
    r.run_synthesis_net = run_synthesis_net
    return r


def user_matrix(tx, ty, deg):
    """gen_images.py make_transform / our InputTransform: [[c, s, tx], [-s, c, ty], [0, 0, 1]]."""
    a = deg / 360.0 * np.pi * 2
    return np.array([[np.cos(a), np.sin(a), tx], [-np.sin(a), np.cos(a), ty], [0, 0, 1]])


def write_display(renderer, G, cases, store):
    import dnnlib
    entries = []
    stored = G.synthesis.input.transform.clone() if hasattr(G.synthesis, 'input') else None
    for name, kw in cases:
        kw = dict(kw)
        transform = kw.pop('transform', None)
        stylemix = kw.pop('stylemix', False)
        captured = []
        r = cpu_renderer(renderer, G, captured)
        res = dnnlib.EasyDict()
        args = dict(w0_seeds=[[SEED_A, 1]], trunc_psi=PSI, trunc_cutoff=G.num_ws, noise_mode='const',
                    force_fp32=True, **kw)
        if stylemix:
            args.update(stylemix_idx=[i for i in MIX_STYLES if i < G.num_ws], stylemix_seed=SEED_B)
        if transform is not None:
            args['input_transform'] = user_matrix(*transform).tolist()
        r._render_impl(res, **args)
        assert 'error' not in res, res.error
        raw = captured[0][0].float().contiguous().numpy()
        # uint8 levels stored as float16 (exact up to 2048), a dtype every .npy reader of ours takes
        image = res.image.numpy().astype(np.float16)
        entry = dict(name=name, raw=store.save(f'display_{name}_raw.npy', raw),
                     image=store.save(f'display_{name}_image.npy', image),
                     stats=[float(x) for x in res.stats.numpy()],
                     settings={k: v for k, v in kw.items()}, image_shape=list(res.image.shape))
        if transform is not None:
            entry['transform'] = dict(translate_x=transform[0], translate_y=transform[1], rotate_deg=transform[2])
            entry['transform_buffer'] = G.synthesis.input.transform.double().flatten().tolist()
        entries.append(entry)
        if stored is not None:
            G.synthesis.input.transform.copy_(stored)
    return dict(seed_a=SEED_A, psi=PSI, cases=entries)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--sg3', default='/work/nvlabs/stylegan3')
    ap.add_argument('--out', default=os.path.join(ROOT, 'tests', 'data', 'reference', 'layers'))
    a = ap.parse_args()
    sys.path.insert(0, os.path.abspath(a.sg3))   # dnnlib, torch_utils, training, viz: stylegan3's
    stub_scipy()
    import torch
    torch.set_num_threads(THREADS)
    from training import networks_stylegan2, networks_stylegan3
    modules = {'training.networks_stylegan3': networks_stylegan3, 'training.networks_stylegan2': networks_stylegan2}
    renderer = import_renderer()
    with torch.no_grad():
        for model, (path, names) in MODELS.items():
            out = os.path.join(a.out, model)
            store = NpyStore(out)
            G = load_network(os.path.join(ROOT, path), modules)
            layers = layer_list(renderer, G, mapped_ws(G, SEED_A))
            with open(os.path.join(out, 'layers.json'), 'w') as f:
                json.dump(dict(model=path, layers=layers), f, indent=1)
            caps = write_captures(renderer, G, names, store)
            caps['model'] = path
            with open(os.path.join(out, 'captures.json'), 'w') as f:
                json.dump(caps, f, indent=1)
            if model in DISPLAY:
                disp = write_display(renderer, G, DISPLAY[model], store)
                disp['model'] = path
                with open(os.path.join(out, 'display.json'), 'w') as f:
                    json.dump(disp, f, indent=1)
            print(model, len(layers), 'layers:', ' '.join(l['name'] for l in layers))


if __name__ == '__main__':
    main()
