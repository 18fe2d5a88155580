"""Dev-time: writes a reference folder's .npy files, each distinct array once.

    store = NpyStore(folder)          # removes the folder's old .npy files (a rerun leaves none stale)
    name = store.save('B__b4.conv1.npy', array)

save() writes the file unless an array saved earlier in this run has the same bytes (dtype,
shape and values), and returns the name of the file that holds the array: the JSON entry
that refers to it records that name, so identical arrays share one file.
"""
import glob
import io
import os

import numpy as np


class NpyStore:
    def __init__(self, folder):
        self.folder = folder
        self.names = {}   # .npy bytes -> file name
        os.makedirs(folder, exist_ok=True)
        for old in sorted(glob.glob(os.path.join(folder, '*.npy'))):
            os.remove(old)

    def save(self, name, array):
        buf = io.BytesIO()
        np.save(buf, np.ascontiguousarray(array))
        data = buf.getvalue()
        if data not in self.names:
            with open(os.path.join(self.folder, name), 'wb') as f:
                f.write(data)
            self.names[data] = name
        return self.names[data]
