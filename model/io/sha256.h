// SHA-256 of files, for recipes that pin the exact weights they were made with.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string>

namespace stylemix {

std::string sha256Hex(const std::uint8_t* data, std::size_t size);
// Throws naming the file. With `abandon`, stops (returning "") once it is set.
std::string sha256File(const std::string& path, const std::atomic<bool>* abandon = nullptr);

}  // namespace stylemix
