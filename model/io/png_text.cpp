#include "model/io/png_text.h"

#include "model/io/message_text.h"
#include "model/io/read_ahead.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <stdexcept>
#include <vector>

namespace stylemix {

namespace {

constexpr std::uint8_t kSignature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
constexpr std::size_t kBlock = 64 * 1024;   // chunks that are not read are streamed through the CRC in blocks

constexpr std::array<std::uint32_t, 256> makeCrcTable() {
    std::array<std::uint32_t, 256> table{};
    for (std::uint32_t n = 0; n < 256; ++n) {
        std::uint32_t c = n;
        for (int k = 0; k < 8; ++k) c = (c & 1u) ? (0xedb88320u ^ (c >> 1)) : (c >> 1);
        table[n] = c;
    }
    return table;
}
constexpr std::array<std::uint32_t, 256> kCrcTable = makeCrcTable();

std::uint32_t bigEndian32(const std::uint8_t* p) {
    return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | p[3];
}

// Walks the chunks of one file (through a read-ahead window: millions of empty chunks took
// minutes at three system calls each); `where` names it in messages.
class ChunkReader {
public:
    explicit ChunkReader(CheckedFile& file) : file_(file), in_(file), where_("PNG '" + displayPath(file.path()) + "'") {}

    [[noreturn]] void fail(const std::string& what) const { throw std::runtime_error(where_ + ": " + what); }

    // The next chunk's length and type, checked to fit in the file.
    void next(std::uint32_t& length, std::string& type) {
        if (file_.size() - offset_ < 12) fail("is truncated: expected a chunk at byte " + std::to_string(offset_));
        std::uint8_t head[8];
        in_.readAt(head, 8, offset_);
        length = bigEndian32(head);
        type.assign(reinterpret_cast<const char*>(head + 4), 4);
        if (length > 0x7fffffffu || file_.size() - offset_ - 12 < length)
            fail("chunk " + quoteText(type) + " at byte " + std::to_string(offset_) + " claims " + std::to_string(length) +
                 " data bytes, but only " + std::to_string(file_.size() - offset_ - 12) + " remain");
    }
    // The current chunk's data (checked against its CRC), then on to the next chunk.
    std::vector<std::uint8_t> take(std::uint32_t length) {
        std::vector<std::uint8_t> data(length);
        in_.readAt(data.data(), length, offset_ + 8);
        checkCrc(pngCrc32(data.data(), length, typeCrc()), length);
        offset_ += 12 + std::uint64_t{length};
        return data;
    }
    // Streams past the current chunk, checking its CRC.
    void skip(std::uint32_t length) {
        std::vector<std::uint8_t> block(std::min<std::size_t>(length, kBlock));
        std::uint32_t crc = typeCrc();
        for (std::uint32_t done = 0; done < length;) {
            const std::size_t n = std::min<std::size_t>(block.size(), length - done);
            in_.readAt(block.data(), n, offset_ + 8 + done);
            crc = pngCrc32(block.data(), n, crc);
            done += static_cast<std::uint32_t>(n);
        }
        checkCrc(crc, length);
        offset_ += 12 + std::uint64_t{length};
    }
    // The keyword of the current tEXt chunk (at most 79 bytes and a NUL), without reading its text.
    std::string peekKeyword(std::uint32_t length) {
        std::vector<std::uint8_t> head(std::min<std::uint32_t>(length, 80));
        in_.readAt(head.data(), head.size(), offset_ + 8);
        const auto nul = std::find(head.begin(), head.end(), std::uint8_t{0});
        return std::string(head.begin(), nul);
    }
    std::uint64_t offset() const { return offset_; }

private:
    std::uint32_t typeCrc() {
        std::uint8_t type[4];
        in_.readAt(type, 4, offset_ + 4);
        return pngCrc32(type, 4);
    }
    void checkCrc(std::uint32_t computed, std::uint32_t length) {
        std::uint8_t stored[4];
        in_.readAt(stored, 4, offset_ + 8 + length);
        if (bigEndian32(stored) != computed) fail("chunk at byte " + std::to_string(offset_) + " has a bad CRC");
    }

    CheckedFile& file_;
    ReadAhead in_;
    std::string where_;
    std::uint64_t offset_ = 8;
};

}  // namespace

std::uint32_t pngCrc32(const std::uint8_t* data, std::size_t size, std::uint32_t crc) {
    std::uint32_t c = crc ^ 0xffffffffu;
    for (std::size_t i = 0; i < size; ++i) c = kCrcTable[(c ^ data[i]) & 0xffu] ^ (c >> 8);
    return c ^ 0xffffffffu;
}

bool startsWithPngSignature(CheckedFile& file) {
    if (file.size() < sizeof kSignature) return false;
    std::uint8_t head[sizeof kSignature];
    file.readAt(head, sizeof head, 0);
    return std::memcmp(head, kSignature, sizeof head) == 0;
}

std::optional<std::string> readPngTextEntry(CheckedFile& file, const std::string& keyword, std::size_t max_text_bytes) {
    ChunkReader chunks(file);
    if (!startsWithPngSignature(file)) chunks.fail("is not a PNG: expected the 8-byte PNG signature");
    for (;;) {
        std::uint32_t length = 0;
        std::string type;
        chunks.next(length, type);
        if (type == "IEND") return std::nullopt;
        if (type != "tEXt") {
            chunks.skip(length);
            continue;
        }
        if (chunks.peekKeyword(length) != keyword) {
            chunks.skip(length);
            continue;
        }
        if (length <= keyword.size())
            chunks.fail("tEXt chunk at byte " + std::to_string(chunks.offset()) + " is malformed: expected keyword, NUL, text");
        if (length - keyword.size() - 1 > max_text_bytes)
            throw PngTextTooLarge(displayPath(file.path()) + ": the PNG's " + quoteText(keyword) + " entry is " +
                                  std::to_string(length - keyword.size() - 1) + " bytes, more than the " +
                                  std::to_string(max_text_bytes) + " bytes allowed");
        const std::vector<std::uint8_t> data = chunks.take(length);
        return std::string(data.begin() + static_cast<std::ptrdiff_t>(keyword.size()) + 1, data.end());
    }
}

}  // namespace stylemix
