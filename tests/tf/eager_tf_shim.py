"""A tiny eager, float64 stand-in for the parts of TensorFlow 1.x (and of
dnnlib.tflib) that NVlabs/stylegan's training/networks_stylegan.py uses, so its
G_style/G_mapping/G_synthesis/D_basic can run unmodified on CPU for checking.

Variables come from a store filled from a pickle; `tf.get_variable` looks them
up by their full scoped name, checks the requested shape, and records the order
of first use per network (= TF's creation order, since every network builds its
template graph first). Convolutions go through torch (float64), written from
TF's documented semantics -- conv2d_transpose as the adjoint (autograd) of the
strided SAME convolution -- so they do not share code with stylegan1_reference.
Casts are ignored: everything stays float64.
"""
import contextlib
import math
import sys
import types

import numpy as np
import torch
import torch.nn.functional as F


class Dim(int):
    """A static dimension: an int that also has TF1's `.value`."""
    @property
    def value(self):
        return int(self)


class Shape(tuple):
    def __new__(cls, dims):
        return super().__new__(cls, [Dim(d) for d in dims])

    @property
    def ndims(self):
        return len(self)

    def __getitem__(self, i):
        r = super().__getitem__(i)
        return Shape(r) if isinstance(i, slice) else r


class T:
    """An eager tensor (float64 numpy)."""
    __array_ufunc__ = None   # make numpy defer to our reflected operators

    def __init__(self, value, key=None):
        self.v = np.asarray(value.v if isinstance(value, T) else value, dtype=np.float64)
        self.key = key      # set for variables (tf.assign target)

    shape = property(lambda self: Shape(self.v.shape))
    dtype = property(lambda self: 'float32')

    def set_shape(self, shape):
        assert len(shape) == self.v.ndim and all(s is None or s == d for s, d in zip(shape, self.v.shape)), \
            (shape, self.v.shape)
        self.declared_shape = list(shape)

    def __getitem__(self, i):
        return T(self.v[i])

    def __bool__(self):
        return bool(self.v)


def _v(x):
    return x.v if isinstance(x, T) else x


for _op in ('add', 'sub', 'mul', 'truediv', 'gt', 'lt', 'ge', 'le'):
    def _make(op):
        fwd = getattr(np.ndarray, f'__{op}__')
        setattr(T, f'__{op}__', lambda a, b: T(fwd(a.v, np.asarray(_v(b)))))
        if op in ('add', 'sub', 'mul', 'truediv'):
            setattr(T, f'__r{op}__', lambda a, b: T(fwd(np.asarray(_v(b), dtype=np.float64), a.v)))
    _make(_op)
T.__neg__ = lambda a: T(-a.v)


# ---------------------------------------------------------------------------
# Variable store and scopes.

class _State:
    store = {}      # full name -> np.ndarray
    order = {}      # network scope -> [local names in first-use order]
    stack = []      # variable scope names


def _full(name):
    return '/'.join(_State.stack + [name])


@contextlib.contextmanager
def variable_scope(name, reuse=None):
    _State.stack.append(name)
    try:
        yield types.SimpleNamespace(name='/'.join(_State.stack))
    finally:
        _State.stack.pop()


@contextlib.contextmanager
def _absolute_scope(names):
    saved, _State.stack = _State.stack, list(names)
    try:
        yield
    finally:
        _State.stack = saved


def get_variable(name, shape=None, initializer=None, trainable=True):
    key = _full(name)
    if key not in _State.store:
        raise KeyError(f'variable {key} is not in the pickle')
    value = _State.store[key]
    want = () if shape is None else tuple(int(s) for s in shape)
    assert value.shape == want, f'{key}: pickle {value.shape}, code {want}'
    scope, local = key.split('/', 1)
    seen = _State.order.setdefault(scope, [])
    if local not in seen:
        seen.append(local)
    return T(value, key=key)


# ---------------------------------------------------------------------------
# Ops.

