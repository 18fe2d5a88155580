#!/usr/bin/env python3
"""Writes the safetensors seed corpus (tests/fuzz/corpus/safetensors/).

Small valid files in the reference library's layout plus one file per check
the reader makes, so the fuzzer starts next to every branch. Standard library
only; the output is deterministic. Run from anywhere:
    python3 tests/fuzz/make_safetensors_corpus.py
"""
import json
import pathlib
import sys
import struct

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from corpus_writer import write_seeds  # noqa: E402

OUT = pathlib.Path(__file__).resolve().parent / "corpus" / "safetensors"


def raw_file(header_text, data=b"", length=None, pad=True):
    header = header_text.encode("utf-8") if isinstance(header_text, str) else header_text
    if pad:  # like the reference library: spaces up to a multiple of 8
        header += b" " * (-len(header) % 8)
    n = len(header) if length is None else length
    return struct.pack("<Q", n) + header + data


def st_file(tensors, metadata=None, pad=True):
    """tensors: list of (name, dtype, shape, bytes), laid out in order."""
    header, data = {}, b""
    if metadata is not None:
        header["__metadata__"] = metadata
    for name, dtype, shape, payload in tensors:
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [len(data), len(data) + len(payload)]}
        data += payload
    return raw_file(json.dumps(header, separators=(",", ":")), data, pad=pad)


def f32(*values):
    return struct.pack("<%df" % len(values), *values)


def entry(dtype="F32", shape=(1,), offsets=(0, 4)):
    return {"dtype": dtype, "shape": list(shape), "data_offsets": list(offsets)}


KWARGS = json.dumps({"z_dim": 4, "w_dim": 4, "img_resolution": 8, "img_channels": 3,
                     "mapping_kwargs": {"num_layers": 2}})

