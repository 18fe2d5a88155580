#include "model/io/message_text.h"

#include <cstdio>

namespace stylemix {

namespace {

// Values up to this long are quoted whole: clipping would save too little.
constexpr std::size_t kQuotedWhole = kQuotedBytes + 20;

void appendHex(std::string& out, unsigned char c) {
    char buf[5];
    std::snprintf(buf, sizeof buf, "\\x%02x", c);
    out += buf;
}

bool isContinuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// The first `n` bytes of `text`, moved back off a UTF-8 continuation byte.
std::string_view head(std::string_view text, std::size_t n) {
    if (n >= text.size()) return text;
    std::size_t cut = n;
    for (int i = 0; i < 3 && cut > 0 && isContinuation(text[cut]); ++i) --cut;
    return text.substr(0, cut);
}

// The last `n` bytes of `text`, moved forward off a UTF-8 continuation byte.
std::string_view tail(std::string_view text, std::size_t n) {
    if (n >= text.size()) return text;
    std::size_t start = text.size() - n;
    for (int i = 0; i < 3 && start < text.size() && isContinuation(text[start]); ++i) ++start;
    return text.substr(start);
}

}  // namespace

std::string escapeControlChars(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x20 || c == 0x7f) {
            appendHex(out, c);
        } else if (c == 0xc2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
                   static_cast<unsigned char>(text[i + 1]) <= 0x9f) {
            appendHex(out, static_cast<unsigned char>(text[++i]));   // a C1 control as UTF-8 (e.g. CSI U+009B)
        } else if (c >= 0x80 && c <= 0x9f && (i == 0 || static_cast<unsigned char>(text[i - 1]) < 0x80)) {
            appendHex(out, c);   // a lone C1 byte, which 8-bit terminals obey
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

std::string clipText(std::string_view text) {
    if (text.size() <= kQuotedWhole) return escapeControlChars(text);
    return escapeControlChars(head(text, kQuotedBytes)) + "... (" + std::to_string(text.size()) + " bytes)";
}

std::string quoteText(std::string_view text, char quote) {
    const std::string q(1, quote);
    if (text.size() <= kQuotedWhole) return q + escapeControlChars(text) + q;
    return q + escapeControlChars(head(text, kQuotedBytes)) + "..." + q + " (" + std::to_string(text.size()) + " bytes)";
}

std::string displayPath(std::string_view path) {
    if (path.size() <= kQuotedWhole) return escapeControlChars(path);
    return "..." + escapeControlChars(tail(path, kQuotedBytes)) + " (" + std::to_string(path.size()) + "-byte path)";
}

std::string boundedMessage(std::string_view text) {
    constexpr std::size_t kKept = kMaxMessageBytes / 2;
    if (text.size() <= kMaxMessageBytes) return escapeControlChars(text);
    return escapeControlChars(head(text, kKept)) + " ... [" + std::to_string(text.size() - 2 * kKept) +
           " bytes left out] ... " + escapeControlChars(tail(text, kKept));
}

namespace {

// The length of the valid UTF-8 character at `text[i]`, or 0 (overlong forms,
// surrogates and code points past U+10FFFF are invalid, as in JSON).
std::size_t utf8Length(std::string_view text, std::size_t i) {
    const auto b = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char c = b(i);
    if (c < 0x80) return 1;
    std::size_t n = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
    if (n == 0 || i + n > text.size()) return 0;
    for (std::size_t k = 1; k < n; ++k)
        if ((b(i + k) & 0xC0) != 0x80) return 0;
    const unsigned char d = b(i + 1);
    if ((c == 0xE0 && d < 0xA0) || (c == 0xED && d > 0x9F) || (c == 0xF0 && d < 0x90) || (c == 0xF4 && d > 0x8F)) return 0;
    return n;
}

int hexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

}  // namespace

bool isValidUtf8(std::string_view text) {
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t n = utf8Length(text, i);
        if (n == 0) return false;
        i += n;
    }
    return true;
}

std::string percentEncode(std::string_view bytes) {
    std::string out;
    for (const char ch : bytes) {
        const auto c = static_cast<unsigned char>(ch);
        if (c > 0x20 && c < 0x7f && c != '%') {
            out += ch;
        } else {
            char buf[4];
            std::snprintf(buf, sizeof buf, "%%%02X", c);
            out += buf;
        }
    }
    return out;
}

std::optional<std::string> percentDecode(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%') {
            out += text[i];
            continue;
        }
        if (i + 2 >= text.size()) return std::nullopt;   // "%" or "%A" at the end
        const int hi = hexValue(text[i + 1]), lo = hexValue(text[i + 2]);
        if (hi < 0 || lo < 0) return std::nullopt;
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
    }
    return out;
}

std::string replaceInvalidUtf8(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t n = utf8Length(text, i);
        if (n == 0) {
            out += "\xEF\xBF\xBD";   // U+FFFD
            ++i;
        } else {
            out.append(text.substr(i, n));
            i += n;
        }
    }
    return out;
}

}  // namespace stylemix
