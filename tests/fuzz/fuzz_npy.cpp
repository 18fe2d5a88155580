// libFuzzer target for W files (model/io/w_file.h): every input goes to
// parseNpy (a bare .npy image) and to readWFileBytes (.npy or .npz, told apart
// by magic bytes; .npz through libzip). Any input may be refused with a
// std::exception; anything else (crash, sanitizer report, other exception) is a
// finding. Arrays that parse must hold as many values as their shape says, and
// an .npy must survive serialize -> parse unchanged.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <string>

#include "model/io/npy_file.h"
#include "model/io/w_file.h"

namespace {

void checkShape(const stylemix::NpyArray& array) {
    std::size_t count = 1;
    for (std::int64_t dim : array.shape) count *= static_cast<std::size_t>(dim);
    if (array.shape.empty() || count != array.values.size()) std::abort();
}

// Bit patterns compared, so NaNs compare equal to themselves.
bool sameBits(const stylemix::NpyArray& a, const stylemix::NpyArray& b) {
    if (a.shape != b.shape || a.values.size() != b.values.size()) return false;
    // An array with a zero dimension holds no values (and data() may be null, which memcmp must not get).
    return a.values.empty() || std::memcmp(a.values.data(), b.values.data(), a.values.size() * sizeof(float)) == 0;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        const stylemix::NpyArray array = stylemix::parseNpy(data, size, "fuzz.npy");
        checkShape(array);
        const std::string again = stylemix::serializeNpyFloat32(array.shape, array.values);
        if (!sameBits(array, stylemix::parseNpy(reinterpret_cast<const std::uint8_t*>(again.data()), again.size(), "again.npy")))
            std::abort();
    } catch (const std::exception&) {
    }
    try {
        checkShape(stylemix::readWFileBytes(std::string(reinterpret_cast<const char*>(data), size), "fuzz.npz").array);
    } catch (const std::exception&) {
    }
    return 0;
}
