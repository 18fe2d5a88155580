#!/usr/bin/python3
"""Writes the TF-era pickle fixtures and the StyleGAN1 reference outputs:

    nice /usr/bin/python3 tests/tf/make_tf_fixtures.py [--out tests/data/tf]

The StyleGAN2 references come from NVIDIA's own code, in a separate process:
see make_stylegan2_tf_reference.py. Everything is deterministic (fixed seeds).
"""
import argparse
import copy
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import safetensors_io  # noqa: E402
import stylegan1_reference as ref  # noqa: E402
import tf_pickle_writer as W  # noqa: E402

# Non-default kwargs everywhere, so a reader that falls back to defaults fails.
SG1_64 = dict(W.base_kwargs(64), latent_size=96, dlatent_size=64, mapping_layers=3, mapping_fmaps=80,
              fmap_base=256, fmap_max=32)
SG1_128_COND = dict(W.base_kwargs(128, label_size=4), latent_size=64, dlatent_size=48, mapping_layers=4,
                    mapping_fmaps=56, mapping_lrmul=0.05, fmap_base=512, fmap_max=24)
SG1_16 = dict(W.base_kwargs(16), latent_size=12, dlatent_size=8, mapping_layers=2, mapping_fmaps=10,
              fmap_base=32, fmap_max=8)
SG2_32 = dict(W.base_kwargs(32), latent_size=64, dlatent_size=48, mapping_layers=3, mapping_fmaps=56,
              fmap_base=128, fmap_max=32)
SG2_REVISED_16 = dict(W.base_kwargs(16), latent_size=12, dlatent_size=8, mapping_layers=2, mapping_fmaps=10,
                      fmap_base=32, fmap_max=8, synthesis_func='G_synthesis_stylegan_revised')


def d_kwargs(g_kwargs):
    """D gets the dataset kwargs and the fmap ones (training runs set both via G_args/D_args)."""
    return {k: v for k, v in g_kwargs.items() if k in ('num_channels', 'resolution', 'label_size') or k.startswith('fmap_')}


# ---------------------------------------------------------------------------
# StyleGAN1 reference cases.

def label_for(net):
    """Conditional fixtures use one fixed one-hot label (class 1) for every case."""
    n = net.mk['label_size']
    if not n:
        return None
    label = np.zeros((1, n))
    label[0, 1 % n] = 1.0
    return label


def sg1_cases(net, seeds, rows, cols, styles=range(4), psi07_const=True):
    """Tensors as documented in tests/data/tf/README.md. Each seed is its own batch of one."""
    label = label_for(net)
    z = np.stack([np.random.RandomState(s).randn(net.mk['latent_size']) for s in seeds])
    ws = lambda psi, cutoff=None: np.concatenate([net.ws(z[i:i + 1], label, psi, cutoff) for i in range(len(seeds))])
    synth = lambda w, noise: np.concatenate([net.synthesis(w[i:i + 1], noise) for i in range(len(w))])
    w1, w07 = ws(1.0), ws(0.7)
    out = dict(z_seeds=z, ws_psi1=w1, ws_psi07=w07, ws_psi07_cutoff8=ws(0.7, 8), ws_psi05_cutoff2=ws(0.5, 2),
               img_psi1_const=synth(w1, 'const'), img_psi1_none=synth(w1, 'none'))
    if psi07_const:
        out['img_psi07_const'] = synth(w07, 'const')
    if label is not None:
        out['label'] = label
    # Style mixing: cell (r, c) = row seed's ws with layers `styles` taken from the column seed.
    wmap = {s: net.ws(np.random.RandomState(s).randn(1, net.mk['latent_size']), label) for s in set(rows) | set(cols)}
    mix = np.zeros((len(rows), len(cols)) + out['img_psi1_const'].shape[1:])
    for i, r in enumerate(rows):
        for j, c in enumerate(cols):
            w = wmap[r].copy()
            w[:, list(styles)] = wmap[c][:, list(styles)]
            mix[i, j] = net.synthesis(w, 'const')[0]
    out['mix_img'] = mix
    meta = dict(seeds=json.dumps(list(seeds)), mix_rows=json.dumps(list(rows)), mix_cols=json.dumps(list(cols)),
                mix_styles=json.dumps(list(styles)), truncation_note='ws_psi07: all layers; psi05_cutoff2: layers 0-1')
    return out, meta


