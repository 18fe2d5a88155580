#!/usr/bin/python3
"""Dev-time check: the torch-free writer equals the torch one, opcode for opcode.

    /usr/bin/python3 tests/sg3/check_numpy_writer.py [--which t256 r256] [--seed 0] [--with-g] [--keep DIR]

Needs torch (python3-torch). For each config of make_big_sg3.py, builds the
generator with sg3_numpy_arch (numpy) and with sg3_arch (torch), copies the
numpy values into the torch modules, pickles both (sg3_numpy_pickle and
sg3_pickle) and compares the two streams: every opcode and argument (memo
indices included) must be equal, and each storage's legacy torch.save stream
too, up to the storage key (torch uses the storage's address). Also checks
that the independently built module trees agree on every attribute
(value and type) and that the designed filters are bitwise equal before the
copy. --keep DIR writes both pickles there (*_numpy.pkl, *_torch.pkl).
"""
import argparse
import copy
import hashlib
import io
import os
import pickletools
import subprocess
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import torch           # noqa: E402

import make_big_sg3    # noqa: E402
import sg3_arch        # noqa: E402
import sg3_numpy_pickle  # noqa: E402
import sg3_pickle      # noqa: E402

LEGACY_MAGIC = b'\x80\x02\x8a\nl\xfc\x9cF\xf9 j\xa8P\x19.'


def storage_outline(data):
    """A legacy torch.save storage stream as (opcodes with the key masked, raw data hash)."""
    f = io.BytesIO(data)
    ops = []
    for _ in range(5):   # magic, version, sys_info, the storage, the key list
        start = f.tell()
        for op, arg, _pos in pickletools.genops(f):
            ops.append((op.name, arg))
        key_like = [a for (n, a) in ops if n == 'BINUNICODE' and isinstance(a, str) and a.isdigit()]
        for i, (n, a) in enumerate(ops):
            if n == 'BINUNICODE' and a in key_like:
                ops[i] = (n, '<key>')
        assert f.tell() > start
    rest = f.read()
    return ops, len(rest), hashlib.sha256(rest).hexdigest()


def stream_outline(data):
    out = []
    for op, arg, _pos in pickletools.genops(data):
        if op.name == 'FRAME':
            continue   # frame lengths follow the storage keys' lengths
        name = op.name
        if name in ('BINBYTES', 'BINBYTES8', 'SHORT_BINBYTES') and arg.startswith(LEGACY_MAGIC):
            # pickle picks SHORT_BINBYTES below 256 bytes, so the key length
            # (torch's: an address) can flip it for tiny storages.
            name, arg = 'STORAGE_BYTES', storage_outline(arg)
        out.append((name, arg))
    return out


def to_torch_kwargs(kwargs):
    """make_big_sg3's kwargs with sg3_pickle's EasyDict (torch side)."""
    return {k: sg3_pickle.EasyDict(v) if isinstance(v, dict) else v for k, v in kwargs.items()}