SEEDS = {
    # Valid files.
    "valid_empty.safetensors": raw_file("{}"),
    "valid_one_f32.safetensors": st_file([("w", "F32", [2], f32(1.0, -2.0))]),
    "valid_unpadded.safetensors": st_file([("w", "F32", [1], f32(0.5))], pad=False),
    "valid_mixed_dtypes.safetensors": st_file(
        [("a.f32", "F32", [2, 2], f32(1, 2, 3, 4)),
         ("b.f16", "F16", [3], struct.pack("<3H", 0x3C00, 0x7BFF, 0x0001)),
         ("c.bf16", "BF16", [2], struct.pack("<2H", 0x3F80, 0x7FC0)),
         ("d.scalar", "F32", [], f32(0.25)),
         ("e.empty", "F32", [0, 3], b""),
         ("f.i64", "I64", [1], struct.pack("<q", -1)),
         ("g.bool", "BOOL", [2], b"\x00\x01")],
        metadata={"format": "stylegan2", "class_name": "training.networks_stylegan2.Generator",
                  "init_kwargs": KWARGS}),
    "valid_generator_like.safetensors": st_file(
        [("mapping.fc0.bias", "F32", [4], f32(0, 0, 0, 0)),
         ("mapping.fc0.weight", "F32", [4, 4], f32(*range(16))),
         ("synthesis.b4.const", "F32", [4, 2, 2], f32(*range(16))),
         ("synthesis.b4.conv1.noise_strength", "F32", [], f32(0.0))],
        metadata={"init_kwargs": KWARGS}),
    # One check each.
    "bad_truncated_prefix.safetensors": b"\x10\x00\x00\x00",
    "bad_header_past_eof.safetensors": raw_file("{}", length=4096, pad=False),
    "bad_header_huge.safetensors": raw_file("{}", length=1 << 40, pad=False),
    "bad_not_json.safetensors": raw_file('{"w": {"dtype": "F32",'),
    "bad_utf8.safetensors": raw_file(b'{"\xff\xfe": 1}'),
    "bad_header_array.safetensors": raw_file("[1, 2, 3]"),
    "bad_missing_dtype.safetensors": raw_file(json.dumps({"w": {"shape": [1], "data_offsets": [0, 4]}}), f32(1)),
    "bad_unknown_dtype.safetensors": raw_file(json.dumps({"w": entry(dtype="F8_E4M3")}), f32(1)),
    "bad_negative_shape.safetensors": raw_file(json.dumps({"w": entry(shape=(1, -1))}), f32(1)),
    "bad_shape_overflow.safetensors": raw_file(json.dumps({"w": entry(shape=(1 << 32, 1 << 32, 0), offsets=(0, 0))})),
    "bad_offsets_past_end.safetensors": raw_file(json.dumps({"w": entry(shape=(99,), dtype="U8", offsets=(0, 99))}), f32(1)),
    "bad_end_before_begin.safetensors": raw_file(json.dumps({"w": entry(offsets=(8, 4))}), f32(1, 2)),
    "bad_size_mismatch.safetensors": raw_file(json.dumps({"w": entry(shape=(2, 3), offsets=(0, 20))}), bytes(20)),
    "bad_overlap.safetensors": raw_file(json.dumps({"a": entry(shape=(2,), offsets=(0, 8)),
                                                    "b": entry(shape=(2,), offsets=(4, 12))}), bytes(12)),
    "bad_gap.safetensors": raw_file(json.dumps({"a": entry(offsets=(0, 4)), "b": entry(offsets=(8, 12))}), bytes(12)),
    "bad_trailing_bytes.safetensors": raw_file(json.dumps({"a": entry()}), bytes(8)),
    "bad_duplicate_key.safetensors": raw_file('{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},'
                                              '"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}', bytes(8)),
    "bad_metadata_not_string.safetensors": raw_file(json.dumps({"__metadata__": {"num_ws": 10}})),
    "bad_init_kwargs_json.safetensors": raw_file(json.dumps({"__metadata__": {"init_kwargs": '{"z_dim": 4,'}})),
    "bad_module_attributes_not_object.safetensors": raw_file(json.dumps({"__metadata__": {"module_attributes": "[1]"}})),
    "valid_module_attributes.safetensors": st_file([("a", "F32", [1], f32(1.0))],
                                                   {"module_attributes": '{"synthesis.L0_36_512": {"sampling_rate": 16.0}}'}),
    # Hostile inputs of issue 11 (tests/test_hostile_inputs.cpp makes full-size versions). The
    # hostile_* ones are valid containers whose contents the model loader refuses.
    "hostile_kwargs_num_layers_1e8.safetensors": st_file(
        [("mapping.fc0.bias", "F32", [4], f32(0, 0, 0, 0))],
        metadata={"init_kwargs": json.dumps({"z_dim": 4, "w_dim": 4, "img_resolution": 8, "img_channels": 3,
                                             "mapping_kwargs": {"num_layers": 100000000}})}),
    "hostile_escape_in_tensor_name.safetensors": st_file([("\x1b]0;pwned\x07\x1b[2J", "F32", [1], f32(1.0))]),
    "bad_many_tensors_duplicate.safetensors": raw_file(
        "{" + ",".join('"t%d":{"dtype":"U8","shape":[0],"data_offsets":[0,0]}' % i for i in range(60))
        + ',"t0":{"dtype":"U8","shape":[0],"data_offsets":[0,0]}}'),
    "bad_torch_zip.safetensors": b"PK\x03\x04" + bytes(22) + bytes([16, 0, 0, 0]) + b"archive/data.pkl" + bytes(64),
    # Issue 21 (round 3; tests/hostile_round3.h makes full-size versions): JSON nested past the
    # 64-level limit in the header and in the metadata's JSON texts, an over-long class name,
    # and valid containers the model loader refuses (a 500-dim shape, a StyleGAN3 geometry
    # needing 26 GiB for one image).
    "bad_header_deep_array.safetensors": raw_file('{"w":{"dtype":"F32","shape":' + "[" * 100 + "]" * 100
                                                  + ',"data_offsets":[0,0]}}'),
    "bad_header_deep_object.safetensors": raw_file('{"w":' + '{"a":' * 100 + "1" + "}" * 100 + "}"),
    "bad_init_kwargs_deep.safetensors": raw_file(json.dumps({"__metadata__": {
        "init_kwargs": '{"z_dim":' + "[" * 100 + "]" * 100 + "}"}})),
    "bad_module_attributes_deep.safetensors": raw_file(json.dumps({"__metadata__": {
        "module_attributes": "[" * 100 + "]" * 100}})),
    "bad_class_name_2kib.safetensors": raw_file(json.dumps({"__metadata__": {"class_name": "c" * 2048}})),
    "hostile_shape_500_dims.safetensors": st_file([("w", "F32", [1] * 500, f32(1.0))]),
    "hostile_sg3_geometry_26gib.safetensors": st_file([], metadata={
        "class_name": "training.networks_stylegan3.Generator",
        "init_kwargs": json.dumps({"z_dim": 4, "c_dim": 0, "w_dim": 4, "img_resolution": 8192, "img_channels": 1,
                                   "num_layers": 64, "channel_base": 1 << 30, "channel_max": 1, "margin_size": 1024,
                                   "filter_size": 64, "lrelu_upsampling": 8})}),
}


def main():
    write_seeds(OUT, SEEDS, 4096)


if __name__ == "__main__":
    main()
