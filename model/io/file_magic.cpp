#include "model/io/file_magic.h"

#include <algorithm>
#include <cstring>

namespace stylemix {

namespace {

struct Magic {
    std::size_t offset;
    const char* bytes;
    std::size_t size;
    const char* what;   // completes "this is ..."
};

// Signatures from each format's specification; none can start a pickle (0x80) or a
// safetensors file whose JSON header begins at byte 8 (checked by the caller).
const Magic kMagics[] = {
    {0, "\x1f\x8b", 2, "a gzip file, not a model: decompress it first (gunzip)"},
    {0, "\xfd" "7zXZ\x00", 6, "an xz file, not a model: decompress it first (unxz)"},
    {0, "BZh", 3, "a bzip2 file, not a model: decompress it first (bunzip2)"},
    {0, "\x28\xb5\x2f\xfd", 4, "a zstd file, not a model: decompress it first (unzstd)"},
    {0, "7z\xbc\xaf\x27\x1c", 6, "a 7z archive, not a model: extract the model from it first"},
    {0, "Rar!\x1a\x07", 6, "a RAR archive, not a model: extract the model from it first"},
    {257, "ustar", 5, "a tar archive, not a model: extract the model from it first (tar -xf)"},
    {0, "\x89PNG\r\n\x1a\n", 8, "a PNG image, not a model (a StyleMix export re-renders with `stylemix render`)"},
    {0, "\xff\xd8\xff", 3, "a JPEG image, not a model"},
    {0, "\x89HDF\r\n\x1a\n", 8, "an HDF5 file (e.g. Keras .h5), not a model this program reads"},
    {0, "\x93NUMPY", 6, "a NumPy .npy array, not a model"},
    {0, "\x7f" "ELF", 4, "an executable (ELF), not a model"},
};

// Text (JSON, HTML from a failed download, a Git LFS pointer): the first bytes
// are all printable. A safetensors length prefix never is (it would exceed 2^56).
bool looksLikeText(const std::uint8_t* head, std::size_t size) {
    if (size < 8) return false;
    return std::all_of(head, head + 8, [](std::uint8_t c) { return (c >= 0x20 && c < 0x7f) || c == '\n' || c == '\r' || c == '\t'; });
}

std::string describeText(const std::uint8_t* head, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(head), size);
    if (text.rfind("version https://git-lfs", 0) == 0)
        return "a Git LFS pointer, not a model: fetch the real file (git lfs pull)";
    if (text.find("stylemix_recipe") != std::string::npos)
        return "a StyleMix recipe, not a model: re-render it with `stylemix render`";
    if (text.find("<html") != std::string::npos || text.find("<!DOCTYPE") != std::string::npos)
        return "an HTML page (a failed download?), not a model";
    return "a text file, not a model";
}

// A safetensors file: a plausible little-endian header length, then its JSON.
bool looksLikeSafetensors(const std::uint8_t* head, std::size_t size) {
    if (size < 9 || head[8] != '{') return false;
    std::uint64_t length = 0;
    for (int i = 7; i >= 0; --i) length = (length << 8) | head[i];
    return length < (1ull << 40);   // text in those bytes reads as more than 2^56
}

}  // namespace

std::string describeForeignFile(const std::uint8_t* head, std::size_t size) {
    if (looksLikeSafetensors(head, size)) return {};
    if (size >= 1 && head[0] == 0x80) return {};   // a pickle
    for (const Magic& m : kMagics)
        if (size >= m.offset + m.size && std::memcmp(head + m.offset, m.bytes, m.size) == 0) return m.what;
    if (looksLikeText(head, size)) return describeText(head, size);
    return {};
}

}  // namespace stylemix
