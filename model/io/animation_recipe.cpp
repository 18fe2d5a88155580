#include "model/io/animation_recipe.h"

#include "model/io/animation_formats.h"
#include "model/io/message_text.h"

#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <vector>

namespace stylemix {
namespace {

constexpr std::uint8_t kGifCommentLabel = 0xFE;

std::uint32_t le32(const std::uint8_t* p) {
    return static_cast<std::uint32_t>(p[0]) | static_cast<std::uint32_t>(p[1]) << 8 | static_cast<std::uint32_t>(p[2]) << 16 |
           static_cast<std::uint32_t>(p[3]) << 24;
}

// Reads through `file` from an offset, failing with the file's name at its end.
struct Cursor {
    CheckedFile& file;
    std::uint64_t at = 0;
    [[noreturn]] void fail(const std::string& what) const {
        throw std::runtime_error(displayPath(file.path()) + ": " + what);
    }
    void read(void* out, std::size_t n) {
        if (at + n > file.size()) fail("is cut short (it ends inside a header at byte " + std::to_string(file.size()) + ")");
        file.readAt(out, n, at);
        at += n;
    }
    std::uint8_t byte() {
        std::uint8_t b = 0;
        read(&b, 1);
        return b;
    }
};

void checkLength(const Cursor& c, std::uint64_t length, std::size_t max) {
    if (length > max)
        c.fail("holds a " + std::to_string(length) + "-byte recipe, more than the " + std::to_string(max) + " bytes allowed");
}

// RIFF chunks after the 12-byte header, each padded to an even size.
std::string webpRecipe(CheckedFile& file, std::size_t max) {
    Cursor c{file, 12};
    while (c.at + 8 <= file.size()) {
        std::uint8_t head[8];
        c.read(head, sizeof head);
        const std::uint64_t size = le32(head + 4);
        if (std::memcmp(head, kWebpRecipeChunk, 4) == 0) {
            checkLength(c, size, max);
            std::string text(size, '\0');
            c.read(text.data(), text.size());
            return text;
        }
        c.at += size + (size & 1);
    }
    c.fail("holds no StyleMix recipe (no '" + std::string(kWebpRecipeChunk) + "' chunk)");
}

// Sub-blocks (a length byte, then that many bytes) up to the empty one; kept when `out` is given.
void gifSubBlocks(Cursor& c, std::string* out, std::size_t max) {
    for (std::uint8_t n = c.byte(); n != 0; n = c.byte()) {
        if (!out) {
            c.at += n;
            continue;
        }
        checkLength(c, out->size() + n, max);
        const std::size_t old = out->size();
        out->resize(old + n);
        c.read(out->data() + old, n);
    }
}

// The first comment extension before the first image.
std::string gifRecipe(CheckedFile& file, std::size_t max) {
    Cursor c{file, 10};
    const std::uint8_t packed = c.byte();
    c.at += 2 + ((packed & 0x80) ? 3u << ((packed & 7) + 1) : 0);   // background, aspect, global colour table
    for (;;) {
        const std::uint8_t introducer = c.byte();
        if (introducer != 0x21) break;   // an image (0x2C), the trailer (0x3B) or damage: no recipe ahead
        const std::uint8_t label = c.byte();
        if (label == kGifCommentLabel) {
            std::string text;
            gifSubBlocks(c, &text, max);
            return text;
        }
        gifSubBlocks(c, nullptr, max);
    }
    c.fail("holds no StyleMix recipe (no comment before its first frame)");
}

}  // namespace

bool startsWithAnimationSignature(CheckedFile& file) {
    std::uint8_t head[12] = {};
    if (file.size() < sizeof head) return false;
    file.readAt(head, sizeof head, 0);
    const bool webp = std::memcmp(head, "RIFF", 4) == 0 && std::memcmp(head + 8, "WEBP", 4) == 0;
    const bool gif = std::memcmp(head, "GIF87a", 6) == 0 || std::memcmp(head, "GIF89a", 6) == 0;
    return webp || gif;
}

std::optional<std::string> readAnimationRecipe(CheckedFile& file, std::size_t max_text_bytes) {
    if (!startsWithAnimationSignature(file)) return std::nullopt;
    std::uint8_t head[4];
    file.readAt(head, sizeof head, 0);
    return std::memcmp(head, "RIFF", 4) == 0 ? webpRecipe(file, max_text_bytes) : gifRecipe(file, max_text_bytes);
}

}  // namespace stylemix
