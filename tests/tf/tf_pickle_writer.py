#!/usr/bin/python3
"""Writes network pickles laid out like NVIDIA's TensorFlow-era ones
(karras2019stylegan-*.pkl, stylegan2-*-config-*.pkl), with random weights.

    /usr/bin/python3 tests/tf/tf_pickle_writer.py --stylegan1 --resolution 1024 --random-seed 1 --out ffhq_like.pkl
    /usr/bin/python3 tests/tf/tf_pickle_writer.py --stylegan2 --resolution 32 --kwarg fmap_base=256 --out sg2.pkl

Layout (what dnnlib/tflib/network.py `__getstate__` + misc.save_pkl produce):
protocol 4; the top level is the tuple (G, D, Gs); each network is a
`dnnlib.tflib.network.Network` rebuilt by EMPTY_TUPLE NEWOBJ and BUILD(state),
state = {version, name, static_kwargs, components, build_module_src,
build_func_name, variables}; `variables` is a list of (local name, value) in
creation order, own variables only; values are float32 ndarrays pickled by numpy
itself (`numpy.core.multiarray._reconstruct` + BUILD, dtype via `numpy.dtype` +
BUILD), and 0-d variables are numpy scalars (`numpy.core.multiarray.scalar`),
which is what a TF session returns for them. The stand-in class below is given
the module and qualified name of NVIDIA's class, so plain `pickle.dump` emits the
same opcodes and globals. Options re-encode the arrays (big-endian, Fortran
order, float16, 0-d arrays instead of scalars) so readers can test those paths.
"""
import argparse
import os
import pickle
import sys
import time
import types

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tf_layouts as L  # noqa: E402

# --------------------------------------------------------------------------
# The stand-in class, registered under NVIDIA's import name.

for _name in ('dnnlib', 'dnnlib.tflib', 'dnnlib.tflib.network'):
    sys.modules.setdefault(_name, types.ModuleType(_name))

_STATE_KEYS = ('version', 'name', 'static_kwargs', 'components', 'build_module_src', 'build_func_name', 'variables')


class Network:
    """Pickles like dnnlib.tflib.network.Network: no __reduce__, only
    __getstate__, so protocol 4 gives NEWOBJ(cls, ()) + BUILD(state). Unpickling
    into this class (see load_pickle) keeps the state's fields as attributes."""

    def __init__(self, **state):
        assert set(state) == set(_STATE_KEYS), set(state) ^ set(_STATE_KEYS)
        self.__setstate__(state)

    def __getstate__(self):
        # Same key order as network.py; components/static_kwargs are plain dicts there.
        return {key: getattr(self, key) for key in _STATE_KEYS}

    def __setstate__(self, state):
        for key, value in state.items():
            setattr(self, key, value)

    def variable_dict(self):
        return dict(self.variables)

    def all_variables(self, prefix=''):
        """Own variables plus the components', named like legacy.py's _collect_tf_params."""
        out = {prefix + name: value for name, value in self.variables}
        for comp_name, comp in self.components.items():
            out.update(comp.all_variables(prefix + comp_name + '/'))
        return out


Network.__module__ = 'dnnlib.tflib.network'
Network.__qualname__ = 'Network'
sys.modules['dnnlib.tflib.network'].Network = Network


class _StandInUnpickler(pickle.Unpickler):
    """Only the globals a TF-era pickle needs; the Network class maps to the stand-in."""
    ALLOWED = {('numpy.core.multiarray', '_reconstruct'), ('numpy', 'ndarray'), ('numpy', 'dtype'),
               ('numpy.core.multiarray', 'scalar')}

    def find_class(self, module, name):
        if (module, name) == ('dnnlib.tflib.network', 'Network'):
            return Network
        if (module, name) in self.ALLOWED:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f'global {module}.{name} is not allowed')


def load_pickle(path):
    """(G, D, Gs) as stand-in Networks."""
    with open(path, 'rb') as f:
        return _StandInUnpickler(f).load()


# --------------------------------------------------------------------------
# Value encodings.

class Encoding:
    """How variables are stored. Defaults are what the official pickles hold."""

    def __init__(self, byte_order='<', fortran=False, float16=False, zero_d_arrays=False):
        assert byte_order in '<>'
        self.byte_order, self.fortran, self.float16, self.zero_d_arrays = byte_order, fortran, float16, zero_d_arrays

    def encode(self, value):
        value = np.asarray(value, dtype=np.float32)
        dtype = np.dtype('f2' if self.float16 else 'f4')   # the shared descriptor, memoized like TF's output
        if self.byte_order == '>':
            dtype = dtype.newbyteorder('>')
        if value.ndim == 0 and not self.zero_d_arrays:
            # A numpy scalar is always native-endian; TF returns np.float32 here.
            return np.dtype('f2' if self.float16 else 'f4').type(value)
        out = value.astype(dtype)   # a C-ordered copy; keeps 0-d arrays 0-d (ascontiguousarray would not)
        return np.asfortranarray(out) if self.fortran and out.ndim >= 2 else out