def _same_pad(size, k, s):
    """TF 'SAME': output ceil(size/s); total padding max((out-1)*s + k - size, 0), the extra one after."""
    out = -(-size // s)
    total = max((out - 1) * s + k - size, 0)
    return total // 2, total - total // 2


def _conv_nchw(x, w_oihw, stride, groups=1):
    k = w_oihw.shape[2]
    py, px = _same_pad(x.shape[2], k, stride), _same_pad(x.shape[3], w_oihw.shape[3], stride)
    xt = F.pad(torch.from_numpy(x), (px[0], px[1], py[0], py[1]))
    return F.conv2d(xt, torch.from_numpy(np.ascontiguousarray(w_oihw)), stride=stride, groups=groups).numpy()


def _conv2d(x, w, strides, padding, data_format):
    """Input channels a multiple of the filter's in-depth => grouped (StyleGAN2's fused modconv)."""
    assert padding == 'SAME' and data_format == 'NCHW' and strides[2] == strides[3]
    groups = _v(x).shape[1] // _v(w).shape[2]
    return T(_conv_nchw(_v(x), np.transpose(_v(w), (3, 2, 0, 1)), strides[2], groups))


def _conv2d_transpose(x, w, output_shape, strides, padding, data_format):
    """The gradient of conv2d(u, w) (w [k,k,out,in] read as conv2d's [k,k,in',out'])
    with respect to u of shape output_shape, applied to x."""
    assert padding == 'SAME' and data_format == 'NCHW'
    shape = [int(_v(s)) for s in output_shape]
    u = torch.zeros(shape, dtype=torch.float64, requires_grad=True)
    k, s = w.shape[0], strides[2]
    py, px = _same_pad(shape[2], k, s), _same_pad(shape[3], k, s)
    y = F.conv2d(F.pad(u, (px[0], px[1], py[0], py[1])), torch.from_numpy(np.transpose(_v(w), (3, 2, 0, 1)).copy()), stride=s)
    (y * torch.from_numpy(_v(x))).sum().backward()
    return T(u.grad.numpy())


def _depthwise_conv2d(x, f, strides, padding, data_format):
    assert padding == 'SAME' and data_format == 'NCHW' and _v(f).shape[3] == 1
    fw = np.transpose(_v(f), (2, 3, 0, 1))   # [C, 1, kh, kw]
    return T(_conv_nchw(_v(x), fw, strides[2], groups=fw.shape[0]))


def _reduce_mean(x, axis=None, keepdims=False):
    return T(np.mean(_v(x), axis=tuple(axis) if isinstance(axis, list) else axis, keepdims=keepdims))


def _reshape(x, shape):
    return T(np.reshape(_v(x), [int(_v(s)) for s in shape]))


def _cond(pred, true_fn, false_fn):
    return true_fn() if bool(_v(pred)) else false_fn()


def _custom_gradient(f):
    return lambda x: f(x)[0]


def _assign(var, value):
    _State.store[var.key] = np.asarray(_v(value), dtype=np.float64).reshape(_State.store[var.key].shape)


def _initializer(*args, **kwargs):
    return None


def make_tf_module():
    tf = types.ModuleType('tensorflow')
    tf.float32, tf.float16, tf.int32 = 'float32', 'float16', 'int32'
    tf.as_dtype = lambda d: d
    tf.Tensor = tf.Variable = tf.Operation = T
    tf.variable_scope, tf.get_variable = variable_scope, get_variable
    tf.name_scope = lambda *a, **k: contextlib.nullcontext()
    tf.control_dependencies = lambda deps: contextlib.nullcontext()
    tf.initializers = types.SimpleNamespace(random_normal=_initializer, zeros=_initializer, ones=_initializer)
    tf.cast = lambda x, dtype: x if isinstance(x, T) else T(x)
    tf.identity = lambda x, name=None: x
    tf.constant = lambda value, dtype=None, name=None: T(value)
    tf.shape = lambda x: np.array(_v(x).shape)
    tf.tile = lambda x, m: T(np.tile(_v(x), [int(_v(i)) for i in m]))
    tf.reshape = _reshape
    tf.transpose = lambda x, perm: T(np.transpose(_v(x), perm))
    tf.pad = lambda x, p, mode='CONSTANT': T(np.pad(_v(x), p))
    tf.add_n = lambda xs: T(sum(_v(x) for x in xs))
    tf.matmul = lambda a, b: T(_v(a) @ _v(b))
    tf.concat = lambda xs, axis: T(np.concatenate([_v(x) for x in xs], axis=axis))
    tf.rsqrt = lambda x: T(1.0 / np.sqrt(_v(x)))
    tf.sqrt = lambda x: T(np.sqrt(_v(x)))
    tf.square = lambda x: T(np.square(_v(x)))
    tf.maximum = lambda a, b: T(np.maximum(_v(a), _v(b)))
    tf.minimum = lambda a, b: np.minimum(_v(a), _v(b))
    tf.reduce_mean = _reduce_mean
    tf.random_normal = lambda shape, dtype=None: T(np.random.RandomState(0).randn(*[int(_v(d)) for d in shape]))
    tf.reduce_sum = lambda x, axis=None, keepdims=False: T(np.sum(_v(x), axis=tuple(axis) if isinstance(axis, list) else axis, keepdims=keepdims))
    tf.where = lambda c, a, b: T(np.where(_v(c), _v(a), _v(b)))
    tf.broadcast_to = lambda x, s: np.broadcast_to(_v(x), tuple(int(i) for i in s))
    tf.clip_by_value = lambda x, lo, hi: T(np.clip(_v(x), lo, hi))
    tf.cond, tf.custom_gradient, tf.assign = _cond, _custom_gradient, _assign
    tf.nn = types.SimpleNamespace(conv2d=_conv2d, conv2d_transpose=_conv2d_transpose,
                                  depthwise_conv2d=_depthwise_conv2d, relu=lambda x: T(np.maximum(_v(x), 0)))
    return tf


# ---------------------------------------------------------------------------
# dnnlib / dnnlib.tflib stand-ins.

class EasyDict(dict):
    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name)

    def __setattr__(self, name, value):
        self[name] = value


