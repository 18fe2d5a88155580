#include "model/io/animation_recipe.h"

#include "model/io/animation_formats.h"
#include "model/io/message_text.h"
#include "model/io/read_ahead.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <optional>
#include <stdexcept>

namespace stylemix {
namespace {

constexpr std::uint8_t kGifCommentLabel = 0xFE;

std::uint32_t le32(const std::uint8_t* p) {
    return static_cast<std::uint32_t>(p[0]) | static_cast<std::uint32_t>(p[1]) << 8 | static_cast<std::uint32_t>(p[2]) << 16 |
           static_cast<std::uint32_t>(p[3]) << 24;
}

// Reads `file` forward from an offset up to `end` (through a read-ahead window: millions of
// tiny chunks or sub-blocks took minutes at a system call each). Every failure names the
// file and what it was reading.
class Cursor {
public:
    Cursor(CheckedFile& file, std::uint64_t at, std::uint64_t end) : in_(file), at_(at), end_(end) {}

    [[noreturn]] void fail(const std::string& what) const { throw std::runtime_error(displayPath(in_.file().path()) + ": " + what); }
    std::uint64_t at() const { return at_; }
    std::uint64_t left() const { return end_ - std::min(at_, end_); }

    void read(void* out, std::size_t n, const char* what) {
        need(n, what);
        in_.readAt(out, n, at_);
        at_ += n;
    }
    std::uint8_t byte(const char* what) {
        std::uint8_t b = 0;
        read(&b, 1, what);
        return b;
    }
    void skip(std::uint64_t n, const char* what) {
        need(n, what);
        at_ += n;
    }

private:
    void need(std::uint64_t n, const char* what) const {
        if (n > left())
            fail("is cut short: it ends at byte " + std::to_string(end_) + ", inside " + what + " (" + std::to_string(n) +
                 (n == 1 ? " byte" : " bytes") + " from byte " + std::to_string(at_) + ")");
    }

