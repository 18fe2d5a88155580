// SHA-256 of files, for recipes that pin the exact weights they were made with.
#pragma once

#include "model/io/checked_file.h"

#include <cstddef>
#include <cstdint>
#include <string>

namespace stylemix {

std::string sha256Hex(const std::uint8_t* data, std::size_t size);
std::string sha256File(const std::string& path);   // a weights file (the opener's model limit); throws naming the file
// Any checked file of `kind`, at most `max_bytes` (model/io/checked_file.h).
std::string sha256File(const std::string& path, FileKind kind, std::uint64_t max_bytes);

}  // namespace stylemix