def _template_inputs(func_name, kw):
    """Inputs for the template build (the shapes the build functions declare)."""
    if func_name.startswith('G_synthesis'):
        res_log2 = int(math.log2(kw.get('resolution', 1024)))
        return [T(np.zeros((1, 2 * res_log2 - 2, kw.get('dlatent_size', 512))))]
    if func_name in ('G_style', 'G_main', 'G_mapping'):
        return [T(np.zeros((1, kw.get('latent_size', 512)))), T(np.zeros((1, kw.get('label_size', 0))))]
    if func_name.startswith('D_'):
        r = kw.get('resolution', 32)
        return [T(np.zeros((1, kw.get('num_channels', 1), r, r))), T(np.zeros((1, kw.get('label_size', 0))))]
    raise NotImplementedError(func_name)


class Network:
    """tflib.Network's contract as G_style uses it: the template build with
    is_template_graph=True (creating variables), input_shape, get_output_for, find_var."""

    def __init__(self, name, func_name, **static_kwargs):
        self.name, self.scope, self.func = name, name, func_name
        self.static_kwargs, self.components = dict(static_kwargs), EasyDict()
        inputs = _template_inputs(func_name.__name__, static_kwargs)
        with _absolute_scope([self.scope]):
            self.template_output = func_name(*inputs, is_template_graph=True, components=self.components, **static_kwargs)
        self.input_shape = getattr(inputs[0], 'declared_shape', [None] + list(inputs[0].v.shape[1:]))

    def get_output_for(self, *inputs, **dynamic_kwargs):
        kw = dict(self.static_kwargs, **dynamic_kwargs)
        kw.update(is_template_graph=False, components=self.components)
        with _absolute_scope([self.scope]):
            return self.func(*[i if isinstance(i, T) else T(i) for i in inputs], **kw)

    @property
    def vars(self):
        return {n: self.find_var(n) for n in _State.order.get(self.scope, [])}

    def find_var(self, name):
        return T(_State.store[f'{self.scope}/{name}'], key=f'{self.scope}/{name}')


def install(store):
    """Registers the stand-in modules and fills the variable store."""
    _State.store, _State.order = dict(store), {}
    sys.modules['tensorflow'] = make_tf_module()
    dnnlib = types.ModuleType('dnnlib')
    dnnlib.EasyDict = EasyDict
    tflib = types.ModuleType('dnnlib.tflib')
    tflib.Network = Network
    tflib.is_tf_expression = lambda x: isinstance(x, T)
    tflib.lerp = lambda a, b, t: a + (b - a) * t
    tflib.lerp_clip = lambda a, b, t: a + (b - a) * T(np.clip(_v(t), 0.0, 1.0))
    dnnlib.tflib = tflib
    sys.modules['dnnlib'], sys.modules['dnnlib.tflib'] = dnnlib, tflib
    return _State
