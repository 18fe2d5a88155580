"""Minimal .safetensors writer/reader (8-byte little-endian header length, JSON
header, raw little-endian data), for F32/F64/I64 tensors."""
import json
import struct

import numpy as np

_DTYPES = {np.dtype('<f4'): 'F32', np.dtype('<f8'): 'F64', np.dtype('<i8'): 'I64', np.dtype('u1'): 'U8'}
_NUMPY = {v: k for k, v in _DTYPES.items()}


def save(path, tensors, metadata=None):
    """tensors: {name: ndarray}; written in name order. metadata: {str: str}."""
    header, blobs, offset = {}, [], 0
    for name in sorted(tensors):
        a = np.ascontiguousarray(tensors[name])
        a = a.astype(a.dtype.newbyteorder('<'))
        dtype = _DTYPES[a.dtype]
        blob = a.tobytes()
        header[name] = {'dtype': dtype, 'shape': list(a.shape), 'data_offsets': [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    if metadata:
        header['__metadata__'] = {str(k): v if isinstance(v, str) else json.dumps(v) for k, v in metadata.items()}
    text = json.dumps(header, separators=(',', ':')).encode()
    text += b' ' * (-len(text) % 8)   # keep the data 8-byte aligned
    with open(path, 'wb') as f:
        f.write(struct.pack('<Q', len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)


def load(path):
    """({name: ndarray}, metadata)."""
    with open(path, 'rb') as f:
        data = f.read()
    (n,) = struct.unpack('<Q', data[:8])
    header = json.loads(data[8:8 + n])
    meta = header.pop('__metadata__', {})
    base = 8 + n
    out = {}
    for name, info in header.items():
        b, e = info['data_offsets']
        out[name] = np.frombuffer(data[base + b:base + e], dtype=_NUMPY[info['dtype']]).reshape(info['shape'])
    return out, meta
