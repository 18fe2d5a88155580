#include "model/io/file_magic.h"

#include "model/io/checked_file.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <string_view>

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
    {0, "\xff\xd8\xff", 3, "a JPEG image, not a model"},
    {0, "\x89HDF\r\n\x1a\n", 8, "an HDF5 file (e.g. Keras .h5), not a model this program reads"},
    {0, "\x93NUMPY", 6, "a NumPy .npy array, not a model"},
    {0, "\x7f" "ELF", 4, "an executable (ELF), not a model"},
};

// The UTF-8 sequence at data[i]: its length, or 0 when it is not valid UTF-8.
// A sequence that runs past `end` counts as valid when `more_follows` (the window
// cut it, not the file).
std::size_t utf8Length(const std::uint8_t* data, std::size_t i, std::size_t end, bool more_follows) {
    const std::uint8_t c = data[i];
    const std::size_t length = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
    if (length == 0) return 0;
    for (std::size_t k = 1; k < length; ++k) {
        if (i + k >= end) return more_follows ? length : 0;
        if ((data[i + k] & 0xc0) != 0x80) return 0;
    }
    return length;
}

// Text (JSON, HTML from a failed download, a Git LFS pointer, a log): the first
// bytes are printable ASCII, whitespace, ESC (coloured logs) or valid UTF-8, and
// only NUL padding may follow them. A safetensors length prefix never is (its
// high bytes are 0, after a low byte that is rarely text; such a file is told by
// its '{' before this), nor a pickle (0x80).
bool looksLikeText(const std::uint8_t* data, std::size_t size) {
    const std::size_t window = std::min(size, kForeignMagicBytes);
    const std::size_t end = static_cast<std::size_t>(std::find(data, data + window, 0) - data);
    if (end == 0 || std::any_of(data + end, data + window, [](std::uint8_t c) { return c != 0; })) return false;
    for (std::size_t i = 0; i < end;) {
        const std::uint8_t c = data[i];
        if (c >= 0x80) {
            const std::size_t n = utf8Length(data, i, end, end == window && window < size);
            if (n == 0) return false;
            i += n;
            continue;
        }
        if ((c < 0x20 && !(c >= '\t' && c <= '\r') && c != 0x1b) || c == 0x7f) return false;
        ++i;
    }
    return true;
}

bool startsWith(const std::uint8_t* data, std::size_t size, std::string_view prefix) {
    return size >= prefix.size() && std::memcmp(data, prefix.data(), prefix.size()) == 0;
}

bool contains(const std::uint8_t* data, std::size_t size, std::string_view needle) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    return text.find(needle) != std::string_view::npos;
}

std::string lowerHead(const std::uint8_t* data, std::size_t size) {
    std::string head(reinterpret_cast<const char*>(data), std::min(size, kForeignMagicBytes));
    std::transform(head.begin(), head.end(), head.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return head;
}

std::string describeText(const std::uint8_t* data, std::size_t size) {
    std::size_t skip = startsWith(data, size, "\xef\xbb\xbf") ? 3 : 0;   // a UTF-8 byte order mark
    while (skip < size && std::isspace(data[skip])) ++skip;
    const std::uint8_t* body = data + skip;
    const std::size_t rest = size - skip;
    if (startsWith(body, rest, "version https://git-lfs"))
        return "a Git LFS pointer, not a model: fetch the real file (git lfs pull)";
    if (startsWith(body, rest, "{")) {
        // Keys are written sorted, so the marker may sit anywhere; a recipe is at most 4 MiB.
        if (contains(data, std::min<std::uint64_t>(size, fileKindLimit(FileKind::Recipe)), "\"stylemix_recipe\""))
            return "a StyleMix recipe (JSON), not a model: render it with `stylemix render` or drop it onto the explorer";
        return std::string("a JSON file, not a model (") + kExpectedModel + ")";
    }
    const std::string head = lowerHead(data, size);
    if (head.find("<html") != std::string::npos || head.find("<!doctype") != std::string::npos)
        return "an HTML page (a failed download?), not a model";
    return std::string("a text file, not a model (") + kExpectedModel + ")";
}

// A PNG: a StyleMix export when its recipe's text chunk ("stylemix-recipe\0...") is among the bytes.
std::string describePng(const std::uint8_t* data, std::size_t size) {
    if (contains(data, size, std::string_view("stylemix-recipe\0", 16)))
        return "a StyleMix export (a PNG carrying its recipe), not a model: render it again with `stylemix render` "
               "or drop it onto the explorer";
    return "a PNG image, not a model";
}

std::string hexBytes(const std::uint8_t* data, std::size_t size) {
    const char* digits = "0123456789abcdef";
    std::string out;
    for (std::size_t i = 0; i < size; ++i) {
        if (i) out += ' ';
        out += digits[data[i] >> 4];
        out += digits[data[i] & 15];
    }
    return out;
}

}  // namespace

const char* const kExpectedModel = "expected a .safetensors file or an NVIDIA .pkl";

bool looksLikeSafetensors(const std::uint8_t* data, std::size_t size) { return size >= 9 && data[8] == '{'; }

std::string describeForeignFile(const std::uint8_t* data, std::size_t size) {
    if (looksLikeSafetensors(data, size) && data[7] == 0) return {};   // a length under 2^56, then its JSON
    if (size >= 1 && data[0] == 0x80) return {};                        // a pickle
    if (startsWith(data, size, "\x89PNG\r\n\x1a\n")) return describePng(data, size);
    for (const Magic& m : kMagics)
        if (size >= m.offset + m.size && std::memcmp(data + m.offset, m.bytes, m.size) == 0) return m.what;
    if (startsWith(data, size, "\xff\xfe") || startsWith(data, size, "\xfe\xff"))
        return std::string("a text file (UTF-16), not a model (") + kExpectedModel + ")";
    if (looksLikeText(data, size)) return describeText(data, size);
    return {};
}

std::string describeUnknownFile(const std::uint8_t* data, std::size_t size) {
    return std::string("not a model file this program knows (") + kExpectedModel + "; it starts with bytes " +
           hexBytes(data, std::min<std::size_t>(size, 8)) + ")";
}

}  // namespace stylemix