def _fresh(text):
    """A new str object, as TF's var.name slicing yields, so pickle's memo does
    not share names between networks (the official pickles do not)."""
    return (text + '.')[:-1]


# --------------------------------------------------------------------------
# Random weights, scaled so that random networks give images in a sensible range
# (wscale networks store N(0, 1/lrmul) weights; the gain is applied at run time).

def _stddev(name, lrmul):
    leaf = name.rsplit('/', 1)[-1]
    if name.startswith('Dense') and leaf == 'weight':
        return 1.0 / lrmul
    if name.startswith('Dense') and leaf == 'bias':
        return 0.2 / lrmul
    if name == 'dlatent_avg':
        return 0.3
    if name == 'lod':
        return 0.0
    if '/StyleMod/weight' in name:
        return 0.25
    if '/StyleMod/bias' in name or leaf == 'mod_bias':
        return 0.1
    if '/Noise/weight' in name:
        return 0.5
    if leaf == 'noise_strength':
        return 0.2
    if leaf == 'bias':
        return 0.2
    if 'ToRGB' in name and leaf == 'weight':
        return 0.4
    return 1.0   # conv/dense weights, const, noise{i}, LabelConcat


def random_variables(layout, rng, lrmul=0.01):
    """[(name, float32 value)] with N(0, stddev(name)) entries; scalars are Python-free np.float32."""
    out = []
    for name, shape in layout:
        std = _stddev(name, lrmul)
        value = rng.standard_normal(shape, dtype=np.float32) * np.float32(std) if std else np.zeros(shape, np.float32)
        out.append((name, np.float32(value) if shape == () else value))
    return out


# --------------------------------------------------------------------------
# Whole networks.

def _module_src(title):
    """A stand-in for build_module_src (the official pickles hold the whole source
    file; readers must never execute it). Long enough for BINUNICODE."""
    lines = [f'# Stand-in source text for {title}; never executed.'] + [f'# line {i}' for i in range(60)]
    return '\n'.join(lines) + '\n'


def _network(name, func, kwargs, variables, enc, components=None, version=3, src=''):
    return Network(version=version, name=name, static_kwargs=dict(kwargs), components=dict(components or {}),
                   build_module_src=src, build_func_name=_fresh(func),
                   variables=[(_fresh(n), enc.encode(v)) for n, v in variables])


def stylegan1_generator(name, kwargs, rng, enc):
    """G_style with components synthesis (G_synthesis) and mapping (G_mapping), as
    G_style's template graph creates them: both get G_style's remaining kwargs,
    the mapping also dlatent_broadcast = num_layers (first)."""
    src = _module_src('training/networks_stylegan.py')
    k = dict(L.STYLEGAN1_DEFAULTS, **kwargs)
    lrmul = k['mapping_lrmul']
    syn = _network('G_synthesis', 'G_synthesis', kwargs, random_variables(L.stylegan1_synthesis_layout(**kwargs), rng), enc, src=src)
    map_kwargs = dict(dlatent_broadcast=L.num_layers(k['resolution']), **kwargs)
    mapping = _network('G_mapping', 'G_mapping', map_kwargs, random_variables(L.mapping_layout(**kwargs), rng, lrmul), enc, src=src)
    top = random_variables(L.generator_top_layout(**kwargs), rng)
    return _network(name, 'G_style', kwargs, top, enc, components=dict(synthesis=syn, mapping=mapping), src=src)


def stylegan1_discriminator(kwargs, rng, enc):
    return _network('D', 'D_basic', kwargs, random_variables(L.stylegan1_discriminator_layout(**kwargs), rng), enc,
                    src=_module_src('training/networks_stylegan.py'))


def stylegan2_generator(name, kwargs, rng, enc, revised=False):
    """G_main; `revised` selects G_synthesis_stylegan_revised, which the official
    config B-D runs request with the G_main kwarg synthesis_func."""
    src = _module_src('training/networks_stylegan2.py')
    k = dict(L.STYLEGAN2_DEFAULTS, **kwargs)
    sub_kwargs = {key: v for key, v in kwargs.items() if key != 'synthesis_func'}   # a G_main parameter
    if revised:
        syn_layout, syn_func = L.stylegan2_revised_synthesis_layout(**sub_kwargs), 'G_synthesis_stylegan_revised'
    else:
        syn_layout, syn_func = L.stylegan2_synthesis_layout(**sub_kwargs), 'G_synthesis_stylegan2'
    syn = _network('G_synthesis', syn_func, sub_kwargs, random_variables(syn_layout, rng), enc, version=4, src=src)
    map_kwargs = dict(dlatent_broadcast=L.num_layers(k['resolution']), **sub_kwargs)
    mapping = _network('G_mapping', 'G_mapping', map_kwargs,
                       random_variables(L.mapping_layout(**sub_kwargs), rng, k['mapping_lrmul']), enc, version=4, src=src)
    top = random_variables(L.generator_top_layout(**sub_kwargs), rng)
    return _network(name, 'G_main', kwargs, top, enc, components=dict(synthesis=syn, mapping=mapping), version=4, src=src)


