"""Shared pieces of the `stylemix` module's tests (test_module_*.py): where the
module, the CLI and NVIDIA's reference outputs are, and torch-free, PIL-free
readers for safetensors and PNG files. No tests here.

Run by ctest (tests/python/CMakeLists.txt sets PYTHONPATH, STYLEMIX_CLI and
STYLEMIX_REFERENCE_DIR), or by hand from the repository root:
    PYTHONPATH=build/python /usr/bin/python3 -m pytest tests/python/test_module_*.py
Anything missing fails, naming it; nothing is skipped.
"""
import json
import os
import struct
import zlib

import numpy as np
import pytest

SOURCE_DIR = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
REFERENCE_DIR = os.path.join(os.environ.get("STYLEMIX_REFERENCE_DIR", os.path.join(SOURCE_DIR, "tests", "data", "reference")),
                             "avatars64")
MODEL_PATH = os.path.join(SOURCE_DIR, "assets", "avatars64.safetensors")
CLI_PATH = os.environ.get("STYLEMIX_CLI", os.path.join(SOURCE_DIR, "build", "app", "stylemix"))


def import_stylemix():
    try:
        import stylemix
    except ImportError as e:
        raise AssertionError(f"cannot import the stylemix module ({e}); build the target stylemix_python and run "
                             "with PYTHONPATH=build/python") from e
    return stylemix


def require_file(path, what):
    if not os.path.isfile(path):
        raise AssertionError(f"{what} is missing: {path}")
    return path


@pytest.fixture(scope="module")
def model():
    stylemix = import_stylemix()
    return stylemix.Model(require_file(MODEL_PATH, "the bundled model"), device="cpu")


@pytest.fixture(scope="module")
def cases():
    return read_safetensors(require_file(os.path.join(REFERENCE_DIR, "cases.safetensors"), "NVIDIA's reference cases"))


def read_safetensors(path):
    """{name: ndarray} of a safetensors file (little-endian F32/F64/U8/I64 only)."""
    dtypes = {"F32": "<f4", "F64": "<f8", "U8": "u1", "I64": "<i8", "I32": "<i4"}
    with open(path, "rb") as f:
        (n,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(n))
        data = f.read()
    out = {}
    for name, t in header.items():
        if name == "__metadata__":
            continue
        begin, end = t["data_offsets"]
        out[name] = np.frombuffer(data[begin:end], dtype=dtypes[t["dtype"]]).reshape(t["shape"])
    return out


def read_png(path):
    """uint8 [H, W, C] of an 8-bit, non-interlaced grey / RGB / RGBA PNG."""
    with open(require_file(path, "a PNG"), "rb") as f:
        data = f.read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path}: not a PNG"
    pos, idat = 8, []
    width = height = channels = None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            width, height, depth, color, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and interlace == 0 and color in (0, 2, 6), f"{path}: unsupported PNG format"
            channels = {0: 1, 2: 3, 6: 4}[color]
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
    raw = zlib.decompress(b"".join(idat))
    stride = width * channels
    out = np.zeros((height, stride), np.int32)
    prev = np.zeros(stride, np.int32)
    for y in range(height):
        start = y * (stride + 1)
        kind = raw[start]
        line = np.frombuffer(raw, np.uint8, stride, start + 1).astype(np.int32)
        if kind == 0:
            cur = line
        elif kind == 2:
            cur = (line + prev) & 255
        else:
            cur = line.copy()
            for i in range(stride):
                a = int(cur[i - channels]) if i >= channels else 0
                b = int(prev[i])
                c = int(prev[i - channels]) if i >= channels else 0
                if kind == 1:
                    pred = a
                elif kind == 3:
                    pred = (a + b) >> 1
                else:  # Paeth
                    p = a + b - c
                    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                    pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                cur[i] = (cur[i] + pred) & 255
        out[y] = cur
        prev = cur
    return out.astype(np.uint8).reshape(height, width, channels)


def to_uint8(nchw):
    """gen_images.py's conversion of float images [N, C, H, W] -> uint8 [N, H, W, C], in float32."""
    x = np.asarray(nchw, dtype=np.float32).transpose(0, 2, 3, 1)
    return np.clip(x * np.float32(127.5) + np.float32(128), 0, 255).astype(np.uint8)


def level_diff(a, b):
    """(max |a - b| in uint8 levels, how many values differ) of two equal-shaped uint8 arrays."""
    assert a.shape == b.shape, f"shapes differ: {a.shape} vs {b.shape}"
    d = np.abs(a.astype(np.int32) - b.astype(np.int32))
    return int(d.max()) if d.size else 0, int(np.count_nonzero(d))
