"""Writes NVIDIA-style network pickles with numpy and the standard library only.

The torch-free twin of sg3_pickle.py. A real network-snapshot-*.pkl is
pickle.dump (protocol 4) of dict(G, D, G_ema, augment_pipe,
training_set_kwargs), where every network module is
    torch_utils.persistence._reconstruct_persistent_obj(dict(type='class',
        version=6, module_src=..., class_name=..., state=<module __dict__>))
and every tensor reduces (as torch does when pickling) to
    torch._utils._rebuild_tensor_v2(storage, offset, size, stride, requires_grad, OrderedDict())
    torch._utils._rebuild_parameter(<that tensor>, requires_grad, OrderedDict())   (parameters)
with storage = torch.storage._load_from_bytes(<legacy torch.save stream of the storage>).

Here Module, Tensor and Parameter are plain Python stand-ins (numpy arrays for
data), and SnapshotPickler (pickle's pure-Python Pickler) writes them with that
exact opcode and global structure, naming the globals by string: torch,
torch_utils and dnnlib are never imported. The module __dict__ layout is torch
1.13's (Debian bookworm's python3-torch), which sg3_pickle.py writes with torch.
sg3_numpy_arch.py builds StyleGAN3's generator from these pieces.
"""
import collections
import copy
import functools
import io
import pickle
import struct
import sys

import numpy as np

PERSISTENCE_VERSION = 6
PROTOCOL = 4   # pickle.dump's default on Python 3.8+, what the snapshots use
LEGACY_PROTOCOL = 2   # torch.save's default pickle protocol (the storage streams)

_FAMILY_CLASSES = {
    'training.networks_stylegan3': ['FullyConnectedLayer', 'MappingNetwork', 'SynthesisInput', 'SynthesisLayer',
                                    'SynthesisNetwork', 'Generator'],
    'training.networks_stylegan2': ['FullyConnectedLayer', 'Conv2dLayer', 'MappingNetwork', 'DiscriminatorBlock',
                                    'MinibatchStdLayer', 'DiscriminatorEpilogue', 'Discriminator'],
}


@functools.lru_cache(maxsize=None)
def stand_in_module_src(module_name):
    """Our placeholder for the source text NVIDIA's persistence would embed.
    It names the classes, so a reader may still grep it ('class SynthesisInput').
    Cached: one str object per module, memoised once in the stream as in NVIDIA's."""
    lines = [f'# Stand-in for the source of {module_name.replace(".", "/")}.py, written by StyleMix tests/sg3.',
             '# NVIDIA\'s code is not redistributed here; StyleMix never executes module_src.']
    lines += [f'class {name}: pass' for name in _FAMILY_CLASSES.get(module_name, [])]
    return '\n'.join(lines) + '\n'


def training_set_kwargs(resolution):
    return dict(class_name='training.dataset.ImageFolderDataset', path='~/datasets/sg3-fixture.zip', use_labels=False,
                max_size=1000, xflip=False, resolution=resolution, random_seed=0)


# ---------------------------------------------------------------------------
# Globals named by string.

class Global:
    """A global (module, name) pickled as a reference, never looked up.
    Globals of one module share the module str object, as functions of one
    module share __module__ (the pickle memo then refers back to it)."""
    _module_names = {}

    def __init__(self, module, name):
        self.module = Global._module_names.setdefault(module, module)
        self.name = name

    def __repr__(self):
        return f'Global({self.module}.{self.name})'

    def __call__(self, *args, **kwargs):   # pickle's save_reduce wants a callable
        raise RuntimeError(f'{self.module}.{self.name} is written, never called, here')


RECONSTRUCT_PERSISTENT_OBJ = Global('torch_utils.persistence', '_reconstruct_persistent_obj')
REBUILD_TENSOR_V2 = Global('torch._utils', '_rebuild_tensor_v2')
REBUILD_PARAMETER = Global('torch._utils', '_rebuild_parameter')
LOAD_FROM_BYTES = Global('torch.storage', '_load_from_bytes')
STORAGE_TYPES = {np.dtype(np.float32): Global('torch', 'FloatStorage'),
                 np.dtype(np.float64): Global('torch', 'DoubleStorage'),
                 np.dtype(np.float16): Global('torch', 'HalfStorage'),
                 np.dtype(np.int64): Global('torch', 'LongStorage'),
                 np.dtype(np.int32): Global('torch', 'IntStorage'),
                 np.dtype(np.uint8): Global('torch', 'ByteStorage'),
                 np.dtype(np.bool_): Global('torch', 'BoolStorage')}


class EasyDict(dict):
    """dnnlib.util.EasyDict's look-alike; pickled as dnnlib.util.EasyDict."""

    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name)

    def __setattr__(self, name, value):
        self[name] = value


_CLASS_NAMES = {EasyDict: ('dnnlib.util', 'EasyDict')}


