// What a file that is not a model is, from its first bytes, so a compressed
// or archived download named .pkl (or nothing) is named in plain words
// ("this is a gzip file, not a model: decompress it first") instead of by the
// parser that happened to read it ("opcode 0x1f: not a pickle"). Torch-free.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace stylemix {

// How many leading bytes describeForeignFile looks at (a tar header's magic sits at 257).
constexpr std::size_t kForeignMagicBytes = 512;

// "a gzip file, not a model: decompress it first (gunzip)" and the like, or ""
// when the bytes may be a model (a pickle, a safetensors header, a PyTorch zip)
// or are of no kind it knows.
std::string describeForeignFile(const std::uint8_t* head, std::size_t size);

}  // namespace stylemix