def save_cases(path, cases, meta):
    """z and label stay F64; ws and images are rounded to F32 from the float64 computation."""
    tensors = {k: (v.astype(np.float64) if k in ('z_seeds', 'label') else v.astype(np.float32)) for k, v in cases.items()}
    safetensors_io.save(path, tensors, meta)


def write_sg1(out, name, kwargs, seed, seeds, rows, cols, enc=None, psi07_const=True):
    pkl = os.path.join(out, f'{name}.pkl')
    W.save_pickle(pkl, W.make_stylegan1(kwargs, d_kwargs(kwargs), seed, enc))
    net = ref.StyleGAN1(W.load_pickle(pkl)[2])
    cases, meta = sg1_cases(net, seeds, rows, cols, psi07_const=psi07_const)
    save_cases(os.path.join(out, f'{name}_ref.safetensors'), cases, meta)
    return pkl


# ---------------------------------------------------------------------------
# Hostile and unsupported pickles (built from the tiny 16x16 StyleGAN1).

class _Reduce:
    """Pickles as REDUCE(func, args) [+ BUILD(state)] -- the shape numpy uses."""

    def __init__(self, func, args, state=None):
        self.rv = (func, args) if state is None else (func, args, state)

    def __reduce__(self):
        return self.rv


def _fake_array(shape, data, dtype=np.dtype('f4')):
    """An ndarray pickle with an arbitrary (inconsistent) shape/byte count."""
    return _Reduce(np.core.multiarray._reconstruct, (np.ndarray, (0,), b'b'), (1, tuple(shape), dtype, False, data))


def _os_system_call(command):
    """Pickles as STACK_GLOBAL('os', 'system') + REDUCE: os.system is swapped for a
    stand-in named os.system while dumping, so nothing is ever executed."""
    def system(cmd):
        raise AssertionError('never called')
    system.__module__, system.__qualname__, system.__name__ = 'os', 'system', 'system'
    return _Reduce(system, (command,)), system


def _replace_var(net, name, value):
    net.variables = [(n, value if n == name else v) for n, v in net.variables]


def write_bad(out):
    base = W.make_stylegan1(SG1_16, d_kwargs(SG1_16), 7)
    gs_of = lambda nets: nets[2]

    def variant(fname, mutate):
        nets = copy.deepcopy(base)
        mutate(nets)
        W.save_pickle(os.path.join(out, fname), nets)

    variant('bad_object_dtype.pkl', lambda n: _replace_var(
        gs_of(n).components['synthesis'], '4x4/Conv/bias', np.array([1.0] * 8, dtype=object)))
    variant('bad_shape_bytes_mismatch.pkl', lambda n: _replace_var(
        gs_of(n).components['synthesis'], '4x4/Conv/weight', _fake_array((3, 3, 8, 8), b'\0' * 4 * 3 * 3 * 8 * 7)))
    variant('bad_negative_dim.pkl', lambda n: _replace_var(
        gs_of(n).components['synthesis'], '4x4/Conv/bias', _fake_array((-1, 8), b'\0' * 32)))
    # 2^32 * 2^32 * 4 elements wraps to 0 in 64-bit arithmetic, matching the empty data.
    variant('bad_huge_dims.pkl', lambda n: _replace_var(
        gs_of(n).components['synthesis'], '4x4/Conv/weight', _fake_array((2 ** 32, 2 ** 32, 4, 1), b'')))
    variant('bad_missing_variable.pkl', lambda n: setattr(
        gs_of(n).components['synthesis'], 'variables',
        [(k, v) for k, v in gs_of(n).components['synthesis'].variables if k != '8x8/Conv1/weight']))

    def claim_resolution_32(nets):
        for net in (gs_of(nets), gs_of(nets).components['synthesis'], gs_of(nets).components['mapping']):
            net.static_kwargs['resolution'] = 32
        gs_of(nets).components['mapping'].static_kwargs['dlatent_broadcast'] = 8
    variant('bad_kwargs_mismatch.pkl', claim_resolution_32)
    variant('bad_variable_shape.pkl', lambda n: _replace_var(
        gs_of(n).components['synthesis'], '8x8/Conv1/StyleMod/weight', np.ones((8, 18), np.float32)))

    def nan_weight(nets):
        syn = gs_of(nets).components['synthesis']
        w = syn.variable_dict()['8x8/Conv1/weight'].copy()
        w[1, 1, 0, 0] = np.nan
        _replace_var(syn, '8x8/Conv1/weight', w)
    variant('bad_nan_weight.pkl', nan_weight)

    evil, stand_in = _os_system_call('echo pwned > /tmp/stylemix_pwned')
    real = os.system
    os.system = stand_in
    try:
        variant('bad_global_os_system.pkl', lambda n: _replace_var(gs_of(n).components['synthesis'], 'noise0', evil))
    finally:
        os.system = real


