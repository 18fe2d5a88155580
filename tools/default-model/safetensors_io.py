"""Minimal safetensors reader/writer (the format: 8-byte little-endian header length, JSON header, raw data),
so the export needs no package beyond numpy (the safetensors package is absent on some of our machines).

write(path, {name: numpy array}, {key: str}) stores tensors in name order, little-endian, C order.
read_header(path) -> (metadata dict, {name: {"dtype", "shape", "data_offsets"}}).
read(path) -> (metadata dict, {name: numpy array}).
"""
import json
import struct

import numpy as np

DTYPES = {"F64": np.float64, "F32": np.float32, "F16": np.float16, "I64": np.int64, "I32": np.int32,
          "U8": np.uint8, "BOOL": np.bool_}
NAMES = {np.dtype(v).str: k for k, v in DTYPES.items()}


def write(path, tensors, metadata):
    header = {"__metadata__": {str(k): str(v) for k, v in metadata.items()}}
    blobs, offset = [], 0
    for name in sorted(tensors):
        array = np.asarray(tensors[name])  # not ascontiguousarray: that turns 0-d scalars into shape [1]
        array = np.array(array, dtype=array.dtype.newbyteorder("<"), order="C", copy=not array.flags.c_contiguous)
        blob = array.tobytes()
        header[name] = {"dtype": NAMES[array.dtype.str], "shape": list(array.shape),
                        "data_offsets": [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)  # data starts 8-byte aligned
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)


def read_header(path):
    with open(path, "rb") as f:
        (n,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(n))
    return header.pop("__metadata__", {}), header


def read(path):
    metadata, entries = read_header(path)
    with open(path, "rb") as f:
        (n,) = struct.unpack("<Q", f.read(8))
        data = f.read()[n:]
    tensors = {}
    for name, e in entries.items():
        begin, end = e["data_offsets"]
        tensors[name] = np.frombuffer(data[begin:end], DTYPES[e["dtype"]]).reshape(e["shape"])
    return metadata, tensors
