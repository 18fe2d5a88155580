// What a file that is not a model is, from its bytes, so a compressed or
// archived download, a text file or a recipe named .pkl (or nothing) is named
// in plain words ("this is a gzip file, not a model: decompress it first")
// instead of by the parser that happened to read it ("opcode 0x1f: not a
// pickle", "header length 7935391400498849128 exceeds the limit"). Torch-free.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace stylemix {

// How many leading bytes describeForeignFile needs (a tar header's magic sits at 257).
constexpr std::size_t kForeignMagicBytes = 512;

// What a model file is expected to be, for messages: "expected a .safetensors file or an NVIDIA .pkl".
extern const char* const kExpectedModel;

// "a gzip file, not a model: decompress it first (gunzip)", "a text file, not a
// model (expected ...)" and the like (completing "this is ..."), or "" when the
// bytes may be a model (a pickle, a safetensors header, a PyTorch zip) or are of
// no kind it knows. `data` is the file's first bytes (at least kForeignMagicBytes
// of them when it has that many) or all of it: given all, a recipe or StyleMix
// export whose marker sits past the first bytes is named as one too.
std::string describeForeignFile(const std::uint8_t* data, std::size_t size);

// Whether the bytes are shaped like safetensors: an 8-byte header length, then '{'.
bool looksLikeSafetensors(const std::uint8_t* data, std::size_t size);

// For a file of no kind it knows, that no name claims for a reader: "not a model
// file this program knows (expected ...; it starts with 4d 5a 90 00 ...)".
std::string describeUnknownFile(const std::uint8_t* data, std::size_t size);

}  // namespace stylemix