def same_value(a, b):
    if isinstance(a, np.ndarray):
        return type(b) is np.ndarray and a.dtype == b.dtype and a.shape == b.shape and np.array_equal(a, b)
    if isinstance(a, (list, tuple)):
        return type(a) is type(b) and len(a) == len(b) and all(same_value(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        return list(a) == list(b) and all(same_value(a[k], b[k]) for k in a)
    return type(a) is type(b) and (a == b or (a != a and b != b))


def check_trees(G_np, G_torch):
    np_mods = {'': G_np}
    stack = [('', G_np)]
    while stack:
        prefix, m = stack.pop()
        for k, c in m.__dict__['_modules'].items():
            if c is not None:
                np_mods[prefix + k] = c
                stack.append((prefix + k + '.', c))
    np_mods = {k.rstrip('.'): v for k, v in np_mods.items()}
    t_mods = dict(G_torch.named_modules())
    assert sorted(np_mods) == sorted(t_mods), (sorted(np_mods), sorted(t_mods))
    for name, t in t_mods.items():
        n = np_mods[name]
        assert type(n).__name__ == type(t).__name__, name
        assert list(n.__dict__) == list(t.__dict__), (name, list(n.__dict__), list(t.__dict__))
        for k, v in t.__dict__.items():
            if k in ('_parameters', '_buffers', '_modules'):
                assert list(v) == list(n.__dict__[k]), (name, k)
                continue
            if k.endswith('_hooks') or k == '_non_persistent_buffers_set':
                assert type(v) is type(n.__dict__[k]) and len(v) == len(n.__dict__[k]) == 0, (name, k)
                continue
            if k in ('_init_kwargs', '_init_args'):
                assert same_value(dict(v) if isinstance(v, dict) else v,
                                  dict(n.__dict__[k]) if isinstance(v, dict) else n.__dict__[k]), (name, k)
                continue
            assert same_value(v, n.__dict__[k]), (name, k, v, n.__dict__[k])
    tensors = dict(G_np.named_tensors())
    t_state = G_torch.state_dict(keep_vars=True)
    assert list(tensors) == list(t_state), 'state_dict names or order differ'
    for k, v in t_state.items():
        a = tensors[k].data
        assert tuple(v.shape) == a.shape and str(v.dtype) == 'torch.' + str(a.dtype), (k, v.shape, a.shape)
        assert isinstance(v, torch.nn.Parameter) == isinstance(tensors[k], sg3_numpy_pickle.Parameter), k
        if k.endswith('_filter'):
            assert np.array_equal(v.numpy().view(np.uint32), a.view(np.uint32)), k
    return t_state, tensors


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--which', nargs='+', choices=sorted(make_big_sg3.CONFIGS), default=['t256', 'r256'])
    ap.add_argument('--seed', type=int, default=0)
    ap.add_argument('--with-g', action='store_true')
    ap.add_argument('--keep')
    args = ap.parse_args()
    if len(args.which) > 1:
        # One fresh process per config: names interned by an earlier config
        # (torch's setattr) would change the later one's memo structure.
        for key in args.which:
            cmd = [sys.executable, os.path.abspath(__file__), '--which', key, '--seed', str(args.seed)]
            cmd += (['--with-g'] if args.with_g else []) + (['--keep', args.keep] if args.keep else [])
            subprocess.run(cmd, check=True)
        return
    for key in args.which:
        stem, kwargs = make_big_sg3.CONFIGS[key]
        # torch's tree first: setattr interns the layer names, and a name
        # already interned by the other tree would split torch's _modules key
        # from its layer_names entry (in a fresh process they are one object).
        torch.manual_seed(args.seed)
        G_t = sg3_arch.Generator(**copy.deepcopy(to_torch_kwargs(kwargs))).eval().requires_grad_(False)
        G_np = make_big_sg3.build(kwargs, args.seed).eval().requires_grad_(False)
        t_state, np_tensors = check_trees(G_np, G_t)
        with torch.no_grad():
            for k, v in t_state.items():
                v.copy_(torch.from_numpy(np_tensors[k].data))
        G_np_g = G_t_g = None
        if args.with_g:
            G_np_g = copy.deepcopy(G_np)
            for p in G_np_g.parameters():
                p.data += np.float32(1.0)
            G_t_g = copy.deepcopy(G_t)
            with torch.no_grad():
                for p in G_t_g.parameters():
                    p.add_(1.0)
        ours = sg3_numpy_pickle.dumps(sg3_numpy_pickle.snapshot(
            G_np_g, None, G_np, sg3_numpy_pickle.training_set_kwargs(G_np.img_resolution)))
        theirs = sg3_pickle.dumps(sg3_pickle.snapshot(
            G_t_g, None, G_t, sg3_pickle.training_set_kwargs(G_t.img_resolution)))
        if args.keep:
            os.makedirs(args.keep, exist_ok=True)
            for suffix, data in (('numpy', ours), ('torch', theirs)):
                with open(os.path.join(args.keep, f'{stem}_{suffix}.pkl'), 'wb') as f:
                    f.write(data)
        a, b = stream_outline(ours), stream_outline(theirs)
        names = [op.name for op, _, _ in pickletools.genops(ours) if op.name != 'FRAME']
        names_t = [op.name for op, _, _ in pickletools.genops(theirs) if op.name != 'FRAME']
        if names != names_t:
            diff = [(x, y) for x, y in zip(names, names_t) if x != y]
            print(f'{stem}: {len(diff)} opcode names differ: {sorted(set(diff))}')
            print(f'{stem}: note: opcode names differ where storage keys of another length flip SHORT_BINBYTES/BINBYTES')
        for i, (x, y) in enumerate(zip(a, b)):
            assert x == y, f'{stem}: op {i} differs: numpy {str(x)[:300]} vs torch {str(y)[:300]}'
        assert len(a) == len(b), (stem, len(a), len(b))
        storages = sum(1 for n, arg in a if isinstance(arg, tuple))
        print(f'{stem}: {len(a)} opcodes and {storages} storages equal (keys aside); '
              f'{len(ours)} vs {len(theirs)} bytes; {len(t_state)} tensors')


if __name__ == '__main__':
    main()
