#!/usr/bin/python3
"""Writes the W file fixtures of tests/test_w_file.cpp (tests/data/wfiles/), the hostile archives of
tests/test_hostile_w_files.cpp (tests/data/wfiles/hostile/) and the seeds of tests/fuzz/fuzz_npy.cpp
(tests/fuzz/corpus/npy/) with real numpy.

Every value is a multiple of 0.25 between -2 and 4.5, exact in float16, float32 and float64,
so the C++ test compares them exactly. Shapes are small: [2, 3, 4] ("N=2 ws of a model with
num_ws=3, w_dim=4"). The output is deterministic (numpy dates zip members 1980-01-01). Run with Debian's python (numpy):
    /usr/bin/python3 tests/wfiles/make_w_files.py
"""
import io
import pathlib
import struct
import sys
import warnings
import zipfile

import numpy as np

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "fuzz"))
from corpus_writer import write_seeds  # noqa: E402

OUT = pathlib.Path(__file__).resolve().parents[1] / "data" / "wfiles"
FUZZ = pathlib.Path(__file__).resolve().parents[1] / "fuzz" / "corpus" / "npy"   # fuzz_npy's seeds
HOSTILE = OUT / "hostile"   # archives for tests/test_hostile_w_files.cpp
EPOCH = (1980, 1, 1, 0, 0, 0)


def base():
    """float64 [2, 3, 4]: (i - 8) / 4 for flat index i."""
    return ((np.arange(24, dtype=np.float64) - 8) / 4).reshape(2, 3, 4)


def save(name, array, version=None):
    buf = io.BytesIO()
    np.lib.format.write_array(buf, array, version=version, allow_pickle=True)
    (OUT / name).write_bytes(buf.getvalue())


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    a = base()
    # Every float dtype in both byte orders, C and Fortran order.
    for code in ("f2", "f4", "f8"):
        for order, mark in (("le", "<"), ("be", ">")):
            typed = a.astype(mark + code)
            save("w_%s_%s.npy" % (code, order), typed)
            save("w_%s_%s_fortran.npy" % (code, order), np.asfortranarray(typed))
    save("w_f4_fortran_2d.npy", np.asfortranarray(a[0].astype("<f4")))   # [3, 4]
    save("w_f4_v2.npy", a.astype("<f4"), version=(2, 0))
    save("w_f4_v3.npy", a.astype("<f4"), version=(3, 0))
    save("w_one_w.npy", a[1].astype("<f4"))                              # [num_ws, w_dim] = [3, 4]
    save("w_broadcast.npy", a[0, 0].astype("<f4"))                       # [w_dim] = [4]
    save("w_empty_n.npy", np.zeros((0, 3, 4), dtype="<f4"))
    nan = a.astype("<f4")
    nan[1, 2, 3] = np.nan
    save("w_nan.npy", nan)
    inf = a.astype("<f4")
    inf[0, 1, 2] = -np.inf
    save("w_neg_inf.npy", inf)
    # Refused dtypes and shapes, as numpy writes them.
    save("bad_int32.npy", np.arange(4, dtype="<i4"))
    save("bad_object.npy", np.array([1, "a"], dtype=object))
    save("bad_structured.npy", np.zeros(2, dtype=[("x", "<f4"), ("y", "<f4")]))
    save("bad_scalar.npy", np.array(1.5, dtype="<f4"))
    save("bad_complex.npy", np.zeros(2, dtype="<c8"))
    # .npz archives: numpy.savez, savez_compressed, NVIDIA's projector (np.savez(path, w=...), [1, num_ws, w_dim]).
    np.savez(OUT / "savez.npz", w=a.astype("<f4"))
    np.savez_compressed(OUT / "savez_compressed.npz", w=a.astype("<f4"))
    np.savez(OUT / "projected_w.npz", w=a[1:].astype("<f4"))
    np.savez(OUT / "w_and_other.npz", other=np.ones(2, dtype="<f4"), w=a.astype("<f4"))
    np.savez(OUT / "only_arr_0.npz", a[0].astype("<f8"))
    np.savez(OUT / "two_no_w.npz", a=np.ones(2, dtype="<f4"), b=np.zeros(2, dtype="<f4"))
    with zipfile.ZipFile(OUT / "no_arrays.npz", "w") as z:
        z.writestr(zipfile.ZipInfo("readme.txt", date_time=(1980, 1, 1, 0, 0, 0)), "no arrays here\n")
    write_hostile(a.astype("<f4"))
    write_fuzz_seeds()
    print("wrote %d files to %s" % (len(list(OUT.iterdir())) + len(list(HOSTILE.iterdir())), OUT))


