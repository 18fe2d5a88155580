#!/usr/bin/python3
"""Writes the network-pickle test fixtures (run with Debian's /usr/bin/python3,
which has python3-torch and numpy):

    /usr/bin/python3 tests/make_test_pickles.py [--out tests/data/pickle] [--corpus tests/fuzz/corpus]

It reproduces the structure of NVIDIA's network pickles without NVIDIA's code:
the modules torch_utils.persistence and dnnlib.util are defined here, so the
pickles name the same globals (_reconstruct_persistent_obj, EasyDict), and
tensors/parameters go through torch's own __reduce_ex__ under plain
pickle.dump, exactly as in network-snapshot-*.pkl. Every network pickle gets a
.safetensors twin holding G_ema's state_dict and init_kwargs; the C++ tests
check that both read back identically. The hostile pickles must all be
refused. Storage keys are torch pointer values, so reruns differ byte-wise.
"""
import argparse
import copy
import io
import json
import os
import pickle
import struct
import sys
import types
from collections import OrderedDict

import numpy as np
import torch

# ---------------------------------------------------------------------------
# Stand-ins for NVIDIA's modules, registered under the same import names.

persistence = types.ModuleType('torch_utils.persistence')
dnnlib_util = types.ModuleType('dnnlib.util')
sys.modules.setdefault('torch_utils', types.ModuleType('torch_utils'))
sys.modules.setdefault('dnnlib', types.ModuleType('dnnlib'))
sys.modules['torch_utils.persistence'] = persistence
sys.modules['dnnlib.util'] = dnnlib_util


class EasyDict(dict):
    """dict with attribute access, pickled by NEWOBJ like dnnlib.util.EasyDict."""
    __module__ = 'dnnlib.util'

    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name)

    def __setattr__(self, name, value):
        self[name] = value


dnnlib_util.EasyDict = EasyDict

_CLASSES = {}   # (module_src, class name) -> decorated class, like NVIDIA's per-source modules


def _reconstruct_persistent_obj(meta):
    cls = _CLASSES[(meta['module_src'], meta['class_name'])]
    obj = cls.__new__(cls)
    obj.__setstate__(meta['state'])
    return obj


_reconstruct_persistent_obj.__module__ = 'torch_utils.persistence'
persistence._reconstruct_persistent_obj = _reconstruct_persistent_obj

SG2_MODULE_SRC = ('# StyleGAN2-shaped test network written by tests/make_test_pickles.py.\n'
                  '# A real file stores its networks module source here; StyleMix never runs it.\n'
                  'class Generator: pass\nclass MappingNetwork: pass\nclass SynthesisNetwork: pass\n')
ADA_MODULE_SRC = ('# stylegan2-ada-pytorch-shaped test network (training/networks.py layout).\n'
                  'class Generator: pass\n')
SG3_MODULE_SRC = ('# StyleGAN3-shaped test network written by tests/make_test_pickles.py.\n'
                  'class Generator: pass\nclass SynthesisInput: pass\nclass SynthesisLayer: pass\n')


def persistent_class(name, module_src):
    """Like torch_utils.persistence.persistent_class: records the constructor
    arguments and pickles the instance as _reconstruct_persistent_obj(meta)."""
    def wrap(orig):
        class Decorator(orig):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                self._init_args = copy.deepcopy(args)
                self._init_kwargs = copy.deepcopy(kwargs)

            def __reduce__(self):
                meta = dict(type='class', version=6, module_src=module_src, class_name=name,
                            state=self.__dict__)
                return (_reconstruct_persistent_obj, (meta,), None)
        Decorator.__name__ = name
        _CLASSES[(module_src, name)] = Decorator
        return Decorator
    return wrap


def sg2(name):
    return persistent_class(name, SG2_MODULE_SRC)


# ---------------------------------------------------------------------------
# A StyleGAN2 generator with the parameter/buffer layout of NVIDIA's
# networks_stylegan2.py (forward passes are not needed here).

def setup_filter(f):
    f = torch.as_tensor(f, dtype=torch.float32)
    f = f.ger(f)
    return f / f.sum()


