#include "model/io/w_file.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>

#include "model/io/checked_file.h"
#include "model/io/message_text.h"
#include "model/io/npz_archive.h"
#include "model/io/sha256.h"

namespace stylemix {

namespace {

// Whether `data` starts with `magic`, or is all a start of it (a file cut inside its magic bytes).
bool startsWith(const std::uint8_t* data, std::size_t size, const char* magic, std::size_t magic_size) {
    return std::memcmp(data, magic, std::min(size, magic_size)) == 0;
}

// `source` is the name messages use (displayPath of the path).
WFile parseWFile(const std::uint8_t* data, std::size_t size, const std::string& path, const std::string& source) {
    WFile file;
    file.path = path;
    file.sha256 = sha256Hex(data, size);
    if (size == 0) throw std::runtime_error(source + ": the file is empty (expected a NumPy .npy or .npz W file)");
    if (startsWith(data, size, kNpyMagic, kNpyMagicBytes)) {
        file.array = parseNpy(data, size, source);
    } else if (startsWith(data, size, kZipMagic, 4) || startsWith(data, size, kEmptyZipMagic, 4)) {
        NpzMember member = readNpzArrayMember(data, size, source);
        file.member = member.key;
        file.array = parseNpy(member.bytes.data(), member.bytes.size(), source + " (member " + quoteText(member.file_name) + ")");
    } else {
        throw std::runtime_error(source + ": not a NumPy .npy or .npz file (expected the magic bytes \\x93NUMPY or PK\\x03\\x04; "
                                 "it starts with " + leadingBytesHex(data, size) + ")");
    }
    return file;
}

}  // namespace

WFile readWFile(const std::string& path) {
    // The opener refuses directories, FIFOs and devices, and bounds the size before reading.
    const std::vector<std::uint8_t> bytes = CheckedFile(path, FileKind::Array, kMaxWFileBytes).readAll();
    return parseWFile(bytes.data(), bytes.size(), path, displayPath(path));
}

WFile readWFileBytes(const std::string& bytes, const std::string& name) {
    return parseWFile(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size(), name, displayPath(name));
}

}  // namespace stylemix
