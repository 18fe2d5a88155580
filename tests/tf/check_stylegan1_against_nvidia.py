#!/usr/bin/python3
"""Development-time cross-check of the StyleGAN1 fixtures and reference:

    nice /usr/bin/python3 tests/tf/check_stylegan1_against_nvidia.py --nvlabs /work/nvlabs/stylegan

Runs NVlabs/stylegan's own training/networks_stylegan.py (imported from that
checkout, unmodified) on the eager float64 TensorFlow stand-in in
eager_tf_shim.py, with the variables of each fixture pickle, and checks:
  1. the variable names, shapes and creation order of Gs, its components and D
     equal what the writer stored, and the components' static_kwargs too;
  2. G_style's images (stored noise, several psi/cutoff) equal
     stylegan1_reference.py's, and the stored *_ref.safetensors images;
  3. the linear and recursive structures agree at lod 0;
  4. the fused up-conv equals nearest x2 + conv with the flipped kernel.
Prints max abs differences; exits non-zero on failure.
"""
import argparse
import importlib.util
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import safetensors_io  # noqa: E402
import stylegan1_reference as ref  # noqa: E402
import tf_pickle_writer as W  # noqa: E402

FIXTURES = ('sg1_64', 'sg1_128_cond', 'sg1_16', 'sg1_16_float16')
failures = []


def check(label, ok, detail=''):
    print(f'  {"ok  " if ok else "FAIL"} {label} {detail}')
    if not ok:
        failures.append(label)


def store_of(G, D, Gs):
    out = {f'Gs/{n}': v for n, v in Gs.variables}
    for comp in Gs.components.values():
        out.update({f'{comp.name}/{n}': v for n, v in comp.variables})
    out.update({f'D/{n}': v for n, v in D.variables})
    return {k: np.asarray(v, np.float64) for k, v in out.items()}


def check_fixture(nvlabs, name):
    print(name)
    G, D, Gs = W.load_pickle(os.path.join(HERE, '..', 'data', 'tf', f'{name}.pkl'))
    net = ref.StyleGAN1(Gs)
    import eager_tf_shim as shim
    state = shim.install(store_of(G, D, Gs))
    spec = importlib.util.spec_from_file_location('nv_networks_stylegan', os.path.join(nvlabs, 'training', 'networks_stylegan.py'))
    nv = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(nv)

    gs = shim.Network('Gs', func_name=nv.G_style, **Gs.static_kwargs)
    d = shim.Network('D', func_name=nv.D_basic, **D.static_kwargs)
    for net_name, pickled in (('Gs', Gs), ('G_synthesis', Gs.components['synthesis']),
                              ('G_mapping', Gs.components['mapping']), ('D', D)):
        check(f'{net_name} variable order/names', state.order.get(net_name) == [n for n, _ in pickled.variables],
              f'({len(pickled.variables)} variables)')
    for key in ('synthesis', 'mapping'):
        got = list(gs.components[key].static_kwargs.items())
        check(f'{key} static_kwargs (with order)', got == list(Gs.components[key].static_kwargs.items()), str(got))

    label = None
    if net.mk['label_size']:
        label = np.zeros((1, net.mk['label_size']))
        label[0, 1] = 1.0
    nv_label = label if label is not None else np.zeros((1, 0))
    for psi, cutoff, tol in ((1.0, 8, 1e-11), (0.5, 2, 1e-11), (0.7, 8, 1e-11), (0.7, 100, 1e-11)):
        worst = 0.0
        for seed in (0, 1):
            z = np.random.RandomState(seed).randn(1, net.mk['latent_size'])
            img_nv = gs.get_output_for(z, nv_label, truncation_psi=psi, truncation_cutoff=cutoff, randomize_noise=False).v
            img_ref = net.synthesis(net.ws(z, label, psi, cutoff), 'const')
            worst = max(worst, np.abs(img_nv - img_ref).max())
        check(f'G_style (NVIDIA code, stand-in TF) vs reference, psi {psi} cutoff {cutoff}', worst < tol,
              f'max abs diff {worst:.3g}')

    cases, _ = safetensors_io.load(os.path.join(HERE, '..', 'data', 'tf', f'{name}_ref.safetensors'))
    z = cases['z_seeds'][:1]
    img_nv = gs.get_output_for(z, nv_label, truncation_psi=1.0, randomize_noise=False).v
    diff = np.abs(img_nv - cases['img_psi1_const'][:1]).max()
    check('NVIDIA code vs stored img_psi1_const[0] (F32)', diff < 1e-5, f'max abs diff {diff:.3g}')

    ws = net.ws(z, label)
    syn = gs.components['synthesis']
    lin = syn.get_output_for(ws, structure='linear', randomize_noise=False).v
    rec = syn.get_output_for(ws, structure='recursive', randomize_noise=False).v
    check('linear vs recursive structure at lod 0', np.abs(lin - rec).max() < 1e-12, f'{np.abs(lin - rec).max():.3g}')
    if net.sk['resolution'] >= 128:
        flipped = net.synthesis(ws, 'const', fused_check=True)
        diff = np.abs(flipped - net.synthesis(ws, 'const')).max()
        check('fused up-conv == nearest x2 + flipped 3x3 conv', diff < 1e-12, f'max abs diff {diff:.3g}')


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--nvlabs', default='/work/nvlabs/stylegan')
    a = p.parse_args()
    for name in FIXTURES:
        check_fixture(a.nvlabs, name)
    print('FAILED: ' + ', '.join(failures) if failures else 'all checks passed')
    sys.exit(1 if failures else 0)


if __name__ == '__main__':
    main()
