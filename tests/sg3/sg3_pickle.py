"""Writes torch.nn.Module trees as NVIDIA-style persistence network pickles.

NVIDIA's torch_utils.persistence pickles each decorated module as
    _reconstruct_persistent_obj(dict(type='class', version=6, module_src=<source
    of the defining module>, class_name=<bare class name>, state=<module __dict__>))
and network-snapshot-*.pkl is plain pickle.dump (protocol 4) of
    dict(G, D, G_ema, augment_pipe, training_set_kwargs).
SnapshotPickler produces exactly that opcode/global structure for any module
tree (NVIDIA's own objects at fixture time, or tests/sg3/sg3_arch.py's look-alikes
at test time), but stores our own stand-in text as module_src: NVIDIA's source is
not redistributed, and StyleMix never executes module_src. Tensors, numpy values
and EasyDicts go through their normal reducers, as in a real snapshot.
sg3_numpy_pickle.py writes the same structure without torch (make_big_sg3.py).
"""
import copy
import pickle
import sys
import types

import torch

import sg3_numpy_pickle

# Shared with the torch-free writer (same stand-in text, protocol, kwargs).
PERSISTENCE_VERSION = sg3_numpy_pickle.PERSISTENCE_VERSION
PROTOCOL = sg3_numpy_pickle.PROTOCOL
stand_in_module_src = sg3_numpy_pickle.stand_in_module_src
training_set_kwargs = sg3_numpy_pickle.training_set_kwargs


def _install_stand_in_globals():
    """Makes torch_utils.persistence._reconstruct_persistent_obj and
    dnnlib.util.EasyDict importable (pickle saves globals by looking them up).
    Keeps NVIDIA's modules when they are already imported."""
    mod = sys.modules.get('torch_utils.persistence')
    if mod is None or not hasattr(mod, '_reconstruct_persistent_obj'):
        sys.modules.setdefault('torch_utils', types.ModuleType('torch_utils'))
        mod = types.ModuleType('torch_utils.persistence')

        def _reconstruct_persistent_obj(meta):
            raise RuntimeError('stand-in: StyleMix test pickles are written, not loaded, in Python')
        _reconstruct_persistent_obj.__module__ = 'torch_utils.persistence'
        _reconstruct_persistent_obj.__qualname__ = '_reconstruct_persistent_obj'
        mod._reconstruct_persistent_obj = _reconstruct_persistent_obj
        sys.modules['torch_utils.persistence'] = mod
        sys.modules['torch_utils'].persistence = mod
    util = sys.modules.get('dnnlib.util')
    if util is None or not hasattr(util, 'EasyDict'):
        sys.modules.setdefault('dnnlib', types.ModuleType('dnnlib'))
        util = types.ModuleType('dnnlib.util')

        class EasyDict(dict):
            def __getattr__(self, name):
                try:
                    return self[name]
                except KeyError:
                    raise AttributeError(name)

            def __setattr__(self, name, value):
                self[name] = value
        EasyDict.__module__, EasyDict.__qualname__ = 'dnnlib.util', 'EasyDict'
        util.EasyDict = EasyDict
        sys.modules['dnnlib.util'] = util
        sys.modules['dnnlib'].util = util
    return mod._reconstruct_persistent_obj, util.EasyDict


reconstruct_persistent_obj, EasyDict = _install_stand_in_globals()


def persistent_module_name(module):
    """The module NVIDIA's class lives in: a look-alike class names it in
    PERSISTENT_MODULE; NVIDIA's decorator subclass (defined in
    torch_utils.persistence) wraps the original class, the next in the MRO."""
    cls = type(module)
    if hasattr(cls, 'PERSISTENT_MODULE'):
        return cls.PERSISTENT_MODULE
    return next(c.__module__ for c in cls.__mro__ if c.__module__ != 'torch_utils.persistence')


class SnapshotPickler(pickle.Pickler):
    """Pickles every torch.nn.Module as a persistent object (see module doc)."""

    def reducer_override(self, obj):
        if not isinstance(obj, torch.nn.Module):
            return NotImplemented
        meta = dict(type='class', version=PERSISTENCE_VERSION,
                    module_src=stand_in_module_src(persistent_module_name(obj)),
                    class_name=type(obj).__name__, state=obj.__dict__)
        return (reconstruct_persistent_obj, (meta,), None)


def dumps(obj):
    import io
    buf = io.BytesIO()
    SnapshotPickler(buf, protocol=PROTOCOL).dump(obj)
    return buf.getvalue()


def snapshot(G, D, G_ema, training_set_kwargs, augment_pipe=None):
    """The dict training_loop.py pickles: networks deep-copied, eval(),
    requires_grad_(False); training_set_kwargs a plain dict."""
    data = dict(G=G, D=D, G_ema=G_ema, augment_pipe=augment_pipe, training_set_kwargs=dict(training_set_kwargs))
    for key, value in data.items():
        if isinstance(value, torch.nn.Module):
            data[key] = copy.deepcopy(value).eval().requires_grad_(False)
    return data

