#include "model/io/image_io.h"

#include "model/io/atomic_file.h"
#include "model/io/checked_file.h"

#include <stb_image.h>
#include <stb_image_write.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <memory>
#include <stdexcept>

namespace stylemix {

namespace {

constexpr std::array<std::uint8_t, 8> kPngSignature = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
constexpr int kMaxDimension = 1 << 24;   // keeps every byte count well inside size_t and int strides

// CRC-32 (ISO-HDLC, reflected polynomial 0xEDB88320) as PNG chunks use it.
constexpr std::array<std::uint32_t, 256> makeCrcTable() {
    std::array<std::uint32_t, 256> table{};
    for (std::uint32_t n = 0; n < 256; ++n) {
        std::uint32_t c = n;
        for (int k = 0; k < 8; ++k) {
            c = (c & 1u) ? (0xedb88320u ^ (c >> 1)) : (c >> 1);
        }
        table[n] = c;
    }
    return table;
}
constexpr std::array<std::uint32_t, 256> kCrcTable = makeCrcTable();

std::uint32_t crc32(const std::uint8_t* data, std::size_t size) {
    std::uint32_t c = 0xffffffffu;
    for (std::size_t i = 0; i < size; ++i) {
        c = kCrcTable[(c ^ data[i]) & 0xffu] ^ (c >> 8);
    }
    return c ^ 0xffffffffu;
}

std::uint32_t readBigEndian32(const std::uint8_t* p) {
    return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | p[3];
}

void appendBigEndian32(std::vector<std::uint8_t>& out, std::uint32_t value) {
    out.push_back(static_cast<std::uint8_t>(value >> 24));
    out.push_back(static_cast<std::uint8_t>(value >> 16));
    out.push_back(static_cast<std::uint8_t>(value >> 8));
    out.push_back(static_cast<std::uint8_t>(value));
}

std::size_t byteCount(int width, int height, int channels) {
    return static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * static_cast<std::size_t>(channels);
}

std::string sizeText(const Image& image) {
    return std::to_string(image.width) + "x" + std::to_string(image.height) + "x" +
           std::to_string(image.channels);
}

void checkImage(const Image& image, const std::string& what) {
    if (image.width < 0 || image.height < 0 || image.width > kMaxDimension || image.height > kMaxDimension ||
        image.channels < 1 || image.channels > 4) {
        throw std::runtime_error(what + " has invalid size " + sizeText(image) +
                                 ": expected width and height 0.." + std::to_string(kMaxDimension) +
                                 " and 1..4 channels");
    }
    const std::size_t expected = byteCount(image.width, image.height, image.channels);
    if (image.pixels.size() != expected) {
        throw std::runtime_error(what + " (" + sizeText(image) + ") should hold " + std::to_string(expected) +
                                 " pixel bytes, found " + std::to_string(image.pixels.size()));
    }
}

std::string quoted(const std::string& text) {
    return "\"" + text + "\"";
}

// PNG spec 11.3.4.3: keyword of 1-79 Latin-1 printable bytes, single inner spaces only.
void checkKeyword(const std::string& keyword) {
    const std::string prefix = "PNG tEXt keyword " + quoted(keyword) + " is invalid: ";
    if (keyword.empty() || keyword.size() > 79) {
        throw std::runtime_error(prefix + "expected 1-79 characters, found " + std::to_string(keyword.size()));
    }
    for (std::size_t i = 0; i < keyword.size(); ++i) {
        const auto c = static_cast<unsigned char>(keyword[i]);
        if (!((c >= 32 && c <= 126) || c >= 161)) {
            char hex[8];
            std::snprintf(hex, sizeof hex, "0x%02X", c);
            throw std::runtime_error(prefix + "expected printable Latin-1 characters, found byte " + hex +
                                     " at position " + std::to_string(i));
        }
    }
    if (keyword.front() == ' ' || keyword.back() == ' ' || keyword.find("  ") != std::string::npos) {
        throw std::runtime_error(prefix + "expected no leading, trailing or consecutive spaces");
    }
}

std::vector<std::uint8_t> makeTextChunk(const std::string& keyword, const std::string& text) {
    checkKeyword(keyword);
    if (text.find('\0') != std::string::npos) {
        throw std::runtime_error("PNG tEXt text for keyword " + quoted(keyword) +
                                 " is invalid: expected no NUL bytes, found one at position " +
                                 std::to_string(text.find('\0')));
    }
    const std::size_t data_size = keyword.size() + 1 + text.size();
    if (data_size > 0x7fffffffu) {
        throw std::runtime_error("PNG tEXt text for keyword " + quoted(keyword) + " is too long: " +
                                 std::to_string(text.size()) + " bytes");
    }
    std::vector<std::uint8_t> chunk;
    chunk.reserve(12 + data_size);
    appendBigEndian32(chunk, static_cast<std::uint32_t>(data_size));
    for (char c : std::string("tEXt") + keyword) {
        chunk.push_back(static_cast<std::uint8_t>(c));
    }
    chunk.push_back(0);
    chunk.insert(chunk.end(), text.begin(), text.end());
    // The CRC covers the chunk type and data, not the length.
    appendBigEndian32(chunk, crc32(chunk.data() + 4, chunk.size() - 4));
    return chunk;
}

// Through the project's opener: a directory, FIFO or device is refused by name.
std::vector<std::uint8_t> readFileBytes(const std::string& path) { return readCheckedFile(path, FileKind::Image); }

void appendToVector(void* context, void* data, int size) {
    auto* out = static_cast<std::vector<std::uint8_t>*>(context);
    const auto* bytes = static_cast<const std::uint8_t*>(data);
    out->insert(out->end(), bytes, bytes + size);
}

}  // namespace

Image makeImage(int width, int height, int channels, std::uint8_t fill) {
    Image image;
    image.width = width;
    image.height = height;
    image.channels = channels;
    if (width < 0 || height < 0 || width > kMaxDimension || height > kMaxDimension || channels < 1 ||
        channels > 4) {
        checkImage(image, "makeImage");   // throws with the size in the message
    }
    image.pixels.assign(byteCount(width, height, channels), fill);
    return image;
}

void pasteImage(Image& dst, const Image& src, int x, int y) {
    checkImage(dst, "paste destination");
    checkImage(src, "paste source");
    if (dst.channels != src.channels) {
        throw std::runtime_error("cannot paste a " + std::to_string(src.channels) + "-channel image into a " +
                                 std::to_string(dst.channels) + "-channel image: channel counts must match");
    }
    // Clip in 64-bit so offsets near INT_MAX cannot overflow.
    const std::int64_t x0 = std::max<std::int64_t>(0, x);
    const std::int64_t y0 = std::max<std::int64_t>(0, y);
    const std::int64_t x1 = std::min<std::int64_t>(dst.width, std::int64_t{x} + src.width);
    const std::int64_t y1 = std::min<std::int64_t>(dst.height, std::int64_t{y} + src.height);
    if (x0 >= x1 || y0 >= y1) {
        return;
    }
    const std::size_t channels = static_cast<std::size_t>(dst.channels);
    const std::size_t row_bytes = static_cast<std::size_t>(x1 - x0) * channels;
    for (std::int64_t row = y0; row < y1; ++row) {
        const std::size_t dst_offset =
            (static_cast<std::size_t>(row) * static_cast<std::size_t>(dst.width) + static_cast<std::size_t>(x0)) *
            channels;
        const std::size_t src_offset = (static_cast<std::size_t>(row - y) * static_cast<std::size_t>(src.width) +
                                        static_cast<std::size_t>(x0 - x)) *
                                       channels;
        std::memcpy(dst.pixels.data() + dst_offset, src.pixels.data() + src_offset, row_bytes);
    }
}

std::vector<std::uint8_t> encodePng(const Image& image, const PngTextChunks& text_chunks) {
    checkImage(image, "PNG image");
    if (image.width == 0 || image.height == 0) {
        throw std::runtime_error("cannot encode a PNG of size " + sizeText(image) +
                                 ": expected width and height of at least 1");
    }
    if (image.pixels.size() > static_cast<std::size_t>(INT_MAX / 2)) {
        throw std::runtime_error("cannot encode a PNG of size " + sizeText(image) + ": too large for stb_image_write");
    }
    // Build the chunks first so invalid metadata fails before any encoding work.
    std::vector<std::uint8_t> text_bytes;
    for (const auto& [keyword, text] : text_chunks) {
        const std::vector<std::uint8_t> chunk = makeTextChunk(keyword, text);
        text_bytes.insert(text_bytes.end(), chunk.begin(), chunk.end());
    }

    std::vector<std::uint8_t> png;
    const int ok = stbi_write_png_to_func(appendToVector, &png, image.width, image.height, image.channels,
                                          image.pixels.data(), image.width * image.channels);
    if (ok == 0) {
        throw std::runtime_error("stb_image_write failed to encode a PNG of size " + sizeText(image));
    }
    // Signature (8) + IHDR chunk (4 length + 4 type + 13 data + 4 CRC).
    constexpr std::size_t kIhdrEnd = 8 + 4 + 4 + 13 + 4;
    if (png.size() < kIhdrEnd || !std::equal(kPngSignature.begin(), kPngSignature.end(), png.begin()) ||
        readBigEndian32(png.data() + 8) != 13 || std::memcmp(png.data() + 12, "IHDR", 4) != 0) {
        throw std::runtime_error("stb_image_write produced an unexpected PNG layout: expected the signature "
                                 "followed by a 13-byte IHDR chunk");
    }
    png.insert(png.begin() + kIhdrEnd, text_bytes.begin(), text_bytes.end());
    return png;
}

void writePng(const std::string& path, const Image& image, const PngTextChunks& text_chunks) {
    const std::vector<std::uint8_t> png = encodePng(image, text_chunks);
    writeFileAtomic(path, png.data(), png.size());
}

Image readPng(const std::string& path) {
    const std::vector<std::uint8_t> bytes = readFileBytes(path);
    if (bytes.size() > static_cast<std::size_t>(INT_MAX)) {
        throw std::runtime_error("cannot read PNG '" + path + "': file is larger than 2 GiB");
    }
    int width = 0;
    int height = 0;
    int channels = 0;
    const std::unique_ptr<stbi_uc, void (*)(void*)> data(
        stbi_load_from_memory(bytes.data(), static_cast<int>(bytes.size()), &width, &height, &channels, 0),
        stbi_image_free);
    if (!data) {
        const char* reason = stbi_failure_reason();
        throw std::runtime_error("cannot decode PNG '" + path + "': " + (reason ? reason : "unknown stb_image error"));
    }
    Image image;
    image.width = width;
    image.height = height;
    image.channels = channels;
    image.pixels.assign(data.get(), data.get() + byteCount(width, height, channels));
    return image;
}

std::map<std::string, std::string> readPngText(const std::string& path) {
    const std::vector<std::uint8_t> bytes = readFileBytes(path);
    const std::string where = "PNG '" + path + "'";
    if (bytes.size() < kPngSignature.size() ||
        !std::equal(kPngSignature.begin(), kPngSignature.end(), bytes.begin())) {
        throw std::runtime_error(where + " is not a PNG: expected the 8-byte PNG signature");
    }
    std::map<std::string, std::string> entries;
    std::size_t offset = kPngSignature.size();
    while (true) {
        if (bytes.size() - offset < 12) {
            throw std::runtime_error(where + " is truncated: expected a chunk at byte " + std::to_string(offset) +
                                     ", found " + std::to_string(bytes.size() - offset) + " bytes left");
        }
        const std::uint32_t length = readBigEndian32(bytes.data() + offset);
        const std::string type(reinterpret_cast<const char*>(bytes.data() + offset + 4), 4);
        if (length > 0x7fffffffu || bytes.size() - offset - 12 < length) {
            throw std::runtime_error(where + ": chunk '" + type + "' at byte " + std::to_string(offset) +
                                     " claims " + std::to_string(length) + " data bytes, but only " +
                                     std::to_string(bytes.size() - offset - 12) + " remain");
        }
        const std::uint8_t* data = bytes.data() + offset + 8;
        const std::uint32_t stored_crc = readBigEndian32(data + length);
        const std::uint32_t actual_crc = crc32(bytes.data() + offset + 4, 4 + std::size_t{length});
        if (stored_crc != actual_crc) {
            char text[64];
            std::snprintf(text, sizeof text, "stored 0x%08X, computed 0x%08X", stored_crc, actual_crc);
            throw std::runtime_error(where + ": chunk '" + type + "' at byte " + std::to_string(offset) +
                                     " has a bad CRC (" + text + ")");
        }
        if (type == "tEXt") {
            const auto* end = data + length;
            const auto* nul = std::find(data, end, std::uint8_t{0});
            if (nul == end || nul == data) {
                throw std::runtime_error(where + ": tEXt chunk at byte " + std::to_string(offset) +
                                         " is malformed: expected keyword, NUL, text");
            }
            entries.emplace(std::string(data, nul), std::string(nul + 1, end));   // first one wins
        } else if (type == "IEND") {
            return entries;
        }
        offset += 12 + std::size_t{length};
    }
}

}  // namespace stylemix