    ReadAhead in_;
    std::uint64_t at_, end_;
};

void checkLength(const Cursor& c, std::uint64_t length, std::size_t max) {
    if (length > max)
        c.fail("holds a " + std::to_string(length) + "-byte recipe, more than the " + std::to_string(max) + " bytes allowed");
}

// A fourcc for a message: escaped (a hostile file may put control bytes there).
std::string fourcc(const std::uint8_t* p) { return quoteText(std::string(reinterpret_cast<const char*>(p), 4)); }

// RIFF chunks after the 12-byte header, each padded to an even size, up to the RIFF's own end
// (bytes after it are not part of the WebP: libwebp ignores them, so do we). Exactly one
// recipe chunk: two would leave the recipe ambiguous.
std::string webpRecipe(CheckedFile& file, std::size_t max) {
    std::uint8_t riff[8];
    file.readAt(riff, sizeof riff, 0);
    const std::uint64_t end = 8 + static_cast<std::uint64_t>(le32(riff + 4));
    Cursor c{file, 12, std::min<std::uint64_t>(end, file.size())};
    if (end > file.size())
        c.fail("is cut short: its RIFF header says " + std::to_string(end) + " bytes, the file has " + std::to_string(file.size()));
    std::uint64_t found_at = 0, found_size = 0;
    while (c.left() > 0) {
        std::uint8_t head[8];
        c.read(head, sizeof head, "a chunk header");
        const std::uint64_t size = le32(head + 4), at = c.at() - 8;
        if (size > c.left())
            c.fail("is damaged or cut short: its " + fourcc(head) + " chunk at byte " + std::to_string(at) + " claims " +
                   std::to_string(size) + " bytes, only " + std::to_string(c.left()) + " follow");
        if (std::memcmp(head, kWebpRecipeChunk, 4) == 0) {
            if (found_at)
                c.fail("holds two StyleMix recipes ('" + std::string(kWebpRecipeChunk) + "' chunks at bytes " +
                       std::to_string(found_at) + " and " + std::to_string(at) + ")");
            checkLength(c, size, max);
            found_at = at;
            found_size = size;
        }
        c.skip(std::min<std::uint64_t>(size + (size & 1), c.left()), "a chunk");   // the last chunk's pad may be missing
    }
    if (!found_at) c.fail("holds no StyleMix recipe (no '" + std::string(kWebpRecipeChunk) + "' chunk)");
    std::string text(static_cast<std::size_t>(found_size), '\0');
    file.readAt(text.data(), text.size(), found_at + 8);
    return text;
}

// Sub-blocks (a length byte, then that many bytes) up to the empty one; kept when `out` is given.
void gifSubBlocks(Cursor& c, std::string* out, std::size_t max) {
    for (std::uint8_t n = c.byte("a sub-block's length"); n != 0; n = c.byte("a sub-block's length")) {
        if (!out) {
            c.skip(n, "an extension's sub-block");
            continue;
        }
        if (out->size() + n > max) c.fail("holds a recipe comment longer than the " + std::to_string(max) + " bytes allowed");
        const std::size_t old = out->size();
        out->resize(old + n);
        c.read(out->data() + old, n, "the recipe comment");
    }
}

// The one comment extension before the first image (a second would leave the recipe ambiguous).
std::string gifRecipe(CheckedFile& file, std::size_t max) {
    Cursor c{file, 10, file.size()};
    const std::uint8_t packed = c.byte("the screen descriptor");
    c.skip(2 + ((packed & 0x80) ? 3u << ((packed & 7) + 1) : 0), "the global colour table");   // background, aspect, table
    std::optional<std::string> text;
    for (;;) {
        const std::uint8_t introducer = c.byte("a block introducer");
        if (introducer != 0x21) break;   // an image (0x2C), the trailer (0x3B) or damage: no recipe ahead
        const std::uint8_t label = c.byte("an extension label");
        if (label != kGifCommentLabel) {
            gifSubBlocks(c, nullptr, max);
            continue;
        }
        if (text) c.fail("holds two comments before its first frame: which one is the StyleMix recipe is ambiguous");
        text.emplace();
        gifSubBlocks(c, &*text, max);
    }
    if (!text) c.fail("holds no StyleMix recipe (no comment before its first frame)");
    return std::move(*text);
}

bool isGif(const std::uint8_t* head) { return std::memcmp(head, "GIF87a", 6) == 0 || std::memcmp(head, "GIF89a", 6) == 0; }

bool endsWith(const std::string& text, const std::string& suffix) {
    if (text.size() < suffix.size()) return false;
    return std::equal(suffix.begin(), suffix.end(), text.end() - static_cast<std::ptrdiff_t>(suffix.size()),
                      [](char a, char b) { return a == std::tolower(static_cast<unsigned char>(b)); });
}

}  // namespace

bool startsWithAnimationSignature(CheckedFile& file) {
    std::uint8_t head[12] = {};
    const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(sizeof head, file.size()));
    file.readAt(head, n, 0);
    const bool webp = n == sizeof head && std::memcmp(head, "RIFF", 4) == 0 && std::memcmp(head + 8, "WEBP", 4) == 0;
    return webp || (n >= 6 && isGif(head));   // a GIF cut inside its header is still one, refused as cut short
}

std::optional<std::string> readAnimationRecipe(CheckedFile& file, std::size_t max_text_bytes) {
    if (!startsWithAnimationSignature(file)) return std::nullopt;
    std::uint8_t head[6];
    file.readAt(head, sizeof head, 0);
    return isGif(head) ? gifRecipe(file, max_text_bytes) : webpRecipe(file, max_text_bytes);
}

void refuseMisnamedAnimation(CheckedFile& file) {
    const bool webp = endsWith(file.path(), ".webp"), gif = endsWith(file.path(), ".gif");
    if (!webp && !gif) return;
    const std::string what = webp ? "a WebP (one starts with 'RIFF', its size, 'WEBP')" : "a GIF (one starts with 'GIF89a' or 'GIF87a')";
    throw std::runtime_error(displayPath(file.path()) + ": is not " + what + (file.size() == 0 ? ": the file is empty" : ""));
}

}  // namespace stylemix
