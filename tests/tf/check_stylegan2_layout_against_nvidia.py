#!/usr/bin/python3
"""Development-time check that the StyleGAN2 TF fixtures hold exactly the
variables (names, shapes, creation order) that NVlabs/stylegan2's own
training/networks_stylegan2.py creates for their static_kwargs:

    nice /usr/bin/python3 tests/tf/check_stylegan2_layout_against_nvidia.py --nvlabs /work/nvlabs/stylegan2

The build functions run unmodified on eager_tf_shim.py. Only the template
builds run; the upfirdn/fused_bias_act ops are replaced by shape-only stand-ins
(their numerics are checked through legacy.py in make_stylegan2_tf_reference.py).
"""
import argparse
import importlib.util
import os
import sys
import types

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import tf_pickle_writer as W  # noqa: E402


def _shape_only_ops(shim):
    """upsample/downsample(-conv) and fused_bias_act with the right output shapes."""
    T = shim.T
    up = lambda x: x.v.repeat(2, 2).repeat(2, 3)
    conv = lambda x, w: shim._conv2d(x, w, [1, 1, 1, 1], 'SAME', 'NCHW')
    ops = types.ModuleType('dnnlib.tflib.ops.upfirdn_2d')
    ops.upsample_2d = lambda x, k=None, **kw: T(up(x))
    ops.downsample_2d = lambda x, k=None, **kw: T(x.v[:, :, ::2, ::2])
    ops.upsample_conv_2d = lambda x, w, k=None, **kw: conv(T(up(x)), w)
    ops.conv_downsample_2d = lambda x, w, k=None, **kw: T(conv(x, w).v[:, :, ::2, ::2])
    fba = types.ModuleType('dnnlib.tflib.ops.fused_bias_act')
    fba.fused_bias_act = lambda x, b, **kw: T(x.v + b.v.reshape([1, -1] + [1] * (x.v.ndim - 2)))
    sys.modules['dnnlib.tflib.ops'] = types.ModuleType('dnnlib.tflib.ops')
    sys.modules['dnnlib.tflib.ops.upfirdn_2d'], sys.modules['dnnlib.tflib.ops.fused_bias_act'] = ops, fba


def check_fixture(nvlabs, name):
    G, D, Gs = W.load_pickle(os.path.join(HERE, '..', 'data', 'tf', f'{name}.pkl'))
    store = {f'Gs/{n}': v for n, v in Gs.variables}
    for comp in Gs.components.values():
        store.update({f'{comp.name}/{n}': v for n, v in comp.variables})
    store.update({f'D/{n}': v for n, v in D.variables})
    import eager_tf_shim as shim
    state = shim.install({k: np.asarray(v, np.float64) for k, v in store.items()})
    _shape_only_ops(shim)
    spec = importlib.util.spec_from_file_location('nv_networks_stylegan2', os.path.join(nvlabs, 'training', 'networks_stylegan2.py'))
    nv = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(nv)
    gs = shim.Network('Gs', func_name=nv.G_main, **Gs.static_kwargs)
    shim.Network('D', func_name=nv.D_stylegan2, **D.static_kwargs)
    ok = True
    for net_name, pickled in (('Gs', Gs), ('G_synthesis', Gs.components['synthesis']),
                              ('G_mapping', Gs.components['mapping']), ('D', D)):
        same = state.order.get(net_name) == [n for n, _ in pickled.variables]
        print(f'  {"ok  " if same else "FAIL"} {name} {net_name}: {len(pickled.variables)} variables, names/shapes/order')
        ok &= same
    for key in ('synthesis', 'mapping'):
        same = list(gs.components[key].static_kwargs.items()) == list(Gs.components[key].static_kwargs.items())
        print(f'  {"ok  " if same else "FAIL"} {name} {key} static_kwargs')
        ok &= same
    return ok


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--nvlabs', default='/work/nvlabs/stylegan2')
    a = p.parse_args()
    ok = all([check_fixture(a.nvlabs, n) for n in ('sg2_32', 'sg2_revised_16')])
    print('all checks passed' if ok else 'FAILED')
    sys.exit(0 if ok else 1)


if __name__ == '__main__':
    main()
