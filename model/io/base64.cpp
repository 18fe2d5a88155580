#include "model/io/base64.h"

#include <openssl/evp.h>

#include <climits>

namespace stylemix {
namespace {

bool isBase64Char(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
}

// Whether text is whole groups of four base64 characters, '=' only as the last one or two.
bool canonical(std::string_view text) {
    if (text.size() % 4 != 0) return false;
    std::size_t pad = 0;
    while (pad < 2 && pad < text.size() && text[text.size() - 1 - pad] == '=') ++pad;
    for (std::size_t i = 0; i + pad < text.size(); ++i)
        if (!isBase64Char(text[i])) return false;
    return true;
}

}  // namespace

std::string base64Encode(const std::uint8_t* data, std::size_t size) {
    std::string out;
    // EVP_EncodeBlock takes an int length: encode in chunks of whole 3-byte groups.
    constexpr std::size_t kChunk = 3u << 20;
    for (std::size_t done = 0; done < size; done += kChunk) {
        const std::size_t n = std::min(kChunk, size - done);
        std::string part(4 * ((n + 2) / 3) + 1, '\0');
        const int written = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(part.data()), data + done, static_cast<int>(n));
        part.resize(static_cast<std::size_t>(written));
        out += part;
    }
    return out;
}

std::optional<std::vector<std::uint8_t>> base64Decode(std::string_view text) {
    if (!canonical(text) || text.size() > static_cast<std::size_t>(INT_MAX)) return std::nullopt;
    std::vector<std::uint8_t> out(text.size() / 4 * 3);
    if (text.empty()) return out;
    const int n = EVP_DecodeBlock(out.data(), reinterpret_cast<const unsigned char*>(text.data()), static_cast<int>(text.size()));
    if (n < 0 || static_cast<std::size_t>(n) != out.size()) return std::nullopt;
    // EVP_DecodeBlock counts padding as zero bytes.
    std::size_t pad = 0;
    while (pad < 2 && text[text.size() - 1 - pad] == '=') ++pad;
    out.resize(out.size() - pad);
    return out;
}

}  // namespace stylemix