def write_layouts(out, names):
    """LAYOUTS.txt: every network of each fixture with its static_kwargs and variables (name, shape, dtype)."""
    lines = []
    for name in names:
        for net in W.load_pickle(os.path.join(out, f'{name}.pkl')):
            todo = [('', net)]
            while todo:
                path, n = todo.pop(0)
                lines.append(f'== {name}.pkl {path}{n.name}: version {n.version}, build_func_name {n.build_func_name}')
                lines.append(f'   static_kwargs {json.dumps(n.static_kwargs)}')
                for var, value in n.variables:
                    lines.append(f'   {var:32s} {str(list(np.shape(value))):18s} {np.asarray(value).dtype.str}'
                                 f'{"" if isinstance(value, np.ndarray) else " (numpy scalar)"}')
                todo += [(f'{path}{n.name}.components.{k} -> ', c) for k, c in n.components.items()]
    with open(os.path.join(out, 'LAYOUTS.txt'), 'w') as f:
        f.write('\n'.join(lines) + '\n')


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--out', default=os.path.join(os.path.dirname(__file__), '..', 'data', 'tf'))
    out = p.parse_args().out
    os.makedirs(out, exist_ok=True)

    write_sg1(out, 'sg1_64', SG1_64, seed=1, seeds=[0, 1, 2, 3], rows=[0, 1], cols=[2, 3, 4])
    write_sg1(out, 'sg1_128_cond', SG1_128_COND, seed=2, seeds=[0, 1], rows=[0], cols=[1, 2], psi07_const=False)
    write_sg1(out, 'sg1_16', SG1_16, seed=3, seeds=[0, 1, 2], rows=[0, 1], cols=[2])
    write_sg1(out, 'sg1_16_float16', SG1_16, seed=3, seeds=[0, 1, 2], rows=[0, 1], cols=[2],
              enc=W.Encoding(float16=True))
    # The same values as sg1_16.pkl in other encodings (render to sg1_16_ref.safetensors).
    for suffix, enc in (('bigendian', W.Encoding(byte_order='>')), ('fortran', W.Encoding(fortran=True)),
                        ('zero_d', W.Encoding(zero_d_arrays=True))):
        W.save_pickle(os.path.join(out, f'sg1_16_{suffix}.pkl'), W.make_stylegan1(SG1_16, d_kwargs(SG1_16), 3, enc))

    W.save_pickle(os.path.join(out, 'sg2_32.pkl'), W.make_stylegan2(SG2_32, d_kwargs(SG2_32), seed=4))
    W.save_pickle(os.path.join(out, 'sg2_revised_16.pkl'),
                  W.make_stylegan2(SG2_REVISED_16, d_kwargs(SG2_REVISED_16), seed=5, revised=True))
    write_bad(out)
    write_layouts(out, ['sg1_64', 'sg1_128_cond', 'sg1_16', 'sg2_32', 'sg2_revised_16'])
    for f in sorted(os.listdir(out)):
        print(f'{os.path.getsize(os.path.join(out, f)):>9}  {f}')


if __name__ == '__main__':
    main()
