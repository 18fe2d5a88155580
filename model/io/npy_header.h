// The header of a NumPy .npy file: the Python dict literal numpy writes
// ("{'descr': '<f4', 'fortran_order': False, 'shape': (18, 512), }"), read
// strictly, as numpy's own reader does: exactly the keys descr, fortran_order
// and shape, each once; descr a string, fortran_order True or False, shape a
// tuple of non-negative integers; nothing after the closing brace but
// whitespace. Torch-free.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace stylemix {

// Most dimensions a shape may list (numpy's own limit is 32 or 64).
constexpr std::size_t kMaxNpyDims = 32;

struct NpyHeader {
    std::string descr;                 // e.g. "<f4", as written
    bool fortran_order = false;
    std::vector<std::int64_t> shape;   // each >= 0
};

// Parses the dict text (without the magic and length prefix). Throws
// std::runtime_error "<name>: .npy header: ..." saying what was found and what
// was expected.
NpyHeader parseNpyHeaderDict(std::string_view text, const std::string& name);

// "[3, 18, 512]" (at most the first 8 dims, then the count).
std::string npyShapeText(const std::vector<std::int64_t>& shape);

}  // namespace stylemix