class _GlobalsByName(pickle._Pickler):
    """pickle's pure-Python Pickler, writing Global objects and the classes in
    _CLASS_NAMES exactly as save_global writes an importable global."""
    dispatch = dict(pickle._Pickler.dispatch)

    def save_global(self, obj, name=None):
        if isinstance(obj, Global):
            module, name = obj.module, obj.name
        elif isinstance(obj, type) and obj in _CLASS_NAMES:
            module, name = _CLASS_NAMES[obj]
        else:
            return super().save_global(obj, name)
        if self.proto >= 4:
            self.save(module)
            self.save(name)
            self.write(pickle.STACK_GLOBAL)
        else:
            self.write(pickle.GLOBAL + module.encode('ascii') + b'\n' + name.encode('ascii') + b'\n')
        self.memoize(obj)

    dispatch[Global] = save_global


# ---------------------------------------------------------------------------
# Tensors and storages.

class Tensor:
    """A CPU tensor: C-contiguous numpy data, requires_grad False (eval copies)."""

    def __init__(self, data):
        self.data = np.asarray(data, order='C')   # (ascontiguousarray would make 0-d arrays 1-d)
        if self.data.dtype not in STORAGE_TYPES:
            raise TypeError(f'no torch storage type for {self.data.dtype}')

    @property
    def shape(self):
        return self.data.shape


class Parameter(Tensor):
    """torch.nn.Parameter: reduces to _rebuild_parameter(<tensor>, ...)."""


class _Storage:
    """torch.storage.TypedStorage of one tensor: reduces to
    _load_from_bytes(<legacy torch.save stream>)."""

    def __init__(self, data, key):
        self.data = data
        self.key = key


_MAGIC_NUMBER = 0x1950a86a20f9469cfc6c
_LEGACY_VERSION = 1001
_LEGACY_HEADER = (pickle.dumps(_MAGIC_NUMBER, protocol=LEGACY_PROTOCOL) +
                  pickle.dumps(_LEGACY_VERSION, protocol=LEGACY_PROTOCOL) +
                  pickle.dumps(dict(protocol_version=_LEGACY_VERSION, little_endian=True,
                                    type_sizes=dict(short=2, int=4, long=4)), protocol=LEGACY_PROTOCOL))


class _StoragePickler(_GlobalsByName):
    def persistent_id(self, obj):
        if isinstance(obj, _Storage):
            return ('storage', STORAGE_TYPES[obj.data.dtype], obj.key, 'cpu', obj.data.size, None)
        return None


def legacy_storage_bytes(data, key):
    """What torch.save(storage, f, _use_new_zipfile_serialization=False)
    writes for a CPU storage holding `data` (torch 1.13's legacy format):
    magic, version and sys_info pickles, the storage's persistent id, the
    sorted key list, then the element count (int64) and the raw data."""
    if sys.byteorder != 'little':
        raise RuntimeError('legacy torch storages are written little-endian here')
    buf = io.BytesIO()
    buf.write(_LEGACY_HEADER)
    _StoragePickler(buf, protocol=LEGACY_PROTOCOL).dump(_Storage(data, key))
    buf.write(pickle.dumps([key], protocol=LEGACY_PROTOCOL))
    buf.write(struct.pack('<q', data.size))
    buf.write(data.tobytes())
    return buf.getvalue()


def _contiguous_stride(shape):
    stride, acc = [], 1
    for n in reversed(shape):
        stride.append(acc)
        acc *= max(n, 1)
    return tuple(reversed(stride))


# ---------------------------------------------------------------------------
# Modules.

