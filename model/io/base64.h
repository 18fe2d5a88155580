// Base64 (RFC 4648, with padding, no line breaks) through OpenSSL: recipes
// carry binary data (W arrays as float32 bytes) inside JSON text.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stylemix {

std::string base64Encode(const std::uint8_t* data, std::size_t size);
// nullopt for text that is not canonical padded base64 (wrong length, bad characters, misplaced '=').
std::optional<std::vector<std::uint8_t>> base64Decode(std::string_view text);

}  // namespace stylemix