@sg2('FullyConnectedLayer')
class FullyConnectedLayer(torch.nn.Module):
    def __init__(self, in_features, out_features, bias=True, activation='linear', lr_multiplier=1, bias_init=0):
        super().__init__()
        self.in_features = in_features
        self.out_features = out_features
        self.activation = activation
        self.weight = torch.nn.Parameter(torch.randn([out_features, in_features]) / lr_multiplier)
        self.bias = torch.nn.Parameter(torch.full([out_features], float(bias_init)) + 0.1 * torch.randn([out_features])) if bias else None
        self.weight_gain = lr_multiplier / np.sqrt(in_features)   # a numpy float64, as in NVIDIA's code
        self.bias_gain = lr_multiplier


@sg2('MappingNetwork')
class MappingNetwork(torch.nn.Module):
    def __init__(self, z_dim, c_dim, w_dim, num_ws, num_layers=8, lr_multiplier=0.01, w_avg_beta=0.998):
        super().__init__()
        self.z_dim, self.c_dim, self.w_dim, self.num_ws, self.num_layers = z_dim, c_dim, w_dim, num_ws, num_layers
        self.w_avg_beta = w_avg_beta
        embed_features = w_dim if c_dim > 0 else 0
        features = [z_dim + embed_features] + [w_dim] * num_layers
        if c_dim > 0:
            self.embed = FullyConnectedLayer(c_dim, embed_features)
        for idx in range(num_layers):
            setattr(self, f'fc{idx}', FullyConnectedLayer(features[idx], features[idx + 1], activation='lrelu',
                                                          lr_multiplier=lr_multiplier))
        self.register_buffer('w_avg', torch.randn([w_dim]))


@sg2('SynthesisLayer')
class SynthesisLayer(torch.nn.Module):
    def __init__(self, in_channels, out_channels, w_dim, resolution, kernel_size=3, up=1, view_noise=False):
        super().__init__()
        self.resolution, self.up, self.activation = resolution, up, 'lrelu'
        self.affine = FullyConnectedLayer(w_dim, in_channels, bias_init=1)
        self.register_buffer('resample_filter', setup_filter([1, 3, 3, 1]))
        self.padding = kernel_size // 2
        self.act_gain = np.sqrt(2)
        self.weight = torch.nn.Parameter(torch.randn([out_channels, in_channels, kernel_size, kernel_size]))
        if view_noise:
            # A transposed view with a storage offset: the reader must gather it.
            base = torch.randn([resolution + 1, resolution + 2])
            self.register_buffer('noise_const', base[1:, 2:].t())
            assert not self.noise_const.is_contiguous() and self.noise_const.storage_offset() > 0
        else:
            self.register_buffer('noise_const', torch.randn([resolution, resolution]))
        self.noise_strength = torch.nn.Parameter(torch.randn([]))
        self.bias = torch.nn.Parameter(torch.randn([out_channels]))


@sg2('ToRGBLayer')
class ToRGBLayer(torch.nn.Module):
    def __init__(self, in_channels, out_channels, w_dim, kernel_size=1):
        super().__init__()
        self.affine = FullyConnectedLayer(w_dim, in_channels, bias_init=1)
        # Permuted (non-contiguous) weight.
        self.weight = torch.nn.Parameter(torch.randn([in_channels, out_channels, kernel_size, kernel_size]).permute(1, 0, 2, 3))
        self.bias = torch.nn.Parameter(torch.randn([out_channels]))
        self.weight_gain = 1 / np.sqrt(in_channels * (kernel_size ** 2))


