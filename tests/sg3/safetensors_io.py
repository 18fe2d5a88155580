"""Minimal safetensors writer/reader (numpy only): 8-byte little-endian header
length, JSON header (tensors sorted by name; optional __metadata__ whose
values are strings, non-strings given as JSON text; space-padded to a
multiple of 8), then the raw little-endian C-order data."""
import json
import struct

import numpy as np

_DTYPES = {np.dtype('<f4'): 'F32', np.dtype('<f8'): 'F64', np.dtype('u1'): 'U8', np.dtype('<i8'): 'I64'}
_NUMPY = {v: k for k, v in _DTYPES.items()}


def write(path, tensors, metadata=None):
    header = {}
    if metadata:
        header['__metadata__'] = {k: v if isinstance(v, str) else json.dumps(v) for k, v in metadata.items()}
    blobs, offset = [], 0
    for name in sorted(tensors):
        a = np.ascontiguousarray(tensors[name])
        a = a.astype(a.dtype.newbyteorder('<'), copy=False)
        if a.dtype not in _DTYPES:
            raise TypeError(f'{name}: unsupported dtype {a.dtype}')
        raw = a.tobytes()
        header[name] = {'dtype': _DTYPES[a.dtype], 'shape': list(a.shape), 'data_offsets': [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    text = json.dumps(header, separators=(',', ':')).encode()
    text += b' ' * (-len(text) % 8)
    with open(path, 'wb') as f:
        f.write(struct.pack('<Q', len(text)))
        f.write(text)
        for raw in blobs:
            f.write(raw)


def read(path):
    """Returns (tensors dict of numpy arrays, metadata dict)."""
    with open(path, 'rb') as f:
        data = f.read()
    (n,) = struct.unpack('<Q', data[:8])
    header = json.loads(data[8:8 + n])
    metadata = header.pop('__metadata__', {})
    base = 8 + n
    out = {}
    for name, e in header.items():
        lo, hi = e['data_offsets']
        out[name] = np.frombuffer(data[base + lo:base + hi], dtype=_NUMPY[e['dtype']]).reshape(e['shape'])
    return out, metadata
