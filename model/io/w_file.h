// W files: latent ws saved by NumPy, as NVIDIA's projector writes them
// (projected_w.npz: one array `w`, float32 [N, num_ws, w_dim]) or as a plain
// .npy. Read without numpy or torch (npy_file.h, npz_archive.h) and written as
// the projector does. Torch-free.
//
// wArraysFor and writeWsNpz make and take WArrays (model/core/source.h), so
// they are defined in stylemix_core (model/core/w_arrays.cpp), not in
// stylemix_io, which never reaches up into model/core: callers of those two link
// stylemix_core and include model/core/source.h to use the arrays.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "model/io/npy_file.h"   // NpyArray, parseNpy

namespace stylemix {

struct WArray;                                    // model/core/source.h
using WArrayPtr = std::shared_ptr<const WArray>;  // the same alias as there

// The most bytes a W file may hold: one .npy of at most kMaxNpyElements float64 values, or an .npz around it.
constexpr std::uint64_t kMaxWFileBytes = kMaxNpyBytes + (std::uint64_t{1} << 20);

struct WFile {
    std::string path;        // as given
    std::string sha256;      // hex digest of the file's bytes
    std::string member;      // npz: the member read ("w" or the only array); empty for .npy
    NpyArray array;
};

// Reads a .npy or .npz (told apart by magic bytes, not the extension) through
// the checked opener (model/io/checked_file.h: size limits, refuses FIFOs,
// devices and directories). Throws std::runtime_error naming the file.
WFile readWFile(const std::string& path);
// The same, from memory (fuzzing, tests); `name` stands for the path.
WFile readWFileBytes(const std::string& bytes, const std::string& name);

// The ws for a model with num_ws x w_dim: shapes [w_dim] (the same w for every
// layer), [num_ws, w_dim] and [N, num_ws, w_dim] give 1, 1 and N arrays
// (makeWArray), named "face.npz" when the file holds one and "face.npz[i]" when
// it holds N > 1 (the file name without directories), each with its origin
// (WOrigin: the file's path and SHA-256, index i of N). Refuses non-finite values
// and wrong shapes with one line naming the file, the shape found and the shape
// expected. Throws std::invalid_argument for num_ws or w_dim < 1.
std::vector<WArrayPtr> wArraysFor(const WFile& file, int num_ws, int w_dim);

// Writes ws as NVIDIA's projector does: an .npz with one stored array `w`,
// float32 [N, num_ws, w_dim], little-endian, C order (numpy.load and NVIDIA's
// generate.py --projected-w read it). Atomic (model/io/atomic_file.h): nothing
// partial on failure, never replaces a special file. Throws std::invalid_argument
// for an empty list, a null array or arrays of different shapes, and
// std::runtime_error when writing fails.
void writeWsNpz(const std::string& path, const std::vector<WArrayPtr>& ws);

}  // namespace stylemix
