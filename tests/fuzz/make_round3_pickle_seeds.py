#!/usr/bin/env python3
"""Writes the pickle seeds of issue 21 (round 3 of the hostile inputs) into
tests/fuzz/corpus/pickle/: kwargs that a network pickle reader must refuse
by their content, written opcode by opcode (standard library only, no torch;
the output is deterministic). tests/hostile_round3.h writes the full-size
versions the same way. Run from anywhere:
    python3 tests/fuzz/make_round3_pickle_seeds.py
"""
import pathlib
import sys
import struct

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from corpus_writer import write_seeds  # noqa: E402

OUT = pathlib.Path(__file__).resolve().parent / "corpus" / "pickle"


class Writer:
    """Just enough of pickle protocol 4."""

    def __init__(self):
        self.out = bytearray(b"\x80\x04")

    def op(self, code):
        self.out += code
        return self

    def str(self, text):
        data = text.encode("utf-8")
        self.out += b"X" + struct.pack("<I", len(data)) + data
        return self

    def real(self, value):
        self.out += b"G" + struct.pack(">d", value)
        return self

    def integer(self, value):
        self.out += b"J" + struct.pack("<i", value)
        return self

    def global_(self, module, name):
        return self.str(module).str(name).op(b"\x93")

    def finish(self):
        return bytes(self.out + b".")


def shared_key_dicts(w, key, levels):
    """{key: {key: ... {} ...}}, every key the same memoized string (memo 0)."""
    w.op(b"}(").str(key).op(b"\x94")
    for _ in range(levels - 1):
        w.op(b"}(").op(b"j" + struct.pack("<I", 0))
    w.op(b"}")
    for _ in range(levels):
        w.op(b"u")


def nested_dicts(w, levels):
    for _ in range(levels):
        w.op(b"}(").str("k")
    w.op(b"}")
    for _ in range(levels):
        w.op(b"u")


def one_float(key, value):
    return lambda w: w.op(b"}(").str(key).real(value).op(b"u")


def torch_pickle(write_kwargs):
    """{"G_ema": Generator} with empty modules and the given _init_kwargs."""
    w = Writer()
    w.op(b"}").str("G_ema").global_("torch_utils.persistence", "_reconstruct_persistent_obj")
    w.op(b"}(").str("type").str("class").str("module_src").str("").str("class_name").str("training.networks.Generator")
    w.str("state").op(b"}(").str("_parameters").op(b"}").str("_buffers").op(b"}").str("_modules").op(b"}")
    w.str("_init_kwargs")
    write_kwargs(w)
    w.op(b"uu\x85Rs")
    return w.finish()


def tf_pickle(write_kwargs):
    """(None, None, Gs) with the given static_kwargs."""
    w = Writer()
    w.op(b"NN").global_("dnnlib.tflib.network", "Network").op(b")\x81")
    w.op(b"}(").str("version").integer(4).str("name").str("Gs").str("build_func_name").str("G_style")
    w.str("static_kwargs")
    write_kwargs(w)
    w.str("components").op(b"}").str("variables").op(b"]").op(b"ub\x87")
    return w.finish()


SEEDS = {
    "bad_kwargs_shared_long_key.pkl": torch_pickle(lambda w: shared_key_dicts(w, "k" * 300, 31)),
    "bad_kwargs_200_dicts_deep.pkl": torch_pickle(lambda w: nested_dicts(w, 200)),
    "bad_kwargs_nan.pkl": torch_pickle(one_float("fmap_decay", float("nan"))),
    "bad_kwargs_inf.pkl": torch_pickle(one_float("lr_multiplier", float("-inf"))),
    "bad_tf_kwargs_nan.pkl": tf_pickle(one_float("fmap_decay", float("nan"))),
    "bad_tf_kwargs_inf.pkl": tf_pickle(one_float("mapping_lrmul", float("inf"))),
    "bad_tf_kwargs_shared_long_key.pkl": tf_pickle(lambda w: shared_key_dicts(w, "k" * 300, 31)),
}


def main():
    write_seeds(OUT, SEEDS, 4096)


if __name__ == "__main__":
    main()
