// SHA-256 of files, for recipes that pin the exact weights they were made with.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace stylemix {

std::string sha256Hex(const std::uint8_t* data, std::size_t size);
std::string sha256File(const std::string& path);   // throws naming the file

}  // namespace stylemix