class Module:
    """torch.nn.Module's pickled state without torch: __dict__ holds torch
    1.13's bookkeeping entries, in its order, then the attributes the
    subclass assigns. Assignment follows nn.Module.__setattr__: Parameters go
    to _parameters, Modules to _modules, anything else (None included, unless
    the name is already registered) into __dict__."""
    PERSISTENT_MODULE = None   # the module NVIDIA's class lives in

    def __init__(self):
        d = self.__dict__
        d['training'] = True
        d['_parameters'] = collections.OrderedDict()
        d['_buffers'] = collections.OrderedDict()
        d['_non_persistent_buffers_set'] = set()
        d['_backward_hooks'] = collections.OrderedDict()
        d['_is_full_backward_hook'] = None
        d['_forward_hooks'] = collections.OrderedDict()
        d['_forward_pre_hooks'] = collections.OrderedDict()
        d['_state_dict_hooks'] = collections.OrderedDict()
        d['_load_state_dict_pre_hooks'] = collections.OrderedDict()
        d['_load_state_dict_post_hooks'] = collections.OrderedDict()
        d['_modules'] = collections.OrderedDict()

    def __setattr__(self, name, value):
        name = sys.intern(name)   # as setattr() interns attribute names
        d = self.__dict__
        if isinstance(value, Parameter):
            for other in (d, d['_buffers'], d['_modules']):
                other.pop(name, None)
            d['_parameters'][name] = value
        elif name in d['_parameters'] and value is None:
            d['_parameters'][name] = None
        elif isinstance(value, Module):
            for other in (d, d['_parameters'], d['_buffers']):
                other.pop(name, None)
            d['_modules'][name] = value
        elif name in d['_modules'] and value is None:
            d['_modules'][name] = None
        elif name in d['_buffers'] and (value is None or isinstance(value, Tensor)):
            d['_buffers'][name] = value
        else:
            if isinstance(value, Tensor):
                raise TypeError(f'{name}: register tensors as buffers or assign Parameters')
            object.__setattr__(self, name, value)

    def __getattr__(self, name):
        d = self.__dict__
        for kind in ('_parameters', '_buffers', '_modules'):
            if name in d.get(kind, ()):
                return d[kind][name]
        raise AttributeError(name)

    def register_buffer(self, name, tensor):
        if tensor is not None and not isinstance(tensor, Tensor):
            raise TypeError(f'buffer {name} must be a Tensor or None')
        self.__dict__['_buffers'][name] = tensor

    def modules(self):
        yield self
        for m in self.__dict__['_modules'].values():
            if m is not None:
                yield from m.modules()

    def parameters(self):
        for m in self.modules():
            yield from (p for p in m.__dict__['_parameters'].values() if p is not None)

    def named_tensors(self, prefix=''):
        """state_dict() order: parameters, buffers, then submodules."""
        d = self.__dict__
        for kind in ('_parameters', '_buffers'):
            for k, v in d[kind].items():
                if v is not None:
                    yield prefix + k, v
        for k, m in d['_modules'].items():
            if m is not None:
                yield from m.named_tensors(prefix + k + '.')

    def eval(self):
        for m in self.modules():
            m.__dict__['training'] = False
        return self

    def requires_grad_(self, requires_grad=True):
        if requires_grad:
            raise ValueError('these stand-ins only pickle eval copies (requires_grad False)')
        return self


def look_alike(module_name):
    """Records constructor arguments like NVIDIA's persistent_class (deep
    copies in _init_args/_init_kwargs, added after __init__) and names the
    module NVIDIA's class lives in."""
    def wrap(cls):
        class Recorded(cls):
            PERSISTENT_MODULE = module_name

            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                self._init_args = copy.deepcopy(args)
                self._init_kwargs = copy.deepcopy(kwargs)
        Recorded.__name__ = Recorded.__qualname__ = cls.__name__
        return Recorded
    return wrap


# ---------------------------------------------------------------------------
# The snapshot.

class SnapshotPickler(_GlobalsByName):
    """Pickles Module stand-ins as persistent objects and Tensor stand-ins as
    torch tensors (see module doc). Storage keys are per stream (each storage
    is its own torch.save stream); torch uses the storage's address, we count."""

    def __init__(self, file, protocol=PROTOCOL):
        super().__init__(file, protocol=protocol)
        self._storage_count = 0

    def _storage(self, data):
        self._storage_count += 1
        # torch's key is str(storage._cdata), an address: 9 digits under Debian's
        # python3-torch. Its length decides SHORT_BINBYTES or BINBYTES for
        # tiny storages (magnitude_ema), so ours has 9 digits too.
        key = str(0x30000000 + 0x40 * self._storage_count)
        return _Storage(data, key)

    def reducer_override(self, obj):
        if isinstance(obj, Module):
            meta = dict(type='class', version=PERSISTENCE_VERSION,
                        module_src=stand_in_module_src(type(obj).PERSISTENT_MODULE),
                        class_name=type(obj).__name__, state=obj.__dict__)
            return (RECONSTRUCT_PERSISTENT_OBJ, (meta,), None)
        if isinstance(obj, Parameter):
            return (REBUILD_PARAMETER, (Tensor(obj.data), False, collections.OrderedDict()))
        if isinstance(obj, Tensor):
            return (REBUILD_TENSOR_V2, (self._storage(obj.data), 0, tuple(obj.data.shape),
                                        _contiguous_stride(obj.data.shape), False, collections.OrderedDict()))
        if isinstance(obj, _Storage):
            return (LOAD_FROM_BYTES, (legacy_storage_bytes(obj.data, obj.key),))
        return NotImplemented


def dumps(obj):
    buf = io.BytesIO()
    SnapshotPickler(buf, protocol=PROTOCOL).dump(obj)
    return buf.getvalue()


def snapshot(G, D, G_ema, training_set_kwargs, augment_pipe=None):
    """The dict training_loop.py pickles: networks deep-copied, eval(),
    requires_grad_(False); training_set_kwargs a plain dict."""
    data = dict(G=G, D=D, G_ema=G_ema, augment_pipe=augment_pipe, training_set_kwargs=dict(training_set_kwargs))
    for key, value in data.items():
        if isinstance(value, Module):
            data[key] = copy.deepcopy(value).eval().requires_grad_(False)
    return data