def stylegan2_discriminator(kwargs, rng, enc):
    return _network('D', 'D_stylegan2', kwargs, random_variables(L.stylegan2_discriminator_layout(**kwargs), rng), enc,
                    version=4, src=_module_src('training/networks_stylegan2.py'))


def base_kwargs(resolution, num_channels=3, label_size=0):
    """training_loop.py builds G and D with these three first, then the G_args/D_args extras."""
    return dict(num_channels=num_channels, resolution=resolution, label_size=label_size)


def make_stylegan1(g_kwargs, d_kwargs, seed, enc=None):
    """(G, D, Gs); G and Gs share layouts but not values, like a training snapshot."""
    enc = enc or Encoding()
    rng = np.random.default_rng(seed)
    gs = stylegan1_generator('Gs', g_kwargs, rng, enc)
    g = stylegan1_generator('G', g_kwargs, rng, enc)
    return g, stylegan1_discriminator(d_kwargs, rng, enc), gs


def make_stylegan2(g_kwargs, d_kwargs, seed, enc=None, revised=False):
    enc = enc or Encoding()
    rng = np.random.default_rng(seed)
    gs = stylegan2_generator('Gs', g_kwargs, rng, enc, revised)
    g = stylegan2_generator('G', g_kwargs, rng, enc, revised)
    return g, stylegan2_discriminator(d_kwargs, rng, enc), gs


def save_pickle(path, obj):
    """misc.save_pkl used pickle.HIGHEST_PROTOCOL of Python 3.6, i.e. 4."""
    tmp = path + '.tmp'
    with open(tmp, 'wb') as f:
        pickle.dump(obj, f, protocol=4)
    os.replace(tmp, path)


# --------------------------------------------------------------------------
# Command line.

def _parse_kwarg(text):
    key, _, value = text.partition('=')
    for cast in (int, float):
        try:
            return key, cast(value)
        except ValueError:
            pass
    return key, value


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    family = p.add_mutually_exclusive_group(required=True)
    family.add_argument('--stylegan1', action='store_true', help='G_style (networks_stylegan.py)')
    family.add_argument('--stylegan2', action='store_true', help='G_main + G_synthesis_stylegan2 (config E/F)')
    family.add_argument('--stylegan2-revised', action='store_true', help='G_main + G_synthesis_stylegan_revised')
    p.add_argument('--resolution', type=int, default=1024)
    p.add_argument('--num-channels', type=int, default=3)
    p.add_argument('--label-size', type=int, default=0)
    p.add_argument('--kwarg', action='append', default=[], metavar='KEY=VALUE',
                   help='extra G static kwarg (fmap_base, fmap_max, dlatent_size, mapping_layers, ...); '
                        'fmap_* ones go to D too')
    p.add_argument('--random-seed', type=int, default=0)
    p.add_argument('--big-endian', action='store_true')
    p.add_argument('--fortran', action='store_true', help='Fortran-order arrays (ndim >= 2)')
    p.add_argument('--float16', action='store_true')
    p.add_argument('--zero-d-arrays', action='store_true', help='0-d ndarrays instead of numpy scalars')
    p.add_argument('--out', required=True)
    a = p.parse_args(argv)

    t0 = time.time()
    base = base_kwargs(a.resolution, a.num_channels, a.label_size)
    extras = dict(_parse_kwarg(kv) for kv in a.kwarg)
    g_kwargs = dict(base, **extras)
    d_kwargs = dict(base, **{k: v for k, v in extras.items() if k.startswith('fmap_')})
    enc = Encoding('>' if a.big_endian else '<', a.fortran, a.float16, a.zero_d_arrays)
    if a.stylegan1:
        nets = make_stylegan1(g_kwargs, d_kwargs, a.random_seed, enc)
    else:
        if a.stylegan2_revised:
            g_kwargs['synthesis_func'] = 'G_synthesis_stylegan_revised'
        nets = make_stylegan2(g_kwargs, d_kwargs, a.random_seed, enc, revised=a.stylegan2_revised)
    save_pickle(a.out, nets)
    print(f'wrote {a.out}: {os.path.getsize(a.out) / 2**20:.1f} MiB in {time.time() - t0:.1f} s')


if __name__ == '__main__':
    main()
