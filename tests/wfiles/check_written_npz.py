#!/usr/bin/python3
"""Checks an .npz that StyleMix's writeWsNpz wrote, as numpy and NVIDIA's generate.py read it.

    /usr/bin/python3 tests/wfiles/check_written_npz.py PATH N NUM_WS W_DIM

The test writes ws whose value at flat index i is (i - 8) / 4. Prints "ok" and exits 0 when
numpy.load(PATH)["w"] is float32 [N, NUM_WS, W_DIM] with those values and the archive holds
only w.npy; otherwise prints what differs and exits 1.
"""
import sys
import zipfile

import numpy as np


def main():
    path = sys.argv[1]
    shape = tuple(int(v) for v in sys.argv[2:5])
    problems = []
    names = zipfile.ZipFile(path).namelist()
    if names != ["w.npy"]:
        problems.append("members %r, expected ['w.npy']" % names)
    with np.load(path) as npz:
        w = npz["w"]
    if w.dtype != np.dtype("<f4"):
        problems.append("dtype %s, expected <f4" % w.dtype.str)
    if w.shape != shape:
        problems.append("shape %r, expected %r" % (w.shape, shape))
    elif not np.array_equal(w, ((np.arange(w.size) - 8) / 4).reshape(shape).astype(np.float32)):
        problems.append("values differ")
    # What NVIDIA's generate.py --projected-w asserts (ws.shape[1:] == (G.num_ws, G.w_dim)).
    if w.ndim != 3 or w.shape[1:] != shape[1:]:
        problems.append("generate.py would refuse shape %r" % (w.shape,))
    print("; ".join(problems) if problems else "ok")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
