#include "model/core/text_escape.h"

#include <cstdio>

namespace stylemix {

namespace {

void appendHex(std::string& out, unsigned char c) {
    char buf[5];
    std::snprintf(buf, sizeof buf, "\\x%02x", c);
    out += buf;
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

}  // namespace stylemix
