#include "model/io/sha256.h"

#include "model/io/checked_file.h"

#include <openssl/evp.h>

#include <memory>
#include <stdexcept>
#include <vector>

namespace stylemix {
namespace {

// OpenSSL's SHA-256 (libcrypto: SHA-NI / AVX2 code paths where the CPU has them).
class Sha256 {
public:
    Sha256() : ctx_(EVP_MD_CTX_new(), &EVP_MD_CTX_free) {
        if (!ctx_ || EVP_DigestInit_ex(ctx_.get(), EVP_sha256(), nullptr) != 1)
            throw std::runtime_error("SHA-256: OpenSSL could not start a digest");
    }
    void update(const std::uint8_t* data, std::size_t size) {
        if (size > 0 && EVP_DigestUpdate(ctx_.get(), data, size) != 1)
            throw std::runtime_error("SHA-256: OpenSSL digest update failed");
    }
    std::string hex() {
        unsigned char digest[EVP_MAX_MD_SIZE];
        unsigned int length = 0;
        if (EVP_DigestFinal_ex(ctx_.get(), digest, &length) != 1 || length != 32)
            throw std::runtime_error("SHA-256: OpenSSL digest final failed");
        static const char* const kHex = "0123456789abcdef";
        std::string out;
        for (unsigned int i = 0; i < length; ++i) {
            out += kHex[digest[i] >> 4];
            out += kHex[digest[i] & 15];
        }
        return out;
    }

private:
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx_;
};

}  // namespace

std::string sha256Hex(const std::uint8_t* data, std::size_t size) {
    Sha256 s;
    s.update(data, size);
    return s.hex();
}

std::string sha256File(const std::string& path) { return sha256File(path, FileKind::Model, fileKindLimit(FileKind::Model)); }

std::string sha256File(const std::string& path, FileKind kind, std::uint64_t max_bytes) {
    CheckedFile file(path, kind, max_bytes);
    Sha256 s;
    std::vector<std::uint8_t> buf(1 << 20);
    while (const std::size_t n = file.readSome(buf.data(), buf.size())) s.update(buf.data(), n);
    return s.hex();
}

}  // namespace stylemix
