// NumPy .npy arrays of floats, read and written without numpy: format
// versions 1.0, 2.0 and 3.0; float16, float32 and float64 in either byte order
// ('<', '>', and '=' or '|' for this machine's order), C or Fortran order;
// always float32 in C order after reading. Object, structured, integer and
// other dtypes, 0-d arrays, overflowing or oversized shapes and data that is
// not exactly the size the header declares are refused. Torch-free.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace stylemix {

// The most elements an array may hold (1 GiB of float32): far more than any W file, and a bound on what a
// hostile header can make a reader allocate.
constexpr std::uint64_t kMaxNpyElements = std::uint64_t{1} << 28;
// The longest header accepted (numpy's np.load refuses longer ones too).
constexpr std::size_t kMaxNpyHeaderBytes = 10000;
// The most bytes a .npy may hold: its prefix, header and kMaxNpyElements float64 values.
constexpr std::uint64_t kMaxNpyBytes = 12 + kMaxNpyHeaderBytes + kMaxNpyElements * 8;

// The magic bytes that start every .npy file.
constexpr char kNpyMagic[] = "\x93NUMPY";
constexpr std::size_t kNpyMagicBytes = 6;

struct NpyArray {                       // always float32, C order after reading
    std::vector<std::int64_t> shape;
    std::vector<float> values;
};

// Parses one .npy image held in memory; `name` names it in messages. Throws
// std::runtime_error "<name>: ..." saying what was found and what was expected.
NpyArray parseNpy(const std::uint8_t* data, std::size_t size, const std::string& name);

// A .npy (version 1.0, '<f4', C order) of `values` with `shape`, byte for byte
// as numpy.save writes it (header padded with spaces to a multiple of 64 bytes).
// Throws std::invalid_argument when the shape's element count is not values.size().
std::string serializeNpyFloat32(const std::vector<std::int64_t>& shape, const std::vector<float>& values);

// "93 4e 55 4d 50 59 01 00 ...": a file's first (up to 8) bytes, for messages about what it is not.
std::string leadingBytesHex(const std::uint8_t* data, std::size_t size);

}  // namespace stylemix
