#!/usr/bin/python3
"""Prints what a StyleGAN3 network pickle holds, without NVIDIA's code:
G_ema's init_kwargs, every parameter/buffer with its shape, and one row per
synthesis layer (sizes, rates, cutoffs, filters, padding, magnitude_ema).

    /usr/bin/python3 tests/sg3/describe_sg3_fixture.py FILE.pkl [FILE_ref.safetensors ...]

A .safetensors argument lists its tensors (name, dtype, shape) instead.
"""
import pickle
import sys

import numpy as np
import torch


class Persistent:
    def __init__(self, meta):
        self.class_name = meta['class_name']
        self.state = meta['state']

    def child(self, name):
        return self.state['_modules'][name]

    def tensors(self, prefix=''):
        for kind in ('_parameters', '_buffers'):
            for k, v in self.state[kind].items():
                yield prefix + k, v
        for k, m in self.state['_modules'].items():
            if m is not None:
                yield from m.tensors(prefix + k + '.')


class EasyDict(dict):
    pass


class FixtureUnpickler(pickle.Unpickler):
    def find_class(self, module, name):
        if (module, name) == ('torch_utils.persistence', '_reconstruct_persistent_obj'):
            return Persistent
        if (module, name) == ('dnnlib.util', 'EasyDict'):
            return EasyDict
        return super().find_class(module, name)


def load(path):
    with open(path, 'rb') as f:
        return FixtureUnpickler(f).load()


def shape_of(v):
    return 'None' if v is None else 'x'.join(map(str, v.shape)) or 'scalar'


def describe_pickle(path):
    data = load(path)
    G = data['G_ema']
    print(f'## {path}\n\ntop level: ' + ', '.join(f'{k}={type(v).__name__ if not isinstance(v, Persistent) else v.class_name}'
                                                  for k, v in data.items()))
    print(f'\ninit_kwargs: {dict(G.state["_init_kwargs"])}\n')
    print('state tensors (G_ema):')
    for name, t in G.tensors():
        extra = f' = {t.item():.6g}' if t is not None and t.dim() == 0 else ''
        print(f'  {name}: {shape_of(t)}{extra}')
    syn = G.child('synthesis')
    inp = syn.child('input').state
    print(f'\ninput: channels {inp["channels"]}, size {list(inp["size"])}, sampling_rate {float(inp["sampling_rate"]):g}, '
          f'bandwidth {float(inp["bandwidth"]):.6g}')
    print(f'transform buffer:\n{inp["_buffers"]["transform"].numpy()}')
    print('\n| layer | in→out ch | in→out size | rates in/tmp/out | cutoff in→out | half-width in→out | up (taps) | '
          'down (taps, radial) | padding | critical | torgb | magnitude_ema |')
    print('|---|---|---|---|---|---|---|---|---|---|---|---|')
    for name in syn.state['layer_names']:
        s = syn.child(name).state
        b = s['_buffers']
        print(f'| {name} | {s["in_channels"]}→{s["out_channels"]} | {s["in_size"][0]}→{s["out_size"][0]} | '
              f'{s["in_sampling_rate"]}/{s["tmp_sampling_rate"]}/{s["out_sampling_rate"]} | '
              f'{s["in_cutoff"]:.4g}→{s["out_cutoff"]:.4g} | {s["in_half_width"]:.4g}→{s["out_half_width"]:.4g} | '
              f'{s["up_factor"]} ({shape_of(b["up_filter"])}) | {s["down_factor"]} ({shape_of(b["down_filter"])}, '
              f'{s["down_radial"]}) | {s["padding"]} | {s["is_critically_sampled"]} | {s["is_torgb"]} | '
              f'{b["magnitude_ema"].item():.6g} |')
    print()


def describe_safetensors(path):
    sys.path.insert(0, __file__.rsplit('/', 1)[0])
    import safetensors_io
    tensors, meta = safetensors_io.read(path)
    print(f'## {path}\n\nmetadata: {meta}\n')
    for k in sorted(tensors):
        print(f'  {k}: {tensors[k].dtype} {list(tensors[k].shape)}')
    print()


if __name__ == '__main__':
    for p in sys.argv[1:]:
        (describe_safetensors if p.endswith('.safetensors') else describe_pickle)(p)
