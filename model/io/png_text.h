// One tEXt entry of a PNG, read chunk by chunk from an open file: memory stays
// at the entry's size limit however large the file (a 300 MB embedded
// "recipe" is refused by its length, never read). Every chunk passed on the
// way is checked against its CRC, as readPngText does. Torch-free.
#pragma once

#include "model/io/checked_file.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

namespace stylemix {

// Thrown when the entry asked for is longer than allowed (the PNG itself may be fine).
class PngTextTooLarge : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Does `file` start with the 8-byte PNG signature?
bool startsWithPngSignature(CheckedFile& file);

// The text of the first tEXt chunk whose keyword is `keyword`, or nullopt when
// the PNG has none. Throws std::runtime_error naming the file for a damaged PNG
// (bad signature, truncated chunk, CRC mismatch), and PngTextTooLarge when that
// entry's text is longer than `max_text_bytes` ("... holds a 300000000-byte
// '<keyword>' entry, more than the 4194304 bytes allowed").
std::optional<std::string> readPngTextEntry(CheckedFile& file, const std::string& keyword, std::size_t max_text_bytes);

// CRC-32 as PNG chunks use it (ISO-HDLC); pass the previous result to continue a running CRC.
std::uint32_t pngCrc32(const std::uint8_t* data, std::size_t size, std::uint32_t crc = 0);

}  // namespace stylemix