@sg2('SynthesisBlock')
class SynthesisBlock(torch.nn.Module):
    def __init__(self, in_channels, out_channels, w_dim, resolution, img_channels, is_last, architecture='skip'):
        super().__init__()
        self.in_channels, self.w_dim, self.resolution, self.img_channels = in_channels, w_dim, resolution, img_channels
        self.is_last, self.architecture = is_last, architecture
        self.register_buffer('resample_filter', setup_filter([1, 3, 3, 1]))
        self.num_conv = 0
        self.num_torgb = 0
        if in_channels == 0:
            self.const = torch.nn.Parameter(torch.randn([out_channels, resolution, resolution]))
        if in_channels != 0:
            self.conv0 = SynthesisLayer(in_channels, out_channels, w_dim, resolution, up=2)
            self.num_conv += 1
        self.conv1 = SynthesisLayer(out_channels, out_channels, w_dim, resolution, view_noise=is_last)
        self.num_conv += 1
        if is_last or architecture == 'skip':
            self.torgb = ToRGBLayer(out_channels, img_channels, w_dim)
            self.num_torgb += 1


@sg2('SynthesisNetwork')
class SynthesisNetwork(torch.nn.Module):
    def __init__(self, w_dim, img_resolution, img_channels, channel_base=32768, channel_max=512, num_fp16_res=4,
                 conv_clamp=256, **block_kwargs):
        super().__init__()
        self.w_dim, self.img_resolution, self.img_channels = w_dim, img_resolution, img_channels
        self.img_resolution_log2 = int(np.log2(img_resolution))
        self.block_resolutions = [2 ** i for i in range(2, self.img_resolution_log2 + 1)]
        channels = {res: min(channel_base // res, channel_max) for res in self.block_resolutions}
        self.num_ws = 0
        for res in self.block_resolutions:
            in_channels = channels[res // 2] if res > 4 else 0
            block = SynthesisBlock(in_channels, channels[res], w_dim, res, img_channels,
                                   is_last=(res == img_resolution), **block_kwargs)
            self.num_ws += block.num_conv
            if res == img_resolution:
                self.num_ws += block.num_torgb
            setattr(self, f'b{res}', block)
        # Fixture extras that state_dict() leaves out: a non-persistent and a None buffer.
        self.register_buffer('scratch', torch.ones([3]), persistent=False)
        self.register_buffer('unused', None)


class _GeneratorBase(torch.nn.Module):
    def _build(self, z_dim, c_dim, w_dim, img_resolution, img_channels, mapping_kwargs, synthesis_kwargs):
        self.z_dim, self.c_dim, self.w_dim = z_dim, c_dim, w_dim
        self.img_resolution, self.img_channels = img_resolution, img_channels
        self.synthesis = SynthesisNetwork(w_dim=w_dim, img_resolution=img_resolution, img_channels=img_channels,
                                          **synthesis_kwargs)
        self.num_ws = self.synthesis.num_ws
        self.mapping = MappingNetwork(z_dim=z_dim, c_dim=c_dim, w_dim=w_dim, num_ws=self.num_ws, **mapping_kwargs)


@sg2('Generator')
class Generator(_GeneratorBase):
    """stylegan3 repo (training/networks_stylegan2.py): synthesis kwargs passed flat."""
    def __init__(self, z_dim, c_dim, w_dim, img_resolution, img_channels, mapping_kwargs={}, **synthesis_kwargs):
        super().__init__()
        synthesis_kwargs = {k: v for k, v in synthesis_kwargs.items() if k != 'fused_modconv_default'}
        self._build(z_dim, c_dim, w_dim, img_resolution, img_channels, mapping_kwargs, synthesis_kwargs)



@persistent_class('Generator', ADA_MODULE_SRC)
class GeneratorAda(_GeneratorBase):
    """stylegan2-ada-pytorch (training/networks.py): nested synthesis_kwargs."""
    def __init__(self, z_dim, c_dim, w_dim, img_resolution, img_channels, mapping_kwargs={}, synthesis_kwargs={}):
        super().__init__()
        self._build(z_dim, c_dim, w_dim, img_resolution, img_channels, mapping_kwargs, synthesis_kwargs)


@sg2('Discriminator')
class Discriminator(torch.nn.Module):
    """Only needs to be a realistic neighbour of G in the file."""
    def __init__(self, c_dim, img_resolution, img_channels):
        super().__init__()
        self.fromrgb = FullyConnectedLayer(img_channels, 4)
        self.out = FullyConnectedLayer(4, max(c_dim, 1))
        self.register_buffer('bf16_probe', torch.randn([5]).to(torch.bfloat16))
        self.block_resolutions_np = np.array([img_resolution, img_resolution // 2])   # numpy array placeholder


# StyleGAN3-shaped generator: synthesis starts with an 'input' layer.
def sg3(name):
    return persistent_class(name, SG3_MODULE_SRC)


@sg3('SynthesisInput')
class SynthesisInput(torch.nn.Module):
    def __init__(self, w_dim, channels, size):
        super().__init__()
        self.affine = FullyConnectedLayer(w_dim, 4)
        self.weight = torch.nn.Parameter(torch.randn([channels, channels]))
        self.register_buffer('transform', torch.eye(3))


@sg3('SynthesisNetwork')
class SynthesisNetwork3(torch.nn.Module):
    def __init__(self, w_dim, img_resolution, img_channels):
        super().__init__()
        self.input = SynthesisInput(w_dim, 4, 8)
        setattr(self, 'L0_36_4', FullyConnectedLayer(w_dim, 4))


@sg3('Generator')
class Generator3(torch.nn.Module):
    def __init__(self, z_dim, c_dim, w_dim, img_resolution, img_channels, mapping_kwargs={}, **synthesis_kwargs):
        super().__init__()
        self.synthesis = SynthesisNetwork3(w_dim, img_resolution, img_channels)
        self.mapping = MappingNetwork(z_dim, c_dim, w_dim, num_ws=4, **mapping_kwargs)


# ---------------------------------------------------------------------------
# Writers

SAFETENSORS_DTYPES = {torch.float32: 'F32', torch.float16: 'F16', torch.bfloat16: 'BF16'}


def write_safetensors(path, tensors, metadata):
    header = {'__metadata__': metadata}
    offset = 0
    blobs = []
    for name in sorted(tensors):
        t = tensors[name].detach().contiguous()
        raw = t.view(torch.uint8).numpy().tobytes() if t.dim() > 0 else t.reshape(1).view(torch.uint8).numpy().tobytes()
        header[name] = {'dtype': SAFETENSORS_DTYPES[t.dtype], 'shape': list(t.shape),
                        'data_offsets': [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    text = json.dumps(header, separators=(',', ':')).encode()
    text += b' ' * (-len(text) % 8)
    with open(path, 'wb') as f:
        f.write(struct.pack('<Q', len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)


def snapshot(G, D, G_ema, augment_pipe=None, training_set_kwargs=None):
    """The dict NVIDIA's training loop pickles into network-snapshot-*.pkl."""
    data = dict(training_set_kwargs=dict(training_set_kwargs or {}))
    for name, module in [('G', G), ('D', D), ('G_ema', G_ema), ('augment_pipe', augment_pipe)]:
        if module is not None:
            module = copy.deepcopy(module).eval().requires_grad_(False)
        data[name] = module
    return data


def write_network(out, stem, G_ema, class_name, protocol, G=None):
    G = G if G is not None else copy.deepcopy(G_ema)
    with torch.no_grad():   # G differs from G_ema, so reading G by mistake is caught
        for p in G.parameters():
            p.add_(1.0)
    D = Discriminator(G_ema.c_dim, G_ema.img_resolution, G_ema.img_channels)
    tsk = dict(class_name='training.dataset.ImageFolderDataset', path='~/datasets/tiny.zip', use_labels=G_ema.c_dim > 0,
               max_size=1000, xflip=False, resolution=G_ema.img_resolution, random_seed=0)
    data = snapshot(G, D, G_ema, None, tsk)
    with open(os.path.join(out, stem + '.pkl'), 'wb') as f:
        pickle.dump(data, f, protocol=protocol)
    kwargs = dict(G_ema._init_kwargs)
    for name, value in zip(['z_dim', 'c_dim', 'w_dim', 'img_resolution', 'img_channels', 'mapping_kwargs',
                            'synthesis_kwargs'], G_ema._init_args):
        kwargs[name] = value
    write_safetensors(os.path.join(out, stem + '.safetensors'), G_ema.state_dict(),
                      {'format': 'stylegan2', 'class_name': class_name, 'init_kwargs': json.dumps(kwargs, sort_keys=True)})
    # Sanity: the pickle loads back in Python to the same state_dict.
    with open(os.path.join(out, stem + '.pkl'), 'rb') as f:
        back = pickle.load(f)['G_ema'].state_dict()
    ref = G_ema.state_dict()
    assert back.keys() == ref.keys() and all(torch.equal(back[k], ref[k]) for k in ref)


# ---------------------------------------------------------------------------
# Hostile inputs

MAGIC = 0x1950a86a20f9469cfc6c
SYS_INFO = dict(protocol_version=1001, little_endian=True, type_sizes=dict(short=2, int=4, long=8))


class _Marker:
    pass


def legacy_stream(pid, keys, chunks, pid_tag='storage'):
    """A legacy torch.save stream written field by field, to break it on purpose."""
    out = io.BytesIO()
    for v in (MAGIC, 1001, SYS_INFO):
        pickle.dump(v, out, protocol=2)
    marker = _Marker()
    p = pickle.Pickler(out, protocol=2)
    p.persistent_id = lambda o: ((pid_tag,) + tuple(pid)) if o is marker else None
    p.dump(marker)
    pickle.dump(keys, out, protocol=2)
    for count, raw in chunks:
        out.write(struct.pack('<q', count))
        out.write(raw)
    return out.getvalue()


def torch_storage_bytes(t):
    b = io.BytesIO()
    torch.save(t.storage(), b, _use_new_zipfile_serialization=False)
    return b.getvalue()


class RawStorage:
    """Pickles as torch.storage._load_from_bytes(payload), whatever the payload."""
    def __init__(self, payload):
        self.payload = payload

    def __reduce__(self):
        return (torch.storage._load_from_bytes, (self.payload,))


class RawTensor:
    """Pickles as torch._utils._rebuild_tensor_v2(storage, offset, size, stride, ...)."""
    def __init__(self, payload, offset, size, stride):
        self.args = (RawStorage(payload), offset, tuple(size), tuple(stride), False, OrderedDict())

    def __reduce__(self):
        return (torch._utils._rebuild_tensor_v2, self.args)


def micro_generator():
    torch.manual_seed(1)
    return Generator(z_dim=2, w_dim=2, mapping_kwargs=EasyDict(num_layers=1), channel_base=8, channel_max=2,
                     num_fp16_res=0, conv_clamp=None, c_dim=0, img_resolution=4, img_channels=1)


def network_with_bad_tensor(bad):
    """A micro network pickle whose G_ema.synthesis.b4.const is `bad`."""
    G = micro_generator()
    G.synthesis.b4._parameters['const'] = bad
    return pickle.dumps(dict(G=None, D=None, G_ema=G, augment_pipe=None, training_set_kwargs={}), protocol=4)


class Os:
    """pickle.dumps of this is what a real exploit pickle looks like."""
    def __reduce__(self):
        return (os.system, ('echo pwned',))


class PidPickler(pickle.Pickler):
    def persistent_id(self, obj):
        return 'storage-0' if isinstance(obj, _Marker) else None


def hostile_pickles():
    f32 = torch.arange(16, dtype=torch.float32)
    good = torch_storage_bytes(f32)
    pid = (torch.FloatStorage, '0', 'cpu', 16, None)
    raw16 = f32.numpy().tobytes()
    pid_nowhere = io.BytesIO()
    PidPickler(pid_nowhere, protocol=4).dump(dict(G_ema=_Marker()))
    return {
        # Globals that would execute code.
        'bad_global_os_system.pkl': b'\x80\x02cos\nsystem\nX\x0a\x00\x00\x00echo pwned\x85R.',
        'bad_global_posix_system.pkl': pickle.dumps(Os(), protocol=4),
        'bad_global_builtins_eval.pkl': b'\x80\x04\x8c\x08builtins\x8c\x04eval\x93\x8c\x0bprint("hi")\x85R.',
        'bad_global_subprocess_popen.pkl': b'\x80\x03csubprocess\nPopen\n]X\x02\x00\x00\x00lsa\x85R.',
        'bad_unknown_class.pkl': b'\x80\x04}\x8c\x05G_ema\x8c\x1btraining.networks_stylegan2\x8c\tGenerator\x93)\x81s.',
        # REDUCE on things that are not allow-listed callables.
        'bad_reduce_on_str.pkl': b'\x80\x04\x8c\tos.system)R.',
        'bad_reduce_value_only.pkl': b'\x80\x02ctorch\nFloatStorage\n)R.',
        # Resource exhaustion.
        'bad_deep_nesting.pkl': b'\x80\x04]' + b'\x85' * 1000 + b'.',
        'bad_deep_marks.pkl': b'\x80\x04' + b'(' * 1000 + b'.',
        'bad_huge_str.pkl': b'\x80\x04\x8d' + struct.pack('<Q', 1 << 62) + b'abc.',
        'bad_huge_bytes.pkl': b'\x80\x04\x8e' + struct.pack('<Q', (1 << 64) - 1) + b'abc.',
        'bad_huge_long.pkl': b'\x80\x04\x8b' + struct.pack('<i', 0x7fffffff) + b'\x01.',
        'bad_memo_missing.pkl': b'\x80\x04h\x05.',
        'bad_memo_index_huge.pkl': b'\x80\x04Nr\xff\xff\xff\xff.',
        # Protocols and opcodes outside the subset.
        'bad_protocol0.pkl': pickle.dumps({'G_ema': 1}, protocol=0),
        'bad_next_buffer.pkl': b'\x80\x05\x97.',
        'bad_truncated.pkl': pickle.dumps(dict(G_ema=micro_generator()), protocol=4)[:700],
        # Storages and tensors that do not add up.
        'bad_storage_truncated.pkl': network_with_bad_tensor(RawTensor(good[:-10], 0, [16], [1])),
        'bad_storage_count_mismatch.pkl': network_with_bad_tensor(
            RawTensor(legacy_stream(pid, ['0'], [(15, raw16[:60])]), 0, [16], [1])),
        'bad_storage_huge_count.pkl': network_with_bad_tensor(
            RawTensor(legacy_stream((torch.FloatStorage, '0', 'cpu', 1 << 61, None), ['0'], [(1 << 61, raw16)]), 0, [16], [1])),
        'bad_tensor_exceeds_storage.pkl': network_with_bad_tensor(RawTensor(good, 3, [4, 4], [4, 1])),
        'bad_tensor_stride_overflow.pkl': network_with_bad_tensor(RawTensor(good, 0, [2, 2], [1 << 47, 1 << 47])),
        'bad_storage_key_unreferenced.pkl': network_with_bad_tensor(
            RawTensor(legacy_stream(pid, ['0', '7'], [(16, raw16), (16, raw16)]), 0, [16], [1])),
        'bad_storage_no_data.pkl': network_with_bad_tensor(RawTensor(legacy_stream(pid, [], []), 0, [16], [1])),
        'bad_persistent_id_module.pkl': network_with_bad_tensor(
            RawTensor(legacy_stream((None, None, None), [], [], pid_tag='module'), 0, [16], [1])),
        'bad_persistent_id_nowhere.pkl': pid_nowhere.getvalue(),
        'bad_no_generator.pkl': pickle.dumps(dict(D=None, training_set_kwargs={}), protocol=4),
    }


# ---------------------------------------------------------------------------

def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser()
    ap.add_argument('--out', default=os.path.join(here, 'data', 'pickle'))
    ap.add_argument('--corpus', default=os.path.join(here, 'fuzz', 'corpus'))
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)

    # stylegan3-repo layout, protocol 4 (Python >= 3.8 default), F32.
    torch.manual_seed(0)
    G = Generator(z_dim=16, w_dim=16, mapping_kwargs=EasyDict(num_layers=2), channel_base=64, channel_max=8,
                  num_fp16_res=0, conv_clamp=256, fused_modconv_default='inference_only',
                  c_dim=0, img_resolution=16, img_channels=3)
    write_network(args.out, 'sg2_tiny_p4', G, 'training.networks_stylegan2.Generator', protocol=4)

    # stylegan2-ada-pytorch layout: positional args, nested synthesis_kwargs,
    # conditional (mapping.embed), protocol 3 (Python 3.7), F16 tensors.
    torch.manual_seed(1)
    G = GeneratorAda(16, 3, 16, 8, 3, mapping_kwargs=EasyDict(num_layers=2),
                     synthesis_kwargs=EasyDict(channel_base=32, channel_max=8, num_fp16_res=0, conv_clamp=None,
                                               architecture='skip')).half()
    write_network(args.out, 'sg2ada_cond_p3_f16', G, 'training.networks.Generator', protocol=3)

    # StyleGAN3 generator: refused as not supported yet.
    torch.manual_seed(2)
    G3 = Generator3(z_dim=4, c_dim=0, w_dim=4, img_resolution=8, img_channels=3, mapping_kwargs=EasyDict(num_layers=1))
    with open(os.path.join(args.out, 'sg3_tiny.pkl'), 'wb') as f:
        pickle.dump(dict(G=None, D=None, G_ema=G3, augment_pipe=None, training_set_kwargs={}), f, protocol=4)

    hostile = hostile_pickles()
    for name, data in hostile.items():
        with open(os.path.join(args.out, name), 'wb') as f:
            f.write(data)

    # Fuzz seeds: tiny valid inputs plus every hostile one.
    pkl_dir = os.path.join(args.corpus, 'pickle')
    st_dir = os.path.join(args.corpus, 'torch_storage')
    os.makedirs(pkl_dir, exist_ok=True)
    os.makedirs(st_dir, exist_ok=True)
    micro = micro_generator()
    for proto in (2, 3, 4, 5):
        with open(os.path.join(pkl_dir, f'valid_micro_p{proto}.pkl'), 'wb') as f:
            pickle.dump(snapshot(micro, None, micro), f, protocol=proto)
    for name, data in hostile.items():
        with open(os.path.join(pkl_dir, name), 'wb') as f:
            f.write(data)
    seeds = {
        'valid_f32.bin': torch_storage_bytes(torch.arange(6, dtype=torch.float32)),
        'valid_f16.bin': torch_storage_bytes(torch.arange(5, dtype=torch.float16)),
        'valid_bf16.bin': torch_storage_bytes(torch.arange(3, dtype=torch.bfloat16)),
        'valid_i64.bin': torch_storage_bytes(torch.arange(2, dtype=torch.int64)),
        'valid_empty.bin': torch_storage_bytes(torch.zeros([0])),
        'valid_view.bin': legacy_stream((torch.FloatStorage, '0', 'cpu', 4, ('1', 1, 2)), ['0'],
                                        [(4, np.arange(4, dtype='<f4').tobytes())]),
        'bad_truncated.bin': torch_storage_bytes(torch.arange(6, dtype=torch.float32))[:-3],
        'bad_count_mismatch.bin': legacy_stream((torch.FloatStorage, '0', 'cpu', 4, None), ['0'],
                                                [(3, np.arange(3, dtype='<f4').tobytes())]),
        'bad_view_outside.bin': legacy_stream((torch.FloatStorage, '0', 'cpu', 4, ('1', 3, 2)), ['0'],
                                              [(4, np.arange(4, dtype='<f4').tobytes())]),
        'bad_magic.bin': b'\x80\x02K\x01.' + torch_storage_bytes(torch.zeros([1]))[15:],
        'bad_unreferenced_key.bin': legacy_stream((torch.FloatStorage, '0', 'cpu', 1, None), ['0', '1'],
                                                  [(1, b'\0' * 4), (1, b'\0' * 4)]),
    }
    for name, data in seeds.items():
        with open(os.path.join(st_dir, name), 'wb') as f:
            f.write(data)
    print(f'wrote fixtures to {args.out} and seeds to {pkl_dir}, {st_dir}')


if __name__ == '__main__':
    main()