def zip_bytes(members, method=zipfile.ZIP_STORED):
    """A zip (no zip64) of (name, bytes) pairs, dated EPOCH; duplicates allowed."""
    buf = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")   # zipfile warns about duplicate names
        with zipfile.ZipFile(buf, "w", method) as z:
            for name, content in members:
                z.writestr(zipfile.ZipInfo(name, date_time=EPOCH), content, compress_type=method)
    return bytearray(buf.getvalue())


def patch_entry(data, local_offset=0, size=None, flags=None):
    """Sets the uncompressed size and/or general purpose flags of the first member, in its local header
    and its central directory entry alike (so that libzip's consistency checks pass)."""
    central = data.rfind(b"PK\x01\x02")
    if size is not None:
        struct.pack_into("<I", data, local_offset + 22, size)
        struct.pack_into("<I", data, central + 24, size)
    if flags is not None:
        struct.pack_into("<H", data, local_offset + 6, flags)
        struct.pack_into("<H", data, central + 8, flags)
    return bytes(data)


def write_hostile(w):
    HOSTILE.mkdir(parents=True, exist_ok=True)
    npy = io.BytesIO()
    np.lib.format.write_array(npy, w)
    npy = npy.getvalue()
    files = {
        "dup_members.npz": bytes(zip_bytes([("w.npy", npy), ("w.npy", npy)])),
        "path_dotdot.npz": bytes(zip_bytes([("../w.npy", npy)])),
        "path_absolute.npz": bytes(zip_bytes([("/tmp/w.npy", npy)])),
        "path_backslash.npz": bytes(zip_bytes([("dir\\w.npy", npy)])),
        # A deflated member whose headers declare 3e9 bytes: refused before inflating.
        "bomb_declared.npz": patch_entry(zip_bytes([("w.npy", npy)], zipfile.ZIP_DEFLATED), size=3_000_000_000),
        # 16 MiB of zeros (16 KiB deflated) whose headers declare 1000 bytes: inflating must stop there.
        "bomb_lying.npz": patch_entry(zip_bytes([("w.npy", bytes(16 << 20))], zipfile.ZIP_DEFLATED), size=1000),
        # The traditional PKWARE encryption flag (bit 0) on a plain member.
        "encrypted.npz": patch_entry(zip_bytes([("w.npy", npy)]), flags=1),
        # bzip2 compression (method 12), which numpy never writes.
        "bzip2.npz": bytes(zip_bytes([("w.npy", npy)], zipfile.ZIP_BZIP2)),
    }
    for name, content in files.items():
        (HOSTILE / name).write_bytes(content)


def write_fuzz_seeds():
    """Copies of the fixtures: valid_* must be read by readWFileBytes, bad_* refused."""
    def read(path):
        return (OUT / path).read_bytes()
    npy = read("w_f4_le.npy")
    seeds = {"valid_" + name: read(name) for name in (
        "w_f4_le.npy", "w_f2_be_fortran.npy", "w_f8_be.npy", "w_f4_v2.npy", "w_f4_v3.npy", "w_broadcast.npy",
        "w_nan.npy", "savez.npz", "savez_compressed.npz", "only_arr_0.npz", "w_and_other.npz")}
    seeds.update({name: read(name) for name in (
        "bad_object.npy", "bad_structured.npy", "bad_scalar.npy", "bad_int32.npy")})
    seeds.update({"bad_" + name: read("hostile/" + name) for name in (
        "dup_members.npz", "path_dotdot.npz", "encrypted.npz", "bomb_declared.npz", "bzip2.npz")})
    seeds["bad_two_no_w.npz"] = read("two_no_w.npz")
    seeds["bad_cut_zip.npz"] = read("savez.npz")[:200]
    seeds["bad_cut_data.npy"] = npy[:-1]
    seeds["bad_extra_bytes.npy"] = npy + b"\0"
    seeds["bad_empty"] = b""
    write_seeds(FUZZ, seeds, 4096)


if __name__ == "__main__":
    main()
